// npm run bench -- province [cadres] [ballotRows] [concurrency]
// A province in one cycle, every request through the gateway, all six apps as separate processes:
// 5,000 units (one per 20 cadres) created by POST /units, 100,000 cadres imported as CSV (as
// bench/roster.bench.ts does), one periodic cycle created and opened, a democratic evaluation of every
// cadre by 150,000 voters — 30 voters per unit, each rating the ~20 cadres of the next unit of its block
// (a voter may not rate its own unit) — cast as 150,000 POSTs carrying 3,000,000 ballot rows (review
// stores one row per rated target), the cycle closed, analytics' rankings once review's results have
// reached it, and one recompute through the gateway. Reported: wall time per phase, ballot ingest rate
// and p50/p99 per POST, the peak RSS of each service (VmHWM in /proc), and in the same run the floors:
// the same 3,000,000 rows by multi-row INSERT into a scratch table, the same number of events (every
// outbox row of the run) published straight to JetStream, and the hand-written ranking query.
// Smaller: `npm run bench -- province 10000 300000` (units = cadres / 20, voters per unit = rows / cadres).
import http from 'node:http';
import os from 'node:os';
import { Client } from 'pg';
import { TEST_DATABASE_URL } from '@cadre/testing';
import { generateCadres, generateDistrict } from '../scripts/demo/district';
import { cadresToCsv } from '../apps/roster/src/imports/roster-sheet';
import { machine, percentile, processCpuMs, round, serverCpuMs, startStack, writeResults } from './harness';
import { draw } from './workloads/district';
import { handRankingFloor, natsPublishFloor, outboxEvents, postgresInsertFloor } from './workloads/floors';
import { expectStatus, GatewayClient, pool } from './workloads/gateway-client';

const CADRES = Number(process.argv[2] ?? 100_000);
const BALLOT_ROWS = Number(process.argv[3] ?? 3_000_000);
const CONCURRENCY = Number(process.argv[4] ?? 64);
const CADRES_PER_UNIT = 20;
const UNITS = Math.max(2, Math.round(CADRES / CADRES_PER_UNIT));
const VOTERS_PER_UNIT = Math.max(1, Math.round(BALLOT_ROWS / CADRES));
/** A campaign's targets (≤ 2,000 by the API) and its create request (≤ 1 MB by the gateway). */
const CAMPAIGN_CADRES = 2_000;
const SEED = 31;
const APPS = ['roster', 'checklists', 'appraisal', 'review', 'analytics', 'gateway'];

async function main(): Promise<void> {
  const load = () => os.loadavg().map((l) => round(l, 2));
  const loadBefore = load();
  const stack = await startStack(APPS, { RPC_TIMEOUT_MS: '120000' });
  const pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();
  const phases: Array<{ phase: string; seconds: number; note: string }> = [];
  const timed = async <T>(phase: string, work: () => Promise<T>, note: (r: T) => string = () => ''): Promise<T> => {
    process.stdout.write(`  ${phase} …\n`);
    const t = performance.now();
    const r = await work();
    const seconds = round((performance.now() - t) / 1000, 2);
    phases.push({ phase, seconds, note: note(r) });
    process.stdout.write(`  ${phase}: ${seconds} s ${note(r)} (load ${load().join(' ')})\n`);
    return r;
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await pg.query(sql, params)).rows[0].n);
  const waitUntil = async (what: string, probe: () => Promise<boolean>, timeoutMs = 1_800_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const ns = stack.namespace;
  try {
    const client = new GatewayClient(stack.base, { retryForMs: 300_000, log: (l) => process.stdout.write(`  ${l}\n`) });
    const admin = (
      await client.send('POST', '/auth/login', {
        body: { tenant: 'system', username: 'admin', password: 'system-pass-2026' },
      })
    ).body.accessToken;
    expectStatus(
      await client.send('POST', '/tenants', {
        token: admin,
        key: 'province',
        body: {
          code: 'province',
          name: '省委组织部',
          timezone: 'Asia/Shanghai',
          officer: { username: 'officer', password: 'demo-pass-2026' },
        },
      }),
      [201],
      'tenant',
    );
    const token = (
      await client.send('POST', '/auth/login', {
        body: { tenant: 'province', username: 'officer', password: 'demo-pass-2026' },
      })
    ).body.accessToken as string;
    const tenantId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).tid as string;
    const province = generateDistrict({ seed: SEED, units: UNITS, cadres: 0 });
    const teams = province.units.map((u) => ({ unitCode: u.code, name: `${u.name}领导班子` }));
    const cadres = generateCadres({ seed: SEED, count: CADRES, units: province.units, teams, personnelPrefix: 'SH' });

    const fieldIds = new Map<string, string>();
    const unitIds = new Map<string, string>();
    await timed(
      'units',
      async () => {
        for (const f of province.fields) {
          const res = await client.send('POST', '/fields', {
            token,
            key: `field:${f.code}`,
            body: { code: f.code, name: f.name },
          });
          expectStatus(res, [201], 'field');
          fieldIds.set(f.code, res.body.id);
        }
        await pool(province.units, 16, async (u) => {
          const res = await client.send('POST', '/units', {
            token,
            key: `unit:${u.code}`,
            body: { code: u.code, name: u.name, kind: u.kind, fieldId: fieldIds.get(u.fieldCode) },
          });
          expectStatus(res, [201], 'unit');
          unitIds.set(u.code, res.body.id);
        });
      },
      () => `${province.fields.length} fields, ${UNITS.toLocaleString()} units by POST /units (16 concurrent)`,
    );

    const csv = Buffer.from(cadresToCsv(cadres), 'utf8');
    await timed(
      'import',
      async () => {
        const form = new FormData();
        form.append('file', new Blob([csv]), 'province.csv');
        const res = await fetch(`${stack.base}/roster/imports?dryRun=false`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'import' },
          body: form,
        });
        const body = (await res.json()) as { created: number };
        if (res.status !== 200 || body.created !== CADRES)
          throw new Error(`import: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      },
      () => `${CADRES.toLocaleString()} cadres (${(csv.length / 2 ** 20).toFixed(1)} MB CSV, one request)`,
    );
    await timed(
      'import events projected',
      () =>
        waitUntil(
          'cadres projected',
          async () =>
            (await count(`SELECT count(*)::int AS n FROM "${ns}_review".cadres`)) >= CADRES &&
            (await count(`SELECT count(*)::int AS n FROM "${ns}_analytics".cadres`)) >= CADRES,
        ),
      () => 'until review and analytics hold every cadre (outbox → JetStream → their projections)',
    );

    // The cadres by unit, as the roster gave them ids.
    const ids = (
      await pg.query(
        `SELECT c.id, u.code FROM "${ns}_roster".cadres c JOIN "${ns}_roster".units u ON u.id = c.unit_id WHERE c.tenant_id = $1 ORDER BY c.personnel_no`,
        [tenantId],
      )
    ).rows as Array<{ id: string; code: string }>;
    const byUnit = new Map<string, string[]>();
    for (const r of ids) byUnit.set(r.code, [...(byUnit.get(r.code) ?? []), r.id]);
    const units = province.units.filter((u) => (byUnit.get(u.code)?.length ?? 0) > 0);

    const year = new Date().getUTCFullYear();
    const half = new Date().getUTCMonth() < 6 ? 1 : 2;
    const cycleId = await timed('cycle', async () => {
      const created = await client.send('POST', '/cycles', {
        token,
        key: 'cycle',
        body: {
          kind: 'periodic',
          name: `${year}年${half === 1 ? '上' : '下'}半年定期考核`,
          year,
          half,
          opensAt: new Date(Date.now() + 86_400_000).toISOString(),
          closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      });
      expectStatus(created, [201], 'cycle');
      expectStatus(
        await client.send('POST', `/cycles/${created.body.id}/open`, { token, key: 'cycle:open' }),
        [200, 201],
        'open',
      );
      return created.body.id as string;
    });

    // Blocks of consecutive units with at most CAMPAIGN_CADRES cadres: one campaign each. Each voter of
    // a unit rates the cadres of the next unit of the block (the first unit's for the last).
    const blocks: Array<typeof units> = [];
    let block: typeof units = [];
    let inBlock = 0;
    for (const u of units) {
      const n = byUnit.get(u.code)!.length;
      if (block.length > 1 && inBlock + n > CAMPAIGN_CADRES) {
        blocks.push(block);
        block = [];
        inBlock = 0;
      }
      block.push(u);
      inBlock += n;
    }
    if (block.length > 1 || blocks.length === 0) blocks.push(block);
    else blocks[blocks.length - 1].push(...block);
    const casts: Array<{ token: string; targets: string[]; voter: string }> = [];
    const items = ['morality', 'ability', 'diligence', 'performance', 'integrity'];
    await timed(
      'campaigns',
      () =>
        pool(blocks, 2, async (b, k) => {
          const voters = b.flatMap((u, i) =>
            Array.from({ length: VOTERS_PER_UNIT }, (_, v) => ({
              name: `v${k}-${i}-${v}`,
              unitId: unitIds.get(u.code)!,
              group: v % 5 === 0 ? '班子成员' : '干部群众代表',
              next: b[(i + 1) % b.length].code,
            })),
          );
          const res = await client.send('POST', `/cycles/${cycleId}/campaigns`, {
            token,
            key: `campaign:${k}`,
            body: {
              direction: 'top_down',
              subject: 'cadre',
              name: `民主测评第${k + 1}片`,
              targetIds: b.flatMap((u) => byUnit.get(u.code)!),
              voters: voters.map(({ next: _, ...v }) => v),
              groupWeights: { 班子成员: 0.4, 干部群众代表: 0.6 },
            },
            waitFor: (status) => status === 404 || status === 422, // the cycle or the cadres not in review yet
          });
          expectStatus(res, [201], `campaign ${k}`);
          const tokenOf = new Map<string, string>(
            res.body.tokens.map((t: { voter: { name: string }; token: string }) => [t.voter.name, t.token]),
          );
          for (const v of voters)
            casts.push({ token: tokenOf.get(v.name)!, targets: byUnit.get(v.next)!, voter: v.name });
        }),
      () =>
        `${blocks.length} campaigns (≤ ${CAMPAIGN_CADRES.toLocaleString()} cadres each), ${(units.length * VOTERS_PER_UNIT).toLocaleString()} voters`,
    );
    casts.sort((a, b) => a.voter.localeCompare(b.voter));
    const rows = casts.reduce((a, c) => a + c.targets.length, 0);

    // The ballots: kept-alive node:http, one connection per client (as bench/review.bench.ts), bodies
    // built as they are sent (3 million ratings would not fit the load generator's memory up front).
    const ballot = (c: (typeof casts)[number]) =>
      JSON.stringify({
        ratings: c.targets.map((targetId) => {
          const value = Math.round(55 + 45 * draw(SEED, `${c.voter}:${targetId}`));
          return {
            targetId,
            grade:
              value >= 88
                ? 'excellent'
                : value >= 72
                  ? 'competent'
                  : value >= 60
                    ? 'basically_competent'
                    : 'incompetent',
            scores: Object.fromEntries(
              items.map((item, j) => [item, Math.max(0, Math.min(100, value + ((j * 7) % 5) - 2))]),
            ),
          };
        }),
      });
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const gateway = new URL(stack.base);
    const post = (c: (typeof casts)[number]) =>
      new Promise<number>((resolve, reject) => {
        const body = Buffer.from(ballot(c));
        const req = http.request(
          {
            agent,
            host: gateway.hostname,
            port: gateway.port,
            method: 'POST',
            path: `${gateway.pathname}/ballots/${c.token}`,
            headers: {
              'content-type': 'application/json',
              'content-length': body.length,
              'idempotency-key': `ballot:${c.voter}`,
            },
          },
          (res) => {
            res.on('data', () => undefined);
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const cpuBefore = { ...stack.cpuMs(), 'load generator': processCpuMs(process.pid), ...serverCpuMs() };
    let next = 0;
    const progress = setInterval(
      () =>
        process.stdout.write(
          `    ${latencies.length.toLocaleString()} of ${casts.length.toLocaleString()} ballots (load ${load().join(' ')})\n`,
        ),
      30_000,
    );
    const ballotSeconds = await timed(
      'ballots',
      async () => {
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            for (let i = next++; i < casts.length; i = next++) {
              const t = performance.now();
              let status = 0;
              for (let attempt = 0; attempt < 20; attempt++) {
                status = await post(casts[i]).catch(() => 0);
                if (status !== 0 && status < 500 && status !== 429) break;
                await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
              }
              latencies.push(performance.now() - t);
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
            }
          }),
        );
        return (performance.now() - t0) / 1000;
      },
      () =>
        `${casts.length.toLocaleString()} POSTs carrying ${rows.toLocaleString()} ballot rows, ${CONCURRENCY} concurrent clients`,
    );
    clearInterval(progress);
    agent.destroy();
    const cpuAfter = { ...stack.cpuMs(), 'load generator': processCpuMs(process.pid), ...serverCpuMs() };
    const cpuPerPostMs = Object.fromEntries(
      Object.keys(cpuAfter).map((k) => [
        k,
        round((cpuAfter[k as keyof typeof cpuAfter] - cpuBefore[k as keyof typeof cpuBefore]) / casts.length, 3),
      ]),
    );
    latencies.sort((a, b) => a - b);
    const storedRows = await count(`SELECT count(*)::int AS n FROM "${ns}_review".ballots`);
    const usedTokens = await count(`SELECT count(*)::int AS n FROM "${ns}_review".voter_tokens WHERE voted`);

    await timed('close', async () =>
      expectStatus(
        await client.send('POST', `/cycles/${cycleId}/close`, { token, key: 'cycle:close' }),
        [200, 201],
        'close',
      ),
    );
    const rated = new Set(casts.flatMap((c) => c.targets)).size;
    await timed(
      'results to analytics',
      () =>
        waitUntil(
          'final democratic results in analytics',
          async () =>
            (await count(
              `SELECT count(*)::int AS n FROM "${ns}_analytics".democratic WHERE cycle_id = $1 AND score IS NOT NULL`,
              [cycleId],
            )) >= rated &&
            (await count(
              `SELECT coalesce(sum(s.cast_count), 0)::int AS n FROM "${ns}_analytics".democratic_snapshots s WHERE s.campaign_id IN (SELECT campaign_id FROM "${ns}_analytics".democratic WHERE cycle_id = $1)`,
              [cycleId],
            )) >= (statuses.get(201) ?? 0),
          600_000,
        ),
      () =>
        `review's final results of ${rated.toLocaleString()} cadres (review.results.updated, every cast counted) projected by analytics`,
    );
    await timed(
      'rankings (debounced job)',
      () =>
        waitUntil(
          'rankings',
          async () =>
            (await count(
              `SELECT count(*)::int AS n FROM "${ns}_analytics".recompute_state WHERE cycle_id = $1 AND NOT dirty AND revision > 0`,
              [cycleId],
            )) === 1 &&
            (await count(
              `SELECT count(*)::int AS n FROM "${ns}_analytics".rankings WHERE cycle_id = $1 AND democratic IS NOT NULL`,
              [cycleId],
            )) >= rated,
          600_000,
        ),
      () => 'until the cycle is ranked from every democratic score',
    );
    const recompute = await timed(
      'recompute (POST /cycles/:id/rankings/recompute)',
      async () => {
        // Three times, the median: the first may wait for a debounced job still holding the cycle.
        const times: number[] = [];
        let ranked = 0;
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          const res = await client.send('POST', `/cycles/${cycleId}/rankings/recompute`, {
            token,
            key: `recompute:${i}`,
          });
          expectStatus(res, [200, 201], 'recompute');
          times.push(performance.now() - t);
          ranked = res.body.ranked;
        }
        return { ms: [...times].sort((a, b) => a - b)[1], all: times.map((x) => round(x)), ranked };
      },
      (r) => `${r.ranked.toLocaleString()} cadres ranked, three times: ${r.all.join(', ')} ms`,
    );
    const memory = stack.memory();
    const loadAfter = load();

    // Floors, same run, same servers.
    const events = await outboxEvents(ns);
    const eventCount = Object.values(events).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `  floors: ${rows.toLocaleString()} rows into PostgreSQL, ${eventCount.toLocaleString()} events to JetStream, the ranking query …\n`,
    );
    const pgFloor = await postgresInsertFloor(ns, rows, { batch: 5_000 });
    const natsFloor = await natsPublishFloor(ns, eventCount);
    const hand = await handRankingFloor(ns, cycleId, year, tenantId);
    const cycleSeconds = phases
      .filter((p) => !['units', 'import', 'import events projected'].includes(p.phase))
      .reduce((a, p) => a + p.seconds, 0);

    const figures = {
      machine: machine(),
      apps: APPS,
      loadAverage: { before: loadBefore, after: loadAfter },
      sizes: {
        units: UNITS,
        cadres: CADRES,
        votersPerUnit: VOTERS_PER_UNIT,
        campaigns: blocks.length,
        ballotPosts: casts.length,
        ballotRows: rows,
        ratingsPerPost: round(rows / casts.length, 1),
        events: eventCount,
        concurrency: CONCURRENCY,
      },
      phases,
      endToEndSeconds: round(
        phases.reduce((a, p) => a + p.seconds, 0),
        1,
      ),
      ballots: {
        seconds: round(ballotSeconds, 1),
        postsPerSecond: Math.round(casts.length / ballotSeconds),
        rowsPerSecond: Math.round(rows / ballotSeconds),
        latencyMs: {
          p50: round(percentile(latencies, 50)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies[latencies.length - 1]),
        },
        statuses: Object.fromEntries(statuses),
        storedRows,
        usedTokens,
        lostRows: (statuses.get(201) ?? 0) === usedTokens ? rows - storedRows : null,
        cpuPerPostMs,
      },
      recomputeMs: round(recompute.ms),
      floors: {
        postgresInsert: {
          rows: pgFloor.rows,
          seconds: round(pgFloor.ms / 1000, 2),
          rowsPerSecond: pgFloor.rowsPerSecond,
          ratio: round(ballotSeconds / (pgFloor.ms / 1000), 1),
        },
        natsPublish: {
          events: natsFloor.events,
          seconds: round(natsFloor.ms / 1000, 2),
          eventsByService: events,
          ratio: round(cycleSeconds / (natsFloor.ms / 1000), 1),
        },
        handRankingQuery: { rows: hand.rows, ms: round(hand.ms), ratio: round(recompute.ms / hand.ms, 2) },
      },
      memoryMiB: memory,
    };
    const table = [
      `province benchmark — ${figures.machine}; ${APPS.join(', ')} as separate processes, load generator on the same machine; load average ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
      `sizes: ${UNITS.toLocaleString()} units, ${CADRES.toLocaleString()} cadres, ${blocks.length} democratic-evaluation campaigns, ${casts.length.toLocaleString()} voters (${VOTERS_PER_UNIT} per unit) each rating the ~${round(rows / casts.length, 1)} cadres of one other unit: ${casts.length.toLocaleString()} ballot POSTs = ${rows.toLocaleString()} ballot rows (one row per rated target)`,
      '',
      '| phase | wall time | what |',
      '|---|---|---|',
      ...phases.map((p) => `| ${p.phase} | ${p.seconds} s | ${p.note} |`),
      `| **end to end** | **${figures.endToEndSeconds} s** | |`,
      '',
      '| measure | figure |',
      '|---|---|',
      `| ballot ingest | ${figures.ballots.postsPerSecond.toLocaleString()} POSTs/s = **${figures.ballots.rowsPerSecond.toLocaleString()} rows/s** |`,
      `| latency per POST (${CONCURRENCY} concurrent) | p50 ${figures.ballots.latencyMs.p50} ms · **p99 ${figures.ballots.latencyMs.p99} ms** · max ${figures.ballots.latencyMs.max} ms |`,
      `| statuses | ${JSON.stringify(figures.ballots.statuses)}; rows stored ${storedRows.toLocaleString()}, tokens used ${usedTokens.toLocaleString()} |`,
      `| CPU per POST (ms) | ${Object.entries(cpuPerPostMs)
        .map(([k, v]) => `${k} ${v}`)
        .join(' · ')} |`,
      `| ranking recompute through the gateway (median of 3) | ${figures.recomputeMs} ms |`,
      `| peak RSS (MiB) | ${Object.entries(memory)
        .map(([k, v]) => `${k} ${v.peakRssMiB}`)
        .join(' · ')} |`,
      '',
      '| floor (same run, same servers) | workload | floor | ratio |',
      '|---|---|---|---|',
      `| ${rows.toLocaleString()} ballot rows: through the gateway vs multi-row INSERT (5,000 a statement) into a scratch table | ${figures.ballots.seconds} s | ${figures.floors.postgresInsert.seconds} s (${pgFloor.rowsPerSecond.toLocaleString()} rows/s) | ${figures.floors.postgresInsert.ratio}× |`,
      `| ${eventCount.toLocaleString()} events (every outbox row of the run): the cycle's phases vs JetStream publishes to a scratch stream | ${round(cycleSeconds, 1)} s | ${figures.floors.natsPublish.seconds} s | ${figures.floors.natsPublish.ratio}× |`,
      `| ranking of ${CADRES.toLocaleString()} cadres: recompute vs the hand-written query | ${figures.recomputeMs} ms | ${figures.floors.handRankingQuery.ms} ms | ${figures.floors.handRankingQuery.ratio}× |`,
    ].join('\n');
    writeResults('province', figures, table);
    process.stdout.write(`service logs: ${stack.logDir}\n`);
  } finally {
    await pg.end();
    await stack.stop();
  }
}

void main().catch((err: Error) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
