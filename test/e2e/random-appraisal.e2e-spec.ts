import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { dropNamespace, eventually, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
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
 * 随机考核 at full strength, through the gateway: a record judges the six qualities with their facts
 * and follows the cadre's own task-list tasks (another cadre's task is refused); the wartime file's
 * long run tells one who volunteered once from one who stayed every week; and analytics scores the
 * random cycle by the qualities (a record without them by its performance, as before).
 */
describe('random appraisal', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let checklists: INestApplication;
  let appraisal: INestApplication;
  let analytics: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let officer: string;
  let fieldId: string;
  let cadreA: string; // volunteers once, judged on the six qualities, follows a task
  let cadreB: string; // another cadre: the owner of the foreign task
  let cadreY: string; // stays every week, records without qualities
  let asA: string;
  let asB: string;
  let taskA: string;
  let taskB: string;
  let randomId: string;
  const DAY = 86_400_000;
  const year = new Date().getUTCFullYear();
  // The random cycle opened 35 days ago; days are the tenant's (Asia/Shanghai), as the service checks them.
  const opensAt = new Date(Date.now() - 35 * DAY);
  const dayInBeijing = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
  const opened = dayInBeijing(opensAt.getTime());
  const http = () => request(gateway.getHttpServer());
  const send = (method: 'post' | 'put' | 'get', path: string, token: string, body?: object) =>
    http()[method](`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body);
  const quality = (grade: string, fact: string) => ({ grade, fact });
  const qualities = {
    political: quality('excellent', '第一时间传达区委防控部署，带头签订责任状'),
    overall_view: quality('good', '主动抽调本单位人员支援重点街道卡点'),
    responsibility: quality('excellent', '包保小区连续值守，排查无遗漏'),
    commitment: quality('excellent', '出现阳性病例后主动请缨进入封控区'),
    fighting: quality('good', '妥善化解居民聚集诉求，未发生舆情'),
    leadership: quality('fair', '工作组之间协调不畅，重复排查'),
  };
  // (100 + 80 + 100 + 100 + 80 + 60) / 6
  const QUALITY_POINTS = 86.7;
  const record = (cadreId: string, date: string, extra: object = {}) => ({
    cadreId,
    date,
    role: '社区卡点值守',
    volunteered: false,
    dutyHours: 24,
    performance: 'good',
    ...extra,
  });
  const records = async (cadreId: string) =>
    (
      await db.query(`SELECT count(*)::int AS n FROM "${namespace}_appraisal".wartime_records WHERE cadre_id = $1`, [
        cadreId,
      ])
    )[0].n as number;

  beforeAll(async () => {
    roster = await startRoster(namespace);
    checklists = await startChecklists(namespace);
    appraisal = await startAppraisal(namespace);
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '1000' });
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    officer = (await createTenant(gateway, 'lvyuan')).token;
    fieldId = (await send('post', '/fields', officer, { code: 'economy', name: '经济' })).body.id;
    const unitId = (
      await send('post', '/units', officer, { code: 'LY-1', name: '区发改局', kind: 'department', fieldId })
    ).body.id;
    const cadre = async (personnelNo: string, name: string) =>
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
    cadreA = await cadre('A1', '甲干部');
    cadreB = await cadre('B1', '乙干部');
    cadreY = await cadre('Y1', '丙干部');
    const cadreUser = async (username: string, cadreId: string) => {
      await send('post', '/users', officer, { username, password: 'password-1', roles: ['cadre'], cadreId });
      return login(gateway, 'lvyuan', username, 'password-1');
    };
    asA = await cadreUser('cadre-a', cadreA);
    asB = await cadreUser('cadre-b', cadreB);
    // Each of A and B signs a task list for the year: its tasks reach appraisal with checklists.tasklist.signed.
    const signedList = async (cadreId: string, token: string, title: string) => {
      await eventually(
        async () => (await send('get', `/cadres/${cadreId}/task-lists/${year}`, officer)).status === 200,
        20_000,
        'cadre projected in checklists',
      );
      const added = await send('post', `/cadres/${cadreId}/task-lists/${year}/tasks`, officer, {
        title,
        measures: '挂图作战，每月调度',
        indicator: { metric: '项目', target: 10, unit: '个' },
        deadline: `${year}-12-31`,
        weight: 1,
      });
      expect(added.status).toBe(201);
      await send('post', `/cadres/${cadreId}/task-lists/${year}/submit`, officer).expect(200);
      await send('post', `/cadres/${cadreId}/task-lists/${year}/approve`, officer).expect(200);
      await send('post', `/cadres/${cadreId}/task-lists/${year}/sign`, token).expect(200);
      return (added.body.tasks as Array<{ id: string; title: string }>).find((t) => t.title === title)!.id;
    };
    taskA = await signedList(cadreA, asA, '重点项目开复工');
    taskB = await signedList(cadreB, asB, '化解信访积案');
    await eventually(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM "${namespace}_appraisal".task_list_tasks`))[0].n === 2,
      20_000,
      'signed tasks projected in appraisal',
    );
    const created = await send('post', '/cycles', officer, {
      kind: 'random',
      name: '疫情防控随机考核',
      year,
      topic: 'epidemic',
      opensAt: opensAt.toISOString(),
      closesAt: new Date(Date.now() + 10 * DAY).toISOString(),
    });
    expect(created.status).toBe(201);
    randomId = created.body.id;
    await eventually(
      async () => (await send('get', `/cycles/${randomId}`, officer)).body.status === 'open',
      20_000,
      'random cycle opened by its job',
    );
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
    await analytics?.close();
    await appraisal?.close();
    await checklists?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('records the six qualities with their facts and a task of the cadre’s own list, checked on the spot', async () => {
    const res = await send(
      'post',
      `/cycles/${randomId}/wartime-records`,
      officer,
      record(cadreA, opened, {
        volunteered: true,
        performance: 'outstanding',
        qualities,
        tasks: [{ taskId: taskA, progressChecked: 60, note: '现场核验：开工 6 个' }],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      cadreId: cadreA,
      qualities,
      tasks: [{ taskId: taskA, title: '重点项目开复工', progressChecked: 60, note: '现场核验：开工 6 个' }],
      points: QUALITY_POINTS,
    });
  });

  it('refuses a task of another cadre’s list, and qualities without their facts, writing nothing', async () => {
    const foreign = await send(
      'post',
      `/cycles/${randomId}/wartime-records`,
      officer,
      record(cadreA, opened, { qualities, tasks: [{ taskId: taskB, progressChecked: 10 }] }),
    );
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([
      { field: 'tasks[0].taskId', message: `不是该干部 ${year} 年已签订任务清单中的任务` },
    ]);
    const { fighting: _missing, ...five } = qualities;
    const partial = await send(
      'post',
      `/cycles/${randomId}/wartime-records`,
      officer,
      record(cadreA, opened, {
        qualities: { ...five, political: { grade: 'outstanding', fact: '' } },
        tasks: [{ taskId: taskA, progressChecked: 101 }],
      }),
    );
    expect(partial.status).toBe(400);
    expect(partial.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      [
        'qualities.fighting',
        'qualities.political.fact',
        'qualities.political.grade',
        'tasks[0].progressChecked',
      ].sort(),
    );
    expect(await records(cadreA)).toBe(1);
  });

  it('tells the long run apart: one who volunteered once against one who stayed every week', async () => {
    // Y: a record (without qualities, as records were before) every week from the opening day to today.
    for (let k = 0; k <= 5; k++) {
      const date = dayInBeijing(opensAt.getTime() + k * 7 * DAY);
      expect((await send('post', `/cycles/${randomId}/wartime-records`, officer, record(cadreY, date))).status).toBe(
        201,
      );
    }
    const fileA = (await send('get', `/cadres/${cadreA}/wartime-file`, asA)).body;
    const fileY = (await send('get', `/cadres/${cadreY}/wartime-file`, officer)).body;
    expect(fileA.byTopic).toHaveLength(1);
    const [a] = fileA.byTopic;
    const [y] = fileY.byTopic;
    // Six dates a week apart from the opening day: six ISO weeks, the event's span (to its latest record).
    expect(a.longRun).toEqual({
      eventWeeks: 6,
      weeksPresent: 1,
      participation: 0.167,
      longestStreak: 1,
      performance: QUALITY_POINTS,
      score: 14.5,
    });
    expect(y.longRun).toEqual({
      eventWeeks: 6,
      weeksPresent: 6,
      participation: 1,
      longestStreak: 6,
      performance: 80,
      score: 80,
    });
    expect(a.volunteered).toBe(1);
    // The qualities over time: A's one judgement of each; Y judged none.
    expect(a.qualities.map((q: { quality: string; name: string }) => [q.quality, q.name])).toEqual([
      ['political', '政治素质'],
      ['overall_view', '大局观念'],
      ['responsibility', '责任意识'],
      ['commitment', '担当精神'],
      ['fighting', '斗争本领'],
      ['leadership', '组织领导能力'],
    ]);
    expect(a.qualities[5].points).toEqual([{ date: opened, recordId: fileA.records[0].id, grade: 'fair', points: 60 }]);
    expect(y.qualities.every((q: { points: unknown[]; mean: number | null }) => q.points.length === 0 && !q.mean)).toBe(
      true,
    );
    expect(fileY.records[0]).toMatchObject({ qualities: null, tasks: [], points: 80 });
  });

  it('scores the random cycle by the qualities, a record without them by its performance as before', async () => {
    const ranked = await eventually(async () => {
      const res = await send('get', `/cycles/${randomId}/rankings?scope=horizontal&fieldId=${fieldId}`, officer);
      const items = res.body.items as Array<{ cadreId: string; composite: number; parts: { wartime: number } }>;
      return res.status === 200 && items?.length === 2 ? items : null;
    }, 30_000);
    expect(ranked.map((i) => [i.cadreId, i.parts.wartime, i.composite])).toEqual([
      // The outstanding performance alone would have been 100: the six qualities say 86.7.
      [cadreA, QUALITY_POINTS, QUALITY_POINTS],
      [cadreY, 80, 80],
    ]);
  });
});
