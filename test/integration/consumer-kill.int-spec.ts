import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { eventSubject, subjectPrefix } from '@cadre/contracts';
import { ensureEventStream } from '@cadre/messaging';
import {
  dropNamespace,
  eventually,
  ProbeConsumer,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
} from '@cadre/testing';
import { exitOf, runTs, waitForLine } from '../fixtures/run-ts';

/**
 * A consumer is SIGKILLed in the middle of 1,000 events and started again: every event is applied
 * exactly once — none lost (the unacked ones are redelivered), none twice (the inbox drops repeats).
 */
describe('durable consumer killed mid-stream', () => {
  const namespace = testNamespace();
  const TOTAL = 1_000;
  let nc: NatsConnection;
  let probe: ProbeConsumer;
  let child: ChildProcess | undefined;

  const env = {
    CADRE_NAMESPACE: namespace,
    DATABASE_URL: TEST_DATABASE_URL,
    NATS_URL: TEST_NATS_URL,
    PROBE_TYPES: 'roster.unit.created',
    PROBE_DELAY_MS: '3',
    PROBE_ACK_WAIT_MS: '3000',
  };

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    await ensureEventStream(await jetstreamManager(nc), namespace);
    probe = new ProbeConsumer({
      namespace,
      types: ['roster.unit.created'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.prepare(); // only to read the counts; the consumer itself runs in the child
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await probe.stop();
    await nc.close();
    await dropNamespace(namespace);
  });

  it('applies each of 1,000 events exactly once across a SIGKILL and a restart', async () => {
    const js = jetstream(nc);
    const tenantId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const id = randomUUID();
      ids.push(id);
      const aggregateId = randomUUID();
      // A valid payload: the consumer checks each event against the contracts' schema.
      const data = { id: aggregateId, code: `U${i}`, name: `单位${i}`, kind: 'department', fieldId: null, i };
      const envelope = {
        id,
        type: 'roster.unit.created',
        version: 1,
        tenantId,
        occurredAt: new Date().toISOString(),
        actor: null,
        aggregateId,
        data,
      };
      await js.publish(eventSubject(subjectPrefix(namespace), 'roster.unit.created'), JSON.stringify(envelope), {
        msgID: id,
      });
    }

    child = runTs('test/fixtures/probe-consumer.main.ts', env);
    await waitForLine(child, 'probe ready');
    await eventually(async () => (await probe.counts()).rows >= 250, 30_000, 'a quarter applied');
    child.kill('SIGKILL');
    const killed = await exitOf(child);
    expect(killed.signal).toBe('SIGKILL');
    const atKill = await probe.counts();
    expect(atKill.rows).toBeLessThan(TOTAL); // really killed in the middle

    child = runTs('test/fixtures/probe-consumer.main.ts', env);
    await waitForLine(child, 'probe ready');
    await eventually(async () => (await probe.counts()).distinct === TOTAL, 60_000, 'all events applied');
    // Give redeliveries of anything in flight at the kill time to arrive, then look again.
    await new Promise((r) => setTimeout(r, 1_500));
    const after = await probe.counts();
    expect(after).toEqual({ rows: TOTAL, distinct: TOTAL });
    const [{ count }] = await probe.dataSource.query(`SELECT count(*)::int AS count FROM inbox`);
    expect(count).toBe(TOTAL);
    const applied = await probe.dataSource.query(`SELECT event_id FROM applied`);
    expect(new Set(applied.map((r: { event_id: string }) => r.event_id))).toEqual(new Set(ids));
    child.kill('SIGTERM');
    await exitOf(child);
  });
});
