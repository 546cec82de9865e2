import type { Provider, Type } from '@nestjs/common';
import { EVENT_HANDLER } from '@cadre/messaging';
import { RosterProjectionModule } from './roster-projection.module';
import { rosterProjectionTables } from './roster-projection.shape';

/** The event types the module's providers handle, as MessagingModule finds them at start. */
function handledTypes(providers: Provider[]): string[] {
  const types: string[] = [];
  for (const provider of providers) {
    if (typeof provider !== 'function') continue;
    const prototype = (provider as Type).prototype;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const type = Reflect.getMetadata(EVENT_HANDLER, prototype[method]);
      if (type) types.push(type);
    }
  }
  return types.sort();
}

describe('the roster projection of a service', () => {
  it('consumes the events of the tables the service keeps, and no others', () => {
    // A unit event in a service without a units table would fail, and be offered again, for ever.
    expect(handledTypes(RosterProjectionModule.forService({}).providers ?? [])).toEqual([
      'roster.cadre.created',
      'roster.cadre.transferred',
      'roster.cadre.updated',
    ]);
    expect(handledTypes(RosterProjectionModule.forService({ units: true }).providers ?? [])).toEqual([
      'roster.cadre.created',
      'roster.cadre.transferred',
      'roster.cadre.updated',
      'roster.unit.created',
      'roster.unit.updated',
    ]);
    expect(
      handledTypes(
        RosterProjectionModule.forService({ fields: true, units: true, teams: true, profile: true }).providers ?? [],
      ),
    ).toHaveLength(8);
  });

  it('lists the same tables for the replay', () => {
    expect(rosterProjectionTables({})).toEqual(['cadres']);
    expect(rosterProjectionTables({ units: true })).toEqual(['units', 'cadres']);
    expect(rosterProjectionTables({ fields: true, units: true, teams: true, profile: true })).toEqual([
      'fields',
      'units',
      'teams',
      'cadres',
    ]);
  });
});
