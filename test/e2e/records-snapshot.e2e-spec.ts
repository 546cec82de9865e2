import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { POLITICAL_DIMENSIONS } from '@cadre/contracts';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, startAnalytics, startGateway, startRoster } from '../support';
import { EventFeed, rankingsSettled } from '../support/event-feed';

/**
 * Results as of their cycle (docs/records.md): a published cycle is ranked from what was frozen at
 * its close, so nothing that happens afterwards — a transfer, a retirement, a verdict, late task
 * progress, new weights, redelivered events — changes what it shows; a transfer while a cycle is
 * open counts in the team the cadre is in at the close. The roster is real; the other services'
 * events are published here as they would publish them.
 *   field 经济: 发改局 U1 (T1: a 90, b 85, c 80, h 88 whose own field is 党群), 商务局 U2 (T2: d 75, e 80)
 *   field 党群: 档案馆 U3 (T3: g 70)
 */
describe('results as of their cycle', () => {
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
  const cycleEvent = feed.cycle.bind(feed);

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

  async function taskProgress(cadre: string, completionScore: number, occurredAt?: Date): Promise<void> {
    const taskListId = randomUUID();
    await publish(
      'checklists.task.progressed',
      taskListId,
      {
        taskId: randomUUID(),
        taskListId,
        cadreId: ids[cadre],
        year: 2025,
        title: '招商引资',
        indicator: { metric: '招商引资额', target: 100, unit: '万元' },
        weight: 1,
        completionScore,
        actual: completionScore,
        note: null,
        status: 'in_progress',
      },
      occurredAt,
    );
  }

  const verdict = (cadre: string, to: 'pass' | 'fail', occurredAt?: Date) =>
    publish(
      'checklists.political.verdict_changed',
      ids[cadre],
      {
        cadreId: ids[cadre],
        from: null,
        to,
        dimensions: POLITICAL_DIMENSIONS.map((key) => ({
          key,
          status: to === 'fail' ? 'bad' : 'good',
          positives: 0,
          negatives: to === 'fail' ? 1 : 0,
        })),
      },
      occurredAt,
    );

  const one = async <T>(sql: string, params: unknown[]): Promise<T | undefined> => (await db.query(sql, params))[0];
  const quiet = (what: string) => rankingsSettled(db, schema, what);

  const rankedIn = async (cycleId: string, n: number) =>
    eventually(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".rankings WHERE cycle_id = $1`, [
          cycleId,
        ]))!.n === n,
      30_000,
      `cycle ranked (${n})`,
    );
  const ranking = (cycleId: string, scope: 'vertical' | 'horizontal', id: string) =>
    get(`/cycles/${cycleId}/rankings?scope=${scope}&${scope === 'vertical' ? 'teamId' : 'fieldId'}=${id}`);
  const idsOf = (view: { items: Array<{ cadreId: string }> }) => view.items.map((i) => i.cadreId).sort();

  /** What a published cycle shows, and what each cadre's record shows of it. */
  async function record(cycleId: string) {
    const cadres = ['a', 'b', 'c', 'd', 'e', 'g', 'h'];
    const dossiers = await Promise.all(cadres.map((k) => get(`/cadres/${ids[k]}/dossier`)));
    return {
      vertical: await Promise.all(['T1', 'T2', 'T3'].map((t) => ranking(cycleId, 'vertical', ids[t]))),
      horizontal: await Promise.all(['fEconomy', 'fParty'].map((f) => ranking(cycleId, 'horizontal', ids[f]))),
      coordinates: await get(`/cycles/${cycleId}/coordinates`),
      selection: await get(`/cycles/${cycleId}/selection-candidates`),
      underperformers: await get(`/cycles/${cycleId}/underperformers`),
      trends: await Promise.all(cadres.map((k) => get(`/cadres/${ids[k]}/trend`))),
      // The dossier's sections that come from the cycles; the rest (profile, history, verdict, tasks) is today's.
      dossiers: dossiers.map((d) => ({
        appraisals: d.appraisals,
        democratic: d.democratic,
        trend: d.trend,
        strengths: d.strengths,
        weaknesses: d.weaknesses,
      })),
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
    const cadre = async (key: string, unitId: string, teamId: string, fieldId?: string) => {
      const res = await send('post', '/cadres', {
        personnelNo: key,
        name: `干部${key}`,
        gender: 'male',
        birthDate: '1984-03-01',
        unitId,
        teamId,
        position: '副局长',
        ...(fieldId ? { fieldId } : {}),
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    };
    for (const key of ['a', 'b', 'c']) await cadre(key, ids.U1, ids.T1);
    await cadre('h', ids.U1, ids.T1, ids.fParty);
    for (const key of ['d', 'e']) await cadre(key, ids.U2, ids.T2);
    await cadre('g', ids.U3, ids.T3);
    await eventually(
      async () => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".cadres`, []))!.n === 7,
      20_000,
      'cadres projected',
    );
    await taskProgress('a', 60);
    await taskProgress('e', 50);
    await eventually(
      async () => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".task_scores`, []))!.n === 2,
      20_000,
      'task progress projected',
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

  it('freezes at close; a published cycle, its trends and dossiers stay byte-identical whatever happens after', async () => {
    // 2025 H1 (X) closes; 2025 H2 (Y) is open meanwhile.
    ids.X = randomUUID();
    const closedAt = new Date();
    await cycleEvent('closed', ids.X, 2025, 1);
    for (const [k, score] of Object.entries({ a: 90, b: 85, c: 80, h: 88, d: 75, e: 80, g: 70 }))
      await applyScore(ids.X, k, score);
    // Reported a moment before the close, delivered after it: still X's. Reported after the close: not.
    await verdict('g', 'fail', new Date(closedAt.getTime() - 60_000));
    await taskProgress('e', 90);
    await rankedIn(ids.X, 7);
    await quiet('X ranked');
    await cycleEvent('published', ids.X, 2025, 1);
    ids.Y = randomUUID();
    await cycleEvent('open', ids.Y, 2025, 2);
    for (const [k, score] of Object.entries({ a: 90, b: 85, c: 80, h: 88, d: 70, e: 80, g: 70 }))
      await applyScore(ids.Y, k, score);
    await rankedIn(ids.Y, 7);
    await quiet('X published, Y ranked');

    const before = await record(ids.X);
    // The frozen inputs: h in their own field, g behind the late verdict, e's task part as of the close.
    expect(idsOf(before.horizontal[1])).toEqual([ids.g, ids.h].sort());
    expect(before.horizontal[1].items.find((i: { cadreId: string }) => i.cadreId === ids.g).excluded).toBe(
      'political_gate',
    );
    const eX = before.vertical[1].items.find((i: { cadreId: string }) => i.cadreId === ids.e);
    expect(eX).toMatchObject({ composite: 70, parts: { periodic: 80, task: 50 } }); // (0.4·80 + 0.2·50) / 0.6
    expect(idsOf(before.vertical[0])).toEqual([ids.a, ids.b, ids.c, ids.h].sort());

    // Afterwards: a moves to another unit, team and field; b retires; c fails the gate; a reports
    // progress on the year's tasks; the weights change; d moves to T1 while Y is open; every event
    // is delivered again.
    const today = new Date().toISOString().slice(0, 10);
    const moved = await send('post', `/cadres/${ids.a}/transfers`, {
      unitId: ids.U3,
      teamId: ids.T3,
      position: '馆长',
      effectiveDate: today,
    });
    expect(moved.status).toBe(201);
    expect((await send('patch', `/cadres/${ids.b}`, { status: 'retired', reason: '退休' })).status).toBe(200);
    await verdict('c', 'fail');
    await taskProgress('a', 100);
    const weights = { periodic: 0.5, democratic: 0.2, task: 0.3, wartime: 0 };
    expect((await send('put', '/analytics/weights', weights)).status).toBe(200);
    const d = await send('post', `/cadres/${ids.d}/transfers`, {
      unitId: ids.U1,
      teamId: ids.T1,
      position: '副局长',
      effectiveDate: today,
    });
    expect(d.status).toBe(201);
    await feed.redeliver();
    await eventually(
      async () => {
        const rows: Array<{ id: string; unit_id: string; status: string }> = await db.query(
          `SELECT id, unit_id, status FROM "${schema}".cadres WHERE id = ANY ($1::uuid[])`,
          [[ids.a, ids.b, ids.d]],
        );
        const by = new Map(rows.map((r) => [r.id, r]));
        const c = await one<{ verdict: string }>(`SELECT verdict FROM "${schema}".political WHERE cadre_id = $1`, [
          ids.c,
        ]);
        const task = await one<{ completion: number }>(
          `SELECT completion FROM "${schema}".task_scores WHERE cadre_id = $1`,
          [ids.a],
        );
        return (
          by.get(ids.a)?.unit_id === ids.U3 &&
          by.get(ids.b)?.status === 'retired' &&
          by.get(ids.d)?.unit_id === ids.U1 &&
          c?.verdict === 'fail' &&
          task?.completion === 100
        );
      },
      30_000,
      'the changes projected',
    );
    await quiet('the changes ranked');

    const after = await record(ids.X);
    expect(after).toEqual(before); // a readable difference, should there be one
    expect(JSON.stringify(after)).toBe(JSON.stringify(before)); // and byte for byte, revisions and times included
    // The retired cadre keeps their published history.
    expect(idsOf(after.vertical[0])).toContain(ids.b);
    expect(after.trends[1].points.map((p: { cycleId: string }) => p.cycleId)).toEqual([ids.X]);

    // The open cycle follows today's roster, verdicts and weights: d in T1, c stopped, e with the new weights.
    expect(idsOf(await ranking(ids.Y, 'vertical', ids.T1))).toEqual([ids.c, ids.d, ids.h].sort());
    const t2 = await ranking(ids.Y, 'vertical', ids.T2);
    expect(t2.items.map((i: { cadreId: string; composite: number }) => [i.cadreId, i.composite])).toEqual([
      [ids.e, 83.75], // (0.5·80 + 0.3·90) / 0.8: e's latest report, 90, counts for the open cycle
    ]);
    const cY = (await ranking(ids.Y, 'vertical', ids.T1)).items.find((i: { cadreId: string }) => i.cadreId === ids.c);
    expect(cY.excluded).toBe('political_gate');
  }, 180_000);

  it('ranks a cadre transferred during an open cycle in the team they are in at its close; the next cycle sees the new team', async () => {
    await cycleEvent('closed', ids.Y, 2025, 2);
    await quiet('Y closed');
    expect(idsOf(await ranking(ids.Y, 'vertical', ids.T1))).toContain(ids.d);
    // d goes back to U2 after the close: Y keeps them in T1.
    const back = await send('post', `/cadres/${ids.d}/transfers`, {
      unitId: ids.U2,
      teamId: ids.T2,
      position: '副局长',
      effectiveDate: new Date().toISOString().slice(0, 10),
    });
    expect(back.status).toBe(201);
    await eventually(
      async () =>
        (await one<{ unit_id: string }>(`SELECT unit_id FROM "${schema}".cadres WHERE id = $1`, [ids.d]))?.unit_id ===
        ids.U2,
      20_000,
      'd projected back in U2',
    );
    await quiet('the transfer applied');
    expect(idsOf(await ranking(ids.Y, 'vertical', ids.T1))).toContain(ids.d);
    expect(idsOf(await ranking(ids.Y, 'vertical', ids.T2))).not.toContain(ids.d);

    ids.Z = randomUUID();
    await cycleEvent('open', ids.Z, 2026, 1);
    await applyScore(ids.Z, 'd', 77);
    await applyScore(ids.Z, 'e', 80);
    await rankedIn(ids.Z, 2);
    await quiet('Z ranked');
    expect(idsOf(await ranking(ids.Z, 'vertical', ids.T2))).toEqual([ids.d, ids.e].sort());
    // The published cycle still shows d where they were at its close.
    expect(idsOf(await ranking(ids.X, 'vertical', ids.T2))).toEqual([ids.d, ids.e].sort());
  }, 120_000);
});
