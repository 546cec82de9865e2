/**
 * Floors measured beside a workload in the same run, on the same servers: what the same rows cost
 * when inserted straight into PostgreSQL, what the same number of events costs when published
 * straight to JetStream, and the ranking as one hand-written query. Everything goes into scratch
 * objects of the stack's namespace (schema `<ns>_floor`, stream `<ns>_FLOOR`), which are dropped.
 */
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { streamName } from '@cadre/contracts';
import { TEST_DATABASE_URL, TEST_NATS_URL } from '@cadre/testing';

const GRADES = ['excellent', 'competent', 'basically_competent', 'incompetent'];

/**
 * `rows` ballot rows (the columns of review's `ballots`: tenant, campaign, target, voter group, grade,
 * item scores as jsonb, value, day) into a scratch table by multi-row `INSERT … SELECT FROM unnest(…)`
 * of `batch` rows per statement, one connection, autocommit — no index but the table's own.
 */
export async function postgresInsertFloor(
  namespace: string,
  rows: number,
  options: { batch?: number; items?: number } = {},
): Promise<{ rows: number; ms: number; rowsPerSecond: number }> {
  const batch = options.batch ?? 5_000;
  const items = Array.from({ length: options.items ?? 5 }, (_, k) => `item${k}`);
  const pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();
  const schema = `"${namespace}_floor"`;
  try {
    await pg.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await pg.query(`DROP TABLE IF EXISTS ${schema}.ballots`);
    await pg.query(
      `CREATE TABLE ${schema}.ballots (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, campaign_id uuid NOT NULL, target_id uuid NOT NULL, voter_group text NOT NULL, grade text NOT NULL, scores jsonb, value numeric(5,2) NOT NULL, cast_on date NOT NULL)`,
    );
    const tenant = randomUUID();
    const campaign = randomUUID();
    const targets = Array.from({ length: 500 }, () => randomUUID());
    const started = performance.now();
    for (let done = 0; done < rows; done += batch) {
      const n = Math.min(batch, rows - done);
      const t: string[] = new Array(n);
      const g: string[] = new Array(n);
      const gr: string[] = new Array(n);
      const s: string[] = new Array(n);
      const v: number[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const k = done + i;
        const value = 60 + (k % 40);
        t[i] = targets[k % targets.length];
        g[i] = k % 3 === 0 ? '区级领导' : '干部群众代表';
        gr[i] = GRADES[k % 4];
        s[i] = JSON.stringify(Object.fromEntries(items.map((item, j) => [item, value - j])));
        v[i] = value;
      }
      await pg.query(
        `INSERT INTO ${schema}.ballots (tenant_id, campaign_id, target_id, voter_group, grade, scores, value, cast_on)
         SELECT $1, $2, tg, gp, gr, sc, va, current_date FROM unnest($3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::numeric[]) AS x(tg, gp, gr, sc, va)`,
        [tenant, campaign, t, g, gr, s, v],
      );
    }
    const ms = performance.now() - started;
    return { rows, ms, rowsPerSecond: Math.round(rows / (ms / 1000)) };
  } finally {
    await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await pg.end();
  }
}

/**
 * `events` JetStream publishes (file storage, one replica, `Nats-Msg-Id` set as the outbox relay sets
 * it) of an envelope of about `bytes` bytes to a scratch stream, `window` publishes awaiting their
 * acknowledgement at a time.
 */
export async function natsPublishFloor(
  namespace: string,
  events: number,
  options: { bytes?: number; window?: number } = {},
): Promise<{ events: number; ms: number; eventsPerSecond: number }> {
  const window = options.window ?? 256;
  const nc = await connect({ servers: TEST_NATS_URL });
  const jsm = await jetstreamManager(nc);
  const stream = `${namespace}_FLOOR`;
  const subject = `${namespace}.floor`;
  try {
    await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
    const js = jetstream(nc);
    const padding = 'x'.repeat(Math.max(0, (options.bytes ?? 600) - 250));
    const envelope = (i: number) =>
      JSON.stringify({
        id: randomUUID(),
        type: 'floor.event',
        version: 1,
        tenantId: '00000000-0000-4000-8000-000000000000',
        occurredAt: new Date().toISOString(),
        actor: null,
        aggregateId: `${i}`,
        data: { i, padding },
      });
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(window, events) }, async () => {
        for (let i = next++; i < events; i = next++) {
          const body = envelope(i);
          await js.publish(`${subject}.event`, body, { msgID: `${stream}-${i}` });
        }
      }),
    );
    const ms = performance.now() - started;
    return { events, ms, eventsPerSecond: Math.round(events / (ms / 1000)) };
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  }
}

/** The same parts, composite and window ranks as analytics' RANKING_SELECT, written by hand, read not written (bench/analytics.bench.ts). */
export const HAND_RANKING_QUERY = `
SELECT k.id, k.team_id, u.field_id, x.composite,
       rank() OVER (PARTITION BY k.team_id ORDER BY x.composite DESC) AS vertical_rank,
       rank() OVER (PARTITION BY u.field_id ORDER BY x.composite DESC) AS horizontal_rank
  FROM cadres k
  JOIN units u ON u.id = k.unit_id
  LEFT JOIN apply_results a ON a.cycle_id = $1 AND a.cadre_id = k.id
  LEFT JOIN democratic d ON d.cycle_id = $1 AND d.target_id = k.id
  LEFT JOIN task_scores t ON t.cadre_id = k.id AND t.year = $2
  LEFT JOIN political p ON p.cadre_id = k.id
  CROSS JOIN LATERAL (SELECT round(((coalesce(0.4 * a.score, 0) + coalesce(0.3 * d.score, 0) + coalesce(0.2 * t.completion, 0))
        / nullif(CASE WHEN a.score IS NULL THEN 0 ELSE 0.4 END + CASE WHEN d.score IS NULL THEN 0 ELSE 0.3 END + CASE WHEN t.completion IS NULL THEN 0 ELSE 0.2 END, 0))::numeric, 2) AS composite) x
 WHERE k.tenant_id = $3 AND k.status = 'active' AND coalesce(p.verdict, 'pass') <> 'fail'`;

/** The hand-written ranking query over analytics' projections of the cycle; the median of `repeat` runs. */
export async function handRankingFloor(
  namespace: string,
  cycleId: string,
  year: number,
  tenantId: string,
  repeat = 3,
): Promise<{ rows: number; ms: number }> {
  const pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();
  try {
    await pg.query(`SET search_path TO "${namespace}_analytics"`);
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < repeat; i++) {
      const t = performance.now();
      rows = (await pg.query(HAND_RANKING_QUERY, [cycleId, year, tenantId])).rowCount ?? 0;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { rows, ms: times[Math.floor(times.length / 2)] };
  } finally {
    await pg.end();
  }
}

/** Rows each service wrote to its outbox (= events it published) in the namespace. */
export async function outboxEvents(namespace: string): Promise<Record<string, number>> {
  const pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ nspname: string }>(
      `SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'outbox' WHERE n.nspname LIKE $1`,
      [`${namespace}\\_%`],
    );
    const out: Record<string, number> = {};
    for (const { nspname } of rows)
      out[nspname.slice(namespace.length + 1)] = Number(
        (await pg.query(`SELECT count(*) FROM "${nspname}".outbox`)).rows[0].count,
      );
    return out;
  } finally {
    await pg.end();
  }
}

/** Events each durable consumer of the namespace's stream has still to apply (pending + delivered, unacknowledged). */
export async function consumerBacklog(namespace: string): Promise<Record<string, number>> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const out: Record<string, number> = {};
    for await (const c of jsm.consumers.list(streamName(namespace)))
      out[c.name.replace(`${namespace}_`, '').replace(`${namespace}-`, '')] = c.num_pending + c.num_ack_pending;
    return out;
  } finally {
    await nc.close();
  }
}
