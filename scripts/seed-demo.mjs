// The demo tenant `lvyuan` (绿园区委组织部) with its org officer, loaded through the public API on an
// empty database (CONTRACT.md "Auth"). Seeding is skipped when the tenant already exists, so a restart
// keeps whatever the demo user changed. The full district (73 units, 299 cadres) comes from the roster's
// generator; this seed lays the fields (领域) and a first set of units.

export const DEMO = { tenant: 'lvyuan', name: '中共长春市绿园区委组织部', officer: { username: 'officer', password: 'demo12345' } };

const FIELDS = [
  ['party', '党群'],
  ['economy', '经济'],
  ['law', '政法'],
  ['urban', '城建'],
  ['social', '社会事业'],
  ['towns', '镇街'],
];

const UNITS = [
  ['LY-ZZB', '区委组织部', 'department', 'party'],
  ['LY-XCB', '区委宣传部', 'department', 'party'],
  ['LY-FGJ', '区发展和改革局', 'department', 'economy'],
  ['LY-CZJ', '区财政局', 'department', 'economy'],
  ['LY-GAFJ', '区公安分局', 'department', 'law'],
  ['LY-ZJJ', '区住房和城乡建设局', 'department', 'urban'],
  ['LY-JYJ', '区教育局', 'department', 'social'],
  ['LY-HQZ', '合心镇', 'town', 'towns'],
  ['LY-CTJD', '城西街道', 'street', 'towns'],
  ['LY-KFQ', '绿园经济开发区', 'zone', 'economy'],
];

async function api(base, method, path, token, body) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  return { status: res.status, body: json };
}

async function login(base, tenant, username, password) {
  const res = await api(base, 'POST', '/auth/login', null, { tenant, username, password });
  if (res.status !== 200) throw new Error(`login ${tenant}/${username}: ${res.status} ${res.body?.detail ?? ''}`);
  return res.body.accessToken;
}

export async function seedDemo(base, log = console.log) {
  const admin = await login(base, 'system', 'admin', process.env.ADMIN_PASSWORD ?? 'admin12345');
  const created = await api(base, 'POST', '/tenants', admin, { code: DEMO.tenant, name: DEMO.name, timezone: 'Asia/Shanghai', officer: DEMO.officer });
  if (created.status === 409) {
    log(`demo tenant ${DEMO.tenant} already exists: left as it is`);
    return;
  }
  if (created.status !== 201) throw new Error(`create tenant: ${created.status} ${created.body?.detail ?? ''}`);
  const token = await login(base, DEMO.tenant, DEMO.officer.username, DEMO.officer.password);
  const fieldIds = {};
  for (const [code, name] of FIELDS) {
    const res = await api(base, 'POST', '/fields', token, { code, name });
    if (res.status !== 201) throw new Error(`field ${code}: ${res.status} ${res.body?.detail ?? ''}`);
    fieldIds[code] = res.body.id;
  }
  for (const [code, name, kind, field] of UNITS) {
    const res = await api(base, 'POST', '/units', token, { code, name, kind, fieldId: fieldIds[field] });
    if (res.status !== 201) throw new Error(`unit ${code}: ${res.status} ${res.body?.detail ?? ''}`);
  }
  log(`demo tenant ${DEMO.tenant}: ${FIELDS.length} fields, ${UNITS.length} units`);
}
