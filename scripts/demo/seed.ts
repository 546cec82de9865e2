/**
 * The demo tenant `lvyuan` (绿园区委组织部), loaded through the public API only, as an org officer
 * would enter it (CONTRACT.md "Auth"): the demo district (73 units, their leadership teams, 299
 * cadres) by hand and in one roster file, this year's task lists, responsibilities and political
 * observations, the assessors (考核组 kaohe1…kaohe6) and their groups, three years of half-yearly
 * cycles opened, worked (望闻问切, reviews with ballots) and closed by hand, the 2022 epidemic random
 * appraisal with its wartime file, each past year's annual evaluation (年度综合评价), and the current
 * half-year open. Deterministic: everything written
 * follows from fixed seeds and natural keys (personnel numbers, unit codes, cycle names).
 *
 * Seeding is skipped when the tenant already exists, so a restart keeps whatever the demo user changed.
 * `npm start` runs it (scripts/start.mjs); by hand: `node -r ts-node/register/transpile-only
 * -r tsconfig-paths/register scripts/demo/seed.ts http://localhost:3000` (TS_NODE_PROJECT=tsconfig.json).
 */
import { DemoCycle, loadAnnual } from './annual';
import { loadAppraisal } from './appraisal';
import { loadChecklists } from './checklists';
import { CONCURRENCY, DemoClient, pool } from './demo-client';
import { rectifyPastCycles, ReviewCadre, ReviewUnit, reviewCycle, reviewGrassroots } from './review';
import { DemoTeam, teamCycle } from './teams';
import { loadDistrict } from './roster';

export const DEMO = {
  tenant: 'lvyuan',
  name: '中共长春市绿园区委组织部',
  officer: { username: 'officer', password: 'demo-pass-2026' },
  assessors: 6,
};

async function login(
  gateway: string,
  tenant: string,
  username: string,
  password: string,
): Promise<{ token: string; id: string }> {
  const res = await fetch(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  const body: any = await res.json().catch(() => null);
  if (res.status !== 200) throw new Error(`login ${tenant}/${username}: ${res.status} ${body?.detail ?? ''}`);
  return { token: body.accessToken, id: body.user?.id };
}

export async function seedDemo(gateway: string, log: (line: string) => void = console.log): Promise<void> {
  const admin = await login(gateway, 'system', 'admin', process.env.ADMIN_PASSWORD ?? 'system-pass-2026');
  const system = new DemoClient(gateway, 'system', admin.token);
  const created = await system.http.send('POST', '/tenants', {
    token: admin.token,
    key: `demo:tenant:${DEMO.tenant}`,
    body: { code: DEMO.tenant, name: DEMO.name, timezone: 'Asia/Shanghai', officer: DEMO.officer },
  });
  // A second start within the day the gateway keeps the key answers the first 201 again (replayed):
  // the tenant exists as surely as with a 409.
  if (created.status === 409 || created.headers.get('idempotent-replayed') === 'true') {
    log(`demo tenant ${DEMO.tenant} already exists: left as it is`);
    return;
  }
  if (created.status !== 201) throw new Error(`create tenant: ${created.status} ${created.body?.detail ?? ''}`);
  const officer = await login(gateway, DEMO.tenant, DEMO.officer.username, DEMO.officer.password);
  const api = new DemoClient(gateway, DEMO.tenant, officer.token);
  const now = new Date();

  const d = await loadDistrict(api);
  log(`demo tenant ${DEMO.tenant}: ${d.fields} fields, ${d.units} units, ${d.teams} teams, ${d.cadres} cadres`);
  const cadres = (await api.all<ReviewCadre>('/cadres', 100)).sort((a, b) =>
    a.personnelNo.localeCompare(b.personnelNo),
  );
  const units = (await api.all<ReviewUnit>('/units', 100)).sort((a, b) => a.code.localeCompare(b.code));
  const teams = (await api.all<DemoTeam>('/teams', 200)).sort((a, b) => a.name.localeCompare(b.name));

  // 考核组 members, then the appraisal history and the review of its past cycles — beside this year's
  // checklists (other services), once the political observations are in: their verdicts gate `excellent`.
  const assessorIds: string[] = [];
  for (let i = 1; i <= DEMO.assessors; i++) {
    const user = await api.write(
      'POST',
      '/users',
      `user:kaohe${i}`,
      { username: `kaohe${i}`, password: DEMO.officer.password, roles: ['assessor'] },
      [201],
    );
    assessorIds.push(user.id);
  }
  let observed: (ids: string[]) => void = () => undefined;
  const observations = new Promise<string[]>((resolve) => (observed = resolve));
  const checklists = loadChecklists(api, cadres, { now, newTenant: true, onObserved: (ids) => observed(ids) }).then(
    (c) => {
      log(
        `demo checklists: ${c.tasks} tasks, ${c.responsibilities} responsibilities, ${c.observations} political observations for ${c.cadres} cadres`,
      );
    },
  );
  const r = { cycles: 0, campaigns: 0, ballots: 0 };
  const t = { appraisals: 0, steps: 0, campaigns: 0, ballots: 0 };
  const reviewed: Array<{ id: string; name: string }> = [];
  const appraisal = (async () => {
    const verdicts = new Map<string, string>();
    await pool(await observations, CONCURRENCY, async (cadreId) => {
      verdicts.set(cadreId, (await api.get<{ verdict: string }>(`/cadres/${cadreId}/political-file`)).verdict);
    });
    return loadAppraisal(api, cadres, assessorIds, {
      now,
      verdicts,
      whileOpen: async (cycle) => {
        const review = await reviewCycle(api, cycle, units, cadres);
        // The other half of top-down review: the departments rate the towns, streets and zones.
        const grassroots = await reviewGrassroots(api, cycle, units);
        reviewed.push({ id: cycle.id, name: cycle.name });
        r.cycles += 1;
        r.campaigns += review.campaigns + grassroots.campaigns;
        r.ballots += review.ballots + grassroots.ballots;
        // 班子考核 of the same half-year: the teams' steps and their democratic evaluation.
        const team = await teamCycle(api, cycle, teams);
        t.appraisals += team.appraisals;
        t.steps += team.steps;
        t.campaigns += team.campaigns;
        t.ballots += team.ballots;
      },
    });
  })();
  // Both settle before either failure is reported: no request left running behind a thrown error.
  const [listed, appraised] = await Promise.allSettled([checklists, appraisal]);
  if (listed.status === 'rejected') throw listed.reason;
  if (appraised.status === 'rejected') throw appraised.reason;
  const a = appraised.value;
  log(
    `demo appraisal: ${a.cycles} cycles, ${a.appraisals} appraisals with ${a.steps} steps (望闻问切), ${a.wartimeRecords} wartime records, ${a.groups} assessment groups (assessors kaohe1…kaohe${DEMO.assessors})`,
  );
  log(`demo review: ${r.campaigns} campaigns with ${r.ballots} ballots over ${r.cycles} past cycles`);
  log(
    `demo teams: ${t.appraisals} team appraisals with ${t.steps} steps (班子考核), ${t.campaigns} team campaigns with ${t.ballots} ballots (班子民主测评)`,
  );
  // Once the past cycles are published: each past year's annual evaluation (年度综合评价).
  const annual = await loadAnnual(api, await api.all<DemoCycle>('/cycles', 100), now);
  log(`demo annual: ${annual.map((y) => `${y.year} (${y.cadres} cadres, ${y.teams} teams)`).join(', ') || 'none'}`);
  // Once the past cycles are closed: the department's two-way opinions with rectification items.
  const rect = await rectifyPastCycles(api, reviewed, now);
  log(`demo rectification: ${rect.opinions} two-way opinions with ${rect.items} rectification items`);
}

if (require.main === module) {
  const gateway = process.argv[2] ?? `http://localhost:${process.env.GATEWAY_PORT ?? 3000}`;
  seedDemo(gateway).catch((err) => {
    process.stderr.write(`✗ demo seed failed: ${err.message}\n`);
    process.exit(1);
  });
}
