import type { AnalyticsEventPayloads, AnalyticsEventVersions } from './analytics.events';
import type { AppraisalEventPayloads, AppraisalEventVersions } from './appraisal.events';
import type { ChecklistsEventPayloads, ChecklistsEventVersions } from './checklists.events';
import type { ReviewEventPayloads, ReviewEventVersions } from './review.events';
import type { RosterEventPayloads, RosterEventVersions } from './roster.events';

/**
 * The envelope of every domain event (DESIGN.md "Messaging rules"). Published on `evt.<type>`;
 * `id` doubles as the JetStream `Nats-Msg-Id`, so a republished event is dropped by the server.
 */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  /** Version of the payload schema of this type; a breaking change adds a version, never edits one. */
  version: number;
  tenantId: string;
  occurredAt: string;
  actor: EventActor | null;
  aggregateId: string;
  data: EventPayloads[T];
}

export interface EventActor {
  userId: string;
  username?: string;
}

/**
 * Every event type and its payload (the current version's), from the publishers' catalogs in
 * `*.events.ts`. Add a service's map here when it publishes.
 */
export type EventPayloads = RosterEventPayloads &
  ChecklistsEventPayloads &
  AppraisalEventPayloads &
  ReviewEventPayloads &
  AnalyticsEventPayloads;
export type EventType = keyof EventPayloads;

/** Event type → data of its current version: what a publisher writes. */
export type EventMap = { [T in EventType]: EventPayloads[T] };

/** Event type → { version → data } over every version a consumer may still read (older stream history too). */
export type EventVersions = RosterEventVersions &
  ChecklistsEventVersions &
  AppraisalEventVersions &
  ReviewEventVersions &
  AnalyticsEventVersions;

/**
 * The event a handler of `T` receives: an envelope of one of the versions of `T` it may read,
 * `version` telling which (a single-version type has one). A union of types gives the union of
 * their events, e.g. for a helper shared by the handlers of several types.
 */
export type EventOf<T extends EventType> = T extends EventType
  ? {
      [V in keyof EventVersions[T] & number]: Omit<EventEnvelope<T>, 'version' | 'data'> & {
        version: V;
        data: EventVersions[T][V];
      };
    }[keyof EventVersions[T] & number]
  : never;

/**
 * Events about anonymous ballots: published with the day only (no actor, no request id), and the
 * publisher's outbox keeps no time of day about them (docs/anonymity.md).
 */
export const ANONYMOUS_EVENT_TYPES: readonly EventType[] = ['review.ballot.cast'];

export const EVENT_SUBJECT_ROOT = 'evt';

export function eventSubject(prefix: string, type: string): string {
  return `${prefix}${EVENT_SUBJECT_ROOT}.${type}`;
}

/** Header names carried on NATS messages (events and requests). */
export const HEADERS = {
  requestId: 'x-request-id',
  tenantId: 'x-tenant-id',
  userId: 'x-user-id',
  username: 'x-username',
  roles: 'x-roles',
  cadreId: 'x-cadre-id',
  unitId: 'x-unit-id',
  idempotencyKey: 'x-idempotency-key',
} as const;
