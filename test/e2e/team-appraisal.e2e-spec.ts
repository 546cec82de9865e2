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
import { teamCycle } from '../../scripts/demo/teams';
import { createTenant, demoClient, login, startAppraisal, startGateway, startReview, startRoster } from '../support';

/**
 * 班子考核 through the gateway: a periodic cycle appraises the leadership teams of its units in the four
 * steps, by the assessment group that appraises the unit, in order; and the democratic evaluation of a
 * team as a whole (班子民主测评), a campaign whose targets are teams.
 */
describe('team appraisal', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let appraisal: INestApplication;
  let review: INestApplication;
  let gateway: INestApplication;
  let probe: ProbeConsumer;
  let officer: string;
  let other: string;
  let assessor1: string;
  let assessor2: string;
  let leader1: string;
  let leader2: string;
  const ids: Record<string, string> = {};
  const year = new Date().getUTCFullYear();
  const http = () => request(gateway.getHttpServer());
  const send = (method: 'post' | 'put' | 'get', path: string, token: string, body?: object) =>
    http()[method](`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const step = (teamId: string, name: string, token: string, body: object, cycleId = ids.cycle) =>
    send('put', `/cycles/${cycleId}/team-appraisals/${teamId}/steps/${name}`, token, body);
  const look = { reports: [{ kind: 'report', title: '班子述职报告', text: '上半年工作情况' }], notes: '材料齐全' };
  const apply = {
    score: 88,
    runningState: 'fairly_good',
    problems: '班子成员之间沟通协调不够',
    rectification: '建立班子例会制度',
    suggestion: '保持班子稳定',
  };

  beforeAll(async () => {
    roster = await startRoster(namespace);
    appraisal = await startAppraisal(namespace);
    review = await startReview(namespace);
    gateway = await startGateway(namespace);
    probe = new ProbeConsumer({
      namespace,
      types: ['appraisal.team_step.recorded'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
    officer = (await createTenant(gateway, 'lvyuan')).token;
    other = (await createTenant(gateway, 'nanguan')).token;
    ids.u1 = (await send('post', '/units', officer, { code: 'LY-1', name: '区发改局', kind: 'department' })).body.id;
    ids.u2 = (await send('post', '/units', officer, { code: 'LY-2', name: '春城街道', kind: 'street' })).body.id;
    ids.u3 = (await send('post', '/units', officer, { code: 'LY-3', name: '区委办', kind: 'department' })).body.id;
    ids.t1 = (await send('post', '/teams', officer, { unitId: ids.u1, name: '区发改局领导班子' })).body.id;
    ids.t2 = (await send('post', '/teams', officer, { unitId: ids.u2, name: '春城街道领导班子' })).body.id;
    const cadre = async (personnelNo: string, name: string, unitId: string) =>
      (
        await send('post', '/cadres', officer, {
          personnelNo,
          name,
          gender: 'male',
          birthDate: '1980-01-01',
          unitId,
          position: '副局长',
        })
      ).body.id as string;
    ids.a = await cadre('A1', '甲干部', ids.u1);
    ids.c = await cadre('C1', '丙干部', ids.u2);
    const user = async (username: string, roles: string[], extra: object = {}) => {
      const res = await send('post', '/users', officer, { username, password: 'password-1', roles, ...extra });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, token: await login(gateway, 'lvyuan', username, 'password-1') };
    };
    const a1 = await user('assessor1', ['assessor']);
    const a2 = await user('assessor2', ['assessor']);
    assessor1 = a1.token;
    assessor2 = a2.token;
    leader1 = (await user('leader1', ['unit_leader'], { unitId: ids.u1 })).token;
    leader2 = (await user('leader2', ['unit_leader'], { unitId: ids.u2 })).token;
    // assessor1's group appraises 区发改局 (its cadre 甲), assessor2's 春城街道 (丙).
    await eventually(
      async () =>
        (
          await send('post', '/assessment-groups', officer, {
            name: '第一考核组',
            assessorUserIds: [a1.id],
            cadreIds: [ids.a],
          })
        ).status === 201,
      20_000,
      'cadres projected',
    );
    expect(
      (
        await send('post', '/assessment-groups', officer, {
          name: '第二考核组',
          assessorUserIds: [a2.id],
          cadreIds: [ids.c],
        })
      ).status,
    ).toBe(201);
    const cycle = await send('post', '/cycles', officer, {
      kind: 'periodic',
      name: `${year}年上半年定期考核`,
      year,
      half: 1,
      opensAt: inDays(5),
      closesAt: inDays(30),
    });
    expect(cycle.status).toBe(201);
    ids.cycle = cycle.body.id;
    expect((await send('post', `/cycles/${ids.cycle}/open`, officer)).status).toBe(200);
  });

  afterAll(async () => {
    await probe?.stop();
    await gateway?.close();
    await review?.close();
    await appraisal?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it("lists the cycle's teams, none appraised yet", async () => {
    await eventually(
      async () => (await send('get', `/cycles/${ids.cycle}/team-appraisals`, officer)).body.items?.length === 2,
      20_000,
      'teams projected',
    );
    const res = await send('get', `/cycles/${ids.cycle}/team-appraisals?teamId=${ids.t1}`, officer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: null,
          cycleId: ids.cycle,
          teamId: ids.t1,
          teamName: '区发改局领导班子',
          unitId: ids.u1,
          completedSteps: [],
          nextStep: 'look',
          steps: {},
          score: null,
          runningState: null,
        },
      ],
      nextCursor: null,
    });
  });

  it('records the four steps in order, by the group that appraises the unit', async () => {
    // Out of order: 409, nothing written.
    const early = await step(ids.t1, 'apply', assessor1, apply);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('望');
    // An assessor of another unit's group, a leader, another tenant: refused.
    expect((await step(ids.t1, 'look', assessor2, look)).status).toBe(403);
    expect((await step(ids.t1, 'look', leader1, look)).status).toBe(403);
    expect((await step(ids.t1, 'look', other, look)).status).toBe(404);
    expect((await step(ids.t1, 'weigh', assessor1, look)).status).toBe(404);

    expect((await step(ids.t1, 'look', assessor1, look)).status).toBe(200);
    expect((await step(ids.t1, 'listen', assessor1, { notes: '测评结果已反馈' })).status).toBe(200);
    const asked = await step(ids.t1, 'ask', assessor1, {
      problems: [{ description: '重点项目推进合力不足', severity: 'moderate', followUp: '专题会议研究' }],
    });
    expect(asked.status).toBe(200);
    expect(asked.body.nextStep).toBe('apply');
    const done = await step(ids.t1, 'apply', assessor1, apply);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      teamId: ids.t1,
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      nextStep: null,
      score: 88,
      runningState: 'fairly_good',
    });
    expect(done.body.steps.apply).toMatchObject({ content: apply, recordedBy: 'assessor1' });
    await eventually(async () => (await probe.counts('appraisal.team_step.recorded')).rows === 4, 20_000, 'events');
    const events = await probe.applied('appraisal.team_step.recorded');
    expect(events.map((e) => e.data.step)).toEqual(['look', 'listen', 'ask', 'apply']);
    expect(events[3].data).toMatchObject({ teamId: ids.t1, unitId: ids.u1, result: apply });
    expect(events[0].data.result).toBeNull();
  });

  it('refuses a bad apply naming the fields, and writes nothing', async () => {
    const res = await step(ids.t2, 'look', assessor2, look);
    expect(res.status).toBe(200);
    for (const s of ['listen', 'ask'])
      expect((await step(ids.t2, s, assessor2, s === 'ask' ? { problems: [] } : { notes: '' })).status).toBe(200);
    const bad = await step(ids.t2, 'apply', assessor2, { ...apply, score: 101, runningState: 'excellent' });
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(['runningState', 'score']);
    const listed = await send('get', `/cycles/${ids.cycle}/team-appraisals?teamId=${ids.t2}`, officer);
    expect(listed.body.items[0].completedSteps).toEqual(['look', 'listen', 'ask']);
  });

  it('shows each reader only the teams they may see', async () => {
    const mine = await send('get', `/cycles/${ids.cycle}/team-appraisals`, assessor1);
    expect(mine.body.items.map((t: { teamId: string }) => t.teamId)).toEqual([ids.t1]);
    // Before publish a leader sees nothing; another unit's team does not exist for them.
    expect((await send('get', `/cycles/${ids.cycle}/team-appraisals`, leader1)).status).toBe(403);
    expect((await send('get', `/cycles/${ids.cycle}/team-appraisals?teamId=${ids.t2}`, leader1)).status).toBe(404);
    // Paging: one team a page, every team once.
    const first = await send('get', `/cycles/${ids.cycle}/team-appraisals?limit=1`, officer);
    expect(first.body.items).toHaveLength(1);
    const second = await send(
      'get',
      `/cycles/${ids.cycle}/team-appraisals?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      officer,
    );
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([first.body.items[0].teamId, second.body.items[0].teamId])).toEqual(new Set([ids.t1, ids.t2]));
    expect((await send('get', `/cycles/${ids.cycle}/team-appraisals?cursor=forged`, officer)).status).toBe(400);
  });

  it('evaluates teams as a whole with the team template, under the anonymity threshold', async () => {
    const voters = Array.from({ length: 6 }, (_, i) => ({ name: `投票人${i}`, unitId: ids.u3, group: '班子成员' }));
    let created: request.Response | undefined;
    await eventually(
      async () => {
        created = await send('post', `/cycles/${ids.cycle}/campaigns`, officer, {
          direction: 'top_down',
          subject: 'team',
          targetIds: [ids.t1, ids.t2],
          voters,
        });
        return created.status === 201;
      },
      20_000,
      'cycle and teams projected in review',
    );
    const c = created!.body;
    expect(c).toMatchObject({ subject: 'team', name: `${year}年上半年定期考核·班子民主测评` });
    expect(c.items.map((i: { key: string }) => i.key)).toEqual([
      'political',
      'leadership',
      'results',
      'unity',
      'conduct',
      'integrity',
    ]);
    // A ballot shows the teams by name; a cadre id is not a target of a team campaign.
    const ballot = await http().get(`/api/v1/ballots/${c.tokens[0].token}`);
    expect(ballot.status).toBe(200);
    expect(JSON.stringify(ballot.body)).toContain('区发改局领导班子');
    const cast = (token: string, ratings: object[]) => http().post(`/api/v1/ballots/${token}`).send({ ratings });
    expect((await cast(c.tokens[0].token, [{ targetId: ids.a, grade: 'competent' }])).status).toBe(422);
    // Five of six cast for 区发改局's team (the default threshold is 5), two for 春城街道's.
    for (const [i, { token }] of c.tokens.slice(0, 5).entries()) {
      const ratings: object[] = [
        { targetId: ids.t1, grade: i < 2 ? 'excellent' : 'competent', scores: { unity: 80 + i } },
      ];
      if (i < 2) ratings.push({ targetId: ids.t2, grade: 'competent', scores: { unity: 70 } });
      expect((await cast(token, ratings)).status).toBe(201);
    }
    // An unknown team template key is refused, naming the field.
    expect(
      (await cast(c.tokens[5].token, [{ targetId: ids.t1, grade: 'competent', scores: { luck: 1 } }])).status,
    ).toBe(400);
    // A tenant's templates: the team template is there, and saving the three others keeps it.
    const templates = await send('get', '/review/templates', officer);
    expect(templates.body.team.map((i: { key: string }) => i.key)).toContain('unity');
    const { democratic, top_down, bottom_up } = templates.body;
    const saved = await send('put', '/review/templates', officer, { democratic, top_down, bottom_up });
    expect(saved.status).toBe(200);
    expect(saved.body.team).toEqual(templates.body.team);
    ids.teamCampaign = c.id;
  });

  it('keeps a closed cycle read-only, and shows a leader their own team once published', async () => {
    expect((await send('post', `/cycles/${ids.cycle}/close`, officer)).status).toBe(200);
    expect((await step(ids.t2, 'apply', assessor2, apply)).status).toBe(409);
    // The team campaign's results: 区发改局's team shown (5 ballots), 春城街道's hidden (2 < 5).
    let results: Array<{ targetId: string; ballots?: number; suppressed?: boolean }> = [];
    await eventually(
      async () => {
        const res = await send('get', `/campaigns/${ids.teamCampaign}/results`, officer);
        results = Array.isArray(res.body) ? res.body : (res.body.items ?? []);
        return res.status === 200 && results.length === 2;
      },
      20_000,
      'team campaign results',
    );
    const t1 = results.find((r) => r.targetId === ids.t1);
    const t2 = results.find((r) => r.targetId === ids.t2);
    expect(t1).toMatchObject({ ballots: 5 });
    // Hidden as a cadre's would be (docs/anonymity.md): how many voted, but no grade, rate or score.
    expect(t2).toMatchObject({ suppressed: true, gradeCounts: null, excellentRate: null, score: null });
    expect((await send('post', `/cycles/${ids.cycle}/publish`, officer)).status).toBe(200);
    const own = await send('get', `/cycles/${ids.cycle}/team-appraisals`, leader2);
    expect(own.status).toBe(200);
    expect(own.body.items.map((t: { teamId: string }) => t.teamId)).toEqual([ids.t2]);
  });

  it("gives the demo's past cycles team appraisals and a team campaign with ballots", async () => {
    const cycle = await send('post', '/cycles', officer, {
      kind: 'periodic',
      name: `${year}年下半年定期考核`,
      year,
      half: 2,
      opensAt: inDays(40),
      closesAt: inDays(60),
    });
    expect(cycle.status).toBe(201);
    expect((await send('post', `/cycles/${cycle.body.id}/open`, officer)).status).toBe(200);
    const seed = await demoClient(gateway, 'lvyuan', officer);
    const teams = [
      { id: ids.t1, unitId: ids.u1, name: '区发改局领导班子' },
      { id: ids.t2, unitId: ids.u2, name: '春城街道领导班子' },
    ];
    const loaded = await teamCycle(seed, { id: cycle.body.id, name: cycle.body.name }, teams);
    expect(loaded).toMatchObject({ appraisals: 2, steps: 8, campaigns: 1 });
    expect(loaded.ballots).toBeGreaterThan(0);
    const listed = await send('get', `/cycles/${cycle.body.id}/team-appraisals`, officer);
    expect(listed.body.items.map((a: { completedSteps: string[] }) => a.completedSteps)).toEqual([
      ['look', 'listen', 'ask', 'apply'],
      ['look', 'listen', 'ask', 'apply'],
    ]);
    const campaigns = await send('get', `/cycles/${cycle.body.id}/campaigns`, officer);
    expect(campaigns.body.items).toEqual([expect.objectContaining({ subject: 'team' })]);
  });
});
