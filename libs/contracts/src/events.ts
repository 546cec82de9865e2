import type { AnalyticsEventPayloads } from './analytics.events';
import type { AppraisalEventPayloads } from './appraisal.events';
import type { ChecklistsEventPayloads } from './checklists.events';
import type { ReviewEventPayloads } from './review.events';
import type { RosterEventPayloads } from './roster.events';

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

/** Every event type and its payload. Add a service's map here when it publishes. */
export type EventPayloads = RosterEventPayloads &
  ChecklistsEventPayloads &
  AppraisalEventPayloads &
  ReviewEventPayloads &
  AnalyticsEventPayloads;
export type EventType = keyof EventPayloads;

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
