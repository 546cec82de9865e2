import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { POLITICAL_DIMENSIONS } from '@cadre/contracts';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { loadAnnual } from '../../scripts/demo/annual';
import { createTenant, demoClient, login, startAnalytics, startGateway, startRoster } from '../support';
import { EventFeed, rankingsSettled } from '../support/event-feed';
import { AnnualService } from '../../apps/analytics/src/annual/annual.service';

/**
 * 年度综合评价 (docs/records.md "The annual record"): a year's two published half-year cycles and its
 * random appraisal make the year's evaluation, as soon as the second cycle's record is sealed — annual
 * rankings in both scopes (with their ties), the annual map, the trend by year; frozen (a later
 * transfer, new weights, a late wartime record change nothing) and sealed in the tenant's chain after
 * the cycles' records. The roster is real; the appraisal's events are published as it would.
 *   field 经济: 发改局 U1 (T1: a, b, c), 商务局 U2 (T2: d, e) · field 党群: 档案馆 U3 (T3: g)
 */
describe('annual evaluation (年度综合评价)', () => {
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
  const send = (method: 'get' | 'post' | 'put' | 'patch', p: string, body?: object) =>
    request(gateway.getHttpServer())[method](`/api/v1${p}`).set('authorization', `Bearer ${officer}`).send(body);
  const get = async (p: string) => {
    const res = await send('get', p);
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const feed = new EventFeed(
    () => nc,
    namespace,
    () => tenantId,
  );
  const publish = feed.publish.bind(feed);
  const one = async <T>(sql: string, params: unknown[]): Promise<T | undefined> => (await db.query(sql, params))[0];
  const quiet = (what: string) => rankingsSettled(db, schema, what);

  async function applyScore(cycleId: string, cadre: string, score: number): Promise<void> {
    const appraisalId = randomUUID();
    await publish('appraisal.step.recorded', appraisalId, {
      appraisalId,
      cycleId,
      cycleKind: 'periodic',
      cadreId: ids[cadre],
      step: 'apply',
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: {
        score,
        grade: 'competent',
        strengths: '招商引资',
        weaknesses: '创新不足',
        traits: [],
        suggestion: 'keep',
      },
    });
  }

  const wartime = (cycleId: string, cadre: string, date: string, performance: 'outstanding' | 'good') =>
    publish('appraisal.wartime.recorded', ids[cadre], {
      recordId: randomUUID(),
      cycleId,
      topic: 'disaster_relief',
      cadreId: ids[cadre],
      date,
      role: '防汛抢险突击队队员',
      volunteered: true,
      dutyHours: 24,
      performance,
      note: null,
      qualities: null, // scored by its performance (a record judging the six qualities is scored by them)
      tasks: [],
    });

  /** A half-year closed, its 切 scores, ranked, published and sealed. */
  async function halfYear(year: number, half: 1 | 2, scores: Record<string, number>): Promise<string> {
    const id = randomUUID();
    await feed.cycle('closed', id, year, half);
    for (const [k, score] of Object.entries(scores)) await applyScore(id, k, score);
    await eventually(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".rankings WHERE cycle_id = $1`, [id]))!
          .n === Object.keys(scores).length,
      30_000,
      `${year} H${half} ranked`,
    );
    await quiet(`${year} H${half} ranked`);
    await feed.cycle('published', id, year, half);
    await eventually(async () => (await send('get', `/cycles/${id}/record`)).status === 200, 30_000, 'sealed');
    return id;
  }

  const evaluated = (year: number) =>
    eventually(async () => (await send('get', `/annual/${year}/evaluation`)).status === 200, 30_000, `${year} made`);
  const annualRanking = (year: number, scope: 'vertical' | 'horizontal', id: string) =>
    get(`/annual/${year}/rankings?scope=${scope}&${scope === 'vertical' ? 'teamId' : 'fieldId'}=${id}`);
  const ranks = (view: { items: Array<{ cadreId: string; composite: number; rank: number | null }> }) =>
    view.items.map((i) => [i.cadreId, i.composite, i.rank]);

  /** Everything the year shows. */
  async function year2025() {
    return {
      evaluation: await get('/annual/2025/evaluation'),
      vertical: await Promise.all(['T1', 'T2', 'T3'].map((t) => annualRanking(2025, 'vertical', ids[t]))),
      horizontal: await Promise.all(['fEconomy', 'fParty'].map((f) => annualRanking(2025, 'horizontal', ids[f]))),
      coordinates: await get('/annual/2025/coordinates'),
      teams: await get('/annual/2025/coordinates?subject=team'),
      trends: await Promise.all(['a', 'b', 'd', 'g'].map((k) => get(`/cadres/${ids[k]}/trend?by=year`))),
      record: await get('/annual/2025/record'),
    };
  }

  beforeAll(async () => {
    roster = await startRoster(namespace);
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '1000' });
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    ids.fEconomy = (await send('post', '/fields', { code: 'economy', name: '经济' })).body.id;
    ids.fParty = (await send('post', '/fields', { code: 'party', name: '党群' })).body.id;
    const unit = async (code: string, name: string, fieldId: string) =>
      (await send('post', '/units', { code, name, kind: 'department', fieldId })).body.id as string;
    const team = async (unitId: string, name: string) =>
      (await send('post', '/teams', { unitId, name })).body.id as string;
    ids.U1 = await unit('FGJ', '区发改局', ids.fEconomy);
    ids.U2 = await unit('SWJ', '区商务局', ids.fEconomy);
    ids.U3 = await unit('DAG', '区档案馆', ids.fParty);
    ids.T1 = await team(ids.U1, '区发改局领导班子');
    ids.T2 = await team(ids.U2, '区商务局领导班子');
    ids.T3 = await team(ids.U3, '区档案馆领导班子');
    const cadre = async (key: string, unitId: string, teamId: string) => {
      const res = await send('post', '/cadres', {
        personnelNo: key,
        name: `干部${key}`,
        gender: 'male',
        birthDate: '1984-03-01',
        unitId,
        teamId,
        position: '副局长',
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    };
    for (const key of ['a', 'b', 'c']) await cadre(key, ids.U1, ids.T1);
    for (const key of ['d', 'e']) await cadre(key, ids.U2, ids.T2);
    await cadre('g', ids.U3, ids.T3);
    await eventually(
      async () => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".cadres`, []))!.n === 6,
      20_000,
      'cadres projected',
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

  it('makes each year when its second cycle is sealed: both scopes with ties, the map, the trend by year', async () => {
    // 2024: the same scores in both halves.
    const scores2024 = { a: 80, b: 75, c: 70, d: 65, e: 60, g: 72 };
    ids.P1 = await halfYear(2024, 1, scores2024);
    expect((await send('get', '/annual/2024/evaluation')).status).toBe(404); // one half is not the year
    ids.P2 = await halfYear(2024, 2, scores2024);
    await evaluated(2024);

    // 2025: g fails the political check in May; a random appraisal (防汛) in August rates a and d.
    await publish(
      'checklists.political.verdict_changed',
      ids.g,
      {
        cadreId: ids.g,
        from: null,
        to: 'fail',
        dimensions: POLITICAL_DIMENSIONS.map((key) => ({ key, status: 'bad', positives: 0, negatives: 1 })),
      },
      new Date('2025-05-01T02:00:00Z'),
    );
    ids.R = randomUUID();
    await publish('appraisal.cycle.opened', ids.R, {
      id: ids.R,
      kind: 'random',
      name: '2025年防汛抢险随机考核',
      year: 2025,
      half: null,
      topic: 'disaster_relief',
      opensAt: '2025-08-01T00:00:00Z',
      closesAt: '2025-08-31T00:00:00Z',
      unitIds: null,
      status: 'open',
    });
    await wartime(ids.R, 'a', '2025-08-10', 'outstanding');
    await wartime(ids.R, 'd', '2025-08-10', 'good');
    await eventually(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".wartime`, []))!.n === 2 &&
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".political_history`, []))!.n === 1,
      20_000,
      'random appraisal and verdict projected',
    );
    ids.X = await halfYear(2025, 1, { a: 90, b: 80, c: 80, d: 70, e: 85, g: 75 });
    ids.Y = await halfYear(2025, 2, { a: 88, b: 84, c: 84, d: 76, e: 85, g: 75 });
    await evaluated(2025);

    const evaluation = await get('/annual/2025/evaluation');
    expect(evaluation).toMatchObject({
      year: 2025,
      source: 'publish',
      cycleIds: [ids.X, ids.Y].sort(),
      randomCycleIds: [ids.R],
      weights: { periodic: 0.6, random: 0.2, democratic: 0.2 },
      gateAsOf: '2026-01-01T00:00:00.000Z',
      cadres: 6,
    });
    // By hand: the same evaluation (idempotent); a year not over is refused.
    expect((await send('post', '/annual/2025/evaluation')).body).toEqual(evaluation);
    const thisYear = new Date().getUTCFullYear();
    const early = await send('post', `/annual/${thisYear}/evaluation`);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('尚未结束');

    // a: periodic mean(90, 90.4: Y has a's wartime part) = 90.2, random 100 → (0.6·90.2 + 0.2·100) / 0.8 = 92.65;
    // b and c: 82 both (a tie in the team and in the field); d: mean(70, 76.8) = 73.4, random 80 → 75.05.
    const t1 = await annualRanking(2025, 'vertical', ids.T1);
    // Ties share a rank and are listed by name, as in a cycle's list.
    expect(ranks(t1)).toEqual([
      [ids.a, 92.65, 1],
      [ids.b, 82, 2],
      [ids.c, 82, 2],
    ]);
    expect(t1.items[0]).toMatchObject({ percentile: 100, parts: { periodic: 90.2, random: 100, democratic: null } });
    expect(t1.items[1].percentile).toBe(50); // 100·(3 − 2) / (3 − 1), as a cycle counts it
    const economy = await annualRanking(2025, 'horizontal', ids.fEconomy);
    expect(economy.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3, 3, 5]);
    expect(ranks(economy)[0]).toEqual([ids.a, 92.65, 1]);
    expect(ranks(economy)[1]).toEqual([ids.e, 85, 2]);
    expect(ranks(economy)[4]).toEqual([ids.d, 75.05, 5]);
    // g failed the gate before the year's end: listed, without a rank.
    const party = await annualRanking(2025, 'horizontal', ids.fParty);
    expect(party.items).toEqual([
      expect.objectContaining({ cadreId: ids.g, rank: null, percentile: null, excluded: 'political_gate' }),
    ]);
    expect((await send('get', `/annual/2025/rankings?scope=vertical`)).status).toBe(400);

    // The annual map: the ranked cadres with both percentiles (not g), and the teams.
    const map = await get('/annual/2025/coordinates');
    expect(map.points.map((p: { cadreId: string }) => p.cadreId).sort()).toEqual(
      [ids.a, ids.b, ids.c, ids.d, ids.e].sort(),
    );
    expect(map).toMatchObject({ year: 2025, subject: 'cadre' });
    expect(map.points[0]).toMatchObject({ cadreId: ids.a, teamId: ids.T1, x: 100, y: 100, quadrant: 'leading' });
    const teams = await get('/annual/2025/coordinates?subject=team');
    expect(teams.subject).toBe('team');
    expect(teams.points.map((p: { teamId: string }) => p.teamId).sort()).toEqual([ids.T1, ids.T2, ids.T3].sort());

    // The trend by year: one point per year; without ?by the cycles' points as before.
    const trend = await get(`/cadres/${ids.a}/trend?by=year`);
    expect(trend).toMatchObject({ cadreId: ids.a, by: 'year', direction: 'rising' });
    expect(trend.points).toEqual([
      { year: 2024, composite: 80, verticalRank: 1, horizontalRank: 1, horizontalPercentile: 100 },
      { year: 2025, composite: 92.65, verticalRank: 1, horizontalRank: 1, horizontalPercentile: 100 },
    ]);
    expect((await get(`/cadres/${ids.a}/trend`)).points.map((p: { cycleId: string }) => p.cycleId)).toEqual([
      ids.P1,
      ids.P2,
      ids.X,
      ids.Y,
    ]);

    // Sealed in the tenant's chain after the cycles' records: P1, P2, 2024, X, Y, 2025.
    const record = await get('/annual/2025/record');
    const y = await get(`/cycles/${ids.Y}/record`);
    expect(record).toMatchObject({ kind: 'annual', year: 2025, format: 3, sequence: 6, previousDigest: y.digest });
    expect(record.digest).toBe(evaluation.digest);
    expect((await get('/annual/2024/record')).sequence).toBe(3);
    expect(await get('/records/verify')).toEqual({ ok: true, checked: 6, mismatches: [] });

    // The demo's step (scripts/demo/annual.ts) asks for the past years: the same evaluations, nothing new.
    const seed = await demoClient(gateway, 'lvyuan', officer);
    const published = (y: number) => ({ kind: 'periodic', year: y, status: 'published' });
    expect(
      await loadAnnual(seed, [published(2024), published(2024), published(2025), published(2025)], new Date()),
    ).toEqual([
      { year: 2024, cadres: 6, teams: 3 },
      { year: 2025, cadres: 6, teams: 3 },
    ]);
    expect(await get('/records/verify')).toEqual({ ok: true, checked: 6, mismatches: [] });
  }, 240_000);

  it('keeps a published year as it was made: a transfer, new weights, a late record change nothing', async () => {
    const before = await year2025();
    const today = new Date().toISOString().slice(0, 10);
    const moved = await send('post', `/cadres/${ids.a}/transfers`, {
      unitId: ids.U3,
      teamId: ids.T3,
      position: '馆长',
      effectiveDate: today,
    });
    expect(moved.status).toBe(201);
    expect(
      (await send('put', '/analytics/annual-weights', { periodic: 0.2, random: 0.7, democratic: 0.1 })).status,
    ).toBe(200);
    await wartime(ids.R, 'e', '2025-08-20', 'outstanding'); // late: after the year was made
    await feed.redeliver();
    await eventually(
      async () =>
        (await one<{ unit_id: string }>(`SELECT unit_id FROM "${schema}".cadres WHERE id = $1`, [ids.a]))?.unit_id ===
          ids.U3 && (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".wartime`, []))!.n === 3,
      30_000,
      'the changes projected',
    );
    await quiet('the changes applied');
    const after = await year2025();
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
    expect(await get('/analytics/annual-weights')).toEqual({ periodic: 0.2, random: 0.7, democratic: 0.1 });
    expect(await get('/records/verify')).toEqual({ ok: true, checked: 6, mismatches: [] });

    // A row altered in the database no longer hashes to its seal; verify names the annual record.
    await db.query(`UPDATE "${schema}".annual_rankings SET composite = 99 WHERE year = 2025 AND cadre_id = $1`, [
      ids.b,
    ]);
    const broken = await get('/records/verify');
    expect(broken).toMatchObject({ ok: false, checked: 6 });
    expect(broken.mismatches).toEqual([
      expect.objectContaining({
        cycleId: before.evaluation.id,
        kind: 'annual',
        year: 2025,
        expected: before.record.digest,
      }),
    ]);
    await db.query(`UPDATE "${schema}".annual_rankings SET composite = 82 WHERE year = 2025 AND cadre_id = $1`, [
      ids.b,
    ]);
    expect(await get('/records/verify')).toEqual({ ok: true, checked: 6, mismatches: [] });
  }, 120_000);

  it('reads a year in the reader’s scope, as a cycle’s: a leader their unit as it was ranked, ranks of the whole field', async () => {
    const created = await send('post', '/users', {
      username: 'leader-fgj',
      password: 'leader-pass-2026',
      roles: ['unit_leader'],
      unitId: ids.U1,
    });
    expect(created.status).toBe(201);
    const leader = await login(gateway, 'lvyuan', 'leader-fgj', 'leader-pass-2026');
    const as = (p: string) =>
      request(gateway.getHttpServer()).get(`/api/v1${p}`).set('authorization', `Bearer ${leader}`);
    // a moved to 档案馆 after the year was made: still 发改局's in 2025.
    const economy = await as(`/annual/2025/rankings?scope=horizontal&fieldId=${ids.fEconomy}`);
    expect(economy.status).toBe(200);
    expect(economy.body.items.map((i: { cadreId: string; rank: number }) => [i.cadreId, i.rank])).toEqual([
      [ids.a, 1],
      [ids.b, 3],
      [ids.c, 3],
    ]);
    // g, stopped at the gate and of another unit, is not there at all.
    expect((await as(`/annual/2025/rankings?scope=horizontal&fieldId=${ids.fParty}`)).body.items).toEqual([]);
    const teams = await as('/annual/2025/coordinates?subject=team');
    expect(teams.body.points.map((p: { teamId: string }) => p.teamId)).toEqual([ids.T1]);
    expect((await as('/annual/2025/record')).status).toBe(403);
    expect((await as(`/cadres/${ids.d}/trend?by=year`)).status).toBe(404); // another unit's cadre
  }, 60_000);

  it('makes a year whose cycles are all published before its end at the end, by the sweep', async () => {
    const thisYear = new Date().getUTCFullYear();
    const scores = { a: 80, b: 75, c: 70, d: 65, e: 60, g: 72 };
    await halfYear(thisYear, 1, scores);
    await halfYear(thisYear, 2, scores);
    await quiet('this year published');
    expect((await send('get', `/annual/${thisYear}/evaluation`)).status).toBe(404);
    expect(await one(`SELECT year FROM "${schema}".annual_requests WHERE tenant_id = $1`, [tenantId])).toEqual({
      year: thisYear,
    });
    const sweep = analytics.get(AnnualService);
    expect(await sweep.sweep(new Date(Date.UTC(thisYear, 11, 31, 23, 59)))).toBe(0); // not due yet
    expect(await sweep.sweep(new Date(Date.UTC(thisYear + 1, 0, 1, 0, 0, 1)))).toBe(1);
    expect(await sweep.sweep(new Date(Date.UTC(thisYear + 1, 0, 1, 0, 0, 2)))).toBe(0); // made once
    const made = await get(`/annual/${thisYear}/evaluation`);
    expect(made).toMatchObject({ year: thisYear, source: 'publish', cadres: 6, sequence: 9 });
    expect(await get('/records/verify')).toEqual({ ok: true, checked: 9, mismatches: [] });
  }, 120_000);
});
