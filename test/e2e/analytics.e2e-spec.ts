import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  durableName,
  EventType,
  eventSubject,
  POLITICAL_DIMENSIONS,
  streamName,
  subjectPrefix,
} from '@cadre/contracts';
import { replayProjections } from '@cadre/messaging';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { PROJECTION_TABLES } from '../../apps/analytics/src/projections/projection-tables';
import { createTenant, startAnalytics, startGateway, startRoster } from '../support';

/**
 * 比对考核 over a small district: the roster is real (its events feed analytics), the other services'
 * events are published here as appraisal, checklists and review would publish them.
 *   field 经济: 发改局 (team T1: a 90, b 85, c 85, d 95 but political verdict fail), 商务局 (T2: e 80, f 70)
 *   field 党群: 档案馆 (T3: g 60, a team of one)
 */
describe('analytics', () => {
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
  const cycles: string[] = [];
  const send = (method: 'get' | 'post' | 'put', p: string, body?: object) =>
    request(gateway.getHttpServer())[method](`/api/v1${p}`).set('authorization', `Bearer ${officer}`).send(body);

  async function publish(type: EventType, aggregateId: string, data: object): Promise<void> {
    const event = {
      id: randomUUID(),
      type,
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId,
      data,
    };
    await jetstream(nc).publish(eventSubject(subjectPrefix(namespace), type), JSON.stringify(event), {
      msgID: event.id,
    });
  }

  async function closedCycle(year: number, half: 1 | 2): Promise<string> {
    const id = randomUUID();
    const snapshot = {
      id,
      kind: 'periodic',
      name: `${year}年${half === 1 ? '上' : '下'}半年定期考核`,
      year,
      half,
      topic: null,
      opensAt: `${year}-0${half === 1 ? 6 : 9}-01T00:00:00Z`,
      closesAt: `${year}-0${half === 1 ? 7 : 9}-28T00:00:00Z`,
      unitIds: null,
    };
    await publish('appraisal.cycle.closed', id, { ...snapshot, status: 'closed' });
    return id;
  }

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

  const ranking = async (cycleId: string, q: string) => (await send('get', `/cycles/${cycleId}/rankings?${q}`)).body;
  const recomputes = async (cycleId: string) =>
    (await db.query(`SELECT recomputes, dirty FROM "${schema}".recompute_state WHERE cycle_id = $1`, [cycleId]))[0];
  const settled = (cycleId: string, n: number) =>
    eventually(
      async () => {
        const s = await recomputes(cycleId);
        const rows = (
          await db.query(`SELECT count(*)::int AS n FROM "${schema}".rankings WHERE cycle_id = $1`, [cycleId])
        )[0].n;
        return !!s && !s.dirty && rows === n;
      },
      30_000,
      `cycle ranked (${n})`,
    );

  beforeAll(async () => {
    roster = await startRoster(namespace);
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '3000' });
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    const economy = (await send('post', '/fields', { code: 'economy', name: '经济' })).body.id;
    const party = (await send('post', '/fields', { code: 'party', name: '党群' })).body.id;
    ids.fEconomy = economy;
    ids.fParty = party;
    const unit = async (code: string, name: string, fieldId: string) =>
      (await send('post', '/units', { code, name, kind: 'department', fieldId })).body.id as string;
    const team = async (unitId: string, name: string) =>
      (await send('post', '/teams', { unitId, name })).body.id as string;
    const u1 = await unit('FGJ', '区发改局', economy);
    const u2 = await unit('SWJ', '区商务局', economy);
    const u3 = await unit('DAG', '区档案馆', party);
    ids.T1 = await team(u1, '区发改局领导班子');
    ids.T2 = await team(u2, '区商务局领导班子');
    ids.T3 = await team(u3, '区档案馆领导班子');
    const cadre = async (key: string, unitId: string, teamId: string, gender = 'male') => {
      const res = await send('post', '/cadres', {
        personnelNo: key,
        name: `干部${key}`,
        gender,
        birthDate: '1984-03-01',
        unitId,
        teamId,
        position: '副局长',
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    };
    for (const key of ['a', 'b', 'c', 'd']) await cadre(key, u1, ids.T1);
    await cadre('e', u2, ids.T2);
    await cadre('f', u2, ids.T2, 'female');
    await cadre('g', u3, ids.T3);
    await publish('checklists.political.verdict_changed', ids.d, {
      cadreId: ids.d,
      from: null,
      to: 'fail',
      dimensions: POLITICAL_DIMENSIONS.map((key) => ({ key, status: 'bad', positives: 0, negatives: 1 })),
    });
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM "${schema}".cadres`))[0].n === 7,
      20_000,
      'cadres projected',
    );

    for (const [year, half] of [
      [2024, 1],
      [2024, 2],
      [2025, 1],
    ] as const)
      cycles.push(await closedCycle(year, half));
    const scores: Record<string, number[]> = {
      a: [80, 85, 90],
      b: [85, 85, 85],
      c: [84, 84, 85],
      d: [95, 95, 95],
      e: [82, 80, 80],
      f: [80, 75, 70],
      g: [60, 60, 60],
    };
    for (const [k, series] of Object.entries(scores)) {
      for (const [i, score] of series.entries()) await applyScore(cycles[i], k, score);
    }
    for (const c of cycles) await settled(c, 7);
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await analytics?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('ranks inside the team with shared ranks on ties, the gate-failed cadre listed without a rank', async () => {
    const t1 = await ranking(cycles[2], `scope=vertical&teamId=${ids.T1}`);
    expect(
      t1.items.map(
        (i: {
          cadreId: string;
          rank: number | null;
          percentile: number | null;
          composite: number;
          excluded?: string;
        }) => [i.cadreId, i.composite, i.rank, i.percentile, i.excluded ?? null],
      ),
    ).toEqual([
      [ids.a, 90, 1, 100, null],
      expect.arrayContaining([85, 2, 50, null]),
      expect.arrayContaining([85, 2, 50, null]),
      [ids.d, 95, null, null, 'political_gate'],
    ]);
    expect(
      t1.items
        .slice(1, 3)
        .map((i: { cadreId: string }) => i.cadreId)
        .sort(),
    ).toEqual([ids.b, ids.c].sort());
    expect(t1.items[0].parts).toEqual({ periodic: 90, democratic: null, task: null, wartime: null });
  });

  it('ranks inside a field spanning several units, and gives a team of one the top', async () => {
    const economy = await ranking(cycles[2], `scope=horizontal&fieldId=${ids.fEconomy}`);
    expect(
      economy.items
        .filter((i: { excluded?: string }) => !i.excluded)
        .map((i: { rank: number; percentile: number }) => [i.rank, i.percentile]),
    ).toEqual([
      [1, 100],
      [2, 75],
      [2, 75],
      [4, 25],
      [5, 0],
    ]);
    const alone = await ranking(cycles[2], `scope=vertical&teamId=${ids.T3}`);
    expect(alone.items).toEqual([expect.objectContaining({ cadreId: ids.g, rank: 1, percentile: 100 })]);
    const party = await ranking(cycles[2], `scope=horizontal&fieldId=${ids.fParty}`);
    expect(party.items).toEqual([expect.objectContaining({ cadreId: ids.g, rank: 1, percentile: 100 })]);
    expect((await send('get', `/cycles/${cycles[2]}/rankings?scope=vertical`)).status).toBe(400);
  });

  it('maps every ranked cadre on the coordinate map, the excluded one not at all', async () => {
    const { points } = (await send('get', `/cycles/${cycles[2]}/coordinates`)).body;
    expect(points.map((p: { cadreId: string }) => p.cadreId)).not.toContain(ids.d);
    expect(points).toHaveLength(6);
    expect(points.find((p: { cadreId: string }) => p.cadreId === ids.a)).toMatchObject({
      x: 100,
      y: 100,
      quadrant: 'leading',
    });
    expect(points.find((p: { cadreId: string }) => p.cadreId === ids.f)).toMatchObject({
      x: 0,
      y: 0,
      quadrant: 'lagging',
    });
  });

  it('tells the trend over three cycles and warns of a cadre falling twice', async () => {
    const a = (await send('get', `/cadres/${ids.a}/trend`)).body;
    expect(
      a.points.map((p: { composite: number; year: number; half: number }) => [p.year, p.half, p.composite]),
    ).toEqual([
      [2024, 1, 80],
      [2024, 2, 85],
      [2025, 1, 90],
    ]);
    expect(a).toMatchObject({ direction: 'rising', warning: null });
    const f = (await send('get', `/cadres/${ids.f}/trend`)).body;
    expect(f).toMatchObject({ direction: 'falling', warning: { fallingCycles: 2 } });
    expect((await send('get', `/cadres/${ids.b}/trend`)).body.direction).toBe('stable');
  });

  it('debounces: 100 inputs in a burst make one recompute', async () => {
    // An older half-year, with scores that keep the trends above: the later tests read the latest cycle.
    const cycle = await closedCycle(2023, 2);
    const final: Record<string, number> = { a: 75, b: 85, c: 84, e: 82, f: 85, g: 60 };
    for (let i = 0; i < 100; i++) {
      const key = Object.keys(final)[i % 6];
      await applyScore(cycle, key, final[key]);
    }
    await settled(cycle, 6); // d has no score in this cycle: nothing to rank
    await new Promise((r) => setTimeout(r, 2_000)); // nothing else is coming
    expect(await recomputes(cycle)).toEqual({ recomputes: 1, dirty: false });
  });

  it('analyzes its inputs before ranking when they were never analyzed or have changed much since', async () => {
    // Without statistics the planner takes bulk-filled projections for empty: a province's recompute
    // ran past statement_timeout on every attempt where autovacuum had not come round (bench -- province).
    const analyzed = () =>
      db.query(
        `SELECT relname FROM pg_stat_user_tables WHERE schemaname = $1 AND relname IN ('cadres', 'apply_results') AND coalesce(last_analyze, last_autoanalyze) IS NOT NULL ORDER BY relname`,
        [schema],
      );
    await eventually(async () => (await analyzed()).length === 2, 10_000, 'inputs analyzed');
  });

  it('keeps the newer democratic results of a campaign when an older snapshot arrives after it', async () => {
    // As after a nak: the snapshot of 5 ballots is applied after the one of 12 (review republishes the whole result).
    const campaignId = randomUUID();
    const snapshot = (cast: number, score: number) => ({
      campaignId,
      cycleId: cycles[0],
      direction: 'bottom_up',
      subject: 'unit',
      participation: { issued: 20, cast, rate: cast / 20 },
      results: [
        {
          targetId: randomUUID(),
          ballots: cast,
          gradeCounts: { excellent: 0, competent: cast, basically_competent: 0, incompetent: 0 },
          excellentRate: 0,
          score,
        },
      ],
    });
    const applied = async () =>
      (
        await db.query(`SELECT count(*)::int AS n FROM "${schema}".inbox WHERE event_type = 'review.results.updated'`)
      )[0].n as number;
    const before = await applied();
    await publish('review.results.updated', campaignId, snapshot(12, 81));
    await publish('review.results.updated', campaignId, snapshot(5, 64));
    const held = async () =>
      (await db.query(`SELECT ballots, score FROM "${schema}".democratic WHERE campaign_id = $1`, [
        campaignId,
      ])) as Array<{ ballots: number; score: number }>;
    await eventually(async () => (await applied()) === before + 2, 10_000, 'both snapshots consumed');
    expect(await held()).toEqual([{ ballots: 12, score: 81 }]);
  });

  it('publishes the ranking per team and per field', async () => {
    const events: Array<{ data: { scope: string; scopeId: string; revision: number } }> = await db.query(
      `SELECT envelope->'data' AS data FROM "${schema}".outbox WHERE type = 'analytics.rankings.recomputed' AND aggregate_id = $1`,
      [cycles[2]],
    );
    const last = Math.max(...events.map((e) => e.data.revision));
    const scopes = events
      .filter((e) => e.data.revision === last)
      .map((e) => `${e.data.scope}:${e.data.scopeId}`)
      .sort();
    expect(scopes).toEqual(
      [
        `horizontal:${ids.fEconomy}`,
        `horizontal:${ids.fParty}`,
        `vertical:${ids.T1}`,
        `vertical:${ids.T2}`,
        `vertical:${ids.T3}`,
      ].sort(),
    );
  });

  it('keeps a dossier of each cadre and team, printable, for the department only', async () => {
    const a = await send('get', `/cadres/${ids.a}/dossier`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      cadre: { id: ids.a, teamName: '区发改局领导班子', fieldName: '经济' },
      trend: { direction: 'rising' },
      strengths: ['招商引资'],
      weaknesses: ['创新不足'],
    });
    expect(a.body.appraisals).toHaveLength(4);
    expect(a.body.history[0]).toMatchObject({ versionNo: 1, type: 'roster.cadre.created' });
    const html = await send('get', `/cadres/${ids.a}/dossier?format=html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('一干部一档案');
    expect(html.text).toContain('干部a');
    expect(html.text).not.toMatch(/<script|src=|href="http/);
    const team = (await send('get', `/teams/${ids.T1}/dossier`)).body;
    expect(team.members).toHaveLength(4);
    expect(team.issues).toEqual(expect.arrayContaining(['干部d：政治体检未通过']));
    expect(team.peers.map((p: { teamId: string }) => p.teamId).sort()).toEqual([ids.T1, ids.T2].sort());
    expect((await send('get', `/teams/${ids.T3}/dossier?format=html`)).text).toContain('一班子一档案');
    if (existsSync('/usr/bin/chromium')) {
      const pdf = await send('get', `/cadres/${ids.a}/dossier?format=pdf`).buffer(true);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect((await send('get', `/cadres/${randomUUID()}/dossier`)).status).toBe(404);
  });

  it('proposes candidates for selection and lists the under-performers for a talk', async () => {
    const selection = (await send('get', `/cycles/${cycles[2]}/selection-candidates`)).body;
    expect(selection.items.map((i: { cadreId: string }) => i.cadreId).sort()).toEqual([ids.a, ids.g].sort());
    expect(selection.stats).toMatchObject({ candidates: 2, youngShare: 0 }); // born 1984: 41 in 2025
    const under = (await send('get', `/cycles/${cycles[2]}/underperformers`)).body.items;
    expect(under.map((u: { cadreId: string; reasons: string[] }) => [u.cadreId, u.reasons])).toEqual(
      expect.arrayContaining([
        [ids.f, ['bottom_decile', 'falling']],
        [ids.d, ['political_gate']],
      ]),
    );
    expect(under).toHaveLength(2);
    expect(under.find((u: { cadreId: string }) => u.cadreId === ids.f).talked).toBe(false);
    const talk = await send('post', '/talks', {
      heldOn: '2025-08-01',
      kind: 'collective',
      topic: '考核结果反馈',
      cadreIds: [ids.f, ids.e],
      cycleId: cycles[2],
    });
    expect(talk.status).toBe(201);
    expect(
      (
        await send('post', '/talks', {
          heldOn: '2025-08-01',
          kind: 'individual',
          topic: '提醒',
          cadreIds: [ids.f, ids.e],
        })
      ).status,
    ).toBe(400);
    expect(
      (await send('get', `/cycles/${cycles[2]}/underperformers`)).body.items.find(
        (u: { cadreId: string }) => u.cadreId === ids.f,
      ).talked,
    ).toBe(true);
    expect((await send('get', `/talks?cadreId=${ids.f}`)).body.items).toHaveLength(1);
  });

  it('records adjustment batches with their statistics', async () => {
    expect(
      (
        await send('post', '/selection/batches', {
          name: '第1批干部调整',
          decidedOn: '2025-09-01',
          cadreIds: [ids.a, ids.g],
        })
      ).status,
    ).toBe(201);
    expect(
      (await send('post', '/selection/batches', { name: '第2批', decidedOn: '2025-10-01', cadreIds: [randomUUID()] }))
        .status,
    ).toBe(422);
    const { items, stats } = (await send('get', '/selection/batches')).body;
    expect(items).toEqual([expect.objectContaining({ name: '第1批干部调整', cadres: 2 })]);
    expect(stats).toMatchObject({ batches: 1, cadres: 2, youngShare: 0, wartimeDistinguishedShare: 0 });
  });

  it('compares teams before and after a hypothetical reshuffle without changing anything', async () => {
    const res = await send('post', '/sandbox', { moves: [{ cadreId: ids.g, toTeamId: ids.T2 }] });
    expect(res.status).toBe(200);
    const byTeam = (list: Array<{ teamId: string; members: number; averageComposite: number | null }>) =>
      Object.fromEntries(list.map((t) => [t.teamId, [t.members, t.averageComposite]]));
    expect(byTeam(res.body.before)).toEqual({ [ids.T2]: [2, 75], [ids.T3]: [1, 60] });
    expect(byTeam(res.body.after)).toEqual({ [ids.T2]: [3, 70], [ids.T3]: [0, null] });
    expect((await send('post', '/sandbox', { moves: [{ cadreId: ids.g, toTeamId: randomUUID() }] })).status).toBe(422);
    expect((await ranking(cycles[2], `scope=vertical&teamId=${ids.T3}`)).items).toHaveLength(1); // nothing moved for real
  });

  it('runs an award: nominees behind the political gate, decided, with a story, published', async () => {
    const created = await send('post', '/awards', {
      kind: 'good_cadre',
      cycleId: cycles[2],
      quota: 2,
      grassrootsMin: 0.5,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: '担当作为好干部', status: 'nominating', quota: 2 });
    expect(created.body.nominees.map((n: { targetId: string }) => n.targetId)).not.toContain(ids.d); // 95, but the gate
    expect(created.body.proposal.map((n: { targetId: string }) => n.targetId)).toEqual([ids.a, expect.any(String)]);
    const id = created.body.id;
    expect((await send('post', `/awards/${id}/publish`)).status).toBe(409);
    expect((await send('post', `/awards/${id}/decide`, { targetIds: [ids.d] })).status).toBe(422);
    const decided = await send('post', `/awards/${id}/decide`, { targetIds: [ids.a, ids.g] });
    expect(decided.status).toBe(200);
    expect(decided.body.winners.map((w: { targetId: string; place: number }) => [w.targetId, w.place])).toEqual([
      [ids.a, 1],
      [ids.g, 2],
    ]);
    expect(
      (
        await send('put', `/awards/${id}/winners/${ids.a}/story`, {
          title: '敢闯敢干的招商先锋',
          text: '全年引进项目 12 个。',
        })
      ).status,
    ).toBe(200);
    const published = await send('post', `/awards/${id}/publish`);
    expect(published.body).toMatchObject({
      status: 'published',
      winners: [expect.objectContaining({ storyTitle: '敢闯敢干的招商先锋', name: '干部a' }), expect.anything()],
    });
  });

  it('replay-projections: refused while the worker runs; then rebuilds identical rankings and keeps the awards', async () => {
    const snapshot = async () =>
      db.query(
        `SELECT cycle_id, cadre_id, composite, excluded, vertical_rank, vertical_percentile, horizontal_rank, horizontal_percentile FROM "${schema}".rankings ORDER BY cycle_id, cadre_id`,
      );
    const awards = async () => db.query(`SELECT id, status FROM "${schema}".awards ORDER BY id`);
    const before = await snapshot();
    const awardsBefore = await awards();
    expect(awardsBefore.length).toBeGreaterThan(0);
    const options = {
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
      namespace,
      service: 'analytics',
      projectionTables: PROJECTION_TABLES,
    };

    const refused = await replayProjections(options);
    expect(refused).toMatchObject({ replayed: false, reason: expect.stringContaining('stop the analytics worker') });
    expect((await db.query(`SELECT count(*)::int AS n FROM "${schema}".rankings`))[0].n).toBe(before.length);

    await analytics.close();
    // A stopped worker's pull requests stay on the server until they expire.
    const done = await eventually(
      async () => {
        const result = await replayProjections(options);
        return result.replayed ? result : null;
      },
      45_000,
      'replay accepted once the worker is gone',
    );
    expect(done.tables.rankings).toBe(before.length);
    expect(done.inboxRows).toBeGreaterThan(0);
    expect(done.consumerDeleted).toBe(true);
    expect((await db.query(`SELECT count(*)::int AS n FROM "${schema}".cadres`))[0].n).toBe(0);

    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '3000' });
    await eventually(
      async () => {
        const rows = (await db.query(`SELECT count(*)::int AS n FROM "${schema}".rankings`))[0].n;
        const dirty = (await db.query(`SELECT count(*)::int AS n FROM "${schema}".recompute_state WHERE dirty`))[0].n;
        return rows === before.length && dirty === 0;
      },
      60_000,
      'replayed and ranked',
    );
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await snapshot()).toEqual(before);
    expect(await awards()).toEqual(awardsBefore);
  }, 120_000);

  it('rebuilds identical rankings by replaying the stream into an empty schema', async () => {
    const snapshot = async () =>
      db.query(
        `SELECT cycle_id, cadre_id, composite, excluded, vertical_rank, vertical_percentile, horizontal_rank, horizontal_percentile FROM "${schema}".rankings ORDER BY cycle_id, cadre_id`,
      );
    const before = await snapshot();
    expect(before.length).toBe(27);
    await analytics.close();
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.delete(streamName(namespace), durableName(namespace, 'analytics'));
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '3000' });
    await eventually(
      async () => {
        const rows = (await db.query(`SELECT count(*)::int AS n FROM "${schema}".rankings`))[0].n;
        const dirty = (await db.query(`SELECT count(*)::int AS n FROM "${schema}".recompute_state WHERE dirty`))[0].n;
        return rows === 27 && dirty === 0;
      },
      60_000,
      'replayed and ranked',
    );
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await snapshot()).toEqual(before);
  }, 90_000);
});
