import type { ChildProcess } from 'node:child_process';
import { Injectable, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type Redis from 'ioredis';
import { Pool } from 'pg';
import { JobQueue, JobScheduler, jobsTotal, OnJob } from '@cadre/jobs';
import { PlatformConfig, REDIS_CLIENT, validateConfig } from '@cadre/platform';
import { dropNamespace, eventually, TEST_DATABASE_URL, testEnv, testNamespace } from '@cadre/testing';
import {
  createProbeTable,
  PROBE_SERVICE,
  ProbeHandler,
  probeAppModule,
  probeRuns,
  startProbeApp,
} from '../fixtures/jobs-probe';
import { exitOf, runTs, waitForLine } from '../fixtures/run-ts';

const WORKER_MAIN = 'test/fixtures/jobs-worker.main.ts';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * @cadre/jobs against the real Redis and Postgres: jobIds dedupe, delayed jobs keep their time,
 * a worker killed before its jobs are due loses none and doubles none, two workers share a queue
 * without running a job twice, and the api role schedules but never runs.
 * Each test has its own namespace (queue prefix and probe schema), dropped at its end.
 */
describe('jobs (BullMQ)', () => {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  let namespace: string;
  const apps: INestApplicationContext[] = [];
  const children: ChildProcess[] = [];

  /** The probe service in this process; closed after the test. */
  async function start(overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
    const app = await startProbeApp(testEnv(namespace, overrides));
    apps.push(app);
    return app;
  }

  /** The probe service as a worker in a child process, ready when its worker runs. */
  async function startChild(worker: string, overrides: Record<string, string> = {}): Promise<ChildProcess> {
    const child = runTs(WORKER_MAIN, testEnv(namespace, { ROLE: 'worker', PROBE_WORKER: worker, ...overrides }));
    children.push(child);
    // A ts-node process starting on a busy machine (the whole suite runs beside it) may take a while.
    await waitForLine(child, 'worker ready', 60_000);
    return child;
  }

  const runs = () => probeRuns(pool, namespace);

  beforeEach(async () => {
    namespace = testNamespace();
    await createProbeTable(pool, namespace);
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const app of apps.splice(0)) await app.close();
    await dropNamespace(namespace);
  });

  afterAll(() => pool.end());

  it('runs a jobId once: scheduled twice at once, and again after it completed', async () => {
    const app = await start(); // ROLE all: scheduler and worker in one process
    const scheduler = app.get(JobScheduler);
    const completed = async () =>
      (await jobsTotal.get()).values.find(
        (v) => v.labels.queue === PROBE_SERVICE && v.labels.name === 'mark' && v.labels.outcome === 'completed',
      )?.value ?? 0;
    const before = await completed();

    await Promise.all([
      scheduler.schedule('mark', { id: 'a' }, { jobId: 'mark-a' }),
      scheduler.schedule('mark', { id: 'a' }, { jobId: 'mark-a' }),
    ]);
    await eventually(
      async () => (await app.get(JobQueue).queue.getJobState('mark-a')) === 'completed',
      5_000,
      'mark-a completed',
    );
    await scheduler.schedule('mark', { id: 'a' }, { jobId: 'mark-a' }); // kept completed: still a duplicate
    await sleep(1_000);

    expect((await runs()).perJob).toEqual(new Map([['mark-a', 1]]));
    expect((await completed()) - before).toBe(1);
  });

  it('runs a delayed job at its time, not before; a past time means now; a cancelled job never runs', async () => {
    const app = await start();
    const scheduler = app.get(JobScheduler);
    const runAt = new Date(Date.now() + 1_500);
    await scheduler.schedule('mark', { id: 'later' }, { jobId: 'mark-later', runAt });
    await scheduler.schedule('mark', { id: 'past' }, { jobId: 'mark-past', runAt: new Date(Date.now() - 60_000) });
    await scheduler.schedule('mark', { id: 'cancelled' }, { jobId: 'mark-cancelled', delayMs: 1_000 });
    expect(await scheduler.cancel('mark-cancelled')).toBe(true);

    await sleep(500);
    expect((await runs()).perJob).toEqual(new Map([['mark-past', 1]]));

    await eventually(async () => (await runs()).perJob.get('mark-later') === 1, 4_500, 'the delayed job ran');
    const { rows } = await pool.query<{ ran_at: Date }>(
      `SELECT ran_at FROM "${namespace}_jobs_probe".runs WHERE job_id = 'mark-later'`,
    );
    expect(rows[0].ran_at.getTime()).toBeGreaterThanOrEqual(runAt.getTime() - 50); // clocks of Node and Postgres
    expect((await runs()).perJob.has('mark-cancelled')).toBe(false);
  });

  it('kill test: a worker SIGKILLed before its jobs are due; the next worker runs each exactly once, at its start', async () => {
    const JOBS = 10;
    const scheduler = (await start({ ROLE: 'api' })).get(JobScheduler);
    const first = await startChild('w1');
    const dueAt = new Date(Date.now() + 2_000);
    for (let i = 0; i < JOBS; i++)
      await scheduler.schedule('mark', { id: String(i) }, { jobId: `mark-${i}`, runAt: dueAt });

    first.kill('SIGKILL');
    expect((await exitOf(first)).signal).toBe('SIGKILL');
    await sleep(dueAt.getTime() + 1_000 - Date.now()); // the time passes while no worker runs
    expect((await runs()).rows).toBe(0);

    await startChild('w2');
    const readyAt = Date.now();
    await eventually(async () => (await runs()).perJob.size === JOBS, 5_000, 'every job ran');
    const caughtUpMs = Date.now() - readyAt;
    await sleep(1_000); // a duplicate would land now
    const after = await runs();
    expect(after.rows).toBe(JOBS);
    expect([...after.perJob.values()].every((n) => n === 1)).toBe(true);
    expect([...after.workers]).toEqual(['w2']);
    expect(caughtUpMs).toBeLessThan(3_000); // caught up at start, not at some later poll
  });

  it('two workers at once: 50 jobs each run exactly once, and both drain on SIGTERM', async () => {
    const JOBS = 50;
    const scheduler = (await start({ ROLE: 'api' })).get(JobScheduler);
    const workers = await Promise.all([
      startChild('w1', { PROBE_DELAY_MS: '20' }),
      startChild('w2', { PROBE_DELAY_MS: '20' }),
    ]);
    await Promise.all(
      Array.from({ length: JOBS }, (_, i) => scheduler.schedule('mark', { id: String(i) }, { jobId: `mark-${i}` })),
    );

    await eventually(async () => (await runs()).perJob.size === JOBS, 10_000, 'every job ran');
    await sleep(1_000);
    const after = await runs();
    expect(after.rows).toBe(JOBS);
    expect([...after.perJob.values()].every((n) => n === 1)).toBe(true);
    expect([...after.workers].sort()).toEqual(['w1', 'w2']); // really shared, not one doing it all

    for (const w of workers) w.kill('SIGTERM');
    for (const w of workers) expect(await exitOf(w)).toEqual({ code: 0, signal: null });
  });

  it('ROLE=api schedules but runs nothing; a name with no handler is refused; two handlers for a name stop the start', async () => {
    const api = await start({ ROLE: 'api' });
    const scheduler = api.get(JobScheduler);
    await scheduler.schedule('mark', { id: 'x' }, { jobId: 'mark-x' });
    await expect(scheduler.schedule('mrak', { id: 'x' }, { jobId: 'mrak-x' })).rejects.toThrow(
      /no @OnJob handler for job "mrak".*known: mark/,
    );
    await expect(scheduler.schedule('mark', { id: 'x' }, { jobId: 'mark:x' })).rejects.toThrow(/contains ':'/);
    await sleep(1_500);
    expect((await runs()).rows).toBe(0);
    expect(await api.get(JobQueue).queue.getJobState('mark-x')).toBe('waiting');
    expect(await api.get(JobQueue).queue.getJobState('mrak-x')).toBe('unknown');

    // The job was really queued: a worker role takes it.
    await start({ ROLE: 'worker' });
    await eventually(async () => (await runs()).perJob.get('mark-x') === 1, 5_000, 'the worker ran the job');

    @Injectable()
    class SecondMark {
      @OnJob('mark')
      mark(): void {}
    }
    const moduleRef = await Test.createTestingModule({
      imports: [probeAppModule(validateConfig(PlatformConfig, testEnv(namespace)), [SecondMark])],
    })
      .setLogger({ log() {}, error() {}, warn() {}, debug() {}, verbose() {} } as never)
      .compile();
    await expect(moduleRef.init()).rejects.toThrow(
      /two @OnJob handlers for job "mark": ProbeHandler\.mark and SecondMark\.mark|two @OnJob handlers for job "mark": SecondMark\.mark and ProbeHandler\.mark/,
    );
    // close() rethrows the failed init, so release what the half-started app opened by hand.
    await moduleRef.get(JobQueue).onApplicationShutdown();
    await moduleRef.get(ProbeHandler).onApplicationShutdown();
    moduleRef.get<Redis>(REDIS_CLIENT).disconnect();
  });
});
