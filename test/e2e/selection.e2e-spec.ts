import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ROSTER_REQUESTS, subjectPrefix } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, startAnalytics, startGateway, startRoster } from '../support';
import { EventFeed, periodicCycle } from '../support/event-feed';

/**
 * 考用结合 end to end: a batch of moves decided into the roster (its history names the batch; a second
 * decide moves nobody), and the statistics against a hand count of a constructed set.
 *
 * The tenant's 年轻干部 limit is 38 (not the default 40). Everyone starts in 区发改局 (department):
 *   a 1990-05-01  优秀 in the latest published cycle, 抗疫 outstanding
 *   b 1988-03-02  优秀 only in an older published cycle, 抗疫 volunteered and good
 *   c 1988-03-01  优秀, 38 on 2026-03-01 (not young), outstanding in 抗洪 (another topic)
 *   d 1975-01-01  抗疫 good, not volunteered (not distinguished)
 *   e 1992-01-01  优秀, only in an old-form batch (ids) decided 2026-06-01
 * Batch 1 (effective 2026-03-01): a promoted in the department, b to the town's team, c exchanged to
 * the town, d's post adjusted. Hand count, topic epidemic:
 *   batch 1: 4 cadres; young a, b = 50%; excellent young a = 25%; distinguished a, b = 50%;
 *     department (a, d): young 50%, excellent young 50%, distinguished 50%;
 *     town (b, c): young 50%, excellent young 0, distinguished 50%.
 *   2026 (batch 1 decided + the old batch): 5 cadres; young a, b, e = 60%; excellent young a, e = 40%;
 *     distinguished a, b = 40%.
 */
describe('selection (考用结合)', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_analytics`;
  let roster: INestApplication;
  let analytics: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let nc: NatsConnection;
  let officer: string;
  let tenantId: string;
  const ids: Record<string, string> = {};
  const feed = new EventFeed(
    () => nc,
    namespace,
    () => tenantId,
  );
  const send = (method: 'get' | 'post' | 'put' | 'patch', p: string, body?: object) =>
    request(gateway.getHttpServer())[method](`/api/v1${p}`).set('authorization', `Bearer ${officer}`).send(body);

  const grade = (cycleId: string, cadre: string, g: string) => {
    const appraisalId = randomUUID();
    return feed.publish('appraisal.step.recorded', appraisalId, {
      appraisalId,
      cycleId,
      cycleKind: 'periodic',
      cadreId: ids[cadre],
      step: 'apply',
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: { score: 80, grade: g, strengths: '招商引资', weaknesses: '创新不足', traits: [], suggestion: '继续' },
    });
  };
  const randomCycle = async (topic: string, year: number) => {
    const id = randomUUID();
    await feed.publish('appraisal.cycle.closed', id, {
      ...periodicCycle(id, year, 1, 'closed'),
      kind: 'random',
      half: null,
      name: `${year}年${topic}随机考核`,
      topic,
    });
    return id;
  };
  const wartime = (cycleId: string, topic: string, cadre: string, performance: string, volunteered: boolean) =>
    feed.publish('appraisal.wartime.recorded', ids[cadre], {
      recordId: randomUUID(),
      cycleId,
      topic,
      cadreId: ids[cadre],
      date: '2025-02-10',
      role: '防控专班成员',
      volunteered,
      dutyHours: 20,
      performance,
      note: null,
    });
  const count = async (sql: string, params: unknown[] = []) =>
    (await db.query(`SELECT count(*)::int AS n FROM "${schema}".${sql}`, params))[0].n as number;

  beforeAll(async () => {
    roster = await startRoster(namespace);
    analytics = await startAnalytics(namespace);
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    ({ token: officer, tenantId } = await createTenant(gateway, 'selection'));
    expect((await send('put', '/roster/settings', { youngAgeLimit: 38 })).status).toBe(200);
    const field = (await send('post', '/fields', { code: 'economy', name: '经济' })).body.id;
    const unit = async (code: string, name: string, kind: string) =>
      (await send('post', '/units', { code, name, kind, fieldId: field })).body.id as string;
    ids.D = await unit('FGJ', '区发改局', 'department');
    ids.T = await unit('HXZ', '花溪镇', 'town');
    ids.TD = (await send('post', '/teams', { unitId: ids.D, name: '区发改局领导班子' })).body.id;
    ids.TT = (await send('post', '/teams', { unitId: ids.T, name: '花溪镇领导班子' })).body.id;
    const births: Record<string, string> = {
      a: '1990-05-01',
      b: '1988-03-02',
      c: '1988-03-01',
      d: '1975-01-01',
      e: '1992-01-01',
    };
    for (const [key, birthDate] of Object.entries(births)) {
      const res = await send('post', '/cadres', {
        personnelNo: `S-${key}`,
        name: `干部${key}`,
        gender: 'male',
        birthDate,
        unitId: ids.D,
        teamId: ids.TD,
        position: '副局长',
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    }
    await eventually(async () => (await count('cadres')) === 5, 20_000, 'cadres projected');

    // 优秀 in an older published cycle (b) and in the latest (a, c, e).
    const older = randomUUID();
    const latest = randomUUID();
    ids.latest = latest;
    for (const [id, year, half] of [
      [older, 2025, 1],
      [latest, 2025, 2],
    ] as const)
      await feed.cycle('closed', id, year, half);
    await eventually(async () => (await count('cycles')) === 2, 20_000, 'cycles projected');
    for (const k of ['a', 'b', 'c', 'd', 'e']) await grade(older, k, k === 'b' ? 'excellent' : 'competent');
    for (const k of ['a', 'b', 'c', 'd', 'e'])
      await grade(latest, k, ['a', 'c', 'e'].includes(k) ? 'excellent' : 'competent');
    await eventually(async () => (await count('apply_results')) === 10, 20_000, 'conclusions projected');
    await feed.cycle('published', older, 2025, 1);
    await feed.cycle('published', latest, 2025, 2);

    const epidemic = await randomCycle('epidemic', 2025);
    const flood = await randomCycle('disaster_relief', 2025);
    await wartime(epidemic, 'epidemic', 'a', 'outstanding', false);
    await wartime(epidemic, 'epidemic', 'b', 'good', true);
    await wartime(epidemic, 'epidemic', 'd', 'good', false);
    await wartime(flood, 'disaster_relief', 'c', 'outstanding', true);
    await eventually(
      async () => (await count('wartime')) === 4 && (await count(`cycles WHERE status = 'published'`)) === 2,
      20_000,
      'wartime records and published cycles projected',
    );
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await analytics?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('refuses a batch whose moves do not say where to, naming each move', async () => {
    const res = await send('post', '/selection/batches', {
      name: '错误批次',
      decidedOn: '2026-02-20',
      moves: [
        { cadreId: ids.a, kind: 'promote', effectiveDate: '2026-03-01' },
        { cadreId: ids.b, kind: 'transfer', toTeamId: randomUUID(), effectiveDate: '2026-03-01' },
        { cadreId: ids.c, kind: 'adjust', toUnitId: ids.D, toTeamId: ids.TT, effectiveDate: '2026-03-01' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'moves[0].toPosition',
      'moves[1].toTeamId',
      'moves[2].toTeamId',
    ]);
    const both = await send('post', '/selection/batches', {
      name: '两种都给',
      decidedOn: '2026-02-20',
      cadreIds: [ids.a],
      moves: [{ cadreId: ids.a, kind: 'promote', toPosition: '局长', effectiveDate: '2026-03-01' }],
    });
    expect(both.status).toBe(400);
    expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['cadreIds']);
    expect(await count('adjustment_batches')).toBe(0);
  });

  it('decides a batch into the roster with the batch as reason, once; the statistics match the hand count', async () => {
    const created = await send('post', '/selection/batches', {
      name: '2026年第1批干部调整',
      decidedOn: '2026-02-20',
      moves: [
        { cadreId: ids.a, kind: 'promote', toPosition: '局长', effectiveDate: '2026-03-01' },
        { cadreId: ids.b, kind: 'transfer', toTeamId: ids.TT, toPosition: '副镇长', effectiveDate: '2026-03-01' },
        { cadreId: ids.c, kind: 'exchange', toUnitId: ids.T, toPosition: '副镇长', effectiveDate: '2026-03-01' },
        { cadreId: ids.d, kind: 'adjust', toPosition: '四级调研员', effectiveDate: '2026-03-01' },
      ],
    });
    expect(created.status).toBe(201);
    const batch = created.body;
    expect(batch).toMatchObject({ status: 'draft', cadres: 4, decidedAt: null });
    // The unit the cadre goes to is written into each move (b: the team's unit; a, d: where they are).
    expect(batch.moves.map((m: { toUnitId: string }) => m.toUnitId)).toEqual([ids.D, ids.T, ids.T, ids.D]);
    // Nothing moved yet.
    expect((await send('get', `/cadres/${ids.b}`)).body.unitId).toBe(ids.D);
    const old = await send('post', '/selection/batches', {
      name: '旧格式批次',
      decidedOn: '2026-06-01',
      cadreIds: [ids.e],
    });
    expect(old.body).toMatchObject({ status: 'recorded', moves: null });
    expect((await send('post', `/selection/batches/${old.body.id}/decide`)).status).toBe(409);
    const before = await send('get', '/selection/statistics?from=2026-01-01&to=2026-12-31&topic=epidemic');
    expect(before.body).toMatchObject({ batches: 1, cadres: 1, young: 1 });

    const decided = await send('post', `/selection/batches/${batch.id}/decide`);
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('decided');
    expect(decided.body.decidedBy).toBe('officer');

    const history = async (key: string) => (await send('get', `/cadres/${ids[key]}/history`)).body.items;
    for (const key of ['a', 'b', 'c', 'd']) {
      const last = (await history(key)).at(-1);
      expect(last).toMatchObject({ change: 'transferred', batchId: batch.id, effectiveDate: '2026-03-01' });
      expect(last.reason).toContain('2026年第1批干部调整');
    }
    expect((await history('a')).at(-1).reason).toContain('提拔');
    expect((await history('b')).at(-1).snapshot).toMatchObject({ unitId: ids.T, teamId: ids.TT, position: '副镇长' });
    expect((await history('c')).at(-1).snapshot).toMatchObject({ unitId: ids.T, teamId: null, position: '副镇长' });
    expect((await history('d')).at(-1).snapshot).toMatchObject({
      unitId: ids.D,
      teamId: ids.TD,
      position: '四级调研员',
    });
    const versions = await Promise.all(['a', 'b', 'c', 'd'].map(async (k) => (await history(k)).length));

    // Decided is decided: again is 409, and the roster itself moves nobody twice for the same batch.
    expect((await send('post', `/selection/batches/${batch.id}/decide`)).status).toBe(409);
    const rpc = await ServiceClient.standalone({
      servers: TEST_NATS_URL,
      subjectPrefix: subjectPrefix(namespace),
      timeoutMs: 10_000,
    });
    try {
      const again = await rpc.request(
        ROSTER_REQUESTS.applyBatch,
        {
          batchId: batch.id,
          batchName: batch.name,
          moves: batch.moves.map((m: { cadreId: string; kind: string; toUnitId: string; effectiveDate: string }) => ({
            cadreId: m.cadreId,
            kind: m.kind,
            unitId: m.toUnitId,
            effectiveDate: m.effectiveDate,
          })),
        },
        { requestId: randomUUID(), tenantId, userId: '', username: 'officer', roles: ['org_officer'] },
      );
      expect(again).toEqual({ applied: 0, already: 4 });
    } finally {
      await rpc.close();
    }
    expect(await Promise.all(['a', 'b', 'c', 'd'].map(async (k) => (await history(k)).length))).toEqual(versions);

    const one = (await send('get', `/selection/batches/${batch.id}?topic=epidemic`)).body.statistics;
    expect(one).toMatchObject({
      cadres: 4,
      young: 2,
      youngShare: 50,
      excellentYoung: 1,
      excellentYoungShare: 25,
      distinguished: 2,
      distinguishedShare: 50,
      youngAgeLimit: 38,
      excellenceCycleId: ids.latest,
      topic: 'epidemic',
    });
    expect(one.byUnitKind).toEqual({
      department: {
        cadres: 2,
        young: 1,
        youngShare: 50,
        excellentYoung: 1,
        excellentYoungShare: 50,
        distinguished: 1,
        distinguishedShare: 50,
      },
      town: {
        cadres: 2,
        young: 1,
        youngShare: 50,
        excellentYoung: 0,
        excellentYoungShare: 0,
        distinguished: 1,
        distinguishedShare: 50,
      },
    });
    // Another topic: only c was outstanding against the flood.
    const flood = (await send('get', `/selection/batches/${batch.id}?topic=disaster_relief`)).body.statistics;
    expect(flood).toMatchObject({ distinguished: 1, distinguishedShare: 25 });

    const year = await send('get', '/selection/statistics?from=2026-01-01&to=2026-12-31&topic=epidemic');
    expect(year.status).toBe(200);
    expect(year.body).toMatchObject({
      from: '2026-01-01',
      to: '2026-12-31',
      batches: 2,
      cadres: 5,
      young: 3,
      youngShare: 60,
      excellentYoung: 2,
      excellentYoungShare: 40,
      distinguished: 2,
      distinguishedShare: 40,
    });
    expect(year.body.byUnitKind.department).toMatchObject({ cadres: 3, young: 2, excellentYoung: 2 });
    const spring = await send('get', '/selection/statistics?from=2026-01-01&to=2026-03-31');
    expect(spring.body).toMatchObject({ batches: 1, cadres: 4, distinguished: 0, topic: null });
    const bad = await send('get', '/selection/statistics?from=2026-13-01&to=2026-12-31&topic=plague');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'topic']);

    // The list's stats use the tenant's limit on each move's date too: a, b, e young of 5.
    const list = (await send('get', '/selection/batches')).body;
    expect(list.stats).toMatchObject({ batches: 2, cadres: 5, youngShare: 60 });
  });

  it('keeps a sandbox scenario and turns it into a draft batch', async () => {
    const saved = await send('post', '/sandbox/scenarios', {
      name: '花溪镇班子充实方案',
      moves: [{ cadreId: ids.e, toTeamId: ids.TT }],
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: '花溪镇班子充实方案', batchIds: [], createdBy: 'officer' });
    const unknown = await send('post', '/sandbox/scenarios', {
      name: '错误方案',
      moves: [{ cadreId: ids.e, toTeamId: randomUUID() }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['moves[0].toTeamId']);
    const list = (await send('get', '/sandbox/scenarios')).body;
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([saved.body.id]);
    const batch = await send('post', `/sandbox/scenarios/${saved.body.id}/batch`, {
      name: '2026年第2批干部调整',
      decidedOn: '2026-07-01',
      effectiveDate: '2026-07-15',
    });
    expect(batch.status).toBe(201);
    expect(batch.body).toMatchObject({
      status: 'draft',
      scenarioId: saved.body.id,
      moves: [{ cadreId: ids.e, kind: 'adjust', toUnitId: ids.T, toTeamId: ids.TT, effectiveDate: '2026-07-15' }],
    });
    expect((await send('get', `/sandbox/scenarios/${saved.body.id}`)).body.batchIds).toEqual([batch.body.id]);
    // A draft counts in no period.
    expect((await send('get', '/selection/statistics?from=2026-07-01&to=2026-12-31')).body.cadres).toBe(0);
  });

  it("decides all or nothing: a move the roster's rules refuse names its place and moves nobody", async () => {
    const created = await send('post', '/selection/batches', {
      name: '2026年第5批干部调整',
      decidedOn: '2026-09-01',
      moves: [
        { cadreId: ids.e, kind: 'adjust', toPosition: '二级调研员', effectiveDate: '2026-09-15' },
        { cadreId: ids.d, kind: 'adjust', toPosition: '一级调研员', effectiveDate: '2026-09-15' },
      ],
    });
    expect(created.status).toBe(201);
    // d leaves service in the roster before the decision.
    expect((await send('patch', `/cadres/${ids.d}`, { status: 'retired', reason: '到龄退休' })).status).toBe(200);
    const before = (await send('get', `/cadres/${ids.e}/history`)).body.items.length;
    const refused = await send('post', `/selection/batches/${created.body.id}/decide`);
    expect(refused.status).toBe(409);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['moves[1]']);
    expect((await send('get', `/cadres/${ids.e}/history`)).body.items.length).toBe(before);
    expect((await send('get', `/cadres/${ids.e}`)).body.position).toBe('副局长');
    expect((await send('get', `/selection/batches/${created.body.id}`)).body.status).toBe('draft');
  });
});
