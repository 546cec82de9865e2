/**
 * Type-level tests of the typed events (EventMap, EventOf, @OnEvent): nothing runs, `tsc --noEmit`
 * (npm test's type check) fails if a line marked `@ts-expect-error` compiles, i.e. if a handler of
 * the wrong event, or of an event that does not exist, were accepted.
 */
import type { EntityManager } from 'typeorm';
import type { EventMap, EventOf } from '@cadre/contracts';
import { OnEvent } from './decorators';

export class TypedHandlers {
  @OnEvent('roster.cadre.created')
  cadre(event: EventOf<'roster.cadre.created'>, _m: EntityManager): number {
    return event.data.versionNo;
  }

  /** A helper's parameter may be the union of the events it serves. */
  @OnEvent('roster.unit.updated')
  unit(event: EventOf<'roster.unit.created' | 'roster.unit.updated'>, _m: EntityManager): string | null {
    return event.data.fieldId;
  }

  /** Both versions still in the stream: `version` tells which data it is. */
  @OnEvent('review.results.updated')
  results(event: EventOf<'review.results.updated'>, _m: EntityManager): boolean[] {
    if (event.version === 1) return event.data.results.map(() => false);
    return event.data.results.map((r) => r.suppressed);
  }

  // @ts-expect-error the decorator's type and the parameter's type disagree
  @OnEvent('roster.unit.created')
  wrongEvent(_event: EventOf<'roster.cadre.created'>, _m: EntityManager): void {}

  // @ts-expect-error the data of another event
  @OnEvent('checklists.task.overdue')
  wrongData(_event: { data: EventMap['appraisal.step.recorded'] }, _m: EntityManager): void {}

  // @ts-expect-error not an event type of the contracts
  @OnEvent('roster.cadre.deleted')
  unknownType(_event: EventOf<'roster.cadre.created'>, _m: EntityManager): void {}

  // @ts-expect-error the manager is the second parameter
  @OnEvent('roster.field.created')
  noManager(_m: EntityManager): void {}
}

export function readers(event: EventOf<'roster.cadre.transferred'>, v2: EventOf<'review.results.updated'>): unknown[] {
  return [
    event.data.from.unitId,
    // @ts-expect-error a cadre event has no `changed` unless it is roster.cadre.updated
    event.data.changed,
    // @ts-expect-error v1 results have no `suppressed`: read `version` first
    v2.data.results[0].suppressed,
    // @ts-expect-error an unknown event type has no EventOf
    null as unknown as EventOf<'roster.nothing'>,
  ];
}

export const published: EventMap['roster.unit.created'] = {
  id: 'u',
  code: 'c',
  name: 'n',
  // @ts-expect-error not a unit kind
  kind: 'village',
  fieldId: null,
};
