import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource, QueryRunner } from 'typeorm';
import { durableName, eventSubject, streamName, subjectPrefix } from '@cadre/contracts';
import { eventually } from '@cadre/testing';
import { FaultStack } from './support/fault-stack';
import { overdueEvent } from './support/checks';

/**
 * A handler slower than its consumer's ack wait (EVENT_ACK_WAIT_MS=1000 here, by configuration): the
 * analytics handler of `checklists.task.overdue` (an increment of the cadre's overdue count) is held
 * up by a lock the test takes on its table.
 *  - alive but slow: the consumer tells JetStream it is still working, so the event is not
 *    redelivered at all, and applied once;
 *  - frozen in the middle (SIGSTOP: no ack, no progress): JetStream redelivers it to another replica
 *    while the first still holds its transaction open; the second waits on the inbox row the first
 *    inserted and, once the first commits (SIGCONT), finds the event applied and skips it — once.
 */
describe('a handler slower than its ack wait', () => {
  const stack = new FaultStack(undefined, { EVENT_ACK_WAIT_MS: '1000' });
  const table = () => `"${stack.namespace}_analytics".task_scores`;
  let nc: NatsConnection;
  let db: DataSource;
  const tenantId = randomUUID();
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    await stack.start(['analytics']);
    nc = await connect({ servers: stack.urls.nats });
    db = new DataSource({ type: 'postgres', url: stack.urls.database, extra: { max: 4 } });
    await db.initialize();
  }, 120_000);

  afterAll(async () => {
    for (const name of ['analytics', 'analytics-2']) {
      if (stack.running(name)) process.kill(stack.pid(name), 'SIGCONT');
    }
    await nc?.close();
    await db?.destroy();
    await stack.stop();
  });

  const publishOverdue = async (cadreId: string) => {
    const event = overdueEvent(tenantId, cadreId, year);
    await jetstream(nc).publish(eventSubject(subjectPrefix(stack.namespace), event.type), JSON.stringify(event), {
      msgID: event.id,
    });
    return event.id;
  };
  const consumerInfo = async () =>
    (await jetstreamManager(nc)).consumers.info(streamName(stack.namespace), durableName(stack.namespace, 'analytics'));
  const overdueOf = async (cadreId: string) =>
    (await db.query(`SELECT overdue FROM ${table()} WHERE cadre_id = $1`, [cadreId]))[0]?.overdue;
  const waitingOn = async (what: string) =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
        [`%${what}%`],
      )
    )[0].n as number;
  const lockTable = async (): Promise<QueryRunner> => {
    const q = db.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    await q.query(`LOCK TABLE ${table()} IN EXCLUSIVE MODE`); // reads go on, writes wait
    return q;
  };

  it('is not redelivered while it is still working, and applies once', async () => {
    await stack.startApp('analytics', { ROLE: 'worker' }, 'analytics-2');
    const before = (await consumerInfo()).num_redelivered;
    const cadreId = randomUUID();
    const lock = await lockTable();
    await publishOverdue(cadreId);
    await eventually(async () => (await waitingOn('task_scores')) > 0, 10_000, 'the handler waiting on the lock');
    await new Promise((r) => setTimeout(r, 4_000)); // four ack waits
    expect(await waitingOn('inbox')).toBe(0); // no second delivery is waiting on the first's inbox row
    await lock.commitTransaction();
    await lock.release();
    await eventually(async () => (await overdueOf(cadreId)) !== undefined, 10_000, 'applied');
    await eventually(async () => (await consumerInfo()).num_ack_pending === 0, 10_000, 'acked');
    expect(await overdueOf(cadreId)).toBe(1);
    expect((await consumerInfo()).num_redelivered).toBe(before);
    await stack.kill('analytics-2');
  });

  it('is redelivered to another replica while frozen mid-transaction, and still applies once', async () => {
    // One replica takes the event and is frozen inside its transaction …
    const cadreId = randomUUID();
    const lock = await lockTable();
    const id = await publishOverdue(cadreId);
    await eventually(async () => (await waitingOn('task_scores')) > 0, 10_000, 'the handler waiting on the lock');
    process.kill(stack.pid('analytics'), 'SIGSTOP');
    try {
      await lock.commitTransaction();
      await lock.release();
      // … a second replica starts: JetStream redelivers the unacked event to it after the ack wait;
      // it waits on the inbox row the frozen one inserted (uncommitted).
      await stack.startApp('analytics', { ROLE: 'worker' }, 'analytics-2');
      await eventually(async () => (await waitingOn('inbox')) > 0, 15_000, 'the redelivery waiting on the inbox row');
      expect((await consumerInfo()).num_redelivered).toBeGreaterThan(0);
      expect(await overdueOf(cadreId)).toBeUndefined();
    } finally {
      process.kill(stack.pid('analytics'), 'SIGCONT');
    }
    // The first commits; the second finds the event in the inbox and skips it.
    await eventually(async () => (await overdueOf(cadreId)) !== undefined, 10_000, 'applied');
    await eventually(
      async () => (await consumerInfo()).num_ack_pending === 0 && (await waitingOn('inbox')) === 0,
      15_000,
      'both deliveries acked',
    );
    await new Promise((r) => setTimeout(r, 1_500)); // any further redelivery would show now
    expect(await overdueOf(cadreId)).toBe(1);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM "${stack.namespace}_analytics".inbox WHERE event_id = $1`,
      [id],
    );
    expect(n).toBe(1);
  });
});
