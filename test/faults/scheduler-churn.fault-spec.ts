import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { queuePrefix } from '@cadre/contracts';
import { jobQueueName } from '@cadre/jobs';
import { FaultStack } from './support/fault-stack';
import { Client } from './support/workload';

/**
 * Appraisal's cycle clock under worker churn: three appraisal processes (the `all` one and two
 * `worker` replicas), all SIGKILLed and started again at once — each re-arms every pending cycle at
 * start — twice before two cycles open and once more between their opening and their reminder.
 * Afterwards there is exactly one pending job per transition and reminder of each cycle
 * (cycle-open|close|remind-<id>-…-<ms>), each fires on time (within the job poll), and each cycle
 * opens, reminds and closes once.
 */
describe('appraisal workers restarted together', () => {
  const stack = new FaultStack();
  const client = new Client(() => stack.base);
  const WORKERS = ['appraisal', 'appraisal-2', 'appraisal-3'];
  let db: DataSource;
  let redis: Redis;
  let queue: Queue;
  let officer: string;
  const s = () => `"${stack.namespace}_appraisal"`;

  const churn = async () => {
    await Promise.all(WORKERS.map((w) => stack.kill(w)));
    await Promise.all(WORKERS.map((w) => stack.startApp('appraisal', w === 'appraisal' ? {} : { ROLE: 'worker' }, w)));
  };

  /** Pending (not yet run) jobs of each cycle, by the transition they are for. */
  const pending = async (cycleIds: string[]) => {
    const jobs = await queue.getJobs(['delayed', 'waiting', 'active', 'prioritized', 'paused']);
    const out: Record<string, string[]> = {};
    for (const job of jobs) {
      const id = job.id ?? '';
      const cycle = cycleIds.find((c) => id.includes(c));
      if (!cycle) continue;
      const kind = id.startsWith('cycle-remind-')
        ? 'remind'
        : id.startsWith('cycle-open-')
          ? 'open'
          : id.startsWith('cycle-close-')
            ? 'close'
            : id;
      (out[`${cycleIds.indexOf(cycle)}:${kind}`] ??= []).push(id);
    }
    return out;
  };

  beforeAll(async () => {
    await stack.start(['roster', 'appraisal', 'gateway']);
    await stack.startApp('appraisal', { ROLE: 'worker' }, 'appraisal-2');
    await stack.startApp('appraisal', { ROLE: 'worker' }, 'appraisal-3');
    db = new DataSource({ type: 'postgres', url: stack.urls.database, extra: { max: 2 } });
    await db.initialize();
    redis = new Redis(stack.urls.redis, { maxRetriesPerRequest: null });
    queue = new Queue(jobQueueName('appraisal'), { connection: redis, prefix: queuePrefix(stack.namespace) });

    const admin = (
      await client.expect(
        'POST',
        '/auth/login',
        null,
        { tenant: 'system', username: 'admin', password: 'system-pass-2026' },
        [200],
      )
    ).body.accessToken;
    await client.expect(
      'POST',
      '/tenants',
      admin,
      {
        code: 'churn',
        name: '轮换组织部',
        timezone: 'Asia/Shanghai',
        officer: { username: 'officer', password: 'demo-pass-2026' },
      },
      [201],
    );
    officer = (
      await client.expect(
        'POST',
        '/auth/login',
        null,
        { tenant: 'churn', username: 'officer', password: 'demo-pass-2026' },
        [200],
      )
    ).body.accessToken;
    const unit = (
      await client.expect('POST', '/units', officer, { code: 'FGJ', name: '区发改局', kind: 'department' }, [201])
    ).body.id;
    const cadre = (
      await client.expect(
        'POST',
        '/cadres',
        officer,
        { personnelNo: 'C-1', name: '轮换', gender: 'female', birthDate: '1985-05-05', unitId: unit, position: '科长' },
        [201],
      )
    ).body.id;
    const assessor = (
      await client.expect(
        'POST',
        '/users',
        officer,
        { username: 'kaohe1', password: 'password-1', roles: ['assessor'] },
        [201],
      )
    ).body.id;
    await client.expect(
      'POST',
      '/assessment-groups',
      officer,
      { name: '第一考核组', assessorUserIds: [assessor], cadreIds: [cadre] },
      [201],
      [404, 422],
    );
  }, 180_000);

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await db?.destroy();
    await stack.stop();
  });

  it('leaves one pending job per transition and reminder, each firing once and on time', async () => {
    const year = new Date().getUTCFullYear();
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    // Opens after two rounds of churn, reminds 12 s before it closes, with a third round in between.
    const cycles: string[] = [];
    for (const half of [1, 2]) {
      const res = await client.expect(
        'POST',
        '/cycles',
        officer,
        {
          kind: 'periodic',
          name: `轮换测试${half}`,
          year,
          half,
          opensAt: at(45),
          closesAt: at(75),
          reminderOffsetsHours: [12 / 3600],
        },
        [201],
      );
      cycles.push(res.body.id);
    }
    await churn();
    await churn();
    expect(Date.now()).toBeLessThan(t0 + 42_000); // still before the opening: the jobs are all pending
    expect(await pending(cycles)).toEqual({
      '0:open': [expect.stringMatching(/^cycle-open-/)],
      '0:close': [expect.stringMatching(/^cycle-close-/)],
      '0:remind': [expect.stringMatching(/^cycle-remind-/)],
      '1:open': [expect.stringMatching(/^cycle-open-/)],
      '1:close': [expect.stringMatching(/^cycle-close-/)],
      '1:remind': [expect.stringMatching(/^cycle-remind-/)],
    });

    const row = async (id: string) =>
      (
        await db.query(`SELECT status, opens_at, closes_at, opened_at, closed_at FROM ${s()}.cycles WHERE id = $1`, [
          id,
        ])
      )[0];
    for (const id of cycles) {
      await waitFor(async () => (await row(id)).status === 'open', t0 + 60_000, 'opened');
    }
    // The open jobs done (a kill between the opening's commit and the job's completion would leave it
    // to BullMQ's stalled-job check, which runs it again harmlessly — not the case tested here) …
    await waitFor(
      async () => Object.keys(await pending(cycles)).every((k) => !k.endsWith(':open')),
      t0 + 60_000,
      'open jobs completed',
    );
    await churn(); // … then all workers at once, between the opening and the reminder
    expect(await pending(cycles)).toEqual({
      '0:close': [expect.stringMatching(/^cycle-close-/)],
      '0:remind': [expect.stringMatching(/^cycle-remind-/)],
      '1:close': [expect.stringMatching(/^cycle-close-/)],
      '1:remind': [expect.stringMatching(/^cycle-remind-/)],
    });
    for (const id of cycles) {
      await waitFor(async () => (await row(id)).status === 'closed', t0 + 95_000, 'closed');
    }

    for (const id of cycles) {
      const r = await row(id);
      // Never early, and late by at most the job poll (generous: the machine is shared).
      expect(r.opened_at.getTime() - r.opens_at.getTime()).toBeGreaterThanOrEqual(0);
      expect(r.opened_at.getTime() - r.opens_at.getTime()).toBeLessThan(5_000);
      expect(r.closed_at.getTime() - r.closes_at.getTime()).toBeGreaterThanOrEqual(0);
      expect(r.closed_at.getTime() - r.closes_at.getTime()).toBeLessThan(5_000);
      // The reminder: once to the assessor (steps not done) and once to the cadre (no signed task list), on time.
      const notes: Array<{ kind: string; at: Date }> = await db.query(
        `SELECT kind, created_at AS at FROM ${s()}.notifications WHERE cycle_id = $1 ORDER BY kind`,
        [id],
      );
      expect(notes.map((n) => n.kind)).toEqual(['step_reminder', 'tasklist_reminder']);
      const remindAt = r.closes_at.getTime() - 12_000;
      for (const n of notes) expect(n.at.getTime() - remindAt).toBeLessThan(5_000);
      const events = await db.query(
        `SELECT type, count(*)::int AS n FROM ${s()}.outbox WHERE aggregate_id = $1 GROUP BY type ORDER BY type`,
        [id],
      );
      expect(events).toEqual([
        { type: 'appraisal.cycle.closed', n: 1 },
        { type: 'appraisal.cycle.opened', n: 1 },
        { type: 'appraisal.cycle.scheduled', n: 1 },
      ]);
    }
    // Nothing of these cycles is left pending, and each of their jobs ran once.
    expect(await pending(cycles)).toEqual({});
    const done = (await queue.getJobs(['completed']))
      .map((j) => j.id ?? '')
      .filter((id) => cycles.some((c) => id.includes(c)));
    expect(done.length).toBe(6);
    expect(new Set(done).size).toBe(6);
  }, 180_000);
});

async function waitFor(probe: () => Promise<boolean>, until: number, what: string): Promise<void> {
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`${what}: not by ${new Date(until).toISOString()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
