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
import { createTenant, login, startAppraisal, startChecklists, startGateway, startRoster } from '../support';

/** 考核周期 through the gateway: cycles, assessment groups, 望闻问切, the political gate, wartime files. */
describe('appraisal', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let checklists: INestApplication;
  let appraisal: INestApplication;
  let gateway: INestApplication;
  let probe: ProbeConsumer;
  let officer: string;
  let other: string;
  let cadreA: string;
  let cadreB: string;
  let cadreC: string;
  let assessor1: { id: string; token: string };
  let assessor2: { id: string; token: string };
  let asA: string;
  let groupId: string;
  const year = new Date().getUTCFullYear();
  const http = () => request(gateway.getHttpServer());
  const send = (method: 'post' | 'put' | 'get', path: string, token: string, body?: object) =>
    http()[method](`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const look = {
    reports: [{ kind: 'report', title: '上半年述职报告', url: 'https://oa.example.gov.cn/docs/1' }],
    notes: '汇报扎实',
  };
  const count = async (type: string) => (await probe.counts(type)).rows;
  const events = (type: string) => probe.applied(type);
  const apply = (grade = 'competent') => ({
    score: 84,
    grade,
    strengths: '招商引资',
    weaknesses: '创新意识有待增强',
    traits: ['敢于担当'],
    suggestion: 'keep',
  });

  beforeAll(async () => {
    roster = await startRoster(namespace);
    checklists = await startChecklists(namespace);
    appraisal = await startAppraisal(namespace);
    gateway = await startGateway(namespace);
    probe = new ProbeConsumer({
      namespace,
      types: [
        'appraisal.cycle.scheduled',
        'appraisal.cycle.opened',
        'appraisal.cycle.closed',
        'appraisal.cycle.published',
        'appraisal.step.recorded',
        'appraisal.wartime.recorded',
        'appraisal.group.updated',
      ],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
    officer = (await createTenant(gateway, 'lvyuan')).token;
    other = (await createTenant(gateway, 'nanguan')).token;
    const u1 = (await send('post', '/units', officer, { code: 'LY-1', name: '区发改局', kind: 'department' })).body.id;
    const u2 = (await send('post', '/units', officer, { code: 'LY-2', name: '春城街道', kind: 'street' })).body.id;
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
    cadreA = await cadre('A1', '甲干部', u1);
    cadreB = await cadre('B1', '乙干部', u1);
    cadreC = await cadre('C1', '丙干部', u2);
    const user = async (username: string, roles: string[], cadreId?: string) => {
      const res = await send('post', '/users', officer, {
        username,
        password: 'password-1',
        roles,
        ...(cadreId ? { cadreId } : {}),
      });
      return { id: res.body.id as string, token: await login(gateway, 'lvyuan', username, 'password-1') };
    };
    assessor1 = await user('assessor1', ['assessor']);
    assessor2 = await user('assessor2', ['assessor']);
    asA = (await user('cadre-a', ['cadre'], cadreA)).token;
    // The roster's events reach the appraisal service's projection.
    await eventually(
      async () =>
        (await send('post', '/assessment-groups', officer, { name: '探测组', assessorUserIds: [], cadreIds: [cadreC] }))
          .status === 201,
      20_000,
      'cadres projected',
    );
  });

  afterAll(async () => {
    await probe?.stop();
    await gateway?.close();
    await appraisal?.close();
    await checklists?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('refuses a bad cycle naming every field, and writes nothing', async () => {
    const res = await send('post', '/cycles', officer, {
      kind: 'weekly',
      name: '',
      year: 1999,
      opensAt: 'tomorrow',
      closesAt: inDays(1),
      reminderOffsetsHours: [-1],
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'kind',
      'name',
      'opensAt',
      'reminderOffsetsHours',
      'year',
    ]);
    const rules = await send('post', '/cycles', officer, {
      kind: 'periodic',
      name: '上半年',
      year,
      opensAt: inDays(2),
      closesAt: inDays(1),
      topic: 'epidemic',
    });
    expect(rules.status).toBe(400);
    expect(rules.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['closesAt', 'half', 'topic']);
    expect((await send('get', '/cycles', officer)).body.items).toEqual([]);
  });

  it('creates a scheduled cycle, one per half-year, moved by hand in order only', async () => {
    const created = await send('post', '/cycles', officer, {
      kind: 'periodic',
      name: `${year}年上半年定期考核`,
      year,
      half: 1,
      opensAt: inDays(5),
      closesAt: inDays(30),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'scheduled', reminderOffsetsHours: [72, 24], unitIds: null });
    const again = await send('post', '/cycles', officer, {
      kind: 'periodic',
      name: '重复',
      year,
      half: 1,
      opensAt: inDays(5),
      closesAt: inDays(30),
    });
    expect(again.status).toBe(409);
    const id = created.body.id;
    expect((await send('post', `/cycles/${id}/close`, officer)).status).toBe(409);
    expect((await send('post', `/cycles/${id}/open`, asA)).status).toBe(403);
    const opened = await send('post', `/cycles/${id}/open`, officer);
    expect(opened.status).toBe(200);
    expect(opened.body.status).toBe('open');
    expect((await send('post', `/cycles/${id}/open`, officer)).status).toBe(409);
    expect((await send('post', `/cycles/${id}/archive`, officer)).status).toBe(404);
    // Another tenant cannot see it.
    expect((await send('get', `/cycles/${id}`, other)).status).toBe(404);
    await eventually(async () => (await count('appraisal.cycle.opened')) === 1, 10_000, 'opened event');
    expect((await events('appraisal.cycle.scheduled'))[0].data).toMatchObject({ id, status: 'scheduled', half: 1 });
  });

  it('keeps assessment groups, with every change recorded with its reason', async () => {
    const notAssessor = await send('post', '/assessment-groups', officer, {
      name: '第一考核组',
      assessorUserIds: [assessor1.id, '00000000-0000-4000-8000-000000000001'],
      cadreIds: [cadreA],
    });
    expect(notAssessor.status).toBe(422);
    expect(notAssessor.body.errors).toEqual([{ field: 'assessorUserIds.1', message: '不是本单位的用户' }]);
    const created = await send('post', '/assessment-groups', officer, {
      name: '第一考核组',
      assessorUserIds: [assessor1.id],
      cadreIds: [cadreA],
    });
    expect(created.status).toBe(201);
    groupId = created.body.id;
    const noReason = await send('put', `/assessment-groups/${groupId}`, officer, {
      name: '第一考核组',
      assessorUserIds: [assessor1.id],
      cadreIds: [cadreA, cadreB],
    });
    expect(noReason.status).toBe(400);
    const changed = await send('put', `/assessment-groups/${groupId}`, officer, {
      name: '第一考核组',
      assessorUserIds: [assessor1.id],
      cadreIds: [cadreA, cadreB],
      reason: '乙干部新任职，纳入考核',
    });
    expect(changed.status).toBe(200);
    const changes = await send('get', `/assessment-groups/${groupId}/changes`, officer);
    expect(changes.body.items).toEqual([
      expect.objectContaining({
        reason: '乙干部新任职，纳入考核',
        cadresAdded: [cadreB],
        cadresRemoved: [],
        assessorsAdded: [],
        assessorsRemoved: [],
      }),
    ]);
    // An assessor sees only their own groups.
    expect((await send('get', '/assessment-groups', assessor2.token)).body.items).toEqual([]);
    expect(
      (await send('get', '/assessment-groups', assessor1.token)).body.items.map((g: { id: string }) => g.id),
    ).toEqual([groupId]);
    await eventually(
      async () =>
        (await events('appraisal.group.updated')).some((e) => (e.data as { cadreIds: string[] }).cadreIds.length === 2),
      10_000,
      'group event',
    );
  });

  it('lets only assigned assessors record 望闻问切, in order, with the political gate on excellent', async () => {
    const cycle = (await send('get', '/cycles?status=open', officer)).body.items[0].id;
    const steps = `/cycles/${cycle}/appraisals/${cadreA}/steps`;
    expect((await send('put', `${steps}/look`, assessor2.token, look)).status).toBe(403);
    const early = await send('put', `${steps}/ask`, assessor1.token, { problems: [] });
    expect(early.status).toBe(422);
    expect(early.body.detail).toContain('望');
    expect((await send('put', `${steps}/smell`, assessor1.token, {})).status).toBe(404);
    const badApply = await send('put', `${steps}/look`, assessor1.token, { reports: [{ kind: 'x', title: '' }] });
    expect(badApply.status).toBe(400);
    expect(badApply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'notes',
      'reports[0].kind',
      'reports[0].title',
    ]);
    expect((await send('put', `${steps}/look`, assessor1.token, look)).status).toBe(200);
    expect((await send('put', `${steps}/listen`, assessor1.token, { notes: '测评结果已反馈' })).status).toBe(200);
    expect(
      (
        await send('put', `${steps}/ask`, assessor1.token, {
          problems: [{ description: '调度不及时', severity: 'moderate', followUp: '周调度' }],
        })
      ).status,
    ).toBe(200);
    const done = await send('put', `${steps}/apply`, assessor1.token, apply('excellent'));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      nextStep: null,
      politicalVerdict: 'pass',
    });

    // Cadre B gets a major negative political observation: verdict attention → no excellent.
    const obs = await send('post', `/cadres/${cadreB}/political-observations`, officer, {
      dimension: 'truth_seeking',
      polarity: 'negative',
      severity: 'major',
      evidence: '上报数据与实际不符',
      occurredAt: new Date().toISOString().slice(0, 10),
      source: 'inspection',
    });
    expect(obs.status).toBe(201);
    const bSteps = `/cycles/${cycle}/appraisals/${cadreB}/steps`;
    for (const [step, body] of [
      ['look', look],
      ['listen', { notes: '' }],
      ['ask', { problems: [] }],
    ] as const) {
      expect((await send('put', `${bSteps}/${step}`, assessor1.token, body)).status).toBe(200);
    }
    let refused: request.Response | undefined;
    await eventually(
      async () => {
        refused = await send('put', `${bSteps}/apply`, assessor1.token, apply('excellent'));
        return refused.status === 422;
      },
      20_000,
      'verdict projected',
    );
    expect(refused!.body.detail).toContain('首关不过');
    expect(refused!.body.errors).toEqual([expect.objectContaining({ field: 'content.grade' })]);
    expect((await send('put', `${bSteps}/apply`, assessor1.token, apply('competent'))).status).toBe(200);

    // Cadre C is not in assessor1's group.
    expect((await send('put', `/cycles/${cycle}/appraisals/${cadreC}/steps/look`, assessor1.token, look)).status).toBe(
      403,
    );
    await eventually(async () => (await count('appraisal.step.recorded')) === 8, 10_000, 'step events');
    const applied = (await events('appraisal.step.recorded')).find(
      (e) =>
        (e.data as { step: string; cadreId: string }).step === 'apply' &&
        (e.data as { cadreId: string }).cadreId === cadreA,
    );
    expect(applied?.data).toMatchObject({
      cycleId: cycle,
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: { score: 84, grade: 'excellent' },
    });
  });

  it('shows appraisals by role, and makes a closed cycle read-only', async () => {
    const cycle = (await send('get', '/cycles?status=open', officer)).body.items[0].id;
    const all = await send('get', `/cycles/${cycle}/appraisals`, officer);
    expect(all.status).toBe(200);
    expect(all.body.items.map((a: { cadreId: string }) => a.cadreId).sort()).toEqual([cadreA, cadreB, cadreC].sort());
    const mine = await send('get', `/cycles/${cycle}/appraisals`, assessor1.token);
    expect(mine.body.items.map((a: { cadreId: string }) => a.cadreId).sort()).toEqual([cadreA, cadreB].sort());
    expect((await send('get', `/cycles/${cycle}/appraisals?cadreId=${cadreA}`, asA)).status).toBe(403);
    const progress = await send('get', `/cycles/${cycle}`, officer);
    expect(progress.body.progress).toEqual({ cadres: 3, completed: 2 });

    expect((await send('post', `/cycles/${cycle}/close`, officer)).status).toBe(200);
    const late = await send('put', `/cycles/${cycle}/appraisals/${cadreA}/steps/look`, assessor1.token, look);
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('只读');
    expect((await send('post', `/cycles/${cycle}/publish`, officer)).status).toBe(200);
    const own = await send('get', `/cycles/${cycle}/appraisals?cadreId=${cadreA}`, asA);
    expect(own.status).toBe(200);
    expect(own.body.items[0].steps.apply.content).toMatchObject({ grade: 'excellent' });
    expect((await send('get', `/cycles/${cycle}/appraisals?cadreId=${cadreB}`, asA)).status).toBe(403);
    await eventually(async () => (await count('appraisal.cycle.published')) === 1, 10_000, 'published event');
  });

  it('keeps a wartime file of conduct over time during a random cycle', async () => {
    const periodic = (await send('get', '/cycles?kind=periodic', officer)).body.items[0].id;
    const rec = (date: string, performance: string, volunteered: boolean) => ({
      cadreId: cadreA,
      date,
      role: '社区卡点值守',
      volunteered,
      dutyHours: 30,
      performance,
      note: '连续值守',
    });
    // Today where the tenant is (Asia/Shanghai): the day the service checks a record's date against.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await send('post', `/cycles/${periodic}/wartime-records`, officer, rec(today, 'good', true))).status).toBe(
      422,
    );
    const created = await send('post', '/cycles', officer, {
      kind: 'random',
      name: '疫情防控随机考核',
      year,
      topic: 'epidemic',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: inDays(10),
    });
    expect(created.status).toBe(201);
    const random = created.body.id;
    // Its opensAt has passed: the clock opens it at once.
    await eventually(
      async () => (await send('get', `/cycles/${random}`, officer)).body.status === 'open',
      20_000,
      'random cycle opened by its job',
    );
    expect((await send('put', `/cycles/${random}/appraisals/${cadreA}/steps/look`, officer, look)).status).toBe(422);
    const first = await send('post', `/cycles/${random}/wartime-records`, assessor1.token, {
      ...rec(today, 'outstanding', true),
      commendation: '通报表扬',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ topic: 'epidemic', volunteered: true, commendation: '通报表扬' });
    expect(
      (await send('post', `/cycles/${random}/wartime-records`, assessor2.token, rec(today, 'good', false))).status,
    ).toBe(403);
    const future = await send('post', `/cycles/${random}/wartime-records`, officer, rec('2999-01-01', 'good', false));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'date', message: '不能是将来的日期' }]);
    expect((await send('post', `/cycles/${random}/wartime-records`, officer, rec(today, 'fair', false))).status).toBe(
      201,
    );
    const file = await send('get', `/cadres/${cadreA}/wartime-file`, asA);
    expect(file.status).toBe(200);
    expect(file.body.summary).toMatchObject({
      events: 1,
      records: 2,
      firstVolunteeredOn: today,
      volunteered: 1,
      totalDutyHours: 60,
      outstanding: 1,
      commendations: 1,
    });
    expect(file.body.weekly).toHaveLength(1);
    expect(file.body.weekly[0]).toMatchObject({ records: 2, dutyHours: 60, volunteered: 1 });
    expect((await send('get', `/cadres/${cadreB}/wartime-file`, asA)).status).toBe(403);
    expect((await send('get', `/cadres/${cadreA}/wartime-file`, other)).status).toBe(404);
    await eventually(async () => (await count('appraisal.wartime.recorded')) === 2, 10_000, 'wartime events');
  });

  it('has an inbox per user and refuses another user’s notification', async () => {
    const inbox = await send('get', '/me/notifications', assessor1.token);
    expect(inbox.status).toBe(200);
    expect(inbox.body).toEqual({ items: [], unread: 0, nextCursor: null });
    expect(
      (await send('post', '/me/notifications/00000000-0000-4000-8000-000000000001/read', assessor1.token)).status,
    ).toBe(404);
    const channels = await send('put', '/notification-channels', officer, {
      webhook: { url: 'https://hooks.example.gov.cn/cadre', secret: 's3cret', enabled: false },
    });
    expect(channels.status).toBe(200);
    expect(channels.body.webhook).toEqual({
      url: 'https://hooks.example.gov.cn/cadre',
      secret: '••••••',
      enabled: false,
    });
    expect((await send('put', '/notification-channels', asA, {})).status).toBe(403);
  });
});
