// The demo tenant `lvyuan` (绿园区委组织部) with its org officer, loaded through the public API on an
// empty database (CONTRACT.md "Auth"), then the demo district (73 units, their leadership teams,
// 299 cadres, deterministic: the roster's generator) through POST /roster/demo-district, then their
// task lists, responsibilities and political observations through POST /checklists/demo, then the
// assessors (考核组 kaohe1…kaohe6) and three years of appraisal cycles through POST /appraisal/demo, then
// the review of the past cycles (democratic evaluation, top-down and bottom-up review with ballots)
// through POST /review/demo once the appraisal demo's cycles have reached review. Seeding is
// skipped when the tenant already exists, so a restart keeps whatever the demo user changed.

export const DEMO = { tenant: 'lvyuan', name: '中共长春市绿园区委组织部', officer: { username: 'officer', password: 'demo-pass-2026' }, assessors: 6 };

async function api(base, method, path, token, body) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function login(base, tenant, username, password) {
  const res = await api(base, 'POST', '/auth/login', null, { tenant, username, password });
  if (res.status !== 200) throw new Error(`login ${tenant}/${username}: ${res.status} ${res.body?.detail ?? ''}`);
  return res.body.accessToken;
}

export async function seedDemo(base, log = console.log) {
  const admin = await login(base, 'system', 'admin', process.env.ADMIN_PASSWORD ?? 'system-pass-2026');
  const created = await api(base, 'POST', '/tenants', admin, { code: DEMO.tenant, name: DEMO.name, timezone: 'Asia/Shanghai', officer: DEMO.officer });
  if (created.status === 409) {
    log(`demo tenant ${DEMO.tenant} already exists: left as it is`);
    return;
  }
  if (created.status !== 201) throw new Error(`create tenant: ${created.status} ${created.body?.detail ?? ''}`);
  const token = await login(base, DEMO.tenant, DEMO.officer.username, DEMO.officer.password);
  const district = await api(base, 'POST', '/roster/demo-district', token);
  if (district.status !== 201) throw new Error(`demo district: ${district.status} ${district.body?.detail ?? ''}`);
  const d = district.body;
  log(`demo tenant ${DEMO.tenant}: ${d.fields} fields, ${d.units} units, ${d.teams} teams, ${d.cadres} cadres`);

  // The checklists learn the cadres from the roster's events: wait until they have arrived.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const lists = await api(base, 'POST', '/checklists/demo', token, { expectedCadres: d.cadres });
    if (lists.status === 201) {
      const c = lists.body;
      log(`demo checklists: ${c.tasks} tasks, ${c.responsibilities} responsibilities, ${c.observations} political observations for ${c.cadres} cadres`);
      break;
    }
    if (lists.status !== 409 || Date.now() > deadline) throw new Error(`demo checklists: ${lists.status} ${lists.body?.detail ?? ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }

  // 考核组 members, then the appraisal history (it also waits for the roster's events).
  const assessorIds = [];
  for (let i = 1; i <= DEMO.assessors; i++) {
    const res = await api(base, 'POST', '/users', token, { username: `kaohe${i}`, password: DEMO.officer.password, roles: ['assessor'] });
    if (res.status !== 201) throw new Error(`demo assessor kaohe${i}: ${res.status} ${res.body?.detail ?? ''}`);
    assessorIds.push(res.body.id);
  }
  const appraisalDeadline = Date.now() + 60_000;
  let pastCycles;
  for (;;) {
    const res = await api(base, 'POST', '/appraisal/demo', token, { assessorUserIds: assessorIds, expectedCadres: d.cadres });
    if (res.status === 201) {
      const a = res.body;
      log(`demo appraisal: ${a.cycles} cycles, ${a.appraisals} appraisals with ${a.steps} steps (望闻问切), ${a.wartimeRecords} wartime records, ${a.groups} assessment groups (assessors kaohe1…kaohe${DEMO.assessors})`);
      pastCycles = a.pastPeriodic;
      break;
    }
    if (res.status !== 409 || Date.now() > appraisalDeadline) throw new Error(`demo appraisal: ${res.status} ${res.body?.detail ?? ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }

  await seedReview(base, token, log, pastCycles);
}

/**
 * Review learns the past cycles from the appraisal service's events (appraisal.cycle.*), so this runs
 * after the appraisal demo and retries until they have arrived. Without an appraisal demo there are
 * no past cycles: the step is skipped with a note rather than failing the start.
 */
async function seedReview(base, token, log, expectedCycles) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const review = await api(base, 'POST', '/review/demo', token, expectedCycles ? { expectedCycles } : undefined);
    if (review.status === 201) {
      const r = review.body;
      log(`demo review: ${r.campaigns} campaigns with ${r.ballots} ballots over ${r.cycles} past cycles`);
      return;
    }
    if (review.status !== 409 && review.status !== 503) throw new Error(`demo review: ${review.status} ${review.body?.detail ?? ''}`);
    if (Date.now() > deadline) {
      log(`demo review skipped: ${review.body?.detail ?? review.status}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
