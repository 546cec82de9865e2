import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from '@nats-io/transport-node';
import JSZip from 'jszip';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, login, startAnalytics, startChecklists, startGateway, startRoster } from '../support';
import { EventFeed, rankingsSettled } from '../support/event-feed';

/** Whole years on a day, as the report counts them (a birthday not reached yet this year does not count). */
const ageOn = (birthDate: string, day: string) =>
  Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (day.slice(5) < birthDate.slice(5) ? 1 : 0);
const beijingToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 综合分析报告: the cadre's and the team's dossier with every section traced to the event or request
 * it came from, the summary written from the data (two cadres, two summaries), the verdict only for
 * readers of political files, the team's structure against a hand count, the PDF with its charts
 * (pdftoppm renders every page) and the field's archive as a ZIP built as a polled job.
 * The roster, the checklists and analytics are real; appraisal's and review's events are published
 * here as those services publish them.
 *   field 经济: 发改局 U1 (T1: a principal, b, c, d gated; f left for T2), 商务局 U2 (T2: e)
 */
describe('dossier reports (综合分析报告)', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_analytics`;
  let roster: INestApplication;
  let checklists: INestApplication;
  let analytics: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let nc: NatsConnection;
  let officer: string;
  let assessor: string;
  let tenantId: string;
  const ids: Record<string, string> = {};
  const cycles: string[] = [];
  const births: Record<string, string> = {
    a: '1993-06-15',
    b: '1975-01-20',
    c: '1988-11-02',
    d: '1969-04-08',
    e: '1980-09-09',
    f: '1985-02-02',
  };
  const send = (method: 'get' | 'post', p: string, body?: object, token = officer) =>
    request(gateway.getHttpServer())[method](`/api/v1${p}`).set('authorization', `Bearer ${token}`).send(body);
  const get = async (p: string, token = officer) => {
    const res = await send('get', p, undefined, token);
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await db.query(sql, params))[0];

  const feed = new EventFeed(
    () => nc,
    namespace,
    () => tenantId,
  );
  const publish = feed.publish.bind(feed);

  const step = (cycleId: string, cadre: string, stepName: 'ask' | 'apply', extra: object) => {
    const appraisalId = randomUUID();
    return publish('appraisal.step.recorded', appraisalId, {
      appraisalId,
      cycleId,
      cycleKind: 'periodic',
      cadreId: ids[cadre],
      step: stepName,
      completedSteps: stepName === 'ask' ? ['look', 'listen', 'ask'] : ['look', 'listen', 'ask', 'apply'],
      result: null,
      ...extra,
    });
  };
  const apply = (
    cycleId: string,
    cadre: string,
    score: number,
    strengths: string,
    weaknesses: string,
    traits: string[],
  ) =>
    step(cycleId, cadre, 'apply', {
      result: {
        score,
        grade: score >= 90 ? 'excellent' : 'competent',
        strengths,
        weaknesses,
        traits,
        suggestion: 'keep',
      },
    });
  const teamApply = (cycleId: string, score: number, runningState: string, problems: string, rectification: string) => {
    const teamAppraisalId = randomUUID();
    return publish('appraisal.team_step.recorded', teamAppraisalId, {
      teamAppraisalId,
      cycleId,
      teamId: ids.T1,
      unitId: ids.U1,
      step: 'apply',
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: { score, runningState, problems, rectification, suggestion: '保持班子稳定' },
    });
  };

  beforeAll(async () => {
    roster = await startRoster(namespace);
    checklists = await startChecklists(namespace);
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '500' });
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    ids.F1 = (await send('post', '/fields', { code: 'economy', name: '经济' })).body.id;
    const unit = async (code: string, name: string) =>
      (await send('post', '/units', { code, name, kind: 'department', fieldId: ids.F1 })).body.id as string;
    ids.U1 = await unit('FGJ', '区发改局');
    ids.U2 = await unit('SWJ', '区商务局');
    ids.T1 = (await send('post', '/teams', { unitId: ids.U1, name: '区发改局领导班子' })).body.id;
    ids.T2 = (await send('post', '/teams', { unitId: ids.U2, name: '区商务局领导班子' })).body.id;
    const cadre = async (key: string, unitId: string, teamId: string, teamRole: string, gender = 'male') => {
      const res = await send('post', '/cadres', {
        personnelNo: `P-${key}`,
        name: `干部${key}`,
        gender,
        birthDate: births[key],
        unitId,
        teamId,
        teamRole,
        position: teamRole === 'principal' ? '局长' : '副局长',
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    };
    await cadre('a', ids.U1, ids.T1, 'principal', 'female');
    await cadre('b', ids.U1, ids.T1, 'deputy');
    await cadre('c', ids.U1, ids.T1, 'deputy');
    await cadre('d', ids.U1, ids.T1, 'deputy');
    await cadre('f', ids.U1, ids.T1, 'deputy');
    await cadre('e', ids.U2, ids.T2, 'principal');
    // f leaves T1 for T2: a post vacated in T1.
    const moved = await send('post', `/cadres/${ids.f}/transfers`, {
      unitId: ids.U2,
      teamId: ids.T2,
      teamRole: 'deputy',
      position: '副局长',
      effectiveDate: '2026-03-01',
    });
    expect(moved.status).toBeLessThan(300);
    const user = await send('post', '/users', { username: 'assessor1', password: 'password-1', roles: ['assessor'] });
    expect(user.status).toBe(201);
    assessor = await login(gateway, 'lvyuan', 'assessor1', 'password-1');
    await publish('appraisal.group.updated', randomUUID(), {
      groupId: randomUUID(),
      name: '第一考核组',
      assessorUserIds: [user.body.id],
      cadreIds: [ids.a],
    });
    await eventually(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".cadres WHERE team_id = $1`, [ids.T1]))
          .n === 4 && (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".assignments`)).n === 1,
      30_000,
      'roster and group projected',
    );
    // d is stopped at the gate before any cycle closes.
    await publish('checklists.political.verdict_changed', ids.d, {
      cadreId: ids.d,
      from: 'pass',
      to: 'fail',
      dimensions: ['belief', 'truth_seeking', 'responsibility', 'principle', 'discipline', 'diligence'].map((key) =>
        key === 'discipline'
          ? { key, status: 'bad', positives: 0, negatives: 3 }
          : { key, status: 'good', positives: 0, negatives: 0 },
      ),
    });

    await eventually(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".political WHERE verdict = 'fail'`)).n ===
        1,
      30_000,
      'verdict projected',
    );
    // 责任清单 through the checklists service: a's duty, 8 of 10 done; the event carries it to analytics.
    const duty = await send('post', `/cadres/${ids.a}/responsibilities`, {
      year: 2026,
      duty: '牵头全区招商引资',
      target: { metric: '引进项目', target: 10, unit: '个' },
      measures: '每月走访重点企业',
    });
    expect(duty.status).toBe(201);
    expect(
      (await send('post', `/responsibilities/${duty.body.id}/fulfillments`, { actual: 8, evidence: '项目台账' }))
        .status,
    ).toBe(201);
    ids.duty = duty.body.id;

    // A random cycle (epidemic) with a's wartime records, one in each of two events.
    const random = async (id: string, year: number, name: string) =>
      publish('appraisal.cycle.opened', id, {
        id,
        kind: 'random',
        name,
        year,
        half: null,
        topic: 'epidemic',
        opensAt: `${year}-01-01T00:00:00Z`,
        closesAt: `${year}-12-28T00:00:00Z`,
        unitIds: null,
        status: 'open',
      });
    ids.R1 = randomUUID();
    ids.R2 = randomUUID();
    await random(ids.R1, 2025, '2025年疫情防控专项考核');
    await random(ids.R2, 2026, '2026年疫情防控专项考核');
    const wartime = (cycleId: string, date: string, performance: string) =>
      publish('appraisal.wartime.recorded', ids.a, {
        recordId: randomUUID(),
        cycleId,
        topic: 'epidemic',
        cadreId: ids.a,
        date,
        role: '卡口值守组长',
        volunteered: true,
        dutyHours: 24,
        performance,
        note: null,
        qualities: null,
        tasks: [],
      });
    await wartime(ids.R1, '2025-03-10', 'good');
    await wartime(ids.R2, '2026-03-12', 'outstanding');

    // Three half-year cycles: a rises, b falls, c about level, d gated, e the other team.
    const scores: Record<string, number[]> = {
      a: [80, 85, 92],
      b: [90, 84, 78],
      c: [70, 75, 72],
      d: [88, 88, 88],
      e: [86, 86, 86],
    };
    const states = ['average', 'fairly_good', 'good'];
    for (const [i, [year, half]] of (
      [
        [2025, 1],
        [2025, 2],
        [2026, 1],
      ] as const
    ).entries()) {
      const id = randomUUID();
      cycles.push(id);
      await feed.cycle('open', id, year, half);
      for (const [k, s] of Object.entries(scores))
        await apply(
          id,
          k,
          s[i],
          i === 2 && k === 'a' ? '招商引资、项目建设' : '招商引资',
          i === 0 ? '创新不足' : '统筹协调',
          k === 'a' && i > 0 ? ['敢于担当', '善于攻坚'] : ['敢于担当'],
        );
      await teamApply(
        id,
        80 + 4 * i,
        states[i],
        `第${i + 1}期：重点项目推进合力不足`,
        `第${i + 1}期：建立班子例会制度`,
      );
      if (i === 1)
        await step(id, 'a', 'ask', {
          problems: [
            { description: '项目谋划深度不够', severity: 'serious', followUp: '月度调度' },
            { description: '台账不够规范', severity: 'minor', followUp: '限期整改' },
          ],
        });
      await rankingsSettled(db, schema, `cycle ${i + 1} ranked`);
      await feed.cycle('closed', id, year, half);
      await rankingsSettled(db, schema, `cycle ${i + 1} closed`);
      await feed.cycle('published', id, year, half);
      await rankingsSettled(db, schema, `cycle ${i + 1} published`);
    }
    // Two-way review's rectification items on U1: one done late, one overdue.
    const rect = { opinionId: randomUUID(), cycleId: cycles[2], unitId: ids.U1 };
    ids.rect1 = randomUUID();
    ids.rect2 = randomUUID();
    await publish('review.rectification.overdue', ids.rect1, {
      ...rect,
      rectificationId: ids.rect1,
      title: '压缩审批时限',
      deadline: '2026-05-31',
      status: 'in_progress',
      recordedBy: randomUUID(),
    });
    await publish('review.rectification.done', ids.rect1, {
      ...rect,
      rectificationId: ids.rect1,
      title: '压缩审批时限',
      deadline: '2026-05-31',
      doneOn: '2026-06-10',
      late: true,
      note: '平均时限由5天压缩至2天',
    });
    await publish('review.rectification.overdue', ids.rect2, {
      ...rect,
      rectificationId: ids.rect2,
      title: '重点项目建档',
      deadline: '2026-06-30',
      status: 'open',
      recordedBy: randomUUID(),
    });
    // A talk and an award through analytics' own routes.
    expect(
      (await send('post', '/talks', { heldOn: '2026-07-01', kind: 'individual', topic: '年中谈心', cadreIds: [ids.b] }))
        .status,
    ).toBe(201);
    const award = await send('post', '/awards', { kind: 'good_cadre', cycleId: cycles[2], quota: 1, grassrootsMin: 0 });
    expect(award.status).toBe(201);
    ids.award = award.body.id;
    expect((await send('post', `/awards/${ids.award}/decide`, { targetIds: [ids.a] })).status).toBe(200);
    await eventually(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".rectifications WHERE state = 'done'`))
          .n === 1 &&
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".responsibilities WHERE fulfillments = 1`))
          .n === 1 &&
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".ask_problems`)).n === 1,
      30_000,
      'dossier sources projected',
    );
  }, 300_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await analytics?.close();
    await checklists?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('holds every section of the cadre report, each traced to its source', async () => {
    const a = await get(`/cadres/${ids.a}/dossier`);
    // 性格特点 over all cycles: 敢于担当 in 3, 善于攻坚 in 2.
    expect(a.traits).toEqual([
      { name: '敢于担当', count: 3 },
      { name: '善于攻坚', count: 2 },
    ]);
    expect(a.areas).toEqual({
      strengths: [
        { name: '招商引资', count: 3 },
        { name: '项目建设', count: 1 },
      ],
      weaknesses: [
        { name: '统筹协调', count: 2 },
        { name: '创新不足', count: 1 },
      ],
      latestStrengths: ['招商引资', '项目建设'],
      latestWeaknesses: ['统筹协调'],
    });
    expect(a.problems).toEqual([
      {
        cycleId: cycles[1],
        cycleName: '2025年下半年定期考核',
        description: '项目谋划深度不够',
        severity: 'serious',
        followUp: '月度调度',
      },
      {
        cycleId: cycles[1],
        cycleName: '2025年下半年定期考核',
        description: '台账不够规范',
        severity: 'minor',
        followUp: '限期整改',
      },
    ]);
    expect(a.responsibilities).toEqual({
      items: [
        {
          id: ids.duty,
          year: 2026,
          duty: '牵头全区招商引资',
          target: { metric: '引进项目', target: 10, unit: '个' },
          measures: '每月走访重点企业',
          actual: 8,
          fulfillmentRate: 0.8,
          rating: null,
        },
      ],
      fulfillmentRate: 0.8,
    });
    // Wartime: good (points of 'good') in 2025, outstanding in 2026: rising.
    expect(
      a.wartimeTrend.points.map((p: { cycleId: string; records: number; outstanding: number }) => [
        p.cycleId,
        p.records,
        p.outstanding,
      ]),
    ).toEqual([
      [ids.R1, 1, 0],
      [ids.R2, 1, 1],
    ]);
    expect(a.wartimeTrend.direction).toBe('rising');
    expect(a.talks).toEqual([]);
    expect(a.awards).toEqual([expect.objectContaining({ awardId: ids.award, place: 1, status: 'decided' })]);
    expect(a.trend.points.map((p: { cycleId: string }) => p.cycleId)).toEqual(cycles);
    expect(a.trend.direction).toBe('rising');
    // The latest cycle: a first of the three ranked in T1 (d is gated), x/y on the field's map.
    expect(a.position).toMatchObject({ cycleId: cycles[2], verticalRank: 1, verticalN: 3, horizontalRank: 1 });
    expect(a.map.find((p: { cadreId: string }) => p.cadreId === ids.a)).toMatchObject({ marked: true });
    expect(a.map.filter((p: { marked: boolean }) => p.marked)).toHaveLength(1);
    expect(a.map.map((p: { cadreId: string }) => p.cadreId)).not.toContain(ids.d);
    expect(a.political).toMatchObject({ verdict: 'pass' });
    expect(a.summary[0]).toContain('在区发改局领导班子内排第1位（共3人）');
    expect(a.summary).toContain(
      '近3个周期综合得分依次为' +
        a.trend.points.map((p: { composite: number }) => p.composite.toFixed(1)).join('、') +
        '，总体呈上升态势。',
    );
    expect(a.summary).toContain('考核“问”的环节共发现问题2个（其中严重1个），责任清单平均完成率80%。');
    expect(a.summary).toContain('政治体检结论为“通过”。');
    const b = await get(`/cadres/${ids.b}/dossier`);
    expect(b.talks).toEqual([expect.objectContaining({ heldOn: '2026-07-01', kind: 'individual', topic: '年中谈心' })]);
  });

  it('writes a different summary for a different cadre, and the gate only for readers of political files', async () => {
    const [a, b] = [await get(`/cadres/${ids.a}/dossier`), await get(`/cadres/${ids.b}/dossier`)];
    expect(b.summary).not.toEqual(a.summary);
    expect(b.summary.join('')).toContain('总体呈下降态势');
    expect(a.summary.join('')).toContain('总体呈上升态势');
    const d = await get(`/cadres/${ids.d}/dossier`);
    expect(d.summary[0]).toBe('干部d政治体检结论为“不通过”，按“首关不过，余关莫论”不参加排名和评优。');
    expect(d.position).toBeNull();
    // The assessor reads a's file (assigned), not d's; the team through a, with d's verdict absent.
    expect((await send('get', `/cadres/${ids.d}/dossier`, undefined, assessor)).status).toBe(403);
    expect((await get(`/cadres/${ids.a}/dossier`, assessor)).political).toMatchObject({ verdict: 'pass' });
    const team = await get(`/teams/${ids.T1}/dossier`, assessor);
    const text = JSON.stringify(team);
    expect(text).not.toContain('政治体检');
    expect(team.members.find((m: { cadreId: string }) => m.cadreId === ids.d)).toMatchObject({
      excluded: null,
      composite: null,
    });
    const html = (await send('get', `/teams/${ids.T1}/dossier?format=html&members=true`, undefined, assessor)).text;
    expect(html).toContain('干部a');
    expect(html).not.toContain('不通过');
    // members=true brings only the members the reader may read: a's report, not b's.
    expect(html).toContain('一干部一档案 · 干部a');
    expect(html).not.toContain('一干部一档案 · 干部b');
    const full = await get(`/teams/${ids.T1}/dossier`);
    expect(full.issues).toContain('干部d：政治体检未通过');
  });

  it("shows the team's structure as counted by hand, its running state, rectification, trend and two-way results", async () => {
    const t = await get(`/teams/${ids.T1}/dossier`);
    const today = beijingToday();
    const members = ['a', 'b', 'c', 'd'];
    const young = members.filter((k) => ageOn(births[k], today) < 40);
    expect(t.structure).toMatchObject({
      members: 4,
      female: 1,
      gender: { male: 3, female: 1 },
      youngAgeLimit: 40,
      youngByLimit: young.length,
      youngShare: Math.round((young.length / 4) * 1000) / 1000,
      principal: { cadreId: ids.a, name: '干部a', position: '局长' },
      vacancies: { principal: false, vacated: [expect.objectContaining({ cadreId: ids.f, name: '干部f' })] },
      education: { 未填写: 4 },
    });
    const year = new Date().getUTCFullYear();
    const band = (k: string) => {
      const age = year - Number(births[k].slice(0, 4));
      return age < 35 ? '35岁以下' : age < 45 ? '35-44岁' : age < 55 ? '45-54岁' : '55岁及以上';
    };
    const bands: Record<string, number> = { '35岁以下': 0, '35-44岁': 0, '45-54岁': 0, '55岁及以上': 0 };
    for (const k of members) bands[band(k)] += 1;
    expect(t.structure.ageBands).toEqual(bands);
    expect(
      t.cycles.map((c: { runningState: string; score: number; problems: string }) => [
        c.runningState,
        c.score,
        c.problems,
      ]),
    ).toEqual([
      ['average', 80, '第1期：重点项目推进合力不足'],
      ['fairly_good', 84, '第2期：重点项目推进合力不足'],
      ['good', 88, '第3期：重点项目推进合力不足'],
    ]);
    expect(t.rectifications).toEqual([
      { id: ids.rect1, title: '压缩审批时限', deadline: '2026-05-31', state: 'done', doneOn: '2026-06-10', late: true },
      { id: ids.rect2, title: '重点项目建档', deadline: '2026-06-30', state: 'overdue', doneOn: null, late: null },
    ]);
    expect(t.trend.map((p: { cycleId: string }) => p.cycleId)).toEqual(cycles);
    expect(
      t.map
        .filter((p: { marked: boolean }) => p.marked)
        .map((p: { cadreId: string }) => p.cadreId)
        .sort(),
    ).toEqual([ids.a, ids.b, ids.c].sort());
    expect(t.summary[0]).toBe(
      `区发改局领导班子现有成员4人，平均年龄${(members.reduce((s, k) => s + (year - Number(births[k].slice(0, 4))), 0) / 4).toFixed(1)}岁，女干部1人，40岁以下年轻干部${young.length}人（占${Math.round((100 * young.length) / 4)}%）；主要负责人为干部a。`,
    );
    expect(t.summary).toContain(
      '最近一次班子考核（2026年上半年定期考核）运行状态为“好”，得分88.0，较上一周期（较好）有所好转。',
    );
    expect(t.summary).toContain('双向考核整改事项2项：已完成1项（其中逾期完成1项），逾期未完成1项。');
    // 配合度: the lead adds it to the team ranking; until then the report says 暂无.
    expect(t.summary).toContain(
      t.cooperation === null ? '配合度暂无数据。' : `班子配合度${(Math.round(t.cooperation * 10) / 10).toFixed(1)}。`,
    );
  });

  it('prints the team with its members as a PDF whose every page renders, charts included', async () => {
    const pdf = await send('get', `/teams/${ids.T1}/dossier?format=pdf&members=true`).buffer(true);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dossier-e2e-'));
    try {
      const file = path.join(dir, 'team.pdf');
      writeFileSync(file, pdf.body);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
      expect(pages).toBeGreaterThanOrEqual(3);
      execFileSync('pdftoppm', ['-r', '30', '-png', file, path.join(dir, 'page')]);
      expect(readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'))).toHaveLength(pages);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      // The charts are SVG text in the PDF: the coordinate map's axes and quadrants, the trend's axis.
      expect(text).toContain('领域内百分位');
      expect(text).toContain('领跑型');
      expect(text).toContain('综合得分');
      expect(text).toContain('内部资料');
      expect(text).toContain(`第 1 页 / 共 ${pages} 页`);
      expect(text).toContain('一干部一档案 · 干部a');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds the field's archive as a job with its progress, one PDF per team", async () => {
    const started = await send('post', `/fields/${ids.F1}/dossiers`);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', done: 0, total: 2, fieldName: '经济' });
    const seen: number[] = [];
    let status = started.body;
    await eventually(
      async () => {
        status = await get(`/dossier-exports/${started.body.exportId}`);
        seen.push(status.done);
        return status.status !== 'running';
      },
      120_000,
      'archive built',
    );
    expect(status).toMatchObject({ status: 'done', done: 2, total: 2 });
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    const file = await send('get', `/dossier-exports/${started.body.exportId}/file`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(file.body as Buffer);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['001-区发改局-区发改局领导班子.pdf', '002-区商务局-区商务局领导班子.pdf']);
    for (const n of names) expect((await zip.file(n)!.async('nodebuffer')).subarray(0, 5).toString()).toBe('%PDF-');
    // The archive is the department's; another id is not found.
    expect((await send('post', `/fields/${ids.F1}/dossiers`, undefined, assessor)).status).toBe(403);
    expect((await send('get', `/dossier-exports/${randomUUID()}`)).status).toBe(404);
  });
});
