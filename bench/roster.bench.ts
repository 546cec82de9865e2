// npm run bench -- roster [count]
// Import of 100,000 cadres through the gateway (CSV upload → set-based upsert), the outbox draining
// their events to JetStream, and list/search latency (p50/p99) over that roster, all through the
// gateway with the services as separate processes. Targets (issue 3): import < 30 s, list p99 < 50 ms.
import { Client } from 'pg';
import { TEST_DATABASE_URL } from '@cadre/testing';
import { DemoClient } from '../scripts/demo/demo-client';
import { DEMO_SEED, loadDistrict } from '../scripts/demo/roster';
import { generateCadres, generateDistrict } from '../scripts/demo/district';
import { cadresToCsv } from '../apps/roster/src/imports/roster-sheet';
import { api, latencies, machine, round, startStack, tenantToken, writeResults } from './harness';

const COUNT = Number(process.argv[2] ?? 100_000);
const REQUESTS = 300;

async function main(): Promise<void> {
  const stack = await startStack(['roster', 'gateway']);
  const pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();
  try {
    const token = await tenantToken(stack.base, 'bench');
    await loadDistrict(new DemoClient(stack.base.replace(/\/api\/v1$/, ''), 'bench', token));
    const district = generateDistrict({ seed: DEMO_SEED });
    const cadres = generateCadres({
      seed: 11,
      count: COUNT,
      units: district.units,
      teams: district.teams,
      personnelPrefix: 'BEN',
    });
    const csv = Buffer.from(cadresToCsv(cadres), 'utf8');
    process.stdout.write(
      `importing ${COUNT.toLocaleString()} cadres (${(csv.length / 2 ** 20).toFixed(1)} MB CSV) …\n`,
    );

    const form = new FormData();
    form.append('file', new Blob([csv]), 'bench.csv');
    const started = performance.now();
    const res = await fetch(`${stack.base}/roster/imports?dryRun=false`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const importMs = performance.now() - started;
    const result = (await res.json()) as { created: number };
    if (res.status !== 200 || result.created !== COUNT)
      throw new Error(`import: ${res.status} ${JSON.stringify(result).slice(0, 300)}`);
    process.stdout.write(
      `  imported in ${(importMs / 1000).toFixed(1)} s; waiting for the outbox to publish the events …\n`,
    );
    const pending = async () =>
      Number(
        (await pg.query(`SELECT count(*) FROM "${stack.namespace}_roster".outbox WHERE published_at IS NULL`)).rows[0]
          .count,
      );
    while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 200));
    const publishedMs = performance.now() - started;

    const again = await fetch(`${stack.base}/roster/imports?dryRun=false`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const reimportMs = performance.now() - started - publishedMs;
    const reimport = (await again.json()) as { unchanged: number; created: number; updated: number };

    const units = (await api(stack.base, 'GET', '/units?limit=100', token)).body.items as Array<{
      id: string;
      fieldId: string;
    }>;
    const firstPage = (await api(stack.base, 'GET', '/cadres?limit=50', token)).body;
    const deepCursor = await (async () => {
      let cursor = firstPage.nextCursor;
      // 250 pages of 200 (the largest page a list gives): 50,050 rows deep, as with 200 pages of 250 before.
      for (let i = 0; i < 250; i++)
        cursor = (await api(stack.base, 'GET', `/cadres?limit=200&cursor=${cursor}`, token)).body.nextCursor;
      return cursor as string;
    })();
    const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
    const get = (url: string) => async () => {
      const r = await api(stack.base, 'GET', url, token);
      if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    };
    const queries: Record<string, (i: number) => Promise<void>> = {
      'list, first page (50)': get('/cadres?limit=50'),
      'list, page 50,000+ (cursor)': get(`/cadres?limit=50&cursor=${deepCursor}`),
      'filter by unit': (i) => get(`/cadres?unitId=${units[i % units.length].id}&limit=50`)(),
      'filter by field + tag young': (i) =>
        get(`/cadres?fieldId=${units[i % units.length].fieldId}&tag=young&limit=50`)(),
      'search name (q=姓)': (i) => get(`/cadres?q=${encodeURIComponent(surnames[i % surnames.length])}&limit=50`)(),
      'search name (q=2 chars)': (i) =>
        get(`/cadres?q=${encodeURIComponent(cadres[(i * 7919) % COUNT].name.slice(0, 2))}&limit=50`)(),
      'sort by -updatedAt': get('/cadres?sort=-updatedAt&limit=50'),
      'get one cadre': async () => get(`/cadres/${firstPage.items[0].id}`)(),
    };
    const latency: Record<string, Awaited<ReturnType<typeof latencies>>> = {};
    for (const [label, call] of Object.entries(queries)) latency[label] = await latencies(REQUESTS, call);

    const figures = {
      machine: machine(),
      cadres: COUNT + 299,
      importSeconds: round(importMs / 1000, 2),
      importRowsPerSecond: Math.round(COUNT / (importMs / 1000)),
      eventsPublishedSeconds: round(publishedMs / 1000, 2),
      reimportUnchangedSeconds: round(reimportMs / 1000, 2),
      reimport: { unchanged: reimport.unchanged, created: reimport.created, updated: reimport.updated },
      latencyMs: latency,
    };
    const table = [
      `roster benchmark — ${figures.machine}`,
      '',
      '| measure | figure | target |',
      '|---|---|---|',
      `| import ${COUNT.toLocaleString()} cadres (CSV, through the gateway) | ${figures.importSeconds} s (${figures.importRowsPerSecond.toLocaleString()} rows/s) | < 30 s |`,
      `| … and their ${COUNT.toLocaleString()} events published to JetStream | ${figures.eventsPublishedSeconds} s after the upload began | |`,
      `| re-import of the same file (all unchanged) | ${figures.reimportUnchangedSeconds} s | |`,
      ...Object.entries(latency).map(
        ([label, l]) =>
          `| ${label} over ${(COUNT + 299).toLocaleString()} cadres | p50 ${l.p50} ms · p99 ${l.p99} ms | p99 < 50 ms |`,
      ),
    ].join('\n');
    writeResults('roster', figures, table);
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
