import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { buildAsyncApiDocument, eventTypeKey } from './asyncapi';
import {
  EVENT_CATALOG,
  EVENT_PUBLISHERS,
  EVENT_TYPES,
  eventAggregateId,
  eventEnvelopeSchema,
  eventPayloadSchema,
  exampleEnvelope,
} from './event-catalog';
import type { JsonSchema } from './event-catalog';
import { eventSubject } from './events';
import type { EventType } from './events';

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv;
}

/** The schema with `additionalProperties: false` on every object, to catch examples with undeclared properties. */
function closed(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, closed(v)]));
    out.additionalProperties = false;
  }
  if (schema.items) out.items = closed(schema.items);
  if (schema.anyOf) out.anyOf = schema.anyOf.map(closed);
  return out;
}

function errorsOf(
  diagnostics: { severity: number; code: string | number; message: string; path: (string | number)[] }[],
) {
  return diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`);
}

describe('event catalog', () => {
  it('has one entry per event type, published by the service its type starts with', () => {
    expect(EVENT_TYPES.length).toBeGreaterThanOrEqual(20);
    for (const type of EVENT_TYPES) {
      const spec = EVENT_CATALOG[type];
      expect(EVENT_PUBLISHERS).toContain(spec.publisher);
      expect(type.split('.')[0]).toBe(spec.publisher);
      expect(spec.version).toBeGreaterThanOrEqual(1);
      expect(spec.summary.length).toBeGreaterThan(10);
      expect(spec.summaryZh).toMatch(/[\u4e00-\u9fff]/);
      expect(spec.payload.required).toContain(spec.aggregateKey);
    }
  });

  it('lists the events named in CONTRACT.md', () => {
    const named = [
      'roster.cadre.created',
      'roster.cadre.updated',
      'roster.cadre.transferred',
      'roster.unit.created',
      'roster.unit.updated',
      'roster.team.created',
      'roster.team.updated',
      'checklists.political.verdict_changed',
      'checklists.tasklist.signed',
      'checklists.task.progressed',
      'checklists.task.overdue',
      'appraisal.cycle.opened',
      'appraisal.cycle.closed',
      'appraisal.cycle.published',
      'appraisal.step.recorded',
      'appraisal.wartime.recorded',
      'review.ballot.cast',
      'review.results.updated',
      'analytics.rankings.recomputed',
    ];
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(named));
  });

  it.each(EVENT_TYPES)('%s: the example is valid against the payload schema and declares nothing extra', (type) => {
    const ajv = newAjv();
    const spec = EVENT_CATALOG[type];
    const validate = ajv.compile(eventPayloadSchema(type));
    expect(validate(spec.example) ? [] : validate.errors).toEqual([]);
    const strict = newAjv().compile(closed(spec.payload));
    expect(strict(spec.example) ? [] : strict.errors).toEqual([]);
    for (const name of spec.payload.required ?? []) expect(Object.keys(spec.payload.properties ?? {})).toContain(name);
  });

  it.each(EVENT_TYPES)('%s: the example envelope is valid against the envelope schema', (type) => {
    const validate = newAjv().compile(eventEnvelopeSchema(type));
    const envelope = exampleEnvelope(type);
    expect(validate(envelope) ? [] : validate.errors).toEqual([]);
    expect(envelope.aggregateId).toBe(eventAggregateId(type, envelope.data));
  });

  it('rejects payloads that break the schema (wrong enum, missing field, bad format, voter identity is not declared)', () => {
    const ajv = newAjv();
    const verdict = ajv.compile(EVENT_CATALOG['checklists.political.verdict_changed'].payload);
    expect(verdict({ ...EVENT_CATALOG['checklists.political.verdict_changed'].example, to: 'maybe' })).toBe(false);
    const cadre = ajv.compile(EVENT_CATALOG['roster.cadre.created'].payload);
    const { personnelNo: _omit, ...noPersonnelNo } = EVENT_CATALOG['roster.cadre.created'].example;
    expect(cadre(noPersonnelNo)).toBe(false);
    expect(cadre({ ...EVENT_CATALOG['roster.cadre.created'].example, birthDate: '14/06/1983' })).toBe(false);
    const step = ajv.compile(EVENT_CATALOG['appraisal.step.recorded'].payload);
    expect(step({ ...EVENT_CATALOG['appraisal.step.recorded'].example, result: null })).toBe(false);
    expect(
      step({
        ...EVENT_CATALOG['appraisal.step.recorded'].example,
        step: 'look',
        completedSteps: ['look'],
        result: null,
      }),
    ).toBe(true);
    const envelope = newAjv().compile(eventEnvelopeSchema('roster.unit.created'));
    expect(envelope({ ...exampleEnvelope('roster.unit.created'), type: 'roster.unit.updated' })).toBe(false);
  });

  it('keeps review.ballot.cast free of voter identity', () => {
    const spec = EVENT_CATALOG['review.ballot.cast'];
    expect(Object.keys(spec.payload.properties ?? {}).sort()).toEqual(
      ['ballots', 'campaignId', 'cycleId', 'day', 'targetIds', 'voterGroups'].sort(),
    );
    const envelope = exampleEnvelope('review.ballot.cast');
    expect(envelope.actor).toBeNull();
    expect(envelope.occurredAt).toBe(`${envelope.data.day}T00:00:00Z`);
  });
});

describe('AsyncAPI document', () => {
  it('is a valid AsyncAPI 3.0.0 document with no error diagnostics', async () => {
    const doc = buildAsyncApiDocument();
    expect(doc.asyncapi).toBe('3.0.0');
    const parser = new Parser();
    expect(errorsOf(await parser.validate(doc as never))).toEqual([]);
    const { document, diagnostics } = await parser.parse(doc as never);
    expect(errorsOf(diagnostics)).toEqual([]);
    expect(document).toBeDefined();

    const parsed = document!;
    expect(
      parsed
        .servers()
        .all()
        .map((s) => s.protocol()),
    ).toEqual(['nats']);
    const addresses = parsed
      .channels()
      .all()
      .map((c) => c.address());
    expect(addresses).toHaveLength(EVENT_TYPES.length);
    for (const type of EVENT_TYPES) {
      const channel = parsed.channels().get(type);
      expect(channel?.address()).toBe(eventSubject('', type));
      const messages = channel!.messages().all();
      expect(messages.map((m) => m.name())).toEqual([type]);
      const operation = parsed.operations().get(`receive${eventTypeKey(type)}`);
      expect(operation?.action()).toBe('receive');
      expect(
        operation
          ?.channels()
          .all()
          .map((c) => c.address()),
      ).toEqual([eventSubject('', type)]);
      expect(
        operation
          ?.tags()
          .all()
          .map((t) => t.name()),
      ).toEqual([EVENT_CATALOG[type].publisher]);
    }
  });

  it('gives every message an example whose payload and headers are what the message declares, nothing more', () => {
    const doc = buildAsyncApiDocument() as {
      components: {
        messages: Record<
          string,
          {
            name: string;
            payload: JsonSchema;
            headers: JsonSchema;
            examples?: Array<{ payload: unknown; headers?: unknown }>;
          }
        >;
      };
    };
    const messages = Object.values(doc.components.messages);
    expect(messages.map((m) => m.name).sort()).toEqual([...EVENT_TYPES].sort());
    for (const message of messages) {
      expect(message.examples?.length).toBeGreaterThan(0);
      const payload = newAjv().compile(closed(message.payload));
      const headers = newAjv().compile(message.headers);
      for (const example of message.examples!) {
        expect({ [message.name]: payload(example.payload) ? [] : payload.errors }).toEqual({ [message.name]: [] });
        expect({ [message.name]: headers(example.headers) ? [] : headers.errors }).toEqual({ [message.name]: [] });
      }
    }
  });

  it('has a channel and a receive operation for every event type', () => {
    const doc = buildAsyncApiDocument() as {
      channels: Record<string, { address: string }>;
      operations: Record<string, { action: string; channel: { $ref: string } }>;
    };
    const everyType: EventType[] = Object.keys(EVENT_CATALOG) as EventType[];
    for (const type of everyType) {
      expect(doc.channels[type]?.address).toBe(`evt.${type}`);
      const operation = Object.values(doc.operations).find((o) => o.channel.$ref === `#/channels/${type}`);
      expect(operation?.action).toBe('receive');
    }
  });

  it('applies the subject prefix, names the namespace stream and drops credentials from the server url', async () => {
    const doc = buildAsyncApiDocument({
      title: 'T',
      version: '9.9.9',
      serverUrl: 'nats://user:secret@nats.example.org:4333,nats://other:4222',
      subjectPrefix: 'tabc.',
    }) as {
      info: { title: string; version: string; description: string };
      servers: { nats: { host: string; protocol: string } };
      channels: Record<string, { address: string }>;
    };
    expect(doc.info).toMatchObject({ title: 'T', version: '9.9.9' });
    expect(doc.servers.nats).toMatchObject({ host: 'nats.example.org:4333', protocol: 'nats' });
    expect(JSON.stringify(doc)).not.toContain('secret');
    expect(doc.channels['roster.cadre.created'].address).toBe('tabc.evt.roster.cadre.created');
    expect(doc.info.description).toContain('TABC_CADRE_EVENTS');
    expect(doc.info.description).toContain('tabc.evt.>');
    const { diagnostics } = await new Parser().parse(doc as never);
    expect(errorsOf(diagnostics)).toEqual([]);
  });

  it('explains the stream and the delivery guarantees', () => {
    const doc = buildAsyncApiDocument() as { info: { description: string } };
    for (const phrase of [
      'CADRE_EVENTS',
      'evt.>',
      'durable',
      'Nats-Msg-Id',
      'at least once',
      'dedupe by `id`',
      'Ack only after',
    ]) {
      expect(doc.info.description).toContain(phrase);
    }
  });

  it('is pure: same options, same document, catalog untouched', () => {
    const before = JSON.stringify(EVENT_CATALOG);
    expect(buildAsyncApiDocument({ subjectPrefix: 'x.' })).toEqual(buildAsyncApiDocument({ subjectPrefix: 'x.' }));
    expect(JSON.stringify(EVENT_CATALOG)).toBe(before);
  });
});

describe('docs/subscribing.md', () => {
  it('lists every event type with its Chinese summary', () => {
    const text = readFileSync(join(__dirname, '../../../docs/subscribing.md'), 'utf8');
    for (const type of EVENT_TYPES) {
      expect(text).toContain(`\`${type}\``);
      expect(text).toContain(EVENT_CATALOG[type].summaryZh);
    }
  });
});
