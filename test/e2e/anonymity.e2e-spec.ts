import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { CycleSnapshotV1, CycleStatus, EventType, eventSubject, subjectPrefix } from '@cadre/contracts';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, startAnalytics, startGateway, startReview, startRoster } from '../support';

const CYCLE_EVENT: Record<CycleStatus, EventType> = {
  scheduled: 'appraisal.cycle.scheduled',
  open: 'appraisal.cycle.opened',
  closed: 'appraisal.cycle.closed',
  published: 'appraisal.cycle.published',
};

type Grade = 'excellent' | 'competent' | 'basically_competent' | 'incompetent';
const GRADES: Grade[] = ['excellent', 'competent', 'basically_competent', 'incompetent'];

interface GroupResult {
  group: string;
  ballots: number;
  suppressed: boolean;
  weight: number | null;
  gradeCounts: Record<Grade, number> | null;
  score: number | null;
  excellentRate: number | null;
  competentOrBetterRate: number | null;
}
interface TargetResult extends Omit<GroupResult, 'group' | 'weight'> {
  targetId: string;
  byGroup: GroupResult[];
}

/**
 * Anonymity of democratic evaluation in small groups (docs/anonymity.md): one cadre campaign with voter
 * groups of 1, 2, 4 and 6 voters and group weights (threshold minGroupSize = 5), a unit campaign of 30
 * ballots cast one by one with known distinct values, and a bottom-up campaign of 3. While the cycle is
 * open nothing but participation is visible anywhere; after close no number shown by review or analytics
 * gives a single ballot's grade — the subtraction and the weighting attack are tried — and the tables
 * no longer order the ballots by time.
 */
describe('anonymity of democratic evaluation', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_review`;
  const analyticsSchema = `${namespace}_analytics`;
  let roster: INestApplication;
  let review: INestApplication;
  let analytics: INestApplication;
  let gateway: INestApplication;
  let nc: NatsConnection;
  let db: DataSource;
  let officer: string;
  let tenantId: string;
  const ids: Record<string, string> = {};
  let cycleId: string;
  const campaigns: Record<
    'democratic' | 'order' | 'bottom',
    { id: string; tokens: Array<{ token: string; voter: { group: string } }> }
  > = {} as never;
  const http = () => request(gateway.getHttpServer());
  const send = (method: 'post' | 'put' | 'get', path: string, body?: unknown) =>
    http()
      [method](`/api/v1${path}`)
      .set('authorization', `Bearer ${officer}`)
      .send(body as object);
  const cast = (token: string, ratings: object[]) => http().post(`/api/v1/ballots/${token}`).send({ ratings });
  const ORDER_VALUES = Array.from({ length: 30 }, (_, i) => 60 + i);

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

  async function setStatus(status: CycleStatus): Promise<void> {
    const data: CycleSnapshotV1 = {
      id: cycleId,
      kind: 'periodic',
      name: '2026年上半年定期考核',
      year: 2026,
      half: 1,
      topic: null,
      opensAt: '2026-06-01T00:00:00+08:00',
      closesAt: '2026-06-30T00:00:00+08:00',
      unitIds: null,
      status,
    };
    await publish(CYCLE_EVENT[status], cycleId, data);
    await eventually(
      async () =>
        (await db.query(`SELECT 1 FROM "${schema}".cycles WHERE id = $1 AND status = $2`, [cycleId, status])).length >
        0,
      20_000,
      `cycle ${status}`,
    );
    await eventually(
      async () => (await db.query(`SELECT 1 FROM "${analyticsSchema}".cycles WHERE id = $1`, [cycleId])).length > 0,
      20_000,
      'cycle in analytics',
    );
  }

  const results = async (campaignId: string) => {
    const res = await send('get', `/campaigns/${campaignId}/results`);
    expect(res.status).toBe(200);
    return res.body.items as TargetResult[];
  };
  const ranking = async () =>
    (await send('get', `/cycles/${cycleId}/rankings?scope=vertical&teamId=${ids.team}`)).body.items as Array<{
      cadreId: string;
      composite: number | null;
      parts: Record<string, number | null>;
    }>;
  const dossier = async (cadreId: string) =>
    (await send('get', `/cadres/${cadreId}/dossier`)).body as {
      democratic: Array<{ score: number | null; ballots: number; excellentRate: number }>;
    };
  const outboxOf = async (campaignId: string) =>
    db.query(`SELECT type, envelope, created_at, published_at FROM "${schema}".outbox WHERE aggregate_id = $1`, [
      campaignId,
    ]);

  /** What each voter of the democratic campaign grades: cadre a always, cadre b only from the group of 4. */
  const plan: Record<string, { a: Grade[]; b?: Grade[] }> = {
    一组: { a: ['incompetent'] },
    二组: { a: ['basically_competent', 'excellent'] },
    四组: {
      a: ['competent', 'competent', 'excellent', 'incompetent'],
      b: ['excellent', 'competent', 'competent', 'basically_competent'],
    },
    六组: { a: ['excellent', 'excellent', 'excellent', 'competent', 'competent', 'competent'] },
  };
  const weights = { 一组: 0.1, 二组: 0.2, 四组: 0.3, 六组: 0.4 };
  const VALUE: Record<Grade, number> = { excellent: 95, competent: 80, basically_competent: 65, incompetent: 40 };
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

  beforeAll(async () => {
    roster = await startRoster(namespace);
    review = await startReview(namespace);
    analytics = await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '300' });
    gateway = await startGateway(namespace);
    nc = await connect({ servers: TEST_NATS_URL });
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    ({ token: officer, tenantId } = await createTenant(gateway, 'anon'));
    const field = (await send('post', '/fields', { code: 'economy', name: '经济' })).body.id;
    ids.fgj = (
      await send('post', '/units', { code: 'FGJ', name: '区发改局', kind: 'department', fieldId: field })
    ).body.id;
    ids.town = (await send('post', '/units', { code: 'TOWN', name: '合心镇', kind: 'town' })).body.id;
    ids.team = (await send('post', '/teams', { unitId: ids.fgj, name: '区发改局领导班子' })).body.id;
    for (const key of ['a', 'b']) {
      const res = await send('post', '/cadres', {
        personnelNo: key,
        name: `干部${key}`,
        gender: 'male',
        birthDate: '1980-01-01',
        unitId: ids.fgj,
        teamId: ids.team,
        position: '副局长',
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[key] = res.body.id;
    }
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM "${schema}".cadres`))[0].n === 2,
      20_000,
      'roster in review',
    );
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM "${analyticsSchema}".cadres`))[0].n === 2,
      20_000,
      'roster in analytics',
    );
    cycleId = randomUUID();
    await setStatus('open');
    // A periodic score for each, so both are ranked while the cycle is open.
    for (const [key, score] of [
      ['a', 85],
      ['b', 80],
    ] as const) {
      const appraisalId = randomUUID();
      await publish('appraisal.step.recorded', appraisalId, {
        appraisalId,
        cycleId,
        cycleKind: 'periodic',
        cadreId: ids[key],
        step: 'apply',
        completedSteps: ['look', 'listen', 'ask', 'apply'],
        result: { score, grade: 'competent', strengths: '', weaknesses: '', traits: [], suggestion: 'keep' },
      });
    }
    const voters = Object.entries(plan).flatMap(([group, p]) =>
      p.a.map((_, i) => ({ name: `${group}${i + 1}`, unitId: ids.town, group })),
    );
    const created = async (body: object) => {
      const res = await send('post', `/cycles/${cycleId}/campaigns`, body);
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body;
    };
    campaigns.democratic = await created({
      direction: 'top_down',
      subject: 'cadre',
      targetIds: [ids.a, ids.b],
      voters,
      groupWeights: weights,
    });
    campaigns.order = await created({
      direction: 'top_down',
      subject: 'unit',
      targetIds: [ids.fgj],
      voters: ORDER_VALUES.map((_, i) => ({ name: `领导${i + 1}`, unitId: ids.town, group: '区级领导' })),
    });
    campaigns.bottom = await created({
      direction: 'bottom_up',
      subject: 'unit',
      targetIds: [ids.fgj],
      voters: [1, 2, 3].map((i) => ({ name: `镇代表${i}`, unitId: ids.town, group: '镇街代表' })),
    });
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await analytics?.close();
    await review?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('keeps the threshold setting: GET the default 5, bad values refused naming minGroupSize', async () => {
    expect((await send('get', '/review/settings')).body).toEqual({ minGroupSize: 5 });
    for (const bad of [2, 21, 'x', 4.5]) {
      const res = await send('put', '/review/settings', { minGroupSize: bad });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'minGroupSize', message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    }
    expect((await send('put', '/review/settings', {})).status).toBe(400);
    expect((await send('get', '/review/settings')).body).toEqual({ minGroupSize: 5 });
  });

  it('shows only participation while the cycle is open, however often it is polled', async () => {
    // Every ballot of the democratic campaign, one at a time, polling everything after each.
    const tokens = [...campaigns.democratic.tokens];
    for (const [group, p] of Object.entries(plan)) {
      for (const [i, grade] of p.a.entries()) {
        const t = tokens.find((x) => x.voter.group === group)!;
        tokens.splice(tokens.indexOf(t), 1);
        const ratings = [{ targetId: ids.a, grade }, ...(p.b ? [{ targetId: ids.b, grade: p.b[i] }] : [])];
        expect((await cast(t.token, ratings)).status).toBe(201);
        const polled = await send('get', `/campaigns/${campaigns.democratic.id}/results`);
        expect(polled.status).toBe(409);
        expect(JSON.stringify(polled.body)).not.toMatch(/score|gradeCounts|excellent/);
      }
    }
    // The unit campaign: 30 ballots one by one, each value known and distinct, in this order.
    for (const [i, v] of ORDER_VALUES.entries())
      expect(
        (await cast(campaigns.order.tokens[i].token, [{ targetId: ids.fgj, grade: 'competent', scores: { duty: v } }]))
          .status,
      ).toBe(201);
    for (const { token } of campaigns.bottom.tokens)
      expect((await cast(token, [{ targetId: ids.fgj, grade: 'basically_competent' }])).status).toBe(201);

    // The publisher has been round (it remixes used tokens while open) and published nothing.
    await eventually(
      async () =>
        (
          await db.query(`SELECT count(*)::int AS n FROM "${schema}".campaigns WHERE cycle_id = $1 AND results_dirty`, [
            cycleId,
          ])
        )[0].n === 0,
      20_000,
      'publisher pass',
    );
    for (const c of Object.values(campaigns)) expect(await outboxOf(c.id)).toEqual([]);
    expect((await send('get', `/cycles/${cycleId}/two-way`)).status).toBe(409);
    expect((await send('get', `/campaigns/${campaigns.democratic.id}/participation`)).body).toMatchObject({
      issued: 13,
      cast: 13,
      rate: 1,
    });
    // Analytics ranks both on their periodic score only, and no dossier holds a democratic result.
    const open = await eventually(
      async () => {
        const items = await ranking();
        return items?.length === 2 ? items : null;
      },
      30_000,
      'ranked while open',
    );
    for (const item of open) expect(item.parts.democratic).toBeNull();
    const { points } = (await send('get', `/cycles/${cycleId}/coordinates`)).body;
    expect(points).toHaveLength(2);
    for (const key of ['a', 'b']) expect((await dossier(ids[key])).democratic).toEqual([]);
    // Before the final pass the ballot rows still carry their batches' transaction ids (30 casts here).
    expect(
      (
        await db.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM "${schema}".ballots WHERE campaign_id = $1`, [
          campaigns.order.id,
        ])
      )[0].n,
    ).toBeGreaterThan(1);
  });

  it('after close, no number shown lets a reader recover one ballot: the subtraction and the weighting attack fail', async () => {
    await setStatus('closed');
    await eventually(
      async () =>
        (await outboxOf(campaigns.democratic.id)).some(
          (r: { type: string; published_at: Date | null }) =>
            r.type === 'review.results.updated' && r.published_at !== null,
        ),
      20_000,
      'final results published',
    );
    const [a, b] = await results(campaigns.democratic.id);

    // b has 4 ballots (< 5): its count only.
    expect(b).toMatchObject({
      targetId: ids.b,
      ballots: 4,
      suppressed: true,
      gradeCounts: null,
      excellentRate: null,
      competentOrBetterRate: null,
      score: null,
    });
    for (const g of b.byGroup) expect([g.suppressed, g.gradeCounts, g.score]).toEqual([true, null, null]);

    // a has 13; the group of 6 is shown, the groups of 1, 2 and 4 are not.
    expect(a).toMatchObject({ targetId: ids.a, ballots: 13, suppressed: false });
    const shown = a.byGroup.filter((g) => !g.suppressed);
    const hidden = a.byGroup.filter((g) => g.suppressed);
    expect(shown.map((g) => g.group)).toEqual(['六组']);
    expect(hidden.map((g) => [g.group, g.ballots]).sort()).toEqual(
      [
        ['一组', 1],
        ['二组', 2],
        ['四组', 4],
      ].sort(),
    );
    for (const g of hidden)
      expect([g.gradeCounts, g.score, g.excellentRate, g.competentOrBetterRate]).toEqual([null, null, null, null]);

    // Subtraction attack: total − shown groups. To get 一组's single grade the attacker also needs 二组
    // and 四组, which are null; what the subtraction does give is the 7 hidden ballots together.
    const remainder = Object.fromEntries(
      GRADES.map((g) => [g, a.gradeCounts![g] - shown.reduce((s, x) => s + x.gradeCounts![g], 0)]),
    );
    const remainderBallots = Object.values(remainder).reduce((s, n) => s + n, 0);
    expect(remainderBallots).toBe(7);
    expect(remainderBallots).toBeGreaterThanOrEqual(5);
    const needed = hidden.filter((g) => g.group !== '一组').map((g) => g.gradeCounts);
    expect(needed.every((x) => x === null)).toBe(true);

    // Weighting attack: with known weights and the shown group's score, a weighted total over all groups
    // would give s(一组) = (score·Σw − Σ others)/w(一组). The shown score is the shown group's own score
    // — the hidden groups are left out — so there is nothing to solve for; the score over all groups
    // (which the test knows) differs from it.
    const six = shown[0];
    expect(a.score).toBe(six.score);
    const truthAll = Object.entries(plan).reduce(
      (s, [group, p]) => s + weights[group as keyof typeof weights] * mean(p.a.map((g) => VALUE[g])),
      0,
    );
    expect(Math.abs(a.score! - truthAll)).toBeGreaterThan(1);
    expect(hidden.map((g) => g.score)).toEqual([null, null, null]);

    // Two-way: the top-down campaign has 30 ballots (shown), the bottom-up one 3 (suppressed): no gap.
    const twoWay = (await send('get', `/cycles/${cycleId}/two-way`)).body.items;
    expect(twoWay).toEqual([
      { unitId: ids.fgj, topDown: mean(ORDER_VALUES), bottomUp: null, gap: null, flagged: false },
    ]);
    const [bottom] = await results(campaigns.bottom.id);
    expect(bottom).toMatchObject({ ballots: 3, suppressed: true, score: null, gradeCounts: null });

    // What review published carries only numbers that pass the rule.
    const [event] = (await outboxOf(campaigns.democratic.id)).filter(
      (r: { type: string }) => r.type === 'review.results.updated',
    );
    expect(event.envelope.version).toBe(2);
    expect(event.envelope.data.results).toEqual([
      {
        targetId: ids.a,
        ballots: 13,
        suppressed: false,
        gradeCounts: a.gradeCounts,
        excellentRate: a.excellentRate,
        score: a.score,
      },
      { targetId: ids.b, ballots: 4, suppressed: true, gradeCounts: null, excellentRate: null, score: null },
    ]);

    // Analytics: a's democratic part is the shown score, b has none — in the ranking, the map and the dossier.
    const closed = await eventually(
      async () => {
        const items = await ranking();
        const itemA = items?.find((i) => i.cadreId === ids.a);
        return itemA?.parts.democratic != null ? items : null;
      },
      30_000,
      'democratic part projected',
    );
    expect(closed.find((i) => i.cadreId === ids.a)!.parts.democratic).toBe(a.score);
    expect(closed.find((i) => i.cadreId === ids.b)!.parts.democratic).toBeNull();
    expect((await dossier(ids.a)).democratic).toEqual([
      expect.objectContaining({ score: a.score, ballots: 13, excellentRate: a.excellentRate }),
    ]);
    expect((await dossier(ids.b)).democratic).toEqual([]);
    const { points } = (await send('get', `/cycles/${cycleId}/coordinates`)).body;
    expect(JSON.stringify(points)).not.toMatch(/democratic/);
  });

  it('leaves every ballot of a campaign with one transaction id, in no cast order, and no time of day about ballots', async () => {
    for (const c of Object.values(campaigns)) {
      await eventually(
        async () =>
          (await db.query(`SELECT results_dirty FROM "${schema}".campaigns WHERE id = $1`, [c.id]))[0].results_dirty ===
          false,
        20_000,
        'final pass',
      );
      const [{ n }] = await db.query(
        `SELECT count(DISTINCT xmin::text)::int AS n FROM "${schema}".ballots WHERE campaign_id = $1`,
        [c.id],
      );
      expect(n).toBe(1);
      // And no used token shares it (the token remix and the shuffle are different transactions).
      const [{ shared }] = await db.query(
        `SELECT count(*)::int AS shared FROM "${schema}".voter_tokens t WHERE t.campaign_id = $1 AND t.voted AND t.xmin::text IN (SELECT DISTINCT xmin::text FROM "${schema}".ballots WHERE campaign_id = $1)`,
        [c.id],
      );
      expect(shared).toBe(0);
    }
    // Physical order is not cast order (30 distinct values cast in order: equal by chance 1 in 30!).
    const physical = (
      await db.query(`SELECT value::float8 AS v FROM "${schema}".ballots WHERE campaign_id = $1 ORDER BY ctid`, [
        campaigns.order.id,
      ])
    ).map((r: { v: number }) => r.v);
    expect([...physical].sort((x, y) => x - y)).toEqual(ORDER_VALUES);
    expect(physical).not.toEqual(ORDER_VALUES);
    // Every ballot row of a campaign carries the same day.
    expect(
      (
        await db.query(`SELECT count(DISTINCT cast_on)::int AS n FROM "${schema}".ballots WHERE campaign_id = $1`, [
          campaigns.order.id,
        ])
      )[0].n,
    ).toBe(1);

    // Every timestamp column of review's tables, and what each is about.
    const columns: Array<{ table: string; column: string }> = await db.query(
      `SELECT table_name AS table, column_name AS column FROM information_schema.columns
        WHERE table_schema = $1 AND data_type LIKE 'timestamp%' ORDER BY table_name, column_name`,
      [schema],
    );
    expect(columns.map((c) => `${c.table}.${c.column}`)).toEqual([
      'campaigns.created_at', // the campaign's creation by the organization department, before any ballot
      'inbox.processed_at', // events review consumed (cycles, roster): none is about a ballot
      'item_templates.updated_at', // the tenant's templates
      'outbox.created_at', // checked below for the ballot events
      'outbox.published_at',
      'request_keys.created_at', // Idempotency-Key of officers' writes; a cast carries none (checked below)
    ]);
    const midnight = (d: Date | null) => d === null || d.toISOString().endsWith('T00:00:00.000Z');
    await eventually(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`))[0].n === 0,
      20_000,
      'relayed',
    );
    const ballotEvents = await db.query(
      `SELECT created_at, published_at FROM "${schema}".outbox WHERE type = 'review.ballot.cast'`,
    );
    expect(ballotEvents).toHaveLength(3); // one per campaign, after close
    for (const row of ballotEvents) {
      expect(midnight(row.created_at)).toBe(true);
      expect(midnight(row.published_at)).toBe(true);
    }
    // Nothing in the outbox dates a batch: only the events written after close, per campaign.
    const types = (await db.query(
      `SELECT type, count(*)::int AS n FROM "${schema}".outbox WHERE aggregate_id = ANY($1) GROUP BY type ORDER BY type`,
      [Object.values(campaigns).map((c) => c.id)],
    )) as Array<{ type: string; n: number }>;
    expect(types).toEqual([
      { type: 'review.ballot.cast', n: 3 },
      { type: 'review.results.updated', n: 3 },
    ]);
    expect((await db.query(`SELECT count(*)::int AS n FROM "${schema}".request_keys`))[0].n).toBe(0);
  });

  it('shows a group of 4 once the threshold is 3, and publishes again under it', async () => {
    expect((await send('put', '/review/settings', { minGroupSize: 3 })).body).toEqual({ minGroupSize: 3 });
    expect((await send('get', '/review/settings')).body).toEqual({ minGroupSize: 3 });
    const [a, b] = await results(campaigns.democratic.id);
    // 4 and 6 shown; the remainder 1 + 2 = 3 stays hidden (≥ 3).
    expect(
      a.byGroup
        .filter((g) => !g.suppressed)
        .map((g) => g.group)
        .sort(),
    ).toEqual(['六组', '四组'].sort());
    expect(a.byGroup.find((g) => g.group === '四组')).toMatchObject({
      ballots: 4,
      gradeCounts: { excellent: 1, competent: 2, basically_competent: 0, incompetent: 1 },
    });
    expect(a.byGroup.filter((g) => g.suppressed).every((g) => g.gradeCounts === null)).toBe(true);
    expect(b).toMatchObject({
      ballots: 4,
      suppressed: false,
      gradeCounts: { excellent: 1, competent: 2, basically_competent: 1, incompetent: 0 },
    });
    // The final results are published again: analytics now holds b's score.
    await eventually(async () => (await dossier(ids.b)).democratic.length === 1, 30_000, 'republished under 3');
    const [{ n }] = await db.query(
      `SELECT count(DISTINCT xmin::text)::int AS n FROM "${schema}".ballots WHERE campaign_id = $1`,
      [campaigns.democratic.id],
    );
    expect(n).toBe(1);
  });
});
