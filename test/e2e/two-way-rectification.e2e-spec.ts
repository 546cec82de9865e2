import { createHash, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { CycleSnapshotV1, CycleStatus, eventSubject, subjectPrefix } from '@cadre/contracts';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { rectifyPastCycles } from '../../scripts/demo/review';
import {
  createTenant,
  demoClient,
  login,
  startAnalytics,
  startAppraisal,
  startChecklists,
  startGateway,
  startReview,
  startRoster,
} from '../support';

const CYCLE_EVENT: Record<CycleStatus, string> = {
  scheduled: 'appraisal.cycle.scheduled',
  open: 'appraisal.cycle.opened',
  closed: 'appraisal.cycle.closed',
  published: 'appraisal.cycle.published',
};
const PASSWORD = 'leader-pass-2026';
const byHash = (texts: string[]) =>
  [...texts].sort((a, b) => {
    const [x, y] = [a, b].map((t) => createHash('sha256').update(t).digest('hex'));
    return x < y ? -1 : x > y ? 1 : 0;
  });
const day = (offsetDays: number) => {
  const d = new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
};

/**
 * Two-way review that changes something: voters' opinions under the anonymity threshold and in no
 * cast order, the department's opinion with rectification items, progress by the unit's leader, an
 * item overdue notified and evented, last cycle's items in the next view, and the 含金量 flag.
 */
describe('two-way review with opinions and rectification', () => {
  const namespace = testNamespace();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let nc: NatsConnection;
  let db: DataSource;
  let officer: string;
  let tenantId: string;
  const units: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const schema = `${namespace}_review`;
  const send = (method: 'post' | 'put' | 'get', path: string, token: string, body?: object) =>
    request(gateway.getHttpServer())[method](`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body);
  const cast = (token: string, ratings: object[]) =>
    request(gateway.getHttpServer()).post(`/api/v1/ballots/${token}`).send({ ratings });

  async function setCycle(id: string, status: CycleStatus, half: 1 | 2, year = 2026): Promise<void> {
    const data: CycleSnapshotV1 = {
      id,
      kind: 'periodic',
      name: `${year}年${half === 1 ? '上' : '下'}半年定期考核`,
      year,
      half,
      topic: null,
      opensAt: '2026-06-01T00:00:00+08:00',
      closesAt: '2026-06-30T00:00:00+08:00',
      unitIds: null,
      status,
    };
    const event = {
      id: randomUUID(),
      type: CYCLE_EVENT[status],
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId: id,
      data,
    };
    await jetstream(nc).publish(eventSubject(subjectPrefix(namespace), event.type), JSON.stringify(event), {
      msgID: event.id,
    });
    await eventually(
      async () =>
        (await db.query(`SELECT 1 FROM "${schema}".cycles WHERE id = $1 AND status = $2`, [id, status])).length > 0,
      20_000,
      `cycle ${status}`,
    );
  }

  /** A bottom-up campaign of the five departments rated by voters of the town, cast as given, then closed. */
  async function reviewedCycle(
    half: 1 | 2,
    ballots: Array<Record<string, [string, string?]>>,
    year = 2026,
  ): Promise<string> {
    const cycleId = randomUUID();
    await setCycle(cycleId, 'open', half, year);
    const res = await send('post', `/cycles/${cycleId}/campaigns`, officer, {
      direction: 'bottom_up',
      subject: 'unit',
      targetIds: ['d0', 'd1', 'd2', 'd3', 'd4'].map((k) => units[k]),
      voters: ballots.map((_, i) => ({ name: `镇代表${i + 1}`, unitId: units.town, group: '镇街代表' })),
    });
    expect(res.status).toBe(201);
    // One at a time, in order: the view must not tell this order.
    for (const [i, ballot] of ballots.entries()) {
      const ratings = Object.entries(ballot).map(([unit, [grade, opinion]]) => ({
        targetId: units[unit],
        grade,
        ...(opinion ? { opinion } : {}),
      }));
      const r = await cast(res.body.tokens[i].token, ratings);
      expect(r.status).toBe(201);
    }
    await setCycle(cycleId, 'closed', half, year);
    // The view answers once review knows the cycle closed; the final pass (shuffle, results) follows.
    await eventually(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM "${schema}".outbox WHERE type = 'review.results.updated' AND aggregate_id = $1`,
            [res.body.id],
          )
        ).length > 0,
      20_000,
      'final results published',
    );
    expect((await send('get', `/cycles/${cycleId}/two-way`, officer)).status).toBe(200);
    return cycleId;
  }

  beforeAll(async () => {
    apps.push(await startRoster(namespace));
    apps.push(await startChecklists(namespace));
    apps.push(await startAppraisal(namespace));
    apps.push(await startReview(namespace));
    apps.push(await startAnalytics(namespace));
    gateway = await startGateway(namespace);
    apps.push(gateway);
    nc = await connect({ servers: TEST_NATS_URL });
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    expect((await send('put', '/review/settings', officer, { minGroupSize: 3 })).status).toBe(200);
    for (const [key, name, kind] of [
      ['d0', '区行政审批局', 'department'],
      ['d1', '区发改局', 'department'],
      ['d2', '区交通局', 'department'],
      ['d3', '区住建局', 'department'],
      ['d4', '区水利局', 'department'],
      ['town', '合心镇', 'town'],
    ]) {
      const res = await send('post', '/units', officer, { code: key.toUpperCase(), name, kind });
      units[key] = res.body.id;
    }
    // The constructed unit's cadre reports its duty fully done (含金量: high reported completion).
    const cadre = await send('post', '/cadres', officer, {
      personnelNo: 'sp1',
      name: '审批局长',
      gender: 'male',
      birthDate: '1978-03-01',
      unitId: units.d0,
      position: '局长',
    });
    expect(cadre.status).toBe(201);
    for (const [username, unit] of [
      ['leader0', 'd0'],
      ['leader1', 'd1'],
    ]) {
      const res = await send('post', '/users', officer, {
        username,
        password: PASSWORD,
        roles: ['unit_leader'],
        unitId: units[unit],
      });
      expect(res.status).toBe(201);
      tokens[username] = await login(gateway, 'lvyuan', username, PASSWORD);
    }
    const assessor = await send('post', '/users', officer, {
      username: 'assessor',
      password: PASSWORD,
      roles: ['assessor'],
    });
    expect(assessor.status).toBe(201);
    tokens.assessor = await login(gateway, 'lvyuan', 'assessor', PASSWORD);
    await eventually(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM "${schema}".units`))[0].n === 6 &&
        (await db.query(`SELECT count(*)::int AS n FROM "${namespace}_checklists".cadres`))[0].n === 1,
      20_000,
      'roster projected',
    );
    const duty = await send('post', `/cadres/${cadre.body.id}/responsibilities`, officer, {
      year: 2026,
      duty: '审批事项办结',
      target: { metric: '办结率', target: 100, unit: '%' },
      measures: '一窗受理',
    });
    expect(duty.status).toBe(201);
    expect(
      (await send('post', `/responsibilities/${duty.body.id}/fulfillments`, officer, { actual: 100, evidence: '台账' }))
        .status,
    ).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    for (const app of apps.reverse()) await app.close();
    await dropNamespace(namespace);
  });

  const OPINIONS = ['材料要求重复提交', '窗口人员少，排队久', '审批时限偏长'];
  let first: string;
  /** 区行政审批局's leadership team (its dossier reads the unit's 含金量 and rectification items). */
  let teamD0: string;
  let items: Array<{ id: string; title: string }>;

  it('shows opinions only above the threshold, in no cast order and without time; flags 含金量', async () => {
    first = await reviewedCycle(1, [
      // d0 lowest from below, with three opinions cast in this order; d4 has two ballots only (< 3).
      {
        d0: ['basically_competent', OPINIONS[0]],
        d1: ['competent'],
        d2: ['excellent'],
        d3: ['competent'],
        d4: ['competent', '隐藏的意见甲'],
      },
      {
        d0: ['basically_competent', OPINIONS[1]],
        d1: ['competent'],
        d2: ['excellent'],
        d3: ['excellent'],
        d4: ['excellent', '隐藏的意见乙'],
      },
      { d0: ['basically_competent', OPINIONS[2]], d1: ['excellent'], d2: ['competent'], d3: ['competent'] },
    ]);
    const res = await send('get', `/cycles/${first}/two-way?limit=200`, officer);
    expect(res.status).toBe(200);
    const view = (unit: string) => res.body.items.find((u: { unitId: string }) => u.unitId === units[unit]);
    expect(view('d0').opinions).toEqual(byHash(OPINIONS));
    expect(view('d1').opinions).toBeUndefined();
    // Under the threshold: neither the score nor any opinion, anywhere in the answer.
    expect(view('d4').bottomUp).toBeNull();
    expect(view('d4')).not.toHaveProperty('opinions');
    expect(JSON.stringify(res.body)).not.toContain('隐藏的意见');
    // No time beside them: no key of the view names a time.
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
    };
    walk(res.body);
    expect([...keys].filter((k) => /at$|time|cast/i.test(k))).toEqual([]);
    // Stored apart from the ratings, with no time, id or voter group, and rewritten with them at close.
    const columns = await db.query(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'ballot_opinions' ORDER BY ordinal_position`,
      [schema],
    );
    expect(columns.map((c: { name: string }) => c.name)).toEqual(['tenant_id', 'campaign_id', 'target_id', 'opinion']);
    const [{ n }] = await db.query(
      `SELECT count(DISTINCT xmin::text)::int AS n FROM (SELECT xmin FROM "${schema}".ballot_opinions UNION ALL SELECT xmin FROM "${schema}".ballots) x`,
    );
    expect(n).toBe(1);

    // 含金量: d0 reports its duty done (100%) while its bottom-up score is the lowest of four shown.
    expect(view('d0').worth).toEqual({
      cadres: 1,
      taskCompletion: null,
      responsibilityFulfilment: 1,
      reportedCompletion: 1,
      bottomQuarter: true,
      flagged: true,
    });
    for (const unit of ['d1', 'd2', 'd3']) expect(view(unit).worth).toMatchObject({ flagged: false });
    expect(view('d4').worth).toMatchObject({ bottomQuarter: false, flagged: false });
    expect(view('d0')).not.toHaveProperty('opinion');
    expect(view('d0')).not.toHaveProperty('previousRectifications');

    // One unit's row (the quarter still among all of them), and the same 含金量 in its team's dossier.
    const one = await send('get', `/cycles/${first}/two-way?unitId=${units.d0}`, officer);
    expect(one.status).toBe(200);
    expect(one.body.items).toEqual([view('d0')]);
    const team = await send('post', '/teams', officer, { unitId: units.d0, name: '区行政审批局领导班子' });
    expect(team.status).toBe(201);
    teamD0 = team.body.id;
    const dossier = async () => send('get', `/teams/${team.body.id}/dossier`, officer);
    await eventually(async () => (await dossier()).status === 200 && !!(await dossier()).body.worth, 30_000, 'dossier');
    const d = (await dossier()).body;
    expect(d.worth).toEqual({ cycleId: first, cycleName: '2026年上半年定期考核', ...view('d0').worth });
    expect(d.summary.join('')).toContain('含金量存疑');
    const html = await send('get', `/teams/${team.body.id}/dossier?format=html`, officer);
    expect(html.text).toContain('含金量存疑');
  });

  it('refuses a bad opinion naming each field, an unknown unit and a caller other than the department', async () => {
    const bad = await send('post', `/cycles/${first}/two-way/${units.d0}/opinion`, officer, {
      summary: '',
      items: [{ title: '', deadline: '2026-13-01' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['items[0].deadline', 'items[0].title', 'summary'].sort(),
    );
    const unknownUnit = await send('post', `/cycles/${first}/two-way/${randomUUID()}/opinion`, officer, {
      summary: '意见',
      items: [],
    });
    expect(unknownUnit.status).toBe(404);
    const asLeader = await send('post', `/cycles/${first}/two-way/${units.d0}/opinion`, tokens.leader0, {
      summary: '意见',
      items: [],
    });
    expect(asLeader.status).toBe(403);
  });

  it('records the department’s opinion with rectification items, once', async () => {
    const res = await send('post', `/cycles/${first}/two-way/${units.d0}/opinion`, officer, {
      summary: '服务基层意识有待加强，镇街反映审批环节多、时限长。',
      items: [
        { title: '精简申报材料', deadline: day(-2) },
        { title: '压缩审批时限', deadline: day(60) },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ unitId: units.d0, cycleId: first, recordedBy: 'officer' });
    items = res.body.items;
    expect(items.map((i) => i.title)).toEqual(['精简申报材料', '压缩审批时限']);
    expect(res.body.items[0]).toMatchObject({ status: 'open', progress: [] });
    const again = await send('post', `/cycles/${first}/two-way/${units.d0}/opinion`, officer, {
      summary: '再一次',
      items: [],
    });
    expect(again.status).toBe(409);
    const view = await send('get', `/cycles/${first}/two-way?limit=200`, officer);
    expect(view.body.items.find((u: { unitId: string }) => u.unitId === units.d0).opinion.items).toHaveLength(2);
    // The team's dossier lists them as review holds them, the open one too (the first, past its deadline,
    // is marked overdue by its job any moment now), by deadline.
    const dossier = await send('get', `/teams/${teamD0}/dossier`, officer);
    expect(dossier.status).toBe(200);
    const listed = dossier.body.rectifications as Array<{ title: string; state: string }>;
    expect(listed.map((r) => r.title)).toEqual(['精简申报材料', '压缩审批时限']);
    expect(['open', 'overdue']).toContain(listed[0].state);
    expect(listed[1].state).toBe('open');
  });

  it('marks an item overdue at its deadline, publishes the event and notifies the unit’s leaders and the officer', async () => {
    await eventually(
      async () => {
        const res = await send('get', '/rectifications?overdue=true', officer);
        return res.body.items?.length === 1;
      },
      30_000,
      'item overdue',
    );
    const overdue = await send('get', '/rectifications?overdue=true', officer);
    expect(overdue.body.items[0]).toMatchObject({ id: items[0].id, overdue: true, status: 'open', overdueOn: day(0) });
    const events = await db.query(`SELECT type FROM "${schema}".outbox WHERE type LIKE 'review.rectification.%'`);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['review.rectification.overdue']);
    const kinds = async (token: string) =>
      ((await send('get', '/me/notifications', token)).body.items ?? [])
        .filter((n: { kind: string }) => n.kind === 'rectification_overdue')
        .map((n: { title: string }) => n.title);
    await eventually(async () => (await kinds(tokens.leader0)).length === 1, 20_000, 'leader notified');
    expect(await kinds(tokens.leader0)).toEqual(['整改事项逾期：精简申报材料']);
    expect(await kinds(officer)).toEqual(['整改事项逾期：精简申报材料']);
    expect(await kinds(tokens.leader1)).toEqual([]);
  });

  it('takes progress from the unit’s own leader only, and publishes done once', async () => {
    const [, later] = items;
    expect(
      (
        await send('post', `/rectifications/${later.id}/progress`, tokens.leader1, {
          status: 'in_progress',
          note: '已部署',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await send('post', `/rectifications/${later.id}/progress`, tokens.assessor, {
          status: 'in_progress',
          note: '已部署',
        })
      ).status,
    ).toBe(403);
    const bad = await send('post', `/rectifications/${later.id}/progress`, tokens.leader0, {
      status: 'open',
      note: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['note', 'status']);
    const started = await send('post', `/rectifications/${later.id}/progress`, tokens.leader0, {
      status: 'in_progress',
      note: '已梳理审批流程',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'in_progress', progress: [{ status: 'in_progress', by: 'leader0' }] });
    const done = await send('post', `/rectifications/${later.id}/progress`, tokens.leader0, {
      status: 'done',
      note: '平均审批时限由5天压缩至2天',
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ status: 'done', overdue: false, doneOn: day(0) });
    expect(
      (await send('post', `/rectifications/${later.id}/progress`, tokens.leader0, { status: 'done', note: '再报' }))
        .status,
    ).toBe(409);
    const events = await db.query(
      `SELECT envelope->'data' AS data FROM "${schema}".outbox WHERE type = 'review.rectification.done'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ rectificationId: later.id, unitId: units.d0, late: false });
  });

  it('lists items scoped by role, a page at a time', async () => {
    const mine = await send('get', '/rectifications', tokens.leader0);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { id: string }) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect((await send('get', '/rectifications', tokens.leader1)).body).toEqual({ items: [], nextCursor: null });
    expect((await send('get', `/rectifications?unitId=${units.d0}`, tokens.leader1)).status).toBe(404);
    expect((await send('get', '/rectifications', tokens.assessor)).status).toBe(403);
    const page1 = await send('get', '/rectifications?limit=1', officer);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await send('get', `/rectifications?limit=1&cursor=${page1.body.nextCursor}`, officer);
    expect(page2.body).toMatchObject({ items: [expect.any(Object)], nextCursor: null });
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect((await send('get', '/rectifications?status=done', officer)).body.items).toHaveLength(1);
    const forged = await send(
      'get',
      `/rectifications?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
      officer,
    );
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    expect((await send('get', '/rectifications?limit=0&overdue=maybe', officer)).status).toBe(400);
  });

  it('shows last cycle’s items and where they stand beside the new scores', async () => {
    const second = await reviewedCycle(2, [
      { d0: ['competent'], d1: ['competent'], d2: ['competent'], d3: ['competent'] },
      { d0: ['competent'], d1: ['competent'], d2: ['competent'], d3: ['competent'] },
      { d0: ['excellent'], d1: ['competent'], d2: ['competent'], d3: ['competent'] },
    ]);
    const res = await send('get', `/cycles/${second}/two-way?limit=200`, officer);
    const d0 = res.body.items.find((u: { unitId: string }) => u.unitId === units.d0);
    expect(d0.bottomUp).toEqual(expect.any(Number));
    expect(d0).not.toHaveProperty('opinion');
    expect(
      d0.previousRectifications.map((r: { title: string; status: string; overdue: boolean }) => [
        r.title,
        r.status,
        r.overdue,
      ]),
    ).toEqual([
      ['精简申报材料', 'open', true],
      ['压缩审批时限', 'done', false],
    ]);
    // An opinion on a cycle still open is refused.
    const open = randomUUID();
    await setCycle(open, 'open', 2);
    expect(
      (await send('post', `/cycles/${open}/two-way/${units.d0}/opinion`, officer, { summary: '意见', items: [] }))
        .status,
    ).toBe(409);
  });

  it('gives the demo’s past cycles opinions with rectification items: done, under way and overdue', async () => {
    const ballots: Array<Record<string, [string, string?]>> = Array.from({ length: 3 }, () => ({
      d0: ['competent'],
      d1: ['basically_competent'],
      d2: ['excellent'],
      d3: ['basically_competent'],
      d4: ['competent'],
    }));
    const h1 = await reviewedCycle(1, ballots, 2024);
    const h2 = await reviewedCycle(2, ballots, 2024);
    const seed = await demoClient(gateway, 'lvyuan', officer);
    const loaded = await rectifyPastCycles(
      seed,
      [
        { id: h2, name: '2024年下半年定期考核' },
        { id: h1, name: '2024年上半年定期考核' },
      ],
      new Date(),
    );
    expect(loaded).toEqual({ opinions: 4, items: 8 });
    // The two lowest from below (d1, d3) in each; in the older cycle one item done, one under way and overdue.
    const view = (await send('get', `/cycles/${h2}/two-way?limit=200`, officer)).body.items;
    for (const unit of ['d1', 'd3']) {
      const entry = view.find((u: { unitId: string }) => u.unitId === units[unit]);
      expect(entry.opinion.items).toHaveLength(2);
      expect(entry.previousRectifications.map((r: { status: string }) => r.status)).toEqual(['done', 'in_progress']);
    }
    await eventually(
      async () =>
        (await send('get', `/rectifications?unitId=${units.d1}&overdue=true`, officer)).body.items?.length === 3,
      30_000,
      'demo items overdue',
    );
  });
});
