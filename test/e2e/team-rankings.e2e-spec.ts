import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, login, startAnalytics, startGateway, startRoster } from '../support';
import { EventFeed, rankingsSettled } from '../support/event-feed';

/**
 * 班子排名: a team's composite (its 切, its democratic evaluation as a whole, its unit's bottom-up
 * score, its members' mean composite) and its rank in its field, ties sharing a rank; its trend over
 * the published cycles; and a published cycle's team rows unchanged when members move. The roster is
 * real; appraisal's and review's events are published here as they would publish them.
 *   field 经济: 发改局 U1 (T1: a, b), 商务局 U2 (T2: d) · field 党群: 档案馆 U3 (T3: g)
 */
describe('team rankings', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_analytics`;
  let roster: INestApplication;
  let analytics: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let nc: NatsConnection;
  let officer: string;
  let leader3: string;
  let tenantId: string;
  const ids: Record<string, string> = {};
  const send = (method: 'get' | 'post' | 'put', p: string, body?: object, token = officer) =>
    request(gateway.getHttpServer())[method](`/api/v1${p}`).set('authorization', `Bearer ${token}`).send(body);
  const get = async (p: string, token = officer) => {
    const res = await send('get', p, undefined, token);
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const feed = new EventFeed(
    () => nc,
    namespace,
    () => tenantId,
  );
  const publish = feed.publish.bind(feed);
  const cycleEvent = feed.cycle.bind(feed);

  const cadreApply = (cycleId: string, cadre: string, score: number) => {
    const appraisalId = randomUUID();
    return publish('appraisal.step.recorded', appraisalId, {
      appraisalId,
      cycleId,
      cycleKind: 'periodic',
      cadreId: ids[cadre],
      step: 'apply',
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: { score, grade: 'competent', strengths: '', weaknesses: '', traits: [], suggestion: 'keep' },
    });
  };

  const teamApply = (cycleId: string, team: string, unit: string, score: number) => {
    const teamAppraisalId = randomUUID();
    return publish('appraisal.team_step.recorded', teamAppraisalId, {
      teamAppraisalId,
      cycleId,
      teamId: ids[team],
      unitId: ids[unit],
      step: 'apply',
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: { score, runningState: 'good', problems: '', rectification: '', suggestion: '' },
    });
  };

  const results = (
    cycleId: string,
    subject: 'team' | 'unit',
    direction: string,
    scores: Record<string, number>,
    itemScores: Record<string, Record<string, number>> = {},
  ) => {
    const campaignId = randomUUID();
    return publish('review.results.updated', campaignId, {
      campaignId,
      cycleId,
      direction,
      subject,
      participation: { issued: 10, cast: 10, rate: 1 },
      results: Object.entries(scores).map(([target, score]) => ({
        targetId: ids[target],
        ballots: 10,
        suppressed: false,
        gradeCounts: { excellent: 5, competent: 5, basically_competent: 0, incompetent: 0 },
        excellentRate: 0.5,
        score,
        ...(itemScores[target] ? { itemScores: itemScores[target] } : {}),
      })),
    });
  };

  const one = async <T>(sql: string, params: unknown[]): Promise<T | undefined> => (await db.query(sql, params))[0];
  const quiet = (what: string) => rankingsSettled(db, schema, what);

  const teamRankings = (cycleId: string, query = '') => get(`/cycles/${cycleId}/team-rankings${query}`);

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
    ids.U1 = await unit('FGJ', '区发改局', ids.fEconomy);
    ids.U2 = await unit('SWJ', '区商务局', ids.fEconomy);
    ids.U3 = await unit('DAG', '区档案馆', ids.fParty);
    const team = async (unitId: string, name: string) =>
      (await send('post', '/teams', { unitId, name })).body.id as string;
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
    await cadre('a', ids.U1, ids.T1);
    await cadre('b', ids.U1, ids.T1);
    await cadre('d', ids.U2, ids.T2);
    await cadre('g', ids.U3, ids.T3);
    const leader = await send('post', '/users', {
      username: 'leader3',
      password: 'password-1',
      roles: ['unit_leader'],
      unitId: ids.U3,
    });
    expect(leader.status).toBe(201);
    leader3 = await login(gateway, 'lvyuan', 'leader3', 'password-1');
    await eventually(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".teams`, []))!.n === 3 &&
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".cadres`, []))!.n === 4,
      20_000,
      'roster projected',
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

  it('ranks the teams of a cycle in their field, ties sharing a rank, from the parts present', async () => {
    ids.X = randomUUID();
    await cycleEvent('open', ids.X, 2025, 1);
    for (const [k, score] of Object.entries({ a: 90, b: 80, d: 85, g: 70 })) await cadreApply(ids.X, k, score);
    await teamApply(ids.X, 'T1', 'U1', 80);
    await teamApply(ids.X, 'T2', 'U2', 80);
    await teamApply(ids.X, 'T3', 'U3', 70);
    await results(ids.X, 'team', 'top_down', { T1: 90, T2: 90 });
    await eventually(async () => (await teamRankings(ids.X)).items.length === 3, 30_000, 'teams ranked');
    await quiet('cycle X ranked');
    const economy = await teamRankings(ids.X, `?fieldId=${ids.fEconomy}`);
    // T1: (0.4·80 + 0.3·90 + 0.2·mean(90, 80)) / 0.9 = 84.44; T2 the same with d's 85: a tie.
    expect(
      economy.items.map((i: { teamId: string; rank: number; composite: number; n: number }) => [
        i.rank,
        i.composite,
        i.n,
      ]),
    ).toEqual([
      [1, 84.44, 2],
      [1, 84.44, 2],
    ]);
    expect(new Set(economy.items.map((i: { teamId: string }) => i.teamId))).toEqual(new Set([ids.T1, ids.T2]));
    const t1 = economy.items.find((i: { teamId: string }) => i.teamId === ids.T1);
    expect(t1).toMatchObject({
      name: '区发改局领导班子',
      unitId: ids.U1,
      fieldId: ids.fEconomy,
      percentile: 100,
      parts: { apply: 80, democratic: 90, bottomUp: null, members: 85 },
    });
    const party = await teamRankings(ids.X, `?fieldId=${ids.fParty}`);
    // T3 has no democratic part: (0.4·70 + 0.2·70) / 0.6.
    expect(party.items).toEqual([expect.objectContaining({ teamId: ids.T3, rank: 1, n: 1, composite: 70 })]);
  });

  it('pages, and shows a unit leader their own team only', async () => {
    const first = await teamRankings(ids.X, '?limit=2');
    expect(first.items).toHaveLength(2);
    const rest = await teamRankings(ids.X, `?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((i: { teamId: string }) => i.teamId).sort()).toEqual(
      [ids.T1, ids.T2, ids.T3].sort(),
    );
    expect((await send('get', `/cycles/${ids.X}/team-rankings?cursor=forged`)).status).toBe(400);
    const own = await get(`/cycles/${ids.X}/team-rankings`, leader3);
    expect(own.items.map((i: { teamId: string }) => i.teamId)).toEqual([ids.T3]);
    expect((await send('get', `/teams/${ids.T1}/trend`, undefined, leader3)).status).toBe(404);
  });

  it("keeps a published cycle's team rows when members move, and gives a team's trend", async () => {
    await cycleEvent('closed', ids.X, 2025, 1);
    await cycleEvent('published', ids.X, 2025, 1);
    await quiet('cycle X published');
    const before = await teamRankings(ids.X);
    // The teams' rows are part of the cycle's sealed record.
    await eventually(async () => (await send('get', `/cycles/${ids.X}/record`)).status === 200, 30_000, 'X sealed');
    const sealed = await get(`/cycles/${ids.X}/record`);
    const rowsOf = (items: Array<{ teamId: string; composite: number; rank: number }>) =>
      items.map((t) => [t.teamId, t.composite, t.rank]).sort();
    expect(rowsOf(sealed.teams)).toEqual(rowsOf(before.items));
    expect(sealed.snapshot.map((r: { cadreId: string }) => r.cadreId).sort()).toEqual(
      ['a', 'b', 'd', 'g'].map((k) => ids[k]).sort(),
    );
    // a moves from 发改局 to 商务局's team; everything is delivered again.
    const moved = await send('post', `/cadres/${ids.a}/transfers`, {
      unitId: ids.U2,
      teamId: ids.T2,
      position: '副局长',
      effectiveDate: '2025-08-01',
    });
    expect(moved.status).toBe(201);
    await eventually(
      async () =>
        (await one<{ team_id: string }>(`SELECT team_id FROM "${schema}".cadres WHERE id = $1`, [ids.a]))!.team_id ===
        ids.T2,
      20_000,
      'transfer projected',
    );
    await feed.redeliver();
    await quiet('redelivered');
    expect(await teamRankings(ids.X)).toEqual(before);
    expect(await get('/records/verify')).toMatchObject({ ok: true, checked: 1 });

    // 2025 H2 (Y): a now in T2; 商务局 is rated from below.
    ids.Y = randomUUID();
    await cycleEvent('open', ids.Y, 2025, 2);
    for (const [k, score] of Object.entries({ a: 88, b: 82, d: 60, g: 75 })) await cadreApply(ids.Y, k, score);
    await teamApply(ids.Y, 'T1', 'U1', 90);
    await teamApply(ids.Y, 'T2', 'U2', 70);
    await results(ids.Y, 'unit', 'bottom_up', { U2: 50 });
    await eventually(async () => (await teamRankings(ids.Y)).items.length === 3, 30_000, 'Y ranked');
    await cycleEvent('closed', ids.Y, 2025, 2);
    await cycleEvent('published', ids.Y, 2025, 2);
    await quiet('cycle Y published');
    const y = await teamRankings(ids.Y, `?fieldId=${ids.fEconomy}`);
    // T1: (0.4·90 + 0.2·82) / 0.6 = 87.33 (b alone now); T2: (0.4·70 + 0.1·50 + 0.2·mean(88, 60)) / 0.7 = 68.29.
    expect(
      y.items.map((i: { teamId: string; composite: number; rank: number }) => [i.teamId, i.composite, i.rank]),
    ).toEqual([
      [ids.T1, 87.33, 1],
      [ids.T2, 68.29, 2],
    ]);
    const trend = await get(`/teams/${ids.T1}/trend`);
    expect(trend).toEqual({
      teamId: ids.T1,
      name: '区发改局领导班子',
      points: [
        { cycleId: ids.X, year: 2025, half: 1, composite: 84.44, rank: 1, n: 2, percentile: 100 },
        { cycleId: ids.Y, year: 2025, half: 2, composite: 87.33, rank: 1, n: 2, percentile: 100 },
      ],
    });
  });

  it('follows a team up with its principal, shows its 配合度 and its place on the map, and weighs teams as the tenant says', async () => {
    // 商务局's 主要负责人, without results of their own (not a part of any team composite).
    const principal = await send('post', '/cadres', {
      personnelNo: 'p',
      name: '干部p',
      gender: 'female',
      birthDate: '1979-05-01',
      unitId: ids.U2,
      teamId: ids.T2,
      teamRole: 'principal',
      position: '局长',
    });
    expect(principal.status).toBe(201);
    ids.p = principal.body.id;
    await eventually(
      async () => !!(await one(`SELECT 1 FROM "${schema}".cadres WHERE id = $1 AND team_role = 'principal'`, [ids.p])),
      20_000,
      'principal projected',
    );
    expect(await get('/analytics/team-weights')).toEqual({ apply: 0.4, democratic: 0.3, bottomUp: 0.1, members: 0.2 });

    // 2026 H1 (Z), open.
    ids.Z = randomUUID();
    await cycleEvent('open', ids.Z, 2026, 1);
    for (const [k, score] of Object.entries({ a: 80, b: 85, d: 70, g: 75 })) await cadreApply(ids.Z, k, score);
    await teamApply(ids.Z, 'T1', 'U1', 85);
    await teamApply(ids.Z, 'T2', 'U2', 60);
    await teamApply(ids.Z, 'T3', 'U3', 80);
    await results(
      ids.Z,
      'team',
      'top_down',
      { T1: 88, T2: 70 },
      { T1: { unity: 91.5, politics: 86 }, T2: { unity: 62 } },
    );
    await eventually(async () => (await teamRankings(ids.Z)).items.length === 3, 30_000, 'Z ranked');
    await quiet('cycle Z ranked');
    const yBefore = await teamRankings(ids.Y);

    // The department weighs a team by its own 切 and its democratic evaluation only.
    const bad = await send('put', '/analytics/team-weights', { apply: 2, democratic: 0.5, bottomUp: 0, members: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'apply' })]);
    const zero = await send('put', '/analytics/team-weights', { apply: 0, democratic: 0, bottomUp: 0, members: 0 });
    expect([400, 422]).toContain(zero.status);
    expect(
      (await send('put', '/analytics/team-weights', { apply: 0.5, democratic: 0.5, bottomUp: 0, members: 0 }, leader3))
        .status,
    ).toBe(403);
    const put = await send('put', '/analytics/team-weights', { apply: 0.5, democratic: 0.5, bottomUp: 0, members: 0 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ apply: 0.5, democratic: 0.5, bottomUp: 0, members: 0 });
    // T1: (0.5·85 + 0.5·88) = 86.5; T2: (0.5·60 + 0.5·70) = 65; T3 its 切 alone: 80.
    await eventually(
      async () =>
        (await teamRankings(ids.Z)).items.find((i: { teamId: string }) => i.teamId === ids.T1)?.composite === 86.5,
      30_000,
      'Z ranked with the new weights',
    );
    await quiet('Z re-ranked');
    const z = await teamRankings(ids.Z);
    const byTeam = (key: string) => z.items.find((i: { teamId: string }) => i.teamId === ids[key]);
    expect([byTeam('T1').composite, byTeam('T2').composite, byTeam('T3').composite]).toEqual([86.5, 65, 80]);
    // 配合度: the democratic score on 团结协作, shown, not weighted.
    expect([byTeam('T1').cooperation, byTeam('T2').cooperation, byTeam('T3').cooperation]).toEqual([91.5, 62, null]);
    // The published cycles keep the team weights of their close.
    expect(await teamRankings(ids.Y)).toEqual(yBefore);

    // The teams on the map: x in the field, y among all three.
    const map = await get(`/cycles/${ids.Z}/coordinates?subject=team`);
    expect(map.subject).toBe('team');
    const at = (key: string) => map.points.find((p: { teamId: string }) => p.teamId === ids[key]);
    expect(at('T1')).toMatchObject({ name: '区发改局领导班子', composite: 86.5, x: 100, y: 100, quadrant: 'leading' });
    expect(at('T3')).toMatchObject({ x: 100, y: 50, quadrant: 'leading' });
    expect(at('T2')).toMatchObject({ x: 0, y: 0, quadrant: 'lagging' });
    const own = await get(`/cycles/${ids.Z}/coordinates?subject=team`, leader3);
    expect(own.points.map((p: { teamId: string }) => p.teamId)).toEqual([ids.T3]);
    expect((await send('get', `/cycles/${ids.Z}/coordinates?subject=unit`)).status).toBe(400);

    // 商务局's team: last in its field and falling since X (84.44 → 68.29 → 65), with its principal.
    const follow = await get(`/cycles/${ids.Z}/underperformers?subject=team`);
    expect(follow).toMatchObject({ cycleId: ids.Z, subject: 'team', nextCursor: null });
    expect(follow.items).toEqual([
      {
        teamId: ids.T2,
        name: '区商务局领导班子',
        unitId: ids.U2,
        fieldId: ids.fEconomy,
        composite: 65,
        percentile: 0,
        principal: { cadreId: ids.p, name: '干部p' },
        talked: false,
        fallingCycles: 2,
        reasons: ['bottom_decile', 'falling'],
      },
    ]);
    expect((await send('get', `/cycles/${ids.Z}/underperformers?subject=team`, undefined, leader3)).status).toBe(403);
    // One collective talk with the principal and a member.
    const talk = await send('post', '/talks', {
      heldOn: '2026-07-10',
      kind: 'collective',
      topic: '班子运行情况集体谈话',
      cadreIds: [ids.p, ids.d],
      cycleId: ids.Z,
    });
    expect(talk.status).toBe(201);
    expect((await get(`/cycles/${ids.Z}/underperformers?subject=team`)).items[0].talked).toBe(true);
  });
});
