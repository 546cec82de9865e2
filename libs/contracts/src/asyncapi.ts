/**
 * The AsyncAPI 3.0.0 document of every domain event, built from EVENT_CATALOG. The gateway serves it
 * at `GET /api/asyncapi.json`. Pure: no I/O, same options → same document.
 */
import {
  EVENT_CATALOG,
  EVENT_PUBLISHERS,
  EVENT_PUBLISHER_DESCRIPTIONS,
  EVENT_TYPES,
  eventEnvelopeSchema,
  exampleEnvelope,
} from './event-catalog';
import type { EventPublisher, JsonSchema } from './event-catalog';
import { eventSubject } from './events';
import type { EventType } from './events';
import { streamName } from './namespace';

export interface AsyncApiOptions {
  /** Default: "Cadre appraisal platform — domain events". */
  title?: string;
  /** Version of the document (the platform's version). Default "1.0.0". */
  version?: string;
  /** NATS URL of the server to show, e.g. `nats://nats.example.org:4222`. Credentials in it are dropped. */
  serverUrl?: string;
  /** Namespace prefix of the subjects (`<ns>.`); empty in production. */
  subjectPrefix?: string;
}

export const ASYNCAPI_VERSION = '3.0.0';
export const DEFAULT_ASYNCAPI_SERVER_URL = 'nats://127.0.0.1:4222';

/** `roster.cadre.created` → `RosterCadreCreated`. */
export function eventTypeKey(type: string): string {
  return type
    .split(/[._]/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

export function buildAsyncApiDocument(options: AsyncApiOptions = {}): Record<string, unknown> {
  const prefix = options.subjectPrefix ?? '';
  const stream = streamName(prefix.replace(/\.$/, ''));
  const allSubjects = eventSubject(prefix, '>');

  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const type of EVENT_TYPES) {
    const spec = EVENT_CATALOG[type];
    const key = eventTypeKey(type);
    const subject = eventSubject(prefix, type);
    const tags = [publisherTag(spec.publisher)];
    const example = exampleEnvelope(type);

    messages[key] = {
      name: type,
      title: `${type} v${spec.version}`,
      summary: spec.summary,
      description: messageDescription(type),
      contentType: 'application/json',
      headers: headersSchema(),
      payload: eventEnvelopeSchema(type),
      tags,
      examples: [
        {
          name: `${key}Example`,
          summary: spec.summaryZh,
          headers: { 'Nats-Msg-Id': example.id },
          payload: example,
        },
      ],
    };

    channels[type] = {
      address: subject,
      title: type,
      summary: spec.summaryZh,
      description: `${spec.summary}\n\nSubject \`${subject}\` on the stream \`${stream}\`.`,
      messages: { [key]: { $ref: `#/components/messages/${key}` } },
      tags,
    };

    operations[`receive${key}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${type}` },
      title: `Receive ${type}`,
      summary: spec.summaryZh,
      description:
        `Consume \`${subject}\` with a durable pull consumer on \`${stream}\` (filter \`${subject}\`, ` +
        `or a wider one such as \`${allSubjects}\`). Dedupe by \`id\`; ack after the work commits.`,
      messages: [{ $ref: `#/channels/${type}/messages/${key}` }],
      tags,
    };
  }

  return {
    asyncapi: ASYNCAPI_VERSION,
    id: 'urn:cadre-appraisal-platform:events',
    info: {
      title: options.title ?? 'Cadre appraisal platform — domain events',
      version: options.version ?? '1.0.0',
      description: documentDescription(prefix, stream),
      tags: EVENT_PUBLISHERS.map(publisherTag),
    },
    servers: { nats: server(options.serverUrl ?? DEFAULT_ASYNCAPI_SERVER_URL) },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

function publisherTag(publisher: EventPublisher): { name: string; description: string } {
  const d = EVENT_PUBLISHER_DESCRIPTIONS[publisher];
  return { name: publisher, description: `Published by the ${publisher} service. ${d.en} ${d.zh}` };
}

function server(url: string): Record<string, unknown> {
  const first = url.split(',')[0].trim();
  let host: string;
  try {
    const parsed = new URL(first.includes('://') ? first : `nats://${first}`);
    host = parsed.host || first;
  } catch {
    host = first.replace(/^[a-z]+:\/\//i, '').replace(/^[^@]*@/, '');
  }
  return {
    host,
    protocol: 'nats',
    title: 'NATS with JetStream',
    description: 'The NATS server (or cluster) holding the JetStream stream of domain events.',
  };
}

function headersSchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      'Nats-Msg-Id': {
        type: 'string',
        format: 'uuid',
        description:
          'Equals the envelope `id`; JetStream drops a second publish with the same id within the duplicate window.',
      },
    },
    required: ['Nats-Msg-Id'],
  };
}

function messageDescription(type: EventType): string {
  const spec = EVENT_CATALOG[type];
  const lines = [
    `${spec.summaryZh}`,
    '',
    spec.summary,
    '',
    `- Publisher: \`${spec.publisher}\``,
    `- Payload version: ${spec.version} (the envelope's \`version\`)`,
    `- \`aggregateId\`: the ${spec.aggregate} (= \`data.${spec.aggregateKey}\`)`,
  ];
  return lines.join('\n');
}

function documentDescription(prefix: string, stream: string): string {
  const all = eventSubject(prefix, '>');
  return [
    '干部考核平台领域事件 — every domain event of the cadre appraisal platform.',
    '',
    '## Stream and subjects',
    '',
    `All events are stored on one JetStream stream, \`${stream}\`, with the subjects \`${all}\`. ` +
      `An event of type \`<type>\` is published on \`${eventSubject(prefix, '<type>')}\` ` +
      '(one channel per type below). The stream keeps every event (limits retention, no age limit), ' +
      'so a new consumer can replay it from the start to build its projection.',
    ...(prefix
      ? [
          '',
          `This document describes the namespace \`${prefix.replace(/\.$/, '')}\` (used by test runs); production subjects have no prefix.`,
        ]
      : []),
    '',
    '## Envelope',
    '',
    'Every message body is the JSON envelope `{ id, type, version, tenantId, occurredAt, actor, aggregateId, data }`: ' +
      '`id` is a UUID, `version` the version of the payload schema of the type (a breaking change adds a version, ' +
      'never edits one), `actor` is null when a job caused the event, and `data` is the payload of the type. ' +
      'Payload schemas are JSON Schema draft-07; readers must ignore properties they do not know.',
    '',
    '## Delivery',
    '',
    '- Publishers write the event in the same database transaction as the change (transactional outbox); a relay ' +
      'publishes it with the header `Nats-Msg-Id` = envelope `id`, so JetStream drops a republished copy within its duplicate window.',
    '- Subscribe with a **durable pull consumer** (explicit ack) on the stream, filtered to the subjects you need; ' +
      'replicas of one subscriber share the same durable.',
    '- Delivery is **at least once**: an event can arrive again (redelivery after a crash or an ack timeout, a republish ' +
      'after the duplicate window). Consumers must **dedupe by `id`** — record it in the same transaction as the work ' +
      '(an inbox table) and ack a duplicate without redoing the work.',
    '- **Ack only after the work has committed.** An unacked event is redelivered.',
    '- Events of one aggregate (`aggregateId`) are published in order; a consumer sees them in order only with a single ' +
      'consumer instance (and one message in flight). Payloads carry whole snapshots or revisions so that a projection ' +
      'can ignore a stale one.',
    '- Ballot events are anonymous: they never carry who voted.',
  ].join('\n');
}
