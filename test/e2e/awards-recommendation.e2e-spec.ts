import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, startAnalytics, startGateway, startReview, startRoster } from '../support';
import { EventFeed } from '../support/event-feed';

/**
 * 正向激励 by 民主推荐, end to end: the award (analytics) issues recommendation ballots (review), voters
 * cast them with their tokens without login, the tally orders the nominees, the tilts reserve places,
 * and only published awards reach the public honours page.
 *
 * Cadres and their composites in a closed cycle: a 90 (区发改局), b 85 (区发改局), e 88 (区发改局),
 * c 80 (花溪镇, a town: grassroots), d 70 (区档案馆, in the key field 党群: 扛标). Threshold 3.
 * Award 1 (quota 3, grassroots 0.3 → 1 place, key 0.3 → 1 place, N = 2), four ballots:
 *   [b, e], [b, e], [e, a], [a] → e 3, a 2, b 2, c 0, d 0.
 *   Order: e (3), a (2, 90) before b (2, 85: the composite breaks the tie), c (0, 80), d (0, 70).
 *   Proposal: one place for the town (c), one for the key field (d), one by order (e) → e, c, d.
 * Award 2: two ballots, under the threshold: no counts, the composite alone orders (a, e, b, c, d).
 */
describe('awards by democratic recommendation (民主推荐)', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_analytics`;
  let roster: INestApplication;
  let analytics: INestApplication;
  let review: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let nc: NatsConnection;
  let officer: string;
  let tenantId: string;
  let cycleId: string;
  const ids: Record<string, string> = {};
  const feed = new EventFeed(
    () => nc,
    namespace,
    () => tenantId,
  );
  const http = () => request(gateway.getHttpServer());
  const send = (method: 'get' | 'post' | 'put', p: string, body?: object) =>
    http()[method](`/api/v1${p}`).set('authorization', `Bearer ${officer}`).send(body);
  const vote = (token: string, picks: string[]) =>
    http().post(`/api/v1/recommendation-ballots/${token}`).send({ picks });
  const count = async (sql: string) => (await db.query(`SELECT count(*)::int AS n FROM "${schema}".${sql}`))[0].n;
  const names = (list: Array<{ targetId: string }>) =>
    list.map((n) => Object.keys(ids).find((k) => ids[k] === n.targetId));

  beforeAll(async () => {
    roster = await startRoster(namespace);
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '300' });
    review = await startReview(namespace);
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    ({ token: officer, tenantId } = await createTenant(gateway, 'honours'));
    expect((await send('put', '/review/settings', { minGroupSize: 3 })).status).toBe(200);
    ids.economy = (await send('post', '/fields', { code: 'economy', name: '经济' })).body.id;
    ids.party = (await send('post', '/fields', { code: 'party', name: '党群' })).body.id;
    const unit = async (code: string, name: string, kind: string, fieldId: string) =>
      (await send('post', '/units', { code, name, kind, fieldId })).body.id as string;
    ids.D1 = await unit('FGJ', '区发改局', 'department', ids.economy);
    ids.T1 = await unit('HXZ', '花溪镇', 'town', ids.economy);
    ids.D2 = await unit('DAG', '区档案馆', 'department', ids.party);
    ids.TD1 = (await send('post', '/teams', { unitId: ids.D1, name: '区发改局领导班子' })).body.id;
    ids.TT1 = (await send('post', '/teams', { unitId: ids.T1, name: '花溪镇领导班子' })).body.id;
    ids.TD2 = (await send('post', '/teams', { unitId: ids.D2, name: '区档案馆领导班子' })).body.id;
    const places: Record<string, [string, string]> = {
      a: [ids.D1, ids.TD1],
      b: [ids.D1, ids.TD1],
      e: [ids.D1, ids.TD1],
      c: [ids.T1, ids.TT1],
      d: [ids.D2, ids.TD2],
    };
    for (const [key, [unitId, teamId]] of Object.entries(places)) {
      const res = await send('post', '/cadres', {
        personnelNo: `H-${key}`,
        name: `干部${key}`,
        gender: 'female',
        birthDate: '1985-06-01',
        unitId,
        teamId,
        position: key === 'c' ? '副镇长' : '副局长',
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    }
    await eventually(async () => (await count('cadres')) === 5, 20_000, 'cadres projected');

    cycleId = randomUUID();
    await feed.cycle('closed', cycleId, 2025, 2);
    await eventually(async () => (await count('cycles')) === 1, 20_000, 'cycle projected');
    const composites: Record<string, number> = { a: 90, b: 85, e: 88, c: 80, d: 70 };
    for (const [key, score] of Object.entries(composites)) {
      const appraisalId = randomUUID();
      await feed.publish('appraisal.step.recorded', appraisalId, {
        appraisalId,
        cycleId,
        cycleKind: 'periodic',
        cadreId: ids[key],
        step: 'apply',
        completedSteps: ['look', 'listen', 'ask', 'apply'],
        result: {
          score,
          grade: 'competent',
          strengths: '招商引资',
          weaknesses: '创新不足',
          traits: [],
          suggestion: '继续',
        },
      });
    }
    // The town's team concluded 95: its team composite is not its members' mean.
    const teamAppraisalId = randomUUID();
    await feed.publish('appraisal.team_step.recorded', teamAppraisalId, {
      teamAppraisalId,
      cycleId,
      teamId: ids.TT1,
      unitId: ids.T1,
      step: 'apply',
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: { score: 95, runningState: 'good', problems: '', rectification: '', suggestion: '' },
    });
    await eventually(
      async () =>
        (await count(`rankings WHERE cycle_id = '${cycleId}'`)) === 5 &&
        (await count(`team_rankings WHERE cycle_id = '${cycleId}' AND apply IS NOT NULL`)) === 1 &&
        (await count(`recompute_state WHERE dirty`)) === 0,
      30_000,
      'cadres and teams ranked',
    );
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM "${namespace}_review".units`))[0].n === 3,
      20_000,
      'units projected into review',
    );
  }, 150_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await review?.close();
    await analytics?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  let award1: string;
  let award2: string;

  it('issues one-time recommendation tokens; one token one ballot, picks over N → 422; the tally orders, the tilts reserve', async () => {
    const created = await send('post', '/awards', {
      kind: 'good_cadre',
      name: '2025年度担当作为好干部评选',
      cycleId,
      quota: 3,
      grassrootsMin: 0.3,
      keyMin: 0.3,
      keyFieldIds: [ids.party],
    });
    expect(created.status).toBe(201);
    award1 = created.body.id;
    expect(created.body).toMatchObject({ keyMin: 0.3, keyFieldIds: [ids.party], recommendation: null });
    expect(created.body.nominees.find((n: { targetId: string }) => n.targetId === ids.d)).toMatchObject({
      key: true,
      picks: null,
    });
    const badKey = await send('post', '/awards', { kind: 'good_cadre', cycleId, quota: 1, keyUnitIds: [randomUUID()] });
    expect(badKey.status).toBe(422);
    expect(badKey.body.errors.map((e: { field: string }) => e.field)).toEqual(['keyUnitIds.0']);

    const issued = await send('post', `/awards/${award1}/recommendation`, {
      maxPicks: 2,
      voters: ['甲', '乙', '丙', '丁'].map((name) => ({ name, unitId: ids.D1 })),
    });
    expect(issued.status).toBe(201);
    expect(issued.body.maxPicks).toBe(2);
    const tokens: string[] = issued.body.tokens.map((t: { token: string }) => t.token);
    expect(new Set(tokens).size).toBe(4);
    expect(
      (
        await send('post', `/awards/${award1}/recommendation`, {
          maxPicks: 2,
          voters: [{ name: '戊', unitId: ids.D1 }],
        })
      ).status,
    ).toBe(409);

    // The form, without login: the nominees and N.
    const form = await http().get(`/api/v1/recommendation-ballots/${tokens[0]}`);
    expect(form.status).toBe(200);
    expect(form.body.maxPicks).toBe(2);
    expect(form.body.nominees.map((n: { id: string }) => n.id).sort()).toEqual(
      [ids.a, ids.b, ids.c, ids.d, ids.e].sort(),
    );

    expect((await vote(tokens[0], [ids.b, ids.e])).status).toBe(201);
    expect((await vote(tokens[1], [ids.b, ids.e])).status).toBe(201);
    expect((await vote(tokens[2], [ids.e, ids.a])).status).toBe(201);
    const over = await vote(tokens[3], [ids.b, ids.d, ids.a]);
    expect(over.status).toBe(422);
    expect(over.body.errors.map((e: { field: string }) => e.field)).toEqual(['picks']);
    const twice = await vote(tokens[3], [ids.b, ids.b]);
    expect(twice.status).toBe(422);
    expect(twice.body.errors.map((e: { field: string }) => e.field)).toEqual(['picks[1]']);
    expect((await vote(tokens[3], [randomUUID()])).status).toBe(422);
    expect((await vote(tokens[3], [ids.a])).status).toBe(201);
    // One token, one ballot: the refused ones did not use it, the accepted one did.
    expect((await vote(tokens[3], [ids.a])).status).toBe(409);
    expect((await vote(tokens[0], [ids.c])).status).toBe(409);
    expect((await http().get(`/api/v1/recommendation-ballots/${tokens[0]}`)).status).toBe(409);
    expect((await vote('x'.repeat(43), [ids.a])).status).toBe(404);
    // What review keeps: counts, no ballot.
    const counts = await db.query(
      `SELECT c.target_id AS "targetId", c.picks FROM "${namespace}_review".recommendation_counts c ORDER BY c.picks DESC, c.target_id`,
    );
    expect(counts.reduce((s: number, c: { picks: number }) => s + c.picks, 0)).toBe(7);

    // Open: no decision yet.
    expect((await send('post', `/awards/${award1}/decide`)).status).toBe(409);
    const closed = await send('post', `/awards/${award1}/recommendation/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.recommendation).toEqual({ maxPicks: 2, status: 'closed', ballots: 4, suppressed: false });
    expect(names(closed.body.nominees)).toEqual(['e', 'a', 'b', 'c', 'd']);
    expect(closed.body.nominees.map((n: { picks: number }) => n.picks)).toEqual([3, 2, 2, 0, 0]);
    expect(names(closed.body.proposal)).toEqual(['e', 'c', 'd']);
    expect(closed.body.proposal.map((n: { place: number }) => n.place)).toEqual([1, 2, 3]);
    // Closed, the round's tokens and counts share one transaction id: no used token leads to a pick.
    const [{ xmins }] = await db.query(
      `SELECT count(DISTINCT xmin::text)::int AS xmins FROM (
         SELECT t.xmin FROM "${namespace}_review".recommendation_tokens t JOIN "${namespace}_review".recommendation_rounds r ON r.id = t.round_id WHERE r.award_id = $1
         UNION ALL
         SELECT c.xmin FROM "${namespace}_review".recommendation_counts c JOIN "${namespace}_review".recommendation_rounds r ON r.id = c.round_id WHERE r.award_id = $1) x`,
      [award1],
    );
    expect(xmins).toBe(1);
    // Closed is closed: no more ballots; closing again answers the same tally.
    const late = await send('post', `/awards/${award1}/recommendation/close`);
    expect(late.body.nominees.map((n: { picks: number }) => n.picks)).toEqual([3, 2, 2, 0, 0]);
  });

  it('keeps the counts back under the anonymity threshold: the composite alone orders', async () => {
    const created = await send('post', '/awards', {
      kind: 'advanced_individual',
      name: '重点工作先进个人',
      cycleId,
      quota: 2,
      grassrootsMin: 0,
    });
    award2 = created.body.id;
    const issued = await send('post', `/awards/${award2}/recommendation`, {
      maxPicks: 1,
      voters: ['甲', '乙', '丙'].map((name) => ({ name, unitId: ids.T1, group: '镇街代表' })),
    });
    const [t1, t2] = issued.body.tokens.map((t: { token: string }) => t.token);
    expect((await vote(t1, [ids.d])).status).toBe(201);
    expect((await vote(t2, [ids.d])).status).toBe(201);
    const closed = (await send('post', `/awards/${award2}/recommendation/close`)).body;
    expect(closed.recommendation).toEqual({ maxPicks: 1, status: 'closed', ballots: 2, suppressed: true });
    expect(names(closed.nominees)).toEqual(['a', 'e', 'b', 'c', 'd']);
    expect(closed.nominees.every((n: { picks: number | null }) => n.picks === null)).toBe(true);
    expect(await count(`award_recommendations WHERE award_id = '${award2}'`)).toBe(0);
    // The third token cannot vote any more.
    expect((await vote(issued.body.tokens[2].token, [ids.a])).status).toBe(409);
    expect((await send('post', `/awards/${award2}/decide`)).status).toBe(200);
  });

  it('好班子 nominates teams from the team rankings', async () => {
    const teamRankings = (await send('get', `/cycles/${cycleId}/team-rankings`)).body.items as Array<{
      teamId: string;
      composite: number;
    }>;
    expect(teamRankings).toHaveLength(3);
    const created = await send('post', '/awards', { kind: 'good_team', cycleId, quota: 1, grassrootsMin: 0 });
    expect(created.status).toBe(201);
    const nominees = created.body.nominees as Array<{ targetId: string; score: number }>;
    const byScore = [...teamRankings].sort((x, y) => y.composite - x.composite);
    expect(nominees.map((n) => [n.targetId, n.score])).toEqual(byScore.map((t) => [t.teamId, t.composite]));
    // The town's team is not ranked by its members' mean (80) but by its team composite with its 95.
    expect(nominees.find((n) => n.targetId === ids.TT1)!.score).toBeGreaterThan(80);
  });

  it('shows only published awards on the public honours page, without login', async () => {
    const decided = await send('post', `/awards/${award1}/decide`);
    expect(decided.status).toBe(200);
    expect(names(decided.body.winners)).toEqual(['e', 'c', 'd']);
    const story = await send('put', `/awards/${award1}/winners/${ids.e}/story`, {
      title: '招商一线的“拼命三郎”',
      text: '全年引进项目十二个。',
    });
    expect(story.status).toBe(200);
    expect((await send('post', `/awards/${award1}/publish`)).status).toBe(200);
    const page = await http().get('/public/honours/honours').set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).toContain('2025年度担当作为好干部评选');
    expect(page.text).toContain('干部e');
    expect(page.text).toContain('区发改局');
    expect(page.text).toContain('副局长');
    expect(page.text).toContain('招商一线的“拼命三郎”');
    expect(page.text).toContain('全年引进项目十二个。');
    expect(page.text).toContain('花溪镇');
    // Decided but not published: not there; nor anything beyond name, unit, position and story.
    expect(page.text).not.toContain('重点工作先进个人');
    expect(page.text).not.toContain('1985');
    expect(page.text).not.toContain('88');
    expect(page.text).not.toContain(ids.e);
    expect((await http().get('/public/nobody/honours')).status).toBe(404);
    expect((await http().get('/public/system/honours')).status).toBe(404);
  });
});
