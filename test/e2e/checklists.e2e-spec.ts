import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { eventSubject, subjectPrefix } from '@cadre/contracts';
import {
  dropNamespace,
  eventually,
  ProbeConsumer,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
} from '@cadre/testing';
import { loadChecklists } from '../../scripts/demo/checklists';
import { createTenant, demoAnswer, demoClient, login, startChecklists, startGateway, startRoster } from '../support';

/** 三张清单 through the gateway: the political gate, the responsibility list, the task list and its commitment. */
describe('checklists', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let checklists: INestApplication;
  let gateway: INestApplication;
  let probe: ProbeConsumer;
  let nc: NatsConnection;
  let db: DataSource;
  let officer: string;
  let other: string;
  let cadreA: string;
  let cadreB: string;
  let asA: string;
  let asB: string;
  let leader: string;
  let assessor: string;
  let assessorId: string;
  const year = new Date().getUTCFullYear();
  const http = () => request(gateway.getHttpServer());
  const send = (method: 'post' | 'put' | 'get', path: string, token: string, body?: object) =>
    http()[method](`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body);
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    roster = await startRoster(namespace);
    checklists = await startChecklists(namespace);
    gateway = await startGateway(namespace);
    probe = new ProbeConsumer({
      namespace,
      types: [
        'checklists.political.verdict_changed',
        'checklists.tasklist.signed',
        'checklists.task.progressed',
        'checklists.task.overdue',
      ],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
    nc = await connect({ servers: TEST_NATS_URL });
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    officer = (await createTenant(gateway, 'lvyuan')).token;
    other = (await createTenant(gateway, 'nanguan')).token;
    const unit = (await send('post', '/units', officer, { code: 'LY-1', name: '区发改局', kind: 'department' })).body
      .id;
    const cadre = (personnelNo: string, name: string) =>
      send('post', '/cadres', officer, {
        personnelNo,
        name,
        gender: 'male',
        birthDate: '1980-01-01',
        unitId: unit,
        position: '副局长',
      });
    cadreA = (await cadre('A1', '甲干部')).body.id;
    cadreB = (await cadre('B1', '乙干部')).body.id;
    const user = async (username: string, roles: string[], cadreId?: string) => {
      const res = await send('post', '/users', officer, {
        username,
        password: 'password-1',
        roles,
        ...(cadreId ? { cadreId } : {}),
        ...(roles.includes('unit_leader') ? { unitId: unit } : {}),
      });
      return { id: res.body.id as string, token: await login(gateway, 'lvyuan', username, 'password-1') };
    };
    asA = (await user('cadre-a', ['cadre'], cadreA)).token;
    asB = (await user('cadre-b', ['cadre'], cadreB)).token;
    leader = (await user('leader', ['unit_leader'])).token;
    ({ id: assessorId, token: assessor } = await user('assessor1', ['assessor']));
    // The roster's events reach the checklists' projection.
    await eventually(
      async () => (await send('get', `/cadres/${cadreB}/task-lists/${year}`, officer)).status === 200,
      20_000,
      'cadres projected',
    );
  });

  afterAll(async () => {
    await probe?.stop();
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await checklists?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  describe('political list and file (政治清单, 政治体检档案)', () => {
    it('offers the six dimensions with their indicators', async () => {
      const res = await send('get', '/political/dimensions', officer);
      expect(res.body.map((d: { name: string }) => d.name)).toEqual([
        '信念坚定',
        '实事求是',
        '勇于担当',
        '坚持原则',
        '严守规矩',
        '勤学苦练',
      ]);
      for (const d of res.body) expect(d.indicators.length).toBeGreaterThanOrEqual(3);
    });

    it('moves the verdict with the rule: one major → attention, a second → fail, and publishes each change', async () => {
      const observe = (severity: string, occurredAt: string) =>
        send('post', `/cadres/${cadreA}/political-observations`, officer, {
          dimension: 'discipline',
          polarity: 'negative',
          severity,
          evidence: '违反请示报告制度',
          occurredAt,
          source: 'inspection',
        });
      expect((await observe('major', daysAgo(400))).body.verdict).toBe('pass'); // 13 months old: outside the window
      expect((await observe('major', daysAgo(30))).body.verdict).toBe('attention');
      const fail = await observe('major', daysAgo(10));
      expect(fail.body).toMatchObject({
        verdict: 'fail',
        dimensions: expect.arrayContaining([
          { key: 'discipline', name: '严守规矩', status: 'bad', positives: 0, negatives: 2 },
        ]),
      });
      expect(fail.body.observations).toHaveLength(3);
      const events = await eventually(async () => {
        const rows = await probe.applied('checklists.political.verdict_changed');
        return rows.length >= 2 ? rows : null;
      });
      expect(events.map((e) => [e.data.from, e.data.to])).toEqual([
        ['pass', 'attention'], // the 13-month-old observation opened the file at pass
        ['attention', 'fail'],
      ]);
    });

    it('refuses bad and future observations, and another tenant’s cadre', async () => {
      const bad = await send('post', `/cadres/${cadreA}/political-observations`, officer, {
        dimension: 'luck',
        polarity: 'neutral',
        severity: 'major',
        occurredAt: '2026/01/01',
        source: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'dimension',
        'evidence',
        'occurredAt',
        'polarity',
        'source',
      ]);
      const future = await send('post', `/cadres/${cadreA}/political-observations`, officer, {
        dimension: 'belief',
        polarity: 'positive',
        severity: 'minor',
        evidence: 'x',
        occurredAt: '2099-01-01',
        source: 'other',
      });
      expect(future.status).toBe(422);
      expect((await send('get', `/cadres/${cadreA}/political-file`, other)).status).toBe(404);
    });

    it('shows a file only to the organization department and assessors assigned to the cadre, auditing every read', async () => {
      expect((await send('get', `/cadres/${cadreA}/political-file`, assessor)).status).toBe(403);
      expect((await send('get', `/cadres/${cadreA}/political-file`, leader)).status).toBe(403);
      expect((await send('get', `/cadres/${cadreA}/political-file`, asA)).status).toBe(403);
      // The appraisal service assigns assessment groups; here its event is published directly.
      const tenantId = (await db.query(`SELECT id FROM "${namespace}_gateway".tenants WHERE code = 'lvyuan'`))[0].id;
      const event = {
        id: randomUUID(),
        type: 'appraisal.group.updated',
        version: 1,
        tenantId,
        occurredAt: new Date().toISOString(),
        actor: null,
        aggregateId: randomUUID(),
        data: { groupId: randomUUID(), name: '第一考核组', assessorUserIds: [assessorId], cadreIds: [cadreA] },
      };
      event.data.groupId = event.aggregateId;
      await jetstream(nc).publish(
        eventSubject(subjectPrefix(namespace), 'appraisal.group.updated'),
        JSON.stringify(event),
        { msgID: event.id },
      );
      await eventually(
        async () => (await send('get', `/cadres/${cadreA}/political-file`, assessor)).status === 200,
        15_000,
        'assessor assigned',
      );
      expect((await send('get', `/cadres/${cadreB}/political-file`, assessor)).status).toBe(403); // not assigned to B
      await new Promise((r) => setTimeout(r, 100));
      const reads = await db.query(
        `SELECT status, username FROM "${namespace}_gateway".audit_log WHERE method = 'GET' AND path LIKE '%/political-file' ORDER BY seq`,
      );
      expect(reads.filter((r: { status: number }) => r.status === 403).length).toBeGreaterThanOrEqual(4);
      expect(reads).toEqual(expect.arrayContaining([{ status: 200, username: 'assessor1' }]));
      expect(reads.filter((r: { status: number }) => r.status === 0)).toEqual([]); // each attempt row got its outcome
    });

    it('lets the organization department change the rule, within sense', async () => {
      expect(
        (
          await send('put', '/political/rule', officer, {
            windowMonths: 12,
            badRedLines: 1,
            badMajors: 1,
            watchMajors: 1,
            watchMinors: 3,
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await send('put', '/political/rule', assessor, {
            windowMonths: 6,
            badRedLines: 1,
            badMajors: 3,
            watchMajors: 1,
            watchMinors: 3,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await send('put', '/political/rule', officer, {
            windowMonths: 12,
            badRedLines: 1,
            badMajors: 2,
            watchMajors: 1,
            watchMinors: 3,
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('responsibility list (责任清单)', () => {
    it('records duties, fulfilments and the leadership’s rating, with a fulfilment rate', async () => {
      const item = await send('post', `/cadres/${cadreA}/responsibilities`, asA, {
        year,
        duty: '抓好分管领域安全生产',
        target: { metric: '隐患整改率', target: 100, unit: '%' },
        measures: '每月排查',
      });
      expect(item.status).toBe(201);
      const fulfilled = await send('post', `/responsibilities/${item.body.id}/fulfillments`, asA, {
        actual: 80,
        evidence: '排查台账',
      });
      expect(fulfilled.body).toMatchObject({ actual: 80, fulfillmentRate: 0.8 });
      expect((await send('post', `/responsibilities/${item.body.id}/rating`, asA, { grade: 'excellent' })).status).toBe(
        403,
      );
      expect(
        (await send('post', `/responsibilities/${item.body.id}/rating`, leader, { grade: 'good', comment: '整改到位' }))
          .body.rating,
      ).toMatchObject({ grade: 'good', ratedBy: 'leader' });
      const list = await send('get', `/cadres/${cadreA}/responsibilities?year=${year}`, asA);
      expect(list.body).toMatchObject({ fulfillmentRate: 0.8, items: [{ duty: '抓好分管领域安全生产' }] });
      expect((await send('get', `/cadres/${cadreA}/responsibilities`, asB)).status).toBe(403);
      expect(
        (
          await send('post', `/cadres/${cadreA}/responsibilities`, asB, {
            year,
            duty: 'x',
            target: { metric: 'x', target: 1, unit: 'x' },
            measures: 'x',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await send('post', `/cadres/${cadreA}/responsibilities`, asA, {
            year,
            duty: '',
            target: { metric: 'x', target: 0, unit: 'x' },
            measures: 'x',
          })
        ).body.errors
          .map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['duty', 'target.target']);
    });
  });

  it('loads the demo checklists only into a tenant without lists, refusing before it writes anything', async () => {
    const duty = {
      year,
      duty: '抓好招商引资',
      target: { metric: '签约项目', target: 3, unit: '个' },
      measures: '按月调度',
    };
    expect((await send('post', `/cadres/${cadreB}/responsibilities`, officer, duty)).status).toBe(201);
    const count = async () =>
      (
        await db.query(
          `SELECT (SELECT count(*) FROM "${namespace}_checklists".priorities) + (SELECT count(*) FROM "${namespace}_checklists".tasks) + (SELECT count(*) FROM "${namespace}_checklists".responsibilities) AS n`,
        )
      )[0].n;
    const before = await count();
    // The seed tool's checklists (scripts/demo), through the public API.
    const seed = await demoClient(gateway, 'lvyuan', officer);
    const cadres = (await seed.all<{ id: string; personnelNo: string }>('/cadres', 100)).sort((a, b) =>
      a.personnelNo.localeCompare(b.personnelNo),
    );
    const res = await demoAnswer(() => loadChecklists(seed, cadres));
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('已有');
    expect(await count()).toBe(before);
  });

  describe('task list and commitment (任务清单, 承诺书)', () => {
    const task = (title: string, weight: number, deadline = `${year}-12-31`) => ({
      title,
      measures: '按月调度',
      indicator: { metric: '项目', target: 10, unit: '个' },
      deadline,
      weight,
    });
    const act = (action: string, token: string, body: object = {}) =>
      send('post', `/cadres/${cadreA}/task-lists/${year}/${action}`, token, body);

    it('goes draft → submitted → returned → submitted → approved → signed, each step by the right person', async () => {
      await send('post', '/priorities', officer, {}).expect(404); // it is PUT
      await send('put', '/priorities', officer, {
        year,
        items: [{ code: 'yizhu-liushuang', name: '一主六双' }],
      }).expect(200);
      expect(
        (
          await send('post', `/cadres/${cadreA}/task-lists/${year}/tasks`, asA, {
            ...task('推动重点项目开复工', 3),
            priority: 'yizhu-liushuang',
          })
        ).body.status,
      ).toBe('draft');
      await send('post', `/cadres/${cadreA}/task-lists/${year}/tasks`, asA, task('化解信访积案', 1)).expect(201);
      expect(
        (
          await send('post', `/cadres/${cadreA}/task-lists/${year}/tasks`, asA, {
            ...task('x', 1),
            priority: 'unknown',
          })
        ).status,
      ).toBe(422);
      // Linked to the post: a duty of this cadre's responsibility list, not another cadre's.
      const duty = (await send('get', `/cadres/${cadreA}/responsibilities?year=${year}`, asA)).body.items[0].id;
      const linked = await send('post', `/cadres/${cadreA}/task-lists/${year}/tasks`, asA, {
        ...task('安全生产专项整治', 1),
        responsibilityId: duty,
      });
      expect(linked.body.tasks.find((t: { title: string }) => t.title === '安全生产专项整治').responsibilityId).toBe(
        duty,
      );
      const foreignDuty = (
        await send('post', `/cadres/${cadreB}/responsibilities`, officer, {
          year,
          duty: '乙的职责',
          target: { metric: 'x', target: 1, unit: '项' },
          measures: 'x',
        })
      ).body.id;
      expect(
        (
          await send('post', `/cadres/${cadreA}/task-lists/${year}/tasks`, asA, {
            ...task('x', 1),
            responsibilityId: foreignDuty,
          })
        ).body.errors,
      ).toEqual([{ field: 'responsibilityId', message: `不是该干部 ${year} 年责任清单中的条目` }]);

      expect((await act('sign', asA)).status).toBe(409); // not approved yet
      expect((await act('approve', leader)).status).toBe(409); // not submitted yet
      expect((await act('submit', asB)).status).toBe(403); // someone else's list
      expect((await act('submit', asA)).body.status).toBe('submitted');
      expect((await send('post', `/cadres/${cadreA}/task-lists/${year}/tasks`, asA, task('x', 1))).status).toBe(409); // frozen once submitted
      expect((await act('approve', asA)).status).toBe(403); // not one's own
      expect((await act('return', leader)).status).toBe(400); // a reason is required
      expect((await act('return', leader, { reason: '指标不够量化' })).body).toMatchObject({
        status: 'returned',
        returnedReason: '指标不够量化',
      });
      expect((await act('submit', asA)).body.status).toBe('submitted');
      expect((await act('approve', leader)).body.status).toBe('approved');
      expect((await act('sign', officer)).status).toBe(403); // only the cadre signs
      expect((await act('sign', asB)).status).toBe(403);
      const signed = await act('sign', asA);
      expect(signed.body).toMatchObject({ status: 'signed', signedAt: expect.any(String), completionScore: 0 });
      expect(signed.body.history.map((h: { action: string }) => h.action)).toEqual([
        'submit',
        'return',
        'submit',
        'approve',
        'sign',
      ]);
      const [event] = await eventually(async () => {
        const rows = await probe.applied('checklists.tasklist.signed');
        return rows.length ? rows : null;
      });
      expect(event.data).toMatchObject({
        cadreId: cadreA,
        year,
        status: 'signed',
        tasks: expect.arrayContaining([expect.objectContaining({ title: '推动重点项目开复工' })]),
      });
      expect((await act('sign', asA)).status).toBe(409);
      expect((await act('submit', asA)).status).toBe(409);
      expect((await send('post', `/cadres/${cadreA}/task-lists/${year}/publish`, asA)).status).toBe(404);
    });

    it('reports progress into the completion score, and the list is read by its cadre but not by another', async () => {
      const list = (await send('get', `/cadres/${cadreA}/task-lists/${year}`, asA)).body;
      const heavy = list.tasks.find((t: { weight: number }) => t.weight === 3);
      const res = await send('post', `/tasks/${heavy.id}/progress`, asA, { actual: 5, note: '已开工 5 个' });
      expect(res.body.completionScore).toBe(30); // 3 × 0.5 of the weights 3 + 1 + 1
      expect(
        (await send('post', `/tasks/${heavy.id}/progress`, asA, { actual: 12 })).body.tasks.find(
          (t: { id: string }) => t.id === heavy.id,
        ).status,
      ).toBe('completed');
      expect((await send('post', `/tasks/${heavy.id}/progress`, asB, { actual: 1 })).status).toBe(403);
      expect((await send('get', `/cadres/${cadreA}/task-lists/${year}`, asB)).status).toBe(403);
      await eventually(async () => (await probe.applied('checklists.task.progressed')).length === 2);
    });

    it('changes a signed list only through an amendment that is approved and signed again', async () => {
      expect((await act('amend', asA)).status).toBe(400);
      const amended = await act('amend', asA, { reason: '年中调整重点任务' });
      expect(amended.body).toMatchObject({ status: 'draft', amendments: 1, signedAt: null });
      await send('post', `/cadres/${cadreA}/task-lists/${year}/tasks`, asA, task('新增：老旧小区改造', 2)).expect(201);
      await act('submit', asA).expect(200);
      await act('approve', leader).expect(200);
      expect((await act('sign', asA)).body).toMatchObject({ status: 'signed', amendments: 1 });
    });
  });

  it('publishes the final completion score when tasks of one list progress at the same time', async () => {
    const unitId = (await send('get', '/units', officer)).body.items[0].id;
    const cadreC = (
      await send('post', '/cadres', officer, {
        personnelNo: 'C1',
        name: '丙干部',
        gender: 'female',
        birthDate: '1982-02-02',
        unitId,
        position: '副局长',
      })
    ).body.id;
    await eventually(
      async () => (await send('get', `/cadres/${cadreC}/task-lists/${year}`, officer)).status === 200,
      20_000,
      'cadre projected',
    );
    for (let k = 0; k < 6; k++) {
      await send('post', `/cadres/${cadreC}/task-lists/${year}/tasks`, officer, {
        title: `并发任务${k}`,
        measures: 'x',
        indicator: { metric: '件', target: 10, unit: '件' },
        deadline: `${year}-12-31`,
        weight: 1,
      }).expect(201);
    }
    await send('post', `/cadres/${cadreC}/task-lists/${year}/submit`, officer).expect(200);
    await send('post', `/cadres/${cadreC}/task-lists/${year}/approve`, officer).expect(200);
    const list = (await send('get', `/cadres/${cadreC}/task-lists/${year}`, officer)).body;
    const answers = await Promise.all(
      list.tasks.map((t: { id: string }) => send('post', `/tasks/${t.id}/progress`, officer, { actual: 5 })),
    );
    expect(answers.map((a) => a.status < 300)).toEqual(list.tasks.map(() => true));
    expect((await send('get', `/cadres/${cadreC}/task-lists/${year}`, officer)).body.completionScore).toBe(50);
    // Each event counts the progress committed before it: in publishing order the scores rise to the list's.
    const events: Array<{ score: number }> = await db.query(
      `SELECT (envelope->'data'->>'completionScore')::float8 AS score FROM "${namespace}_checklists".outbox WHERE type = 'checklists.task.progressed' AND aggregate_id = $1 ORDER BY seq`,
      [list.id],
    );
    expect(events.map((e) => e.score)).toEqual([8.3, 16.7, 25, 33.3, 41.7, 50]);
  });

  it('marks a task overdue once when its deadline passed while no worker ran', async () => {
    // Only the API role runs now: approving schedules the overdue job, but nothing can fire it.
    await checklists.close();
    checklists = await startChecklists(namespace, { ROLE: 'api' });
    const add = (title: string) =>
      send('post', `/cadres/${cadreB}/task-lists/${year}/tasks`, officer, {
        title,
        measures: 'x',
        indicator: { metric: '件', target: 3, unit: '件' },
        deadline: daysAgo(2),
        weight: 1,
      });
    await add('已过期的任务').expect(201);
    await send('post', `/cadres/${cadreB}/task-lists/${year}/submit`, officer).expect(200);
    await send('post', `/cadres/${cadreB}/task-lists/${year}/approve`, leader).expect(200);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await send('get', `/cadres/${cadreB}/task-lists/${year}`, officer)).body.tasks[0].status).toBe('planned');

    // A worker starts: the start-up sweep and the due job both reach the task; it turns overdue once.
    await checklists.close();
    checklists = await startChecklists(namespace);
    await eventually(
      async () =>
        (await send('get', `/cadres/${cadreB}/task-lists/${year}`, officer)).body.tasks[0].status === 'overdue',
      15_000,
      'overdue',
    );
    await eventually(async () => (await probe.applied('checklists.task.overdue')).length > 0);
    await new Promise((r) => setTimeout(r, 2_000));
    const events = await probe.applied('checklists.task.overdue');
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({
      cadreId: cadreB,
      title: '已过期的任务',
      status: 'overdue',
      deadline: daysAgo(2),
    });

    // The department's warning list (the console's dashboard) names it; nobody else reads that list.
    const overdue = await send('get', '/tasks/overdue', officer).expect(200);
    expect(overdue.body.items).toEqual([
      expect.objectContaining({ cadreId: cadreB, title: '已过期的任务', deadline: daysAgo(2), year }),
    ]);
    await send('get', '/tasks/overdue', leader).expect(403);
  });
});
