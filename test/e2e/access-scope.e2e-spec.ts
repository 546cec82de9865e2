import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EventType, eventSubject, schemaName, subjectPrefix } from '@cadre/contracts';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import {
  createTenant,
  login,
  startAnalytics,
  startAppraisal,
  startChecklists,
  startGateway,
  startRoster,
} from '../support';

/**
 * Issue 14, "Authority": roles scoped to what a person is responsible for. Each case names the hole
 * as it was (what the platform answered before) and proves it closed.
 *   field 经济: 区发改局 U1 (team T1: 张一 a, 李二 b — stopped at the political gate), 区商务局 U2 (T2: 王三 c)
 *   leader: unit_leader of U1 · assessor1: in a group holding a only · assessor2: in no group
 * The roster, checklists, appraisal and analytics run for real; the 切 scores of a closed cycle are
 * published to analytics as the appraisal service would publish them.
 */
describe('access scope (roles scoped to what they are responsible for)', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let checklists: INestApplication;
  let appraisal: INestApplication;
  let analytics: INestApplication;
  let gateway: INestApplication;
  let nc: NatsConnection;
  let db: DataSource;
  let officer: string;
  let tenantId: string;
  let foreignUnit: string;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const year = new Date().getUTCFullYear();
  const PASSWORD = 'Scope-check-2026!';
  const http = () => request(gateway.getHttpServer());
  const as = (token: string) => ({
    get: (path: string) => http().get(`/api/v1${path}`).set('authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      http().post(`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body),
  });
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  /** The part of a problem that must not tell a foreign id from one outside the caller's scope. */
  const shape = (res: request.Response) => ({
    status: res.status,
    type: res.body.type,
    title: res.body.title,
    detail: res.body.detail,
    errors: res.body.errors,
  });

  async function publish(type: EventType, aggregateId: string, data: object): Promise<void> {
    const event = {
      id: randomUUID(),
      type,
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId,
      data,
    };
    await jetstream(nc).publish(eventSubject(subjectPrefix(namespace), type), JSON.stringify(event), {
      msgID: event.id,
    });
  }

  beforeAll(async () => {
    roster = await startRoster(namespace);
    checklists = await startChecklists(namespace);
    appraisal = await startAppraisal(namespace);
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '500' });
    gateway = await startGateway(namespace);
    nc = await connect({ servers: TEST_NATS_URL });
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    const other = (await createTenant(gateway, 'nanguan')).token;
    foreignUnit = (await as(other).post('/units', { code: 'NG-1', name: '南关区发改局', kind: 'department' })).body.id;

    const o = as(officer);
    const economy = (await o.post('/fields', { code: 'economy', name: '经济' })).body.id;
    ids.U1 = (await o.post('/units', { code: 'FGJ', name: '区发改局', kind: 'department', fieldId: economy })).body.id;
    ids.U2 = (await o.post('/units', { code: 'SWJ', name: '区商务局', kind: 'department', fieldId: economy })).body.id;
    ids.T1 = (await o.post('/teams', { unitId: ids.U1, name: '区发改局领导班子' })).body.id;
    ids.T2 = (await o.post('/teams', { unitId: ids.U2, name: '区商务局领导班子' })).body.id;
    const cadre = async (key: string, name: string, unitId: string, teamId: string) => {
      const res = await o.post('/cadres', {
        personnelNo: key,
        name,
        gender: 'male',
        birthDate: '1982-05-01',
        unitId,
        teamId,
        position: '副局长',
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    };
    await cadre('a', '张一', ids.U1, ids.T1);
    await cadre('b', '李二', ids.U1, ids.T1);
    await cadre('c', '王三', ids.U2, ids.T2);
    const user = async (username: string, roles: string[], extra: object = {}) => {
      const res = await o.post('/users', { username, password: PASSWORD, roles, ...extra });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      userIds[username] = res.body.id;
      tokens[username] = await login(gateway, 'lvyuan', username, PASSWORD);
    };
    await user('leader1', ['unit_leader'], { unitId: ids.U1 });
    await user('assessor1', ['assessor']);
    await user('assessor2', ['assessor']);
    await user('zhangyi', ['cadre'], { cadreId: ids.a });

    // The group reaches appraisal (cadres projected), then checklists and analytics (from appraisal.group.updated).
    await eventually(
      async () =>
        (
          await o.post('/assessment-groups', {
            name: '第一考核组',
            assessorUserIds: [userIds.assessor1],
            cadreIds: [ids.a],
          })
        ).status === 201,
      20_000,
      'group created',
    );
    await eventually(
      async () => (await as(tokens.assessor1).get(`/cadres/${ids.a}/political-file`)).status === 200,
      20_000,
      'group in checklists',
    );
    await eventually(
      async () => (await as(tokens.assessor1).get(`/cadres/${ids.a}/dossier`)).status === 200,
      20_000,
      'group in analytics',
    );
    await eventually(
      async () => (await as(tokens.assessor1).get(`/cadres/${ids.a}`)).status === 200,
      20_000,
      'group in the roster',
    );

    // 李二 fails the political gate (a red line), which analytics learns from checklists.
    const red = await o.post(`/cadres/${ids.b}/political-observations`, {
      dimension: 'discipline',
      polarity: 'negative',
      severity: 'red_line',
      evidence: '违反中央八项规定精神',
      occurredAt: new Date().toISOString().slice(0, 10),
      source: 'inspection',
    });
    expect(red.body.verdict).toBe('fail');

    // A closed cycle with 切 scores in analytics, ranked now.
    ids.cycle = randomUUID();
    await publish('appraisal.cycle.closed', ids.cycle, {
      id: ids.cycle,
      kind: 'periodic',
      name: `${year - 1}年下半年定期考核`,
      year: year - 1,
      half: 2,
      topic: null,
      opensAt: `${year - 1}-09-01T00:00:00Z`,
      closesAt: `${year - 1}-09-28T00:00:00Z`,
      unitIds: null,
      status: 'closed',
    });
    for (const [key, score] of [
      ['a', 88],
      ['b', 95],
      ['c', 80],
    ] as const) {
      const appraisalId = randomUUID();
      await publish('appraisal.step.recorded', appraisalId, {
        appraisalId,
        cycleId: ids.cycle,
        cycleKind: 'periodic',
        cadreId: ids[key],
        step: 'apply',
        completedSteps: ['look', 'listen', 'ask', 'apply'],
        result: {
          score,
          grade: 'competent',
          strengths: '项目建设',
          weaknesses: '创新不足',
          traits: [],
          suggestion: 'keep',
        },
      });
    }
    await eventually(
      async () => {
        const res = await o.post(`/cycles/${ids.cycle}/rankings/recompute`);
        if (res.status !== 200) return false;
        const items = (await o.get(`/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T1}`)).body.items ?? [];
        return (
          items.length === 2 &&
          items.some((i: { excluded?: string }) => i.excluded === 'political_gate') &&
          items.every((i: { composite: number | null }) => i.composite !== null)
        );
      },
      30_000,
      'cycle ranked with the gate',
    );

    // Task lists and duties of a (U1) and c (U2), submitted for approval.
    for (const key of ['a', 'c']) {
      const task = await o.post(`/cadres/${ids[key]}/task-lists/${year}/tasks`, {
        title: '重点项目开工',
        measures: '挂图作战',
        indicator: { metric: '开工项目', target: 10, unit: '个' },
        deadline: `${year}-12-31`,
        weight: 1,
      });
      expect(task.status).toBe(201);
      expect((await o.post(`/cadres/${ids[key]}/task-lists/${year}/submit`)).status).toBe(200);
      const duty = await o.post(`/cadres/${ids[key]}/responsibilities`, {
        year,
        duty: '抓好安全生产',
        target: { metric: '隐患排查', target: 12, unit: '次' },
        measures: '每月排查',
      });
      expect(duty.status).toBe(201);
      ids[`duty_${key}`] = duty.body.id;
    }
  }, 180_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await analytics?.close();
    await appraisal?.close();
    await checklists?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  describe('a unit leader acts on and reads only the cadres of their own unit', () => {
    it('approving or returning another unit’s task list is 404 exactly as for an unknown cadre (was 200)', async () => {
      const leader = as(tokens.leader1);
      const unknown = await leader.post(`/cadres/${randomUUID()}/task-lists/${year}/approve`);
      expect(unknown.status).toBe(404);
      for (const action of ['approve', 'return']) {
        const outside = await leader.post(`/cadres/${ids.c}/task-lists/${year}/${action}`, { reason: '指标不够量化' });
        expect(shape(outside)).toEqual(shape(unknown));
      }
      expect((await as(officer).get(`/cadres/${ids.c}/task-lists/${year}`)).body.status).toBe('submitted'); // nothing changed
      expect((await leader.post(`/cadres/${ids.a}/task-lists/${year}/approve`)).body.status).toBe('approved');
    });

    it('rating another unit’s duty is 404 exactly as for an unknown duty (was 201)', async () => {
      const leader = as(tokens.leader1);
      const unknown = await leader.post(`/responsibilities/${randomUUID()}/rating`, { grade: 'good' });
      const outside = await leader.post(`/responsibilities/${ids.duty_c}/rating`, { grade: 'good' });
      expect(unknown.status).toBe(404);
      expect(shape(outside)).toEqual(shape(unknown));
      expect((await as(officer).get(`/cadres/${ids.c}/responsibilities`)).body.items[0].rating).toBeNull();
      const own = await leader.post(`/responsibilities/${ids.duty_a}/rating`, { grade: 'good' });
      expect(own.status).toBe(201);
      expect(own.body.rating).toMatchObject({ grade: 'good', ratedBy: 'leader1' });
    });

    it('every read of another unit’s cadre is 404 as for an unknown one; lists hold their own unit only', async () => {
      const leader = as(tokens.leader1);
      const reads = [
        (id: string) => `/cadres/${id}`,
        (id: string) => `/cadres/${id}/history`,
        (id: string) => `/cadres/${id}/task-lists/${year}`,
        (id: string) => `/cadres/${id}/responsibilities`,
        (id: string) => `/cadres/${id}/trend`,
      ];
      for (const path of reads) {
        const unknown = await leader.get(path(randomUUID()));
        expect(unknown.status).toBe(404);
        expect(shape(await leader.get(path(ids.c)))).toEqual(shape(unknown));
        expect((await leader.get(path(ids.a))).status).toBe(200);
      }
      // A route leaders may not use at all still does not confirm another unit's cadre: 404 there, 403 at home.
      expect(shape(await leader.get(`/cadres/${ids.c}/wartime-file`))).toEqual(
        shape(await leader.get(`/cadres/${randomUUID()}/wartime-file`)),
      );
      expect((await leader.get(`/cadres/${ids.a}/wartime-file`)).status).toBe(403);
      const unknownTeam = await leader.get(`/teams/${randomUUID()}`);
      expect(shape(await leader.get(`/teams/${ids.T2}`))).toEqual(shape(unknownTeam));
      expect((await leader.get(`/teams/${ids.T1}`)).status).toBe(200);
      expect((await leader.get('/teams')).body.items.map((t: { id: string }) => t.id)).toEqual([ids.T1]);
      expect((await leader.get('/cadres')).body.items.map((c: { name: string }) => c.name).sort()).toEqual(
        ['张一', '李二'].sort(),
      );
      expect((await leader.get(`/cadres?unitId=${ids.U2}`)).body.items).toEqual([]);
      // The department still reads everyone.
      expect((await as(officer).get('/cadres')).body.items).toHaveLength(3);
    });

    it('a leader token without a unit (issued before leaders had one) reaches no cadre, rather than every one', async () => {
      const res = await as(officer).post('/users', {
        username: 'leader0',
        password: PASSWORD,
        roles: ['unit_leader'],
        unitId: ids.U1,
      });
      expect(res.status).toBe(201);
      // As a leader account from before the unit was required: no unit stored, none in the token.
      await db.query(`UPDATE "${schemaName(namespace, 'gateway')}".users SET unit_id = NULL WHERE id = $1`, [
        res.body.id,
      ]);
      const old = as(await login(gateway, 'lvyuan', 'leader0', PASSWORD));
      for (const path of [
        `/cadres/${ids.a}`,
        `/cadres/${ids.a}/task-lists/${year}`,
        `/cadres/${ids.a}/responsibilities`,
        `/cadres/${ids.a}/trend`,
      ]) {
        expect([path, (await old.get(path)).status]).toEqual([path, 404]);
      }
      expect((await old.post(`/responsibilities/${ids.duty_a}/rating`, { grade: 'poor' })).status).toBe(404);
      expect((await old.get('/cadres')).body.items).toEqual([]);
      expect((await old.get(`/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T1}`)).body.items).toEqual([]);
    });
  });

  describe('an assessor reads only the cadres assigned to their group', () => {
    it('an unassigned assessor gets 404/403 on every read of the cadre (task lists, duties and trend were 200); an assigned one 200', async () => {
      const reads: Array<[string, number]> = [
        [`/cadres/${ids.a}`, 404],
        [`/cadres/${ids.a}/history`, 404],
        [`/teams/${ids.T1}`, 404],
        [`/cadres/${ids.a}/task-lists/${year}`, 404],
        [`/cadres/${ids.a}/responsibilities`, 404],
        [`/cadres/${ids.a}/trend`, 404],
        [`/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T1}`, 200], // a list: without a (below)
        [`/cadres/${ids.a}/political-file`, 403],
        [`/cadres/${ids.a}/dossier`, 403],
        [`/cadres/${ids.a}/wartime-file`, 403],
      ];
      for (const [path, refused] of reads) {
        expect([path, (await as(tokens.assessor2).get(path)).status]).toEqual([path, refused]);
        expect([path, (await as(tokens.assessor1).get(path)).status]).toEqual([path, 200]);
      }
      const unknown = await as(tokens.assessor2).get(`/cadres/${randomUUID()}/task-lists/${year}`);
      expect(shape(await as(tokens.assessor2).get(`/cadres/${ids.a}/task-lists/${year}`))).toEqual(shape(unknown));
      expect(
        (await as(tokens.assessor2).get(`/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T1}`)).body.items,
      ).toEqual([]);
      // Roster lists: the assigned cadres and their teams only.
      expect((await as(tokens.assessor2).get('/cadres')).body.items).toEqual([]);
      expect((await as(tokens.assessor1).get('/cadres')).body.items.map((c: { id: string }) => c.id)).toEqual([ids.a]);
      expect((await as(tokens.assessor1).get('/teams')).body.items.map((t: { id: string }) => t.id)).toEqual([ids.T1]);
      expect(shape(await as(tokens.assessor1).get(`/cadres/${ids.c}`))).toEqual(
        shape(await as(tokens.assessor1).get(`/cadres/${randomUUID()}`)),
      );
      expect((await as(tokens.assessor2).get(`/cycles/${ids.cycle}/coordinates`)).body.points).toEqual([]);
      expect(
        (await as(tokens.assessor1).get(`/cycles/${ids.cycle}/coordinates`)).body.points.map(
          (p: { cadreId: string }) => p.cadreId,
        ),
      ).toEqual([ids.a]);
    });

    it('appraisals: the list holds the assigned cadres only, one cadre’s appraisal is refused to others', async () => {
      const cycle = await as(officer).post('/cycles', {
        kind: 'periodic',
        name: `${year}年下半年定期考核`,
        year,
        half: 2,
        opensAt: inDays(5),
        closesAt: inDays(30),
      });
      expect(cycle.status).toBe(201);
      expect((await as(tokens.assessor2).get(`/cycles/${cycle.body.id}/appraisals`)).body.items).toEqual([]);
      expect((await as(tokens.assessor2).get(`/cycles/${cycle.body.id}/appraisals?cadreId=${ids.a}`)).status).toBe(403);
      const mine = await as(tokens.assessor1).get(`/cycles/${cycle.body.id}/appraisals`);
      expect(mine.body.items.map((i: { cadreId: string }) => i.cadreId)).toEqual([ids.a]);
    });
  });

  describe('the political verdict reaches only readers of political files', () => {
    it('a team dossier names no verdict to an assessor refused that cadre’s file, in JSON and HTML (it listed “李二：政治体检未通过”)', async () => {
      const assessor = as(tokens.assessor1);
      expect((await assessor.get(`/cadres/${ids.b}/political-file`)).status).toBe(403);
      const json = await assessor.get(`/teams/${ids.T1}/dossier`);
      expect(json.status).toBe(200);
      const text = JSON.stringify(json.body);
      expect(text).not.toContain('政治体检');
      expect(text).not.toContain('political_gate');
      const li = json.body.members.find((m: { cadreId: string }) => m.cadreId === ids.b);
      // Listed as a member not ranked yet: no composite, no rank, nothing stopped.
      expect(li).toMatchObject({
        name: '李二',
        composite: null,
        verticalRank: null,
        horizontalRank: null,
        excluded: null,
      });
      const html = await assessor.get(`/teams/${ids.T1}/dossier?format=html`);
      expect(html.status).toBe(200);
      expect(html.text).toContain('李二');
      expect(html.text).not.toContain('政治体检');
      // The department reads the verdict.
      const full = (await as(officer).get(`/teams/${ids.T1}/dossier`)).body;
      expect(full.issues).toContain('李二：政治体检未通过');
      expect(full.members.find((m: { cadreId: string }) => m.cadreId === ids.b).excluded).toBe('political_gate');
      expect((await as(officer).get(`/teams/${ids.T1}/dossier?format=html`)).text).toContain('政治体检未通过');
    });

    it('rankings and the coordinate map leave the gated cadre out for a leader (they showed excluded: "political_gate"); the department sees it', async () => {
      const leader = as(tokens.leader1);
      const vertical = await leader.get(`/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T1}`);
      expect(vertical.status).toBe(200);
      expect(vertical.body.items.map((i: { cadreId: string; rank: number }) => [i.cadreId, i.rank])).toEqual([
        [ids.a, 1],
      ]);
      expect(JSON.stringify(vertical.body)).not.toContain('political_gate');
      const field = (await as(officer).get(`/cadres/${ids.a}`)).body.fieldId;
      const horizontal = await leader.get(`/cycles/${ids.cycle}/rankings?scope=horizontal&fieldId=${field}`);
      expect(horizontal.body.items.map((i: { cadreId: string }) => i.cadreId)).toEqual([ids.a]); // not 李二, not another unit's 王三
      expect(
        (await leader.get(`/cycles/${ids.cycle}/coordinates`)).body.points.map((p: { cadreId: string }) => p.cadreId),
      ).toEqual([ids.a]);
      // An assessor refused 李二's file does not see the verdict in a list either.
      expect(
        JSON.stringify(
          (await as(tokens.assessor1).get(`/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T1}`)).body,
        ),
      ).not.toContain('political_gate');

      const officerView = (await as(officer).get(`/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T1}`)).body
        .items;
      expect(
        officerView.map((i: { cadreId: string; rank: number | null; excluded?: string }) => [
          i.cadreId,
          i.rank,
          i.excluded ?? null,
        ]),
      ).toEqual([
        [ids.a, 1, null],
        [ids.b, null, 'political_gate'],
      ]);
    });
  });

  describe('one account per cadre, and only that account signs and amends', () => {
    it('a second account for the same cadre is 409', async () => {
      const second = await as(officer).post('/users', {
        username: 'zhangyi2',
        password: PASSWORD,
        roles: ['cadre'],
        cadreId: ids.a,
      });
      expect(second.status).toBe(409);
      expect(second.body.errors.map((e: { field: string }) => e.field)).toContain('cadreId');
    });

    it('amending a signed commitment: the department 403 (was 200), the cadre 200', async () => {
      const self = as(tokens.zhangyi);
      // Approved by the leader above; the cadre signs.
      expect((await self.post(`/cadres/${ids.a}/task-lists/${year}/sign`)).body.status).toBe('signed');
      const byOfficer = await as(officer).post(`/cadres/${ids.a}/task-lists/${year}/amend`, { reason: '年中调整' });
      expect(byOfficer.status).toBe(403);
      expect((await as(officer).get(`/cadres/${ids.a}/task-lists/${year}`)).body.status).toBe('signed');
      const byCadre = await self.post(`/cadres/${ids.a}/task-lists/${year}/amend`, { reason: '年中调整' });
      expect(byCadre.status).toBe(200);
      expect(byCadre.body).toMatchObject({ status: 'draft', amendments: 1 });
    });
  });

  describe('a foreign id inside a body', () => {
    it('POST /cycles with another tenant’s unit is 422 naming it by place, and stores nothing (was 201)', async () => {
      const before = (await as(officer).get('/cycles')).body.items.length;
      const res = await as(officer).post('/cycles', {
        kind: 'random',
        name: '防汛抢险专项考核',
        year,
        topic: 'disaster_relief',
        opensAt: inDays(1),
        closesAt: inDays(10),
        unitIds: [ids.U1, foreignUnit],
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'unitIds.1', message: expect.any(String) }]);
      expect((await as(officer).get('/cycles')).body.items).toHaveLength(before);
      const own = await as(officer).post('/cycles', {
        kind: 'random',
        name: '防汛抢险专项考核',
        year,
        topic: 'disaster_relief',
        opensAt: inDays(1),
        closesAt: inDays(10),
        unitIds: [ids.U1],
      });
      expect(own.status).toBe(201);
      ids.random = own.body.id;
    });

    it('a wartime record or a talk naming another tenant’s cadre is 422 naming the field', async () => {
      const otherCadre = randomUUID();
      const record = {
        cadreId: otherCadre,
        date: new Date().toISOString().slice(0, 10),
        role: '防汛值守',
        volunteered: true,
        dutyHours: 12,
        performance: 'good',
      };
      const wartime = await as(officer).post(`/cycles/${ids.random}/wartime-records`, record);
      expect(wartime.status).toBe(422);
      expect(wartime.body.errors.map((e: { field: string }) => e.field)).toEqual(['cadreId']);
      const talk = await as(officer).post('/talks', {
        heldOn: `${year}-01-10`,
        kind: 'collective',
        topic: '提醒谈话',
        cadreIds: [ids.a, otherCadre],
      });
      expect(talk.status).toBe(422);
      expect(talk.body.errors.map((e: { field: string }) => e.field)).toEqual(['cadreIds.1']);
    });
  });
});
