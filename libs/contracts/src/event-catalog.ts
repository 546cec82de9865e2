/**
 * The runtime catalog of every domain event: version, summaries, publisher, the payload schema and a
 * valid example. Each entry is declared beside its payload in the publisher's `*.events.ts` (TypeBox:
 * one declaration gives the TypeScript type, the JSON Schema and the consumers' runtime check); this
 * file only gathers them and derives the envelope. The AsyncAPI document (asyncapi.ts) is built from
 * this; the durable consumer (libs/messaging inbox) checks each event it applies against it.
 *
 * A breaking change adds a new version, never edits one; the versions still found in the stream's
 * history stay in the entry's `older`, so a replay reads them.
 */
import { Type } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import { ANALYTICS_EVENTS } from './analytics.events';
import { APPRAISAL_EVENTS } from './appraisal.events';
import { CHECKLISTS_EVENTS } from './checklists.events';
import type { EventEnvelope, EventPayloads, EventType } from './events';
import { ANONYMOUS_EVENT_TYPES } from './events';
import { REVIEW_EVENTS } from './review.events';
import { ROSTER_EVENTS } from './roster.events';
import { dateTime, name, nullable, uuid } from './schema';
import type { EventPublisher, EventSpec } from './schema';

export { EVENT_PUBLISHERS } from './schema';
export type { EventPublisher, EventSpec } from './schema';

export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** The subset of JSON Schema draft-07 the catalog's schemas use (a TypeBox schema is one). */
export interface JsonSchema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: JsonSchemaType | JsonSchemaType[];
  enum?: readonly unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  examples?: unknown[];
}

export const EVENT_PUBLISHER_DESCRIPTIONS: Record<EventPublisher, { en: string; zh: string }> = {
  roster: {
    en: 'Fields, units, leadership teams and cadres (roster history).',
    zh: '干部队伍动态数据库：领域、单位、领导班子、干部',
  },
  checklists: {
    en: 'Political files and gate verdicts, task lists, responsibility lists.',
    zh: '三张清单：政治清单、责任清单、任务清单',
  },
  appraisal: {
    en: 'Appraisal cycles, the four steps look/listen/ask/apply, wartime files.',
    zh: '定期考核（望闻问切）、随机考核与战时档案',
  },
  review: { en: 'Two-way review and democratic evaluation (anonymous ballots).', zh: '双向考核与民主测评（匿名投票）' },
  analytics: { en: 'Comparative appraisal: composite scores and rankings.', zh: '比对考核：综合得分与排名' },
};

export const EVENT_CATALOG = {
  ...ROSTER_EVENTS,
  ...CHECKLISTS_EVENTS,
  ...APPRAISAL_EVENTS,
  ...REVIEW_EVENTS,
  ...ANALYTICS_EVENTS,
};

export type EventCatalog = typeof EVENT_CATALOG;
/** The spec of some event type, seen without its payload's static type (for code that walks every type). */
export type AnyEventSpec = Omit<EventSpec, 'aggregateKey' | 'example'> & { aggregateKey: string; example: unknown };

export function eventSpec(type: EventType): AnyEventSpec {
  return EVENT_CATALOG[type];
}

/** Every event type, in catalog order. */
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, value);
}

/** The payload schemas a consumer accepts for a type, by version: the current one and the older ones. */
export function eventPayloadSchemas(type: EventType): ReadonlyMap<number, TSchema> {
  const spec = eventSpec(type);
  const older = Object.entries(spec.older ?? {}).map(([version, schema]) => [Number(version), schema] as const);
  return new Map([...older, [spec.version, spec.payload]]);
}

/** The payload schema of a type as a standalone draft-07 document (with `$schema`). */
export function eventPayloadSchema(type: EventType): JsonSchema {
  const spec = eventSpec(type);
  return { $schema: JSON_SCHEMA_DRAFT_07, title: `${type} v${spec.version}`, ...(spec.payload as JsonSchema) };
}

/** The envelope's `aggregateId` for a payload of this type (the payload's `aggregateKey` property). */
export function eventAggregateId<T extends EventType>(type: T, data: EventPayloads[T]): string {
  const payload: object = data;
  return String(Reflect.get(payload, eventSpec(type).aggregateKey));
}

const actorSchema = nullable(
  Type.Object({ userId: uuid('The user who caused the event.'), username: Type.Optional(name()) }),
  'Who caused the event; null when a job or the system did.',
);

/**
 * JSON Schema (draft-07) of the whole envelope of one event type, `data` being that type's payload:
 * `{ id, type, version, tenantId, occurredAt, actor, aggregateId, data }`.
 */
export function eventEnvelopeSchema(type: EventType): JsonSchema {
  const spec = eventSpec(type);
  return Type.Object(
    {
      id: uuid('Event id; also the Nats-Msg-Id header. Consumers dedupe by it.'),
      type: Type.Literal(type, { description: 'Event type; the subject is `evt.<type>`.' }),
      version: Type.Unsafe<number>({
        type: 'integer',
        const: spec.version,
        description: 'Version of the payload schema.',
      }),
      tenantId: uuid('The tenant (组织部) the event belongs to.'),
      occurredAt: dateTime('When the change happened (ISO 8601 with offset).'),
      actor: actorSchema,
      aggregateId: uuid(`Id of the aggregate: the ${spec.aggregate} (equals data.${spec.aggregateKey}).`),
      data: { ...spec.payload, description: spec.summary },
    },
    { description: `Envelope of ${type} v${spec.version}.` },
  ) as JsonSchema;
}

/** Ids used by example envelopes. */
export const EXAMPLE_TENANT_ID = 'e0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b';
const EXAMPLE_USER_ID = 'f1b2c3d4-e5f6-4a70-9b8c-0d1e2f3a4b5c';

/** A valid envelope around the catalog's example payload of a type. */
export function exampleEnvelope<T extends EventType>(type: T): EventEnvelope<T> {
  const spec = eventSpec(type);
  const index = EVENT_TYPES.indexOf(type) + 1;
  const bySystem =
    type === 'appraisal.cycle.opened' ||
    type === 'analytics.rankings.recomputed' ||
    type === 'analytics.team_rankings.recomputed';
  const anonymous = ANONYMOUS_EVENT_TYPES.includes(type);
  const data = spec.example as EventPayloads[T];
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    type,
    version: spec.version,
    tenantId: EXAMPLE_TENANT_ID,
    occurredAt: anonymous
      ? `${EVENT_CATALOG['review.ballot.cast'].example.day}T00:00:00Z`
      : '2025-07-01T10:15:30+08:00',
    actor: bySystem || anonymous ? null : { userId: EXAMPLE_USER_ID, username: 'officer' },
    aggregateId: eventAggregateId(type, data),
    data,
  };
}
