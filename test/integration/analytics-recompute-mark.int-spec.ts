import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@cadre/contracts';
import type { JobScheduler } from '@cadre/jobs';
import { dropNamespace, eventually, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import type { AnalyticsConfig } from '../../apps/analytics/src/config/analytics.config';
import { RankingRepository } from '../../apps/analytics/src/ranking/ranking.repository';
import { RecomputeScheduler } from '../../apps/analytics/src/ranking/recompute.scheduler';

/**
 * The debounce of ranking recomputation (analytics RecomputeScheduler.mark) against a recompute that
 * holds the cycle's state row: an input that arrives while the recompute runs must leave a job
 * queued for the generation it starts — otherwise the cycle stays dirty with nothing to recompute
 * it until the minute's sweep (found by the fault tests: rankings 50 s late after a burst of steps).
 */
describe('analytics recompute marks racing a recompute', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_analytics`;
  let db: DataSource;
  const queued: string[] = [];
  /** Ids of jobs BullMQ would hold as completed or failed; what the sweep freed. */
  const finished = new Set<string>();
  const cancelled: string[] = [];
  let scheduler: RecomputeScheduler;
  const jobsFake = () =>
    ({
      schedule: async (_name: string, _data: unknown, opts: { jobId: string }) => void queued.push(opts.jobId),
      isFinished: async (jobId: string) => finished.has(jobId),
      cancel: async (jobId: string) => (finished.delete(jobId), cancelled.push(jobId), true),
    }) as unknown as JobScheduler;
  const tenantId = randomUUID();
  const event = { id: randomUUID(), tenantId } as EventEnvelope;

  beforeAll(async () => {
    db = new DataSource({
      type: 'postgres',
      url: TEST_DATABASE_URL,
      extra: { options: `-c search_path=${schema}`, max: 4 },
    });
    await db.initialize();
    await db.query(`CREATE SCHEMA "${schema}"`);
    // As in apps/analytics/src/migrations (the columns mark() touches).
    await db.query(`CREATE TABLE recompute_state (cycle_id uuid PRIMARY KEY, tenant_id uuid NOT NULL, dirty boolean NOT NULL, generation int NOT NULL,
      generation_key uuid NOT NULL DEFAULT gen_random_uuid(), revision int NOT NULL DEFAULT 0, marked_at timestamptz, dirty_since timestamptz)`);
    scheduler = new RecomputeScheduler(
      new RankingRepository(db),
      { RECOMPUTE_DEBOUNCE_MS: 0 } as AnalyticsConfig,
      jobsFake(),
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await dropNamespace(namespace);
  });

  const state = async (cycleId: string) =>
    (
      await db.query(`SELECT dirty, generation, generation_key AS key FROM recompute_state WHERE cycle_id = $1`, [
        cycleId,
      ])
    )[0];

  it('queues one job per generation when marks arrive one after another', async () => {
    const cycleId = randomUUID();
    await db.transaction((m) => scheduler.mark(m, event, [cycleId]));
    await db.transaction((m) => scheduler.mark(m, event, [cycleId])); // same generation: debounced
    expect(queued.filter((j) => j.includes(cycleId))).toEqual([`recompute-${cycleId}-${(await state(cycleId)).key}`]);
  });

  it('queues a job for the generation started by a mark that waited on a running recompute', async () => {
    const cycleId = randomUUID();
    await db.transaction((m) => scheduler.mark(m, event, [cycleId]));
    const first = await state(cycleId);

    // A recompute takes the state row (as RankingService.recompute does) …
    const recompute = db.createQueryRunner();
    await recompute.connect();
    await recompute.startTransaction();
    await recompute.query(`SELECT dirty FROM recompute_state WHERE cycle_id = $1 FOR UPDATE`, [cycleId]);
    // … an input marks the cycle meanwhile and waits on the row …
    const marking = db.transaction((m) => scheduler.mark(m, event, [cycleId]));
    await eventually(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO recompute_state%'`,
          )
        ).length > 0,
      5_000,
      'the mark waiting on the row',
    );
    // … the recompute finishes: the cycle is clean, then the waiting mark makes it dirty again.
    await recompute.query(`UPDATE recompute_state SET dirty = false, revision = revision + 1 WHERE cycle_id = $1`, [
      cycleId,
    ]);
    await recompute.commitTransaction();
    await recompute.release();
    await marking;

    const after = await state(cycleId);
    expect(after.dirty).toBe(true);
    expect(after.generation).toBe(first.generation + 1);
    // The new generation has its job: without it nothing recomputes the cycle until the sweep.
    expect(queued.filter((j) => j.includes(cycleId))).toEqual([
      `recompute-${cycleId}-${first.key}`,
      `recompute-${cycleId}-${after.key}`,
    ]);
  });

  it('sweep: re-queues a dirty generation whose job already finished (it ran before the mark committed)', async () => {
    const cycleId = randomUUID();
    await db.transaction((m) => scheduler.mark(m, event, [cycleId]));
    const jobId = `recompute-${cycleId}-${(await state(cycleId)).key}`;
    finished.add(jobId); // the job ran early, found nothing dirty, completed — and its kept id dedupes
    await scheduler.sweep();
    expect(cancelled).toContain(jobId);
    expect(queued.filter((j) => j === jobId)).toHaveLength(2);
    // Another sweep while the new job is pending changes nothing (the id is not finished).
    await scheduler.sweep();
    expect(cancelled.filter((j) => j === jobId)).toHaveLength(1);
  });

  it('a job that runs while inputs still arrive queues itself again under a new key, which the sweep then keeps', async () => {
    const quiet = new RecomputeScheduler(
      new RankingRepository(db),
      { RECOMPUTE_DEBOUNCE_MS: 60_000, RECOMPUTE_MAX_WAIT_MS: 600_000 } as AnalyticsConfig,
      jobsFake(),
    );
    const cycleId = randomUUID();
    await db.transaction((m) => quiet.mark(m, event, [cycleId]));
    const first = await state(cycleId);
    const repository = new RankingRepository(db);
    const deferred = await db.transaction(async (m) => {
      const locked = await repository.lockState(m, tenantId, cycleId);
      return quiet.deferIfBusy(m, tenantId, cycleId, locked!);
    });
    expect(deferred).toBe(true);
    const after = await state(cycleId);
    expect(after).toMatchObject({ dirty: true, generation: first.generation });
    expect(after.key).not.toBe(first.key);
    expect(queued.filter((j) => j.includes(cycleId))).toEqual([
      `recompute-${cycleId}-${first.key}`,
      `recompute-${cycleId}-${after.key}`,
    ]);
    // The first job completes (kept, holding its id); the sweep looks for the new one, pending.
    finished.add(`recompute-${cycleId}-${first.key}`);
    await quiet.sweep();
    expect(cancelled.filter((j) => j.includes(cycleId))).toEqual([]);
  });
});
