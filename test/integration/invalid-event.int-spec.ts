import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { durableName, EVENT_CATALOG, eventSubject, streamName, subjectPrefix } from '@cadre/contracts';
import { ensureEventStream } from '@cadre/messaging';
import { eventsConsumed } from '@cadre/platform';
import {
  dropNamespace,
  eventually,
  ProbeConsumer,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
} from '@cadre/testing';

/**
 * An event whose data breaks its type's schema (or whose version the contracts do not know) is not
 * applied, not retried, and does not hold up the events behind it; it is counted as `invalid`.
 */
describe('durable consumer and invalid events', () => {
  const namespace = testNamespace();
  let nc: NatsConnection;
  let probe: ProbeConsumer;

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    await ensureEventStream(await jetstreamManager(nc), namespace);
    probe = new ProbeConsumer({
      namespace,
      types: ['roster.unit.created'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
  });

  afterAll(async () => {
    await probe?.stop();
    await nc?.close();
    await dropNamespace(namespace);
  });

  it('terminates invalid events, applies the valid one after them', async () => {
    const tenantId = randomUUID();
    const unit = { ...EVENT_CATALOG['roster.unit.created'].example, id: randomUUID() };
    const envelope = (version: number, data: object) => ({
      id: randomUUID(),
      type: 'roster.unit.created',
      version,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId: unit.id,
      data,
    });
    const missingName = envelope(1, { ...unit, name: undefined });
    const badKind = envelope(1, { ...unit, kind: 'village' });
    const unknownVersion = envelope(7, unit);
    const valid = envelope(1, { ...unit, extra: 'a property added later' });
    const js = jetstream(nc);
    for (const e of [missingName, badKind, unknownVersion, valid]) {
      await js.publish(eventSubject(subjectPrefix(namespace), e.type), JSON.stringify(e), { msgID: e.id });
    }

    await eventually(async () => (await probe.counts()).rows === 1, 20_000, 'the valid event applied');
    const applied = await probe.applied('roster.unit.created');
    expect(applied.map((r) => r.event_id)).toEqual([valid.id]);
    const [{ inboxed }] = await probe.dataSource.query(`SELECT array_agg(event_id::text) AS inboxed FROM inbox`);
    expect(inboxed).toEqual([valid.id]);

    // Terminated, not left to redelivery: nothing pending, nothing offered twice.
    const durable = durableName(namespace, 'probe');
    await eventually(
      async () => {
        const info = await (await jetstreamManager(nc)).consumers.info(streamName(namespace), durable);
        return info.num_ack_pending === 0 && info.delivered.stream_seq >= 4;
      },
      20_000,
      'every event acked or terminated',
    );
    const info = await (await jetstreamManager(nc)).consumers.info(streamName(namespace), durable);
    expect(info.num_redelivered).toBe(0);

    const outcomes = (await eventsConsumed.get()).values.filter((v) => v.labels.consumer === durable);
    expect(outcomes.find((v) => v.labels.outcome === 'invalid')?.value).toBe(3);
    expect(outcomes.find((v) => v.labels.outcome === 'applied')?.value).toBe(1);
  });
});
