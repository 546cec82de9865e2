import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { dropNamespace, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { createTenant, login, startAppraisal, startGateway, startRoster } from '../support';

const SECRET = 'test-secret-that-is-at-least-32-characters-long';

/**
 * Every kind of bad input gets the right status and an RFC 9457 problem naming what is wrong,
 * and writes nothing: the rows of the roster (units, fields, outbox) and the gateway's users are
 * counted before and after each case.
 */
describe('bad input', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let appraisal: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let officer: string;
  let otherOfficer: string;
  let fieldId: string;
  let otherUnitId: string;
  let otherFieldId: string;

  const http = () => request(gateway.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  async function rowCounts(): Promise<Record<string, number>> {
    const [row] = await db.query(`
      SELECT (SELECT count(*) FROM "${namespace}_roster".units)::int AS units,
             (SELECT count(*) FROM "${namespace}_roster".fields)::int AS fields,
             (SELECT count(*) FROM "${namespace}_roster".outbox)::int AS outbox,
             (SELECT count(*) FROM "${namespace}_gateway".users)::int AS users,
             (SELECT count(*) FROM "${namespace}_gateway".tenants)::int AS tenants`);
    return row;
  }

  /** Sends the request and checks it is refused with `status` as problem+json; nothing is written. */
  async function refused(send: () => request.Test, status: number, fields: string[] = []): Promise<request.Response> {
    const before = await rowCounts();
    const res = await send();
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status } });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(
      expect.objectContaining({ type: expect.any(String), title: expect.any(String), detail: expect.any(String) }),
    );
    if (fields.length > 0)
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
    for (const e of res.body.errors ?? []) expect(e.message).toEqual(expect.any(String));
    await new Promise((r) => setTimeout(r, 50)); // the audit insert is after the response; it is not counted
    expect(await rowCounts()).toEqual(before);
    return res;
  }

  beforeAll(async () => {
    roster = await startRoster(namespace);
    appraisal = await startAppraisal(namespace);
    gateway = await startGateway(namespace, { JWT_SECRET: SECRET });
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    officer = (await createTenant(gateway, 'lvyuan')).token;
    otherOfficer = (await createTenant(gateway, 'nanguan')).token;
    fieldId = (await http().post('/api/v1/fields').set(auth(officer)).send({ code: 'economy', name: '经济' })).body.id;
    otherFieldId = (await http().post('/api/v1/fields').set(auth(otherOfficer)).send({ code: 'economy', name: '经济' }))
      .body.id;
    otherUnitId = (
      await http()
        .post('/api/v1/units')
        .set(auth(otherOfficer))
        .send({ code: 'NG-1', name: '南关区发改局', kind: 'department' })
    ).body.id;
  });

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
    await appraisal?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('missing fields: 400 naming each', async () => {
    const res = await refused(() => http().post('/api/v1/units').set(auth(officer)).send({}), 400, [
      'code',
      'name',
      'kind',
    ]);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: '必须提供' },
        { field: 'code', message: '必须提供' },
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain('value');
  });

  it('wrong types: 400 naming each', async () => {
    await refused(
      () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .send({ code: 42, name: ['x'], kind: 'town', fieldId: 7 }),
      400,
      ['code', 'name', 'fieldId'],
    );
  });

  it('unknown enum value: 400 listing the allowed values', async () => {
    const res = await refused(
      () => http().post('/api/v1/units').set(auth(officer)).send({ code: 'X1', name: '某单位', kind: 'city' }),
      400,
      ['kind'],
    );
    expect(res.body.errors[0].message).toContain('department, town, street, zone');
  });

  it('unknown property: 400, not silently dropped', async () => {
    await refused(
      () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .send({ code: 'X1', name: '某单位', kind: 'town', tenantId: randomUUID() }),
      400,
      ['tenantId'],
    );
  });

  it('nested errors are named by path', async () => {
    const admin = await login(gateway, 'system', 'admin', 'system-pass-2026');
    await refused(
      () =>
        http()
          .post('/api/v1/tenants')
          .set(auth(admin))
          .send({ code: 'Bad Code', name: '', timezone: 'Mars/Base', officer: { username: 'x', password: 'short' } }),
      400,
      ['code', 'name', 'timezone', 'officer.username', 'officer.password'],
    );
  });

  it('bad JSON: 400 naming body, in Chinese', async () => {
    const res = await refused(
      () =>
        http().post('/api/v1/units').set(auth(officer)).set('content-type', 'application/json').send('{"code": "X1", '),
      400,
      ['body'],
    );
    expect(res.body.errors[0].message).toBe('不是合法的 JSON');
    await refused(
      () => http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"tenant": '),
      400,
      ['body'],
    );
  });

  it('JSON nested deeper than 32 levels: 400 naming body, also on a route without login (was a 500)', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const send = (path: string, body: string, token?: string) => {
      const req = http().post(path).set('content-type', 'application/json');
      return (token ? req.set(auth(token)) : req).send(body);
    };
    for (const body of [
      deep(100_000),
      `{"tenant":"lvyuan","username":"officer","password":${deep(33)}}`,
      '{"a":'.repeat(40) + '1' + '}'.repeat(40),
    ]) {
      const res = await refused(() => send('/api/v1/auth/login', body), 400, ['body']);
      expect(res.body.errors[0].message).toBe('JSON 嵌套不得超过 32 层');
    }
    await refused(() => send('/api/v1/units', deep(100_000), officer), 400, ['body']);
    // 32 levels are still read and validated as usual: the DTO names the field.
    await refused(
      () => send('/api/v1/units', JSON.stringify({ code: 'D32', name: JSON.parse(deep(31)), kind: 'town' }), officer),
      400,
      ['name'],
    );
  });

  it('a body that is not JSON: 415 naming content-type (it is not read as an empty body)', async () => {
    const json = JSON.stringify({ code: 'T415', name: '合心镇', kind: 'town' });
    await refused(
      () => http().post('/api/v1/units').set(auth(officer)).set('content-type', 'text/plain').send(json),
      415,
      ['content-type'],
    );
    await refused(
      () =>
        http()
          .put(`/api/v1/roster/settings`)
          .set(auth(officer))
          .set('content-type', 'application/x-www-form-urlencoded')
          .send('youngAgeLimit=30'),
      415,
      ['content-type'],
    );
    const typed = await http()
      .post('/api/v1/units')
      .set(auth(officer))
      .set('content-type', 'application/merge-patch+json')
      .send(json);
    expect(typed.status).toBe(201);
  });

  it('oversize body: 413', async () => {
    await refused(
      () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .send({ code: 'X1', name: 'x'.repeat(1_100_000), kind: 'town' }),
      413,
    );
  });

  it('a string over its limit: 400', async () => {
    await refused(
      () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .send({ code: 'X1', name: '名'.repeat(101), kind: 'town' }),
      400,
      ['name'],
    );
  });

  it('no token, a malformed token, a token signed with another key, an expired token: 401', async () => {
    await refused(() => http().post('/api/v1/units').send({ code: 'X1', name: '某单位', kind: 'town' }), 401);
    await refused(
      () =>
        http()
          .post('/api/v1/units')
          .set('authorization', 'Bearer not.a.jwt')
          .send({ code: 'X1', name: '某单位', kind: 'town' }),
      401,
    );
    const claims = { sub: randomUUID(), usr: 'officer', tid: randomUUID(), tcd: 'lvyuan', roles: ['org_officer'] };
    const forged = await new JwtService({ secret: 'another-secret-another-secret-another' }).signAsync(claims);
    await refused(
      () => http().post('/api/v1/units').set(auth(forged)).send({ code: 'X1', name: '某单位', kind: 'town' }),
      401,
    );
    const expired = await new JwtService({ secret: SECRET }).signAsync({
      ...claims,
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    const res = await refused(() => http().get('/api/v1/units').set(auth(expired)), 401);
    expect(res.body.detail).toContain('过期');
    await refused(() => http().get('/api/v1/units').set('authorization', 'Basic b2ZmaWNlcjpkZW1v'), 401);
  });

  it('a wrong password and an unknown user get the same 401', async () => {
    const wrong = await refused(
      () =>
        http().post('/api/v1/auth/login').send({ tenant: 'lvyuan', username: 'officer', password: 'wrong-password' }),
      401,
    );
    const unknown = await refused(
      () =>
        http().post('/api/v1/auth/login').send({ tenant: 'nowhere', username: 'nobody', password: 'wrong-password' }),
      401,
    );
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('wrong role: 403', async () => {
    await http()
      .post('/api/v1/users')
      .set(auth(officer))
      .send({ username: 'cadre1', password: 'cadre-pass-1', roles: ['cadre'] })
      .expect(201);
    const cadre = await login(gateway, 'lvyuan', 'cadre1', 'cadre-pass-1');
    await refused(
      () => http().post('/api/v1/units').set(auth(cadre)).send({ code: 'X1', name: '某单位', kind: 'town' }),
      403,
    );
    await refused(() => http().post('/api/v1/fields').set(auth(cadre)).send({ code: 'x', name: '某领域' }), 403);
    await refused(
      () =>
        http()
          .post('/api/v1/users')
          .set(auth(cadre))
          .send({ username: 'x2', password: 'password-2', roles: ['cadre'] }),
      403,
    );
    await refused(
      () =>
        http()
          .post('/api/v1/tenants')
          .set(auth(officer))
          .send({
            code: 'x',
            name: 'x',
            timezone: 'Asia/Shanghai',
            officer: { username: 'o', password: 'password-1' },
          }),
      403,
    );
    // An officer cannot make an administrator.
    await refused(
      () =>
        http()
          .post('/api/v1/users')
          .set(auth(officer))
          .send({ username: 'root2', password: 'password-2', roles: ['admin'] }),
      403,
    );
  });

  it("another tenant's id: 404 exactly as an id that does not exist", async () => {
    const foreign = await refused(() => http().get(`/api/v1/units/${otherUnitId}`).set(auth(officer)), 404);
    const missing = await refused(() => http().get(`/api/v1/units/${randomUUID()}`).set(auth(officer)), 404);
    expect(foreign.body.detail).toBe(missing.body.detail);
    await refused(() => http().patch(`/api/v1/units/${otherUnitId}`).set(auth(officer)).send({ name: '改名' }), 404);
    // The other tenant's unit is untouched.
    const theirs = await http().get(`/api/v1/units/${otherUnitId}`).set(auth(otherOfficer));
    expect(theirs.body.name).toBe('南关区发改局');
  });

  it("a reference to another tenant's field: 422 naming fieldId, as for an unknown field", async () => {
    await refused(
      () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .send({ code: 'X1', name: '某单位', kind: 'town', fieldId: otherFieldId }),
      422,
      ['fieldId'],
    );
    await refused(
      () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .send({ code: 'X1', name: '某单位', kind: 'town', fieldId: randomUUID() }),
      422,
      ['fieldId'],
    );
  });

  it("a user linked to another tenant's cadre, or to none: 422 naming cadreId", async () => {
    const theirs = await http().post('/api/v1/cadres').set(auth(otherOfficer)).send({
      personnelNo: 'NG-1',
      name: '南关干部',
      gender: 'male',
      birthDate: '1980-01-01',
      unitId: otherUnitId,
      position: '局长',
    });
    expect(theirs.status).toBe(201);
    for (const cadreId of [theirs.body.id, randomUUID()]) {
      await refused(
        () =>
          http()
            .post('/api/v1/users')
            .set(auth(officer))
            .send({ username: 'linked1', password: 'password-1', roles: ['cadre'], cadreId }),
        422,
        ['cadreId'],
      );
    }
  });

  it('an id that is not a UUID: 400 naming id', async () => {
    await refused(() => http().get('/api/v1/units/not-a-uuid').set(auth(officer)), 400, ['id']);
  });

  it('a bad query parameter and a bad cursor: 400', async () => {
    await refused(() => http().get('/api/v1/units?limit=100000').set(auth(officer)), 400, ['limit']);
    await refused(() => http().get('/api/v1/units?cursor=@@@').set(auth(officer)), 400, ['cursor']);
  });

  it('a forged list cursor: 400 naming cursor on every list (a key of the right length but the wrong types was a 500)', async () => {
    const forge = (text: string) => Buffer.from(text).toString('base64url');
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const cycle = await http()
      .post('/api/v1/cycles')
      .set(auth(officer))
      .send({ kind: 'periodic', name: '游标周期', year: 2031, half: 1, opensAt: day(5), closesAt: day(30) });
    expect(cycle.status).toBe(201);
    const lists = [
      '/api/v1/units',
      '/api/v1/cadres',
      '/api/v1/cadres?sort=birthDate',
      '/api/v1/cadres?sort=-updatedAt',
      '/api/v1/cycles',
      '/api/v1/me/notifications',
      `/api/v1/cycles/${cycle.body.id}/appraisals`,
    ];
    const id = randomUUID();
    const forged = [
      ...[
        '["x","y"]',
        '[1,2]',
        '[null,null]',
        '[1e999,-1e999]',
        '[123456789012345678901234567890,1]',
        '["x"]',
        '[1]',
        '["x","y","z"]',
        '[{},[]]',
      ].map(forge),
      ...[
        ['name', 'x', 'y'],
        ['birthDate', '1980-02-30', id],
        ['-updatedAt', 'yesterday', id],
        ['-updatedAt', '2026-13-01 00:00:00+00', id],
        ['2026-06-01T00:00:00Z', 'not-a-uuid'],
        ['x\u0000', id],
      ].map((k) => forge(JSON.stringify(k))),
      '!!not-base64!!',
      'e30',
    ];
    for (const list of lists) {
      for (const cursor of forged) {
        await refused(
          () =>
            http()
              .get(`${list}${list.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`)
              .set(auth(officer)),
          400,
          ['cursor'],
        );
      }
    }
    // A cursor the list gave is still taken.
    await http()
      .post('/api/v1/units')
      .set(auth(officer))
      .send({ code: 'CUR1', name: '游标一', kind: 'town' })
      .expect(201);
    await http()
      .post('/api/v1/units')
      .set(auth(officer))
      .send({ code: 'CUR2', name: '游标二', kind: 'town' })
      .expect(201);
    const first = await http().get('/api/v1/units?limit=1').set(auth(officer)).expect(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    await http()
      .get(`/api/v1/units?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`)
      .set(auth(officer))
      .expect(200);
  });

  it('a duplicate code: 409, also when two requests race', async () => {
    await http()
      .post('/api/v1/units')
      .set(auth(officer))
      .send({ code: 'DUP', name: '重复', kind: 'town', fieldId })
      .expect(201);
    await refused(
      () => http().post('/api/v1/units').set(auth(officer)).send({ code: 'DUP', name: '重复', kind: 'town' }),
      409,
      ['code'],
    );
    const race = await Promise.all(
      [1, 2, 3, 4].map(() =>
        http().post('/api/v1/units').set(auth(officer)).send({ code: 'RACE', name: '并发', kind: 'town' }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('an unknown route: 404 problem', async () => {
    await refused(() => http().get('/api/v1/nothing-here').set(auth(officer)), 404);
  });

  describe('Idempotency-Key', () => {
    it('answers a repeat with the first response and creates once', async () => {
      const send = () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .set('Idempotency-Key', 'unit-once-1')
          .send({ code: 'IDEM', name: '幂等', kind: 'street' });
      const first = await send();
      expect(first.status).toBe(201);
      const before = await rowCounts();
      const again = await send();
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses the same key for a different request', async () => {
      await refused(
        () =>
          http()
            .post('/api/v1/units')
            .set(auth(officer))
            .set('Idempotency-Key', 'unit-once-1')
            .send({ code: 'IDEM2', name: '幂等', kind: 'street' }),
        422,
        ['Idempotency-Key'],
      );
    });

    it('gives a stored client error again rather than trying a second time', async () => {
      const send = () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .set('Idempotency-Key', 'dup-code-key')
          .send({ code: 'DUP', name: '重复', kind: 'town' });
      const first = await send();
      expect(first.status).toBe(409);
      const again = await send();
      expect(again.status).toBe(409);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('frees a key after 24 hours', async () => {
      const send = () =>
        http()
          .post('/api/v1/units')
          .set(auth(officer))
          .set('Idempotency-Key', 'day-old-key')
          .send({ code: 'OLD1', name: '过期键', kind: 'street' });
      expect((await send()).status).toBe(201);
      await db.query(
        `UPDATE "${namespace}_gateway".idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'day-old-key'`,
      );
      // The service keeps the key as long (libs/messaging request-keys.ts): a day later for it too.
      await db.query(`UPDATE "${namespace}_roster".request_keys SET created_at = now() - interval '25 hours'`);
      const again = await send();
      expect(again.status).toBe(409); // handled anew: the unit exists now
      expect(again.headers['idempotent-replayed']).toBeUndefined();
    });

    it('keys are per user: another user may use the same key', async () => {
      const res = await http()
        .post('/api/v1/units')
        .set(auth(otherOfficer))
        .set('Idempotency-Key', 'unit-once-1')
        .send({ code: 'IDEM', name: '幂等', kind: 'street' });
      expect(res.status).toBe(201);
    });
  });

  it('audits every mutating request, refused ones included, without storing bodies', async () => {
    const rows = await db.query(`SELECT action, status, username FROM "${namespace}_gateway".audit_log ORDER BY seq`);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'POST /api/v1/units', status: 201 }),
        expect.objectContaining({ action: 'POST /api/v1/units', status: 403 }),
        expect.objectContaining({ action: 'POST /api/v1/auth/login', status: 401, username: 'officer' }),
      ]),
    );
    const columns = await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'audit_log'`,
      [`${namespace}_gateway`],
    );
    expect(columns.map((c: { column_name: string }) => c.column_name)).not.toContain('body');
  });
});
