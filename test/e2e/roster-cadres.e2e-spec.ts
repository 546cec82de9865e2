import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  dropNamespace,
  eventually,
  ProbeConsumer,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
} from '@cadre/testing';
import { createTenant, login, startGateway, startRoster } from '../support';

/** The roster's endpoints for teams and cadres, the dynamic database, and their bad inputs. */
describe('roster: teams, cadres and their history', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let gateway: INestApplication;
  let probe: ProbeConsumer;
  let token: string;
  let other: string;
  let fieldId: string;
  let lawFieldId: string;
  let unitA: string;
  let unitB: string;
  let teamA: string;
  let teamB: string;
  const http = () => request(gateway.getHttpServer());
  const as = (t: string) => ({ authorization: `Bearer ${t}` });
  const post = (path: string, body: object, t = token) => http().post(`/api/v1${path}`).set(as(t)).send(body);
  const get = (path: string, t = token) => http().get(`/api/v1${path}`).set(as(t));

  const cadre = (over: Record<string, unknown> = {}) => ({
    personnelNo: `P-${randomUUID().slice(0, 8)}`,
    name: '王建国',
    gender: 'male',
    birthDate: '1978-05-12',
    unitId: unitA,
    teamId: teamA,
    position: '副局长',
    teamRole: 'deputy',
    rank: '副科级',
    education: '大学本科',
    ...over,
  });

  beforeAll(async () => {
    roster = await startRoster(namespace);
    gateway = await startGateway(namespace);
    probe = new ProbeConsumer({
      namespace,
      types: ['roster.team.created', 'roster.cadre.created', 'roster.cadre.updated', 'roster.cadre.transferred'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
    token = (await createTenant(gateway, 'lvyuan')).token;
    other = (await createTenant(gateway, 'nanguan')).token;
    fieldId = (await post('/fields', { code: 'economy', name: '经济' })).body.id;
    lawFieldId = (await post('/fields', { code: 'law', name: '政法' })).body.id;
    unitA = (await post('/units', { code: 'LY-FGJ', name: '区发展和改革局', kind: 'department', fieldId })).body.id;
    unitB = (await post('/units', { code: 'LY-GAJ', name: '区公安分局', kind: 'department', fieldId: lawFieldId })).body
      .id;
    teamA = (await post('/teams', { unitId: unitA, name: '区发改局领导班子' })).body.id;
    teamB = (await post('/teams', { unitId: unitB, name: '区公安分局领导班子' })).body.id;
  });

  afterAll(async () => {
    await probe?.stop();
    await gateway?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  describe('teams', () => {
    it('creates a team of a unit and emits roster.team.created', async () => {
      const res = await post('/teams', { unitId: unitA, name: '临时班子' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ unitId: unitA, name: '临时班子', memberCount: 0 });
      await eventually(async () =>
        (await probe.applied('roster.team.created')).some((e) => e.aggregate_id === res.body.id),
      );
    });

    it('refuses a duplicate name in the unit (409), an unknown or foreign unit (422), bad input (400)', async () => {
      expect((await post('/teams', { unitId: unitA, name: '区发改局领导班子' })).status).toBe(409);
      const foreign = (await post('/units', { code: 'NG-1', name: '南关区某局', kind: 'department' }, other)).body.id;
      const res = await post('/teams', { unitId: foreign, name: '班子' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'unitId', message: '单位不存在' }]);
      expect(
        (await post('/teams', { unitId: 'x', name: '' })).body.errors.map((e: { field: string }) => e.field).sort(),
      ).toEqual(['name', 'unitId']);
    });

    it('lists teams by unit and renames one', async () => {
      const list = await get(`/teams?unitId=${unitB}`);
      expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(['区公安分局领导班子']);
      const renamed = await http().patch(`/api/v1/teams/${teamB}`).set(as(token)).send({ name: '区公安分局党委' });
      expect(renamed.body.name).toBe('区公安分局党委');
    });
  });

  describe('cadres', () => {
    it('creates a cadre at version 1 with age, tags and the unit’s field, and emits roster.cadre.created', async () => {
      const res = await post(
        '/cadres',
        cadre({ name: '李红', gender: 'female', birthDate: '1990-03-07', teamRole: 'principal', position: '局长' }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: '李红',
        fieldId,
        teamId: teamA,
        teamRole: 'principal',
        isPrincipal: true,
        status: 'active',
        versionNo: 1,
        partyMember: true,
      });
      expect(res.body.age).toBeGreaterThanOrEqual(35);
      expect(res.body.tags).toEqual(['young', 'principal', 'female', 'party_member']);
      const [event] = await eventually(async () => {
        const rows = (await probe.applied('roster.cadre.created')).filter((e) => e.aggregate_id === res.body.id);
        return rows.length ? rows : null;
      });
      expect(event.data).toMatchObject({
        id: res.body.id,
        personnelNo: res.body.personnelNo,
        teamRole: 'principal',
        versionNo: 1,
      });
    });

    it('refuses bad input with every field named, and writes nothing', async () => {
      const res = await post('/cadres', {
        personnelNo: '',
        name: 7,
        gender: 'x',
        birthDate: '12/05/1978',
        unitId: 'nope',
        isPrincipal: 'yes',
        extra: 1,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'birthDate',
        'extra',
        'gender',
        'isPrincipal',
        'name',
        'personnelNo',
        'position',
        'unitId',
      ]);
      expect((await post('/cadres', cadre({ birthDate: '1978-02-30' }))).status).toBe(422);
      expect((await post('/cadres', cadre({ birthDate: '2015-01-01' }))).body.errors).toEqual([
        { field: 'birthDate', message: expect.stringContaining('16 至 80') },
      ]);
    });

    it('refuses a team of another unit and ids of another tenant (422 naming them)', async () => {
      const res = await post('/cadres', cadre({ unitId: unitB, teamId: teamA }));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'teamId', message: '班子不属于该单位' }]);
      const foreignUnit = (await get('/units', other)).body.items[0].id;
      expect((await post('/cadres', cadre({ unitId: foreignUnit, teamId: null }))).body.errors).toEqual([
        { field: 'unitId', message: '单位不存在' },
      ]);
    });

    it('refuses a second cadre with the same personnelNo (409), also when two race', async () => {
      const body = cadre();
      expect((await post('/cadres', body)).status).toBe(201);
      expect((await post('/cadres', body)).status).toBe(409);
      const racing = cadre();
      const statuses = (await Promise.all([1, 2, 3].map(() => post('/cadres', racing)))).map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409]);
    });

    it('keeps every version: an edit adds version 2 with who, what and why; a no-op adds none', async () => {
      const created = (await post('/cadres', cadre())).body;
      const edited = await http()
        .patch(`/api/v1/cadres/${created.id}`)
        .set(as(token))
        .send({ rank: '正科级', reason: '晋升职级' });
      expect(edited.body).toMatchObject({ rank: '正科级', versionNo: 2 });
      await http().patch(`/api/v1/cadres/${created.id}`).set(as(token)).send({ rank: '正科级' }).expect(200);
      const history = (await get(`/cadres/${created.id}/history`)).body.items;
      expect(history.map((v: { versionNo: number; change: string }) => [v.versionNo, v.change])).toEqual([
        [1, 'created'],
        [2, 'updated'],
      ]);
      expect(history[1]).toMatchObject({
        changed: ['rank'],
        reason: '晋升职级',
        actor: { username: 'officer' },
        snapshot: { rank: '正科级', versionNo: 2 },
      });
      expect(history[0].snapshot.rank).toBe('副科级'); // the old version is untouched
    });

    it('publishes one cadre’s changes in the order they were made', async () => {
      const created = (await post('/cadres', cadre({ name: '顺序测试' }))).body;
      // 40 edits of one cadre, in quick succession: each waits for the previous (a row lock orders them).
      for (let i = 1; i <= 40; i++)
        await http()
          .patch(`/api/v1/cadres/${created.id}`)
          .set(as(token))
          .send({ rank: `职级${i}` })
          .expect(200);
      const events = await eventually(
        async () => {
          const rows = (await probe.applied('roster.cadre.updated')).filter((e) => e.aggregate_id === created.id);
          return rows.length === 40 ? rows : null;
        },
        20_000,
        '40 updates delivered',
      );
      expect(events.map((e) => e.data.versionNo)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2)); // applied in version order
    });

    it('transfers a cadre: a new version, roster.cadre.transferred, and the old team no longer lists them', async () => {
      const created = (await post('/cadres', cadre({ name: '调动测试' }))).body;
      expect((await get(`/teams/${teamA}`)).body.members.map((m: { cadreId: string }) => m.cadreId)).toContain(
        created.id,
      );
      const moved = await post(`/cadres/${created.id}/transfers`, {
        unitId: unitB,
        teamId: teamB,
        teamRole: 'member',
        position: '副政委',
        effectiveDate: '2026-12-01',
        reason: '交流任职',
      });
      expect(moved.status).toBe(201);
      expect(moved.body).toMatchObject({
        unitId: unitB,
        teamId: teamB,
        fieldId: lawFieldId,
        position: '副政委',
        versionNo: 2,
      });
      expect((await get(`/teams/${teamA}`)).body.members.map((m: { cadreId: string }) => m.cadreId)).not.toContain(
        created.id,
      );
      expect((await get(`/teams/${teamB}`)).body.members.map((m: { cadreId: string }) => m.cadreId)).toContain(
        created.id,
      );
      const history = (await get(`/cadres/${created.id}/history`)).body.items;
      expect(history[1]).toMatchObject({
        change: 'transferred',
        effectiveDate: '2026-12-01',
        reason: '交流任职',
        changed: expect.arrayContaining(['unitId', 'teamId', 'fieldId', 'position']),
      });
      const [event] = await eventually(async () => {
        const rows = (await probe.applied('roster.cadre.transferred')).filter((e) => e.aggregate_id === created.id);
        return rows.length ? rows : null;
      });
      expect(event.data).toMatchObject({
        unitId: unitB,
        from: { unitId: unitA, teamId: teamA, position: '副局长' },
        effectiveDate: '2026-12-01',
        versionNo: 2,
      });
      expect(
        (
          await post(`/cadres/${created.id}/transfers`, {
            unitId: unitB,
            teamId: teamB,
            teamRole: 'member',
            position: '副政委',
            effectiveDate: '2026-12-02',
          })
        ).status,
      ).toBe(422);
    });

    it('a cadre who retires leaves the team; a retired cadre cannot be transferred', async () => {
      const created = (await post('/cadres', cadre({ name: '退休测试' }))).body;
      const retired = await http()
        .patch(`/api/v1/cadres/${created.id}`)
        .set(as(token))
        .send({ status: 'retired', reason: '到龄退休' });
      expect(retired.body).toMatchObject({ status: 'retired', teamId: null, teamRole: null, versionNo: 2 });
      expect((await get(`/cadres/${created.id}/history`)).body.items[1].change).toBe('status_changed');
      expect(
        (
          await post(`/cadres/${created.id}/transfers`, {
            unitId: unitB,
            position: '科员',
            effectiveDate: '2026-12-01',
          })
        ).status,
      ).toBe(409);
    });
  });

  describe('search, filters, sorting and pages', () => {
    beforeAll(async () => {
      for (const [name, birthDate, gender] of [
        ['张三丰', '1960-01-01', 'male'],
        ['张无忌', '1995-06-06', 'male'],
        ['赵敏', '1993-02-02', 'female'],
      ]) {
        await post(
          '/cadres',
          cadre({ name, birthDate, gender, unitId: unitB, teamId: teamB, teamRole: 'member' }),
        ).expect(201);
      }
    });

    it('finds by part of the name or the start of the personnelNo', async () => {
      expect(
        (await get(`/cadres?q=${encodeURIComponent('张')}&unitId=${unitB}`)).body.items
          .map((c: { name: string }) => c.name)
          .sort(),
      ).toEqual(['张三丰', '张无忌']);
      expect((await get('/cadres?q=%25')).body.items).toEqual([]); // % is a character, not a wildcard
      expect(
        (await get(`/cadres?q=${encodeURIComponent('无忌')}`)).body.items.map((c: { name: string }) => c.name),
      ).toEqual(['张无忌']);
      expect((await get(`/cadres?q=${encodeURIComponent('忌无')}`)).body.items).toEqual([]); // every character, in that order
      const someone = (await get(`/cadres?q=${encodeURIComponent('赵敏')}`)).body.items[0];
      expect(
        (await get(`/cadres?q=${someone.personnelNo.slice(0, 6)}`)).body.items.map((c: { id: string }) => c.id),
      ).toContain(someone.id);
    });

    it('filters by unit, team, field, tag and status', async () => {
      const names = async (query: string) =>
        (await get(`/cadres?${query}`)).body.items.map((c: { name: string }) => c.name).sort();
      expect(await names(`teamId=${teamB}&tag=young`)).toEqual(['张无忌', '赵敏']);
      expect(await names(`fieldId=${lawFieldId}&tag=female`)).toEqual(['赵敏']);
      expect(await names('status=retired')).toEqual(['退休测试']);
    });

    it('sorts and pages through everything exactly once, for every sort', async () => {
      const all = (await get('/cadres?limit=200')).body.items.length;
      for (const sort of ['name', '-name', 'personnelNo', 'birthDate', '-birthDate', '-updatedAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: request.Response = await get(`/cadres?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          expect(page.status).toBe(200);
          seen.push(...page.body.items.map((c: { id: string }) => c.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(new Set(seen).size).toBe(all);
        expect(seen).toHaveLength(all);
      }
      // A search pages the same way (it orders by an unindexed expression of the same order).
      const found: string[] = [];
      let next: string | null = null;
      do {
        const page: request.Response = await get(
          `/cadres?q=${encodeURIComponent('张')}&sort=-birthDate&limit=1${next ? `&cursor=${next}` : ''}`,
        );
        found.push(...page.body.items.map((c: { name: string }) => c.name));
        next = page.body.nextCursor;
      } while (next);
      expect(found).toEqual(['张无忌', '张三丰']);
      const first = (await get('/cadres?sort=-birthDate&limit=1')).body;
      expect((await get(`/cadres?sort=name&cursor=${first.nextCursor}`)).status).toBe(400); // a cursor belongs to its sort
    });

    it('moves the young age limit per tenant', async () => {
      const before = (await get(`/cadres?teamId=${teamB}&tag=young`)).body.items.length;
      await http().put('/api/v1/roster/settings').set(as(token)).send({ youngAgeLimit: 30 }).expect(200);
      expect((await get(`/cadres?teamId=${teamB}&tag=young`)).body.items.length).toBeLessThan(before);
      expect((await http().put('/api/v1/roster/settings').set(as(token)).send({ youngAgeLimit: 5 })).status).toBe(400);
      await http().put('/api/v1/roster/settings').set(as(token)).send({ youngAgeLimit: 40 }).expect(200);
    });
  });

  describe('roles and tenants', () => {
    it('assessors read the roster but do not change it; a cadre account reads none of it', async () => {
      await post('/users', { username: 'assessor1', password: 'assessor-1', roles: ['assessor'] }).expect(201);
      await post('/users', { username: 'cadre1', password: 'cadre-pass-1', roles: ['cadre'] }).expect(201);
      const assessor = await login(gateway, 'lvyuan', 'assessor1', 'assessor-1');
      const cadreUser = await login(gateway, 'lvyuan', 'cadre1', 'cadre-pass-1');
      expect((await get('/cadres', assessor)).status).toBe(200);
      expect((await post('/cadres', cadre(), assessor)).status).toBe(403);
      expect((await get('/cadres', cadreUser)).status).toBe(403);
      expect((await get(`/teams/${teamA}`, cadreUser)).status).toBe(403);
    });

    it('creates units and cadres with a field 60 at a time without running out of database connections', async () => {
      // The field used to be checked on a second pooled connection while the transaction held the
      // first: ten at once held the whole pool, waited for an eleventh, and answered 503 after 5 s.
      const units = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          post('/units', { code: `LY-POOL-${i}`, name: `并发单位${i}`, kind: 'department', fieldId }),
        ),
      );
      expect(units.map((r) => r.status)).toEqual(units.map(() => 201));
      const cadres = await Promise.all(
        units.map((u) =>
          post('/cadres', cadre({ unitId: u.body.id, teamId: undefined, teamRole: undefined, fieldId: lawFieldId })),
        ),
      );
      expect(cadres.map((r) => r.status)).toEqual(cadres.map(() => 201));
    });

    it('another tenant sees none of these cadres and gets 404 for their ids', async () => {
      expect((await get('/cadres', other)).body.items).toEqual([]);
      const one = (await get('/cadres?limit=1')).body.items[0];
      expect((await get(`/cadres/${one.id}`, other)).status).toBe(404);
      expect((await get(`/cadres/${one.id}/history`, other)).status).toBe(404);
      expect((await get(`/teams/${teamA}`, other)).status).toBe(404);
      expect((await http().patch(`/api/v1/cadres/${one.id}`).set(as(other)).send({ rank: 'x' })).status).toBe(404);
      expect(
        (
          await post(
            `/cadres/${one.id}/transfers`,
            { unitId: unitA, position: 'x', effectiveDate: '2026-12-01' },
            other,
          )
        ).status,
      ).toBe(404);
    });
  });
});
