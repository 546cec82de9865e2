import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventSubject, POLITICAL_DIMENSIONS, subjectPrefix } from '@cadre/contracts';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, startAnalytics, startAppraisal, startGateway, startRoster } from '../support';

/**
 * 校准 and the sealed record (issue 17) through the gateway, with the real roster, appraisal and
 * analytics: one team of six, graded by the 切 step; the political verdict of f is published here as
 * checklists would publish it.
 *   cycle 1: a 95 优秀, b 92 优秀, c 90 优秀, d 85, e 80, f 70 (verdict fail) — 3 of 6 优秀 against 20%
 *   cycle 2: a 优秀, b–e competent (f not appraised), within the guideline
 */
describe('calibration and sealed records', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_analytics`;
  let roster: INestApplication;
  let appraisal: INestApplication;
  let analytics: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let nc: NatsConnection;
  let officer: string;
  let tenantId: string;
  const ids: Record<string, string> = {};
  const cycles: string[] = [];
  const year = new Date().getUTCFullYear();
  const send = (method: 'get' | 'post' | 'put', p: string, body?: object) =>
    request(gateway.getHttpServer())[method](`/api/v1${p}`).set('authorization', `Bearer ${officer}`).send(body);
  const cadres = ['a', 'b', 'c', 'd', 'e', 'f'];

  async function openCycle(half: 1 | 2): Promise<string> {
    const created = await send('post', '/cycles', {
      kind: 'periodic',
      name: `${year}年${half === 1 ? '上' : '下'}半年定期考核`,
      year,
      half,
      opensAt: new Date(Date.now() + 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(created.status).toBe(201);
    expect((await send('post', `/cycles/${created.body.id}/open`)).status).toBe(200);
    return created.body.id;
  }

  async function appraise(cycleId: string, key: string, score: number, grade: string): Promise<void> {
    const steps = `/cycles/${cycleId}/appraisals/${ids[key]}/steps`;
    const look = {
      reports: [{ kind: 'report', title: '述职报告', url: 'https://oa.example.gov.cn/docs/1' }],
      notes: '扎实',
    };
    await eventually(async () => (await send('put', `${steps}/look`, look)).status === 200, 20_000, 'cadre projected');
    expect((await send('put', `${steps}/listen`, { notes: '已反馈' })).status).toBe(200);
    expect((await send('put', `${steps}/ask`, { problems: [] })).status).toBe(200);
    const apply = { score, grade, strengths: '招商引资', weaknesses: '创新不足', traits: [], suggestion: 'keep' };
    const res = await send('put', `${steps}/apply`, apply);
    expect(res.status).toBe(200);
  }

  const settled = (cycleId: string, n: number) =>
    eventually(
      async () => {
        const [s] = await db.query(`SELECT dirty, recomputes FROM "${schema}".recompute_state WHERE cycle_id = $1`, [
          cycleId,
        ]);
        const [{ rows }] = await db.query(
          `SELECT count(*)::int AS rows FROM "${schema}".rankings r JOIN "${schema}".cycles c ON c.id = r.cycle_id
            WHERE r.cycle_id = $1 AND c.status = 'closed'`,
          [cycleId],
        );
        return !!s && !s.dirty && s.recomputes > 0 && rows === n;
      },
      30_000,
      `cycle ranked (${n})`,
    );
  const vertical = async (cycleId: string) =>
    (await send('get', `/cycles/${cycleId}/rankings?scope=vertical&teamId=${ids.T1}`)).body.items as Array<{
      cadreId: string;
      composite: number;
      rank: number | null;
    }>;
  const rankOf = async (cycleId: string, key: string) => (await vertical(cycleId)).find((i) => i.cadreId === ids[key]);
  const sealed = (cycleId: string) =>
    eventually(
      async () => {
        const res = await send('get', `/cycles/${cycleId}/record`);
        return res.status === 200 ? res.body : null;
      },
      30_000,
      'record sealed',
    );

  beforeAll(async () => {
    roster = await startRoster(namespace);
    appraisal = await startAppraisal(namespace);
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '500' });
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    const field = (await send('post', '/fields', { code: 'economy', name: '经济' })).body.id;
    const unit = (await send('post', '/units', { code: 'FGJ', name: '区发改局', kind: 'department', fieldId: field }))
      .body.id;
    ids.T1 = (await send('post', '/teams', { unitId: unit, name: '区发改局领导班子' })).body.id;
    for (const key of cadres) {
      const res = await send('post', '/cadres', {
        personnelNo: key,
        name: `干部${key}`,
        gender: 'male',
        birthDate: '1984-03-01',
        unitId: unit,
        teamId: ids.T1,
        position: '副局长',
      });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
    cycles.push(await openCycle(1));
    const grades: Array<[string, number, string]> = [
      ['a', 95, 'excellent'],
      ['b', 92, 'excellent'],
      ['c', 90, 'excellent'],
      ['d', 85, 'competent'],
      ['e', 80, 'competent'],
      ['f', 70, 'basically_competent'],
    ];
    for (const [key, score, grade] of grades) await appraise(cycles[0], key, score, grade);
    // f's political verdict turns fail (as checklists publishes it): stopped at the gate.
    const event = {
      id: randomUUID(),
      type: 'checklists.political.verdict_changed',
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId: ids.f,
      data: {
        cadreId: ids.f,
        from: null,
        to: 'fail',
        dimensions: POLITICAL_DIMENSIONS.map((key) => ({ key, status: 'bad', positives: 0, negatives: 1 })),
      },
    };
    await jetstream(nc).publish(eventSubject(subjectPrefix(namespace), event.type), JSON.stringify(event), {
      msgID: event.id,
    });
  });

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await analytics?.close();
    await appraisal?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('refuses calibration before close; after close shows the table with the 20% guideline', async () => {
    const early = await send('post', `/cycles/${cycles[0]}/calibration/adjustments`, {
      cadreId: ids.e,
      composite: 96,
      reason: '提前校准',
    });
    expect(early.status).toBe(409);
    expect((await send('post', `/cycles/${cycles[0]}/close`)).status).toBe(200);
    await eventually(
      async () => (await db.query(`SELECT 1 FROM "${schema}".political WHERE cadre_id = $1`, [ids.f])).length === 1,
      20_000,
      'verdict projected',
    );
    await settled(cycles[0], 6);
    const table = await send('get', `/cycles/${cycles[0]}/calibration`);
    expect(table.status).toBe(200);
    expect(table.body).toMatchObject({
      cycleId: cycles[0],
      guideline: { excellentMaxShare: 0.2 },
      distribution: {
        excellent: 3,
        competent: 2,
        basically_competent: 1,
        incompetent: 0,
        total: 6,
        excellentShare: 0.5,
      },
      changes: [],
    });
    expect(table.body.items).toHaveLength(6);
    expect(table.body.items.find((i: { cadreId: string }) => i.cadreId === ids.e)).toEqual({
      cadreId: ids.e,
      name: '干部e',
      teamId: ids.T1,
      fieldId: expect.any(String),
      composite: 80,
      grade: 'competent',
      calibrated: null,
    });
    expect(await rankOf(cycles[0], 'e')).toMatchObject({ composite: 80, rank: 5 }); // f is stopped at the gate
  });

  it('calibrates with a reason: ranks change, the original stays, the gate refuses 优秀, the trail keeps every change', async () => {
    const path = `/cycles/${cycles[0]}/calibration/adjustments`;
    const noReason = await send('post', path, { cadreId: ids.e, composite: 96 });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    const gated = await send('post', path, { cadreId: ids.f, grade: 'excellent', reason: '表现突出' });
    expect(gated.status).toBe(422);
    expect(gated.body.detail).toContain('首关不过');
    expect(gated.body.errors).toEqual([expect.objectContaining({ field: 'grade' })]);

    const raised = await send('post', path, { cadreId: ids.e, composite: 96, reason: '重大项目攻坚成效未计入' });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({
      cadreId: ids.e,
      field: 'composite',
      from: 80,
      to: 96,
      reason: '重大项目攻坚成效未计入',
      actor: 'officer',
    });
    expect(await rankOf(cycles[0], 'e')).toMatchObject({ composite: 96, rank: 1 });
    expect(await rankOf(cycles[0], 'a')).toMatchObject({ composite: 95, rank: 2 });
    const lowered = await send('post', path, { cadreId: ids.c, grade: 'competent', reason: '按指导比例调整' });
    expect(lowered.status).toBe(201);
    expect(lowered.body).toMatchObject({ field: 'grade', from: 'excellent', to: 'competent' });

    const table = (await send('get', `/cycles/${cycles[0]}/calibration`)).body;
    expect(table.distribution).toMatchObject({ excellent: 2, competent: 3, total: 6, excellentShare: 0.3333 });
    expect(table.items.find((i: { cadreId: string }) => i.cadreId === ids.e)).toMatchObject({
      composite: 80,
      calibrated: { composite: 96 },
    });
    expect(table.items.find((i: { cadreId: string }) => i.cadreId === ids.c)).toMatchObject({
      grade: 'excellent',
      calibrated: { grade: 'competent' },
    });
    expect(table.changes.map((c: { field: string; reason: string }) => [c.field, c.reason])).toEqual([
      ['composite', '重大项目攻坚成效未计入'],
      ['grade', '按指导比例调整'],
    ]);
    // The debounced recompute after it (a late input) keeps the calibration.
    expect((await send('post', `/cycles/${cycles[0]}/rankings/recompute`)).status).toBe(200);
    expect(await rankOf(cycles[0], 'e')).toMatchObject({ composite: 96, rank: 1 });
  });

  it('refuses to publish over the guideline, naming the share and the limit; publishes with a reason, kept in the trail', async () => {
    // 2 of 6 优秀 once appraisal has the calibrated grade: over 20% (one allowed).
    let refused: request.Response | undefined;
    await eventually(
      async () => {
        refused = await send('post', `/cycles/${cycles[0]}/publish`, {});
        return refused.status === 422 && String(refused.body.detail).includes('33.3%');
      },
      20_000,
      'calibrated grade projected',
    );
    expect(refused!.body.detail).toContain('20%');
    expect(refused!.body.errors).toEqual([expect.objectContaining({ field: 'overrideReason' })]);
    const published = await send('post', `/cycles/${cycles[0]}/publish`, {
      overrideReason: '攻坚任务集中，部务会研究同意',
    });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');

    const record = await sealed(cycles[0]);
    expect(record).toMatchObject({ cycleId: cycles[0], sequence: 1, previousDigest: null });
    expect(record.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(record.weights).toEqual({ periodic: 0.4, democratic: 0.3, task: 0.2, wartime: 0.1 });
    expect(record.rows).toHaveLength(6);
    expect(record.rows.find((r: { cadreId: string }) => r.cadreId === ids.e)).toMatchObject({
      composite: 96,
      vertical: { rank: 1 },
      calibration: { composite: 96, computedComposite: 80, grade: null },
    });
    expect(record.rows.find((r: { cadreId: string }) => r.cadreId === ids.f)).toMatchObject({
      excluded: 'political_gate',
      vertical: { rank: null },
    });
    const changes = (await send('get', `/cycles/${cycles[0]}/calibration`)).body.changes;
    expect(changes[changes.length - 1]).toMatchObject({
      field: 'publish_override',
      from: 0.3333,
      to: 0.2,
      reason: '攻坚任务集中，部务会研究同意',
    });

    const late = await send('post', `/cycles/${cycles[0]}/calibration/adjustments`, {
      cadreId: ids.a,
      composite: 60,
      reason: '发布后调整',
    });
    expect(late.status).toBe(409);
    expect((await send('post', `/cycles/${cycles[0]}/rankings/recompute`)).status).toBe(409);
    expect((await send('get', `/records/verify`)).body).toEqual({ ok: true, checked: 1, mismatches: [] });
  });

  it('chains each published cycle to the one before; verify names a cycle whose stored rows were altered', async () => {
    expect((await send('get', `/cycles/${randomUUID()}/record`)).status).toBe(404);
    cycles.push(await openCycle(2));
    expect((await send('get', `/cycles/${cycles[1]}/record`)).status).toBe(404);
    for (const key of ['a', 'b', 'c', 'd', 'e'])
      await appraise(cycles[1], key, key === 'a' ? 91 : 84, key === 'a' ? 'excellent' : 'competent');
    expect((await send('post', `/cycles/${cycles[1]}/close`)).status).toBe(200);
    await settled(cycles[1], 5); // f has no 切 in this cycle
    expect((await send('post', `/cycles/${cycles[1]}/publish`)).status).toBe(200);
    const first = (await send('get', `/cycles/${cycles[0]}/record`)).body;
    const second = await sealed(cycles[1]);
    expect(second).toMatchObject({ sequence: 2, previousDigest: first.digest });
    expect((await send('get', `/records/verify`)).body).toEqual({ ok: true, checked: 2, mismatches: [] });

    // The seals went out through the outbox, one per cycle, carrying the digests.
    const sent = await db.query(
      `SELECT envelope->'data' AS data FROM "${schema}".outbox WHERE type = 'analytics.record.sealed' ORDER BY seq`,
    );
    expect(sent.map((e: { data: { cycleId: string; digest: string } }) => [e.data.cycleId, e.data.digest])).toEqual([
      [cycles[0], first.digest],
      [cycles[1], second.digest],
    ]);

    // The publish event again (a replay: another id): the cycle is not ranked again, nor sealed twice.
    const view = (await send('get', `/cycles/${cycles[0]}`)).body;
    const again = {
      id: randomUUID(),
      type: 'appraisal.cycle.published',
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId: cycles[0],
      data: {
        id: view.id,
        kind: view.kind,
        name: view.name,
        year: view.year,
        half: view.half,
        topic: view.topic,
        opensAt: view.opensAt,
        closesAt: view.closesAt,
        unitIds: view.unitIds,
        status: 'published',
      },
    };
    await jetstream(nc).publish(eventSubject(subjectPrefix(namespace), again.type), JSON.stringify(again), {
      msgID: again.id,
    });
    await eventually(
      async () => {
        const [applied] = await db.query(`SELECT 1 FROM "${schema}".inbox WHERE event_id = $1`, [again.id]);
        const [s] = await db.query(`SELECT dirty FROM "${schema}".recompute_state WHERE cycle_id = $1`, [cycles[0]]);
        return !!applied && !s.dirty;
      },
      20_000,
      'replayed publish applied',
    );
    expect((await send('get', `/cycles/${cycles[0]}/record`)).body).toEqual(first);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM "${schema}".outbox WHERE type = 'analytics.record.sealed'`,
    );
    expect(n).toBe(2);
    expect((await send('get', `/records/verify`)).body).toEqual({ ok: true, checked: 2, mismatches: [] });

    await db.query(`UPDATE "${schema}".rankings SET composite = composite + 1 WHERE cycle_id = $1 AND cadre_id = $2`, [
      cycles[0],
      ids.a,
    ]);
    const verify = (await send('get', `/records/verify`)).body;
    expect(verify).toEqual({
      ok: false,
      checked: 2,
      mismatches: [{ cycleId: cycles[0], expected: first.digest, actual: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    expect(verify.mismatches[0].actual).not.toBe(first.digest);
  });
});
