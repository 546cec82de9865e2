import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventSubject, EventType, subjectPrefix } from '@cadre/contracts';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import {
  ADMIN,
  createTenant,
  login,
  startAnalytics,
  startAppraisal,
  startChecklists,
  startGateway,
  startReview,
  startRoster,
} from '../support';

/**
 * The list convention (docs/api.md "Lists") on every list route: `{ items, nextCursor }`, `limit`
 * 1–200 (50 when not given), `cursor` the previous page's `nextCursor`, a cursor this list did not
 * give out a 400 problem. And the date fields: a plain date, or a full ISO timestamp taken as the
 * day it is in the tenant's time zone (Asia/Shanghai here); anything else refused naming the format.
 *
 * The roster, appraisal (assessment groups), checklists, review and analytics run for real; the
 * cycle's events (appraisal.cycle.*, appraisal.step.recorded) are published here, as review's and
 * analytics' own tests do, so that a closed cycle with results and rankings takes seconds.
 */
describe('lists', () => {
  const namespace = testNamespace();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let nc: NatsConnection;
  let db: DataSource;
  let officer: string;
  let admin: string;
  let tenantId: string;
  const ids: Record<string, string> = {};
  const year = new Date().getUTCFullYear();
  const http = () => request(gateway.getHttpServer());
  const send = (method: 'get' | 'post' | 'put', path: string, body?: object, token = officer) =>
    http()[method](`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body);
  const must = async (res: Promise<request.Response> | request.Response, status: number) => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

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

  const cycleSnapshot = (id: string) => ({
    id,
    kind: 'periodic',
    name: `${year}年上半年定期考核`,
    year,
    half: 1,
    topic: null,
    opensAt: `${year}-01-01T00:00:00+08:00`,
    closesAt: `${year}-01-30T00:00:00+08:00`,
    unitIds: null,
  });
  const cycleStatus = async (schema: string, status: string) =>
    eventually(
      async () =>
        (
          await db.query(`SELECT 1 FROM "${namespace}_${schema}".cycles WHERE id = $1 AND status = $2`, [
            ids.cycle,
            status,
          ])
        ).length > 0,
      20_000,
      `${schema}: cycle ${status}`,
    );
  const projected = (schema: string, table: string, n: number) =>
    eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM "${namespace}_${schema}".${table}`))[0].n >= n,
      30_000,
      `${schema}.${table} projected`,
    );

  beforeAll(async () => {
    apps.push(await startRoster(namespace));
    apps.push(await startAppraisal(namespace));
    apps.push(await startChecklists(namespace));
    apps.push(await startReview(namespace));
    apps.push(await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '1000' }));
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    for (const code of ['nanguan', 'beicheng', 'xishan']) await createTenant(gateway, code);
    admin = await login(gateway, ADMIN.tenant, ADMIN.username, ADMIN.password);

    // 52 fields: more than a page of 50.
    for (let i = 0; i < 52; i++)
      ids[`field${i}`] = (
        await must(send('post', '/fields', { code: `F${String(i).padStart(2, '0')}`, name: `领域${i}` }), 201)
      ).id;
    const units = ['FGJ', 'JTJ', 'ZJJ', 'TOWN'];
    for (const code of units)
      ids[code] = (
        await must(
          send('post', '/units', {
            code,
            name: `单位${code}`,
            kind: code === 'TOWN' ? 'town' : 'department',
            fieldId: ids.field0,
          }),
          201,
        )
      ).id;
    for (const [i, code] of units.slice(0, 3).entries())
      ids[`T${i}`] = (await must(send('post', '/teams', { unitId: ids[code], name: `${code}领导班子` }), 201)).id;
    for (const key of ['a', 'b', 'c', 'd'])
      ids[key] = (
        await must(
          send('post', '/cadres', {
            personnelNo: `P-${key}`,
            name: `干部${key}`,
            gender: 'male',
            birthDate: '1984-03-01',
            unitId: ids.FGJ,
            teamId: ids.T0,
            position: '副局长',
          }),
          201,
        )
      ).id;
    // Three versions of a's history.
    for (const position of ['局长', '党组书记'])
      await must(
        http().patch(`/api/v1/cadres/${ids.a}`).set('authorization', `Bearer ${officer}`).send({ position }),
        200,
      );
    for (const username of ['kaohe1', 'kaohe2', 'kaohe3'])
      ids[username] = (
        await must(send('post', '/users', { username, password: 'password-1-long', roles: ['assessor'] }), 201)
      ).id;
    await Promise.all([
      projected('appraisal', 'cadres', 4),
      projected('checklists', 'cadres', 4),
      projected('review', 'cadres', 4),
      projected('review', 'units', 4),
      projected('analytics', 'cadres', 4),
    ]);

    // Appraisal: three groups, and three changes of the first.
    for (const [i, key] of ['a', 'b', 'c'].entries())
      ids[`group${i}`] = (
        await must(
          send('post', '/assessment-groups', {
            name: `第${i + 1}考核组`,
            assessorUserIds: [ids[`kaohe${i + 1}`]],
            cadreIds: [ids[key]],
          }),
          201,
        )
      ).id;
    for (const reason of ['调整一', '调整二', '调整三'])
      await must(
        send('put', `/assessment-groups/${ids.group0}`, {
          name: '第1考核组',
          assessorUserIds: [ids.kaohe1],
          cadreIds: reason === '调整二' ? [ids.a, ids.d] : [ids.a],
          reason,
        }),
        200,
      );

    // A cycle of appraisal's own (scheduled, months ahead): its appraisals are the cadres in scope.
    ids.appraisalCycle = (
      await must(
        send('post', '/cycles', {
          kind: 'periodic',
          name: `${year + 1}年下半年定期考核`,
          year: year + 1,
          half: 2,
          opensAt: `${year + 1}-12-01T09:00:00+08:00`,
          closesAt: `${year + 1}-12-20T18:00:00+08:00`,
        }),
        201,
      )
    ).id;

    // Checklists: three duties of a, three tasks of b past their deadline (turned overdue as the job would).
    for (const duty of ['安全生产', '招商引资', '作风建设'])
      await must(
        send('post', `/cadres/${ids.a}/responsibilities`, {
          year,
          duty,
          target: { metric: '次数', target: 4, unit: '次' },
          measures: '按月调度',
        }),
        201,
      );
    for (const title of ['逾期一', '逾期二', '逾期三'])
      await must(
        send('post', `/cadres/${ids.b}/task-lists/${year}/tasks`, {
          title,
          measures: '按月调度',
          indicator: { metric: '件', target: 3, unit: '件' },
          deadline: `${year - 1}-12-0${['逾期一', '逾期二', '逾期三'].indexOf(title) + 1}`,
          weight: 1,
        }),
        201,
      );
    await db.query(`UPDATE "${namespace}_checklists".tasks SET status = 'overdue' WHERE tenant_id = $1`, [tenantId]);

    // Review and analytics: a cycle, open for the campaigns, then closed with every cadre's conclusion.
    ids.cycle = randomUUID();
    await publish('appraisal.cycle.opened', ids.cycle, { ...cycleSnapshot(ids.cycle), status: 'open' });
    await cycleStatus('review', 'open');
    const voter = (i: number) => ({ name: `投票人${i}`, unitId: ids.TOWN, group: '群众代表' });
    let unitToken = '';
    for (const i of [0, 1, 2]) {
      const created = await must(
        send('post', `/cycles/${ids.cycle}/campaigns`, {
          direction: 'top_down',
          subject: i < 2 ? 'cadre' : 'unit',
          targetIds: i < 2 ? [ids.a, ids.b, ids.c] : [ids.FGJ, ids.JTJ, ids.ZJJ],
          // Departments are rated top-down by district leaders (区级领导).
          voters: [i < 2 ? voter(i) : { ...voter(i), group: '区级领导' }],
        }),
        201,
      );
      ids[`campaign${i}`] = created.id;
      unitToken = created.tokens[0].token;
    }
    // One ballot on the units: too few to show (suppressed), but each unit is then in the two-way list.
    await must(
      http()
        .post(`/api/v1/ballots/${unitToken}`)
        .send({
          ratings: [ids.FGJ, ids.JTJ, ids.ZJJ].map((targetId) => ({
            targetId,
            grade: 'competent',
            scores: { duty: 80 },
          })),
        }),
      201,
    );
    await must(
      send('post', `/cycles/${ids.cycle}/campaigns`, {
        direction: 'bottom_up',
        subject: 'unit',
        targetIds: [ids.FGJ, ids.JTJ, ids.ZJJ],
        voters: [voter(9)],
      }),
      201,
    );
    await publish('appraisal.cycle.closed', ids.cycle, { ...cycleSnapshot(ids.cycle), status: 'closed' });
    for (const [key, score] of Object.entries({ a: 90, b: 80, c: 70, d: 60 })) {
      const appraisalId = randomUUID();
      await publish('appraisal.step.recorded', appraisalId, {
        appraisalId,
        cycleId: ids.cycle,
        cycleKind: 'periodic',
        cadreId: ids[key],
        step: 'apply',
        completedSteps: ['look', 'listen', 'ask', 'apply'],
        result: { score, grade: 'competent', strengths: '招商', weaknesses: '创新', traits: [], suggestion: 'keep' },
      });
    }
    await cycleStatus('review', 'closed');
    await eventually(
      async () =>
        (
          await db.query(`SELECT count(*)::int AS n FROM "${namespace}_analytics".rankings WHERE cycle_id = $1`, [
            ids.cycle,
          ])
        )[0].n === 4,
      30_000,
      'ranked',
    );

    // Analytics' own lists: three talks, three batches, three awards.
    for (const [i, heldOn] of [`${year}-03-01`, `${year}-03-02`, `${year}-03-03`].entries())
      await must(
        send('post', '/talks', { heldOn, kind: 'collective', topic: `谈话${i}`, cadreIds: [ids.c, ids.d] }),
        201,
      );
    for (const [i, decidedOn] of [`${year}-04-01`, `${year}-04-02`, `${year}-04-03`].entries())
      await must(send('post', '/selection/batches', { name: `第${i + 1}批`, decidedOn, cadreIds: [ids.a] }), 201);
    for (const kind of ['good_cadre', 'advanced_individual', 'good_team'])
      await must(send('post', '/awards', { kind, cycleId: ids.cycle, quota: 1 }), 201);
    for (const i of [1, 2, 3])
      await must(
        send('post', '/sandbox/scenarios', { name: `方案${i}`, moves: [{ cadreId: ids.a, toTeamId: ids.T0 }] }),
        201,
      );
  }, 240_000);

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    for (const app of apps.reverse()) await app.close();
    await dropNamespace(namespace);
  });

  /** Every list route: where it is, who reads it, how many rows it has at least. */
  const routes = (): Array<{ path: string; token?: string; atLeast: number }> => [
    { path: '/tenants', token: admin, atLeast: 5 },
    { path: '/users', atLeast: 4 },
    { path: '/fields', atLeast: 52 },
    { path: '/units', atLeast: 4 },
    { path: '/teams', atLeast: 3 },
    { path: '/cadres', atLeast: 4 },
    { path: `/cadres/${ids.a}/history`, atLeast: 3 },
    { path: '/cycles', atLeast: 1 },
    { path: `/cycles/${ids.appraisalCycle}/appraisals`, atLeast: 4 },
    { path: '/me/notifications', atLeast: 0 },
    { path: '/assessment-groups', atLeast: 3 },
    { path: `/assessment-groups/${ids.group0}/changes`, atLeast: 3 },
    { path: `/cadres/${ids.a}/responsibilities?year=${year}`, atLeast: 3 },
    { path: '/tasks/overdue', atLeast: 3 },
    { path: `/cycles/${ids.cycle}/campaigns`, atLeast: 4 },
    { path: `/campaigns/${ids.campaign0}/results`, atLeast: 3 },
    { path: `/cycles/${ids.cycle}/two-way`, atLeast: 3 },
    { path: `/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T0}`, atLeast: 4 },
    { path: `/cycles/${ids.cycle}/selection-candidates`, atLeast: 1 },
    { path: `/cycles/${ids.cycle}/underperformers`, atLeast: 0 },
    { path: '/selection/batches', atLeast: 3 },
    { path: '/talks', atLeast: 3 },
    { path: '/awards', atLeast: 3 },
    { path: '/sandbox/scenarios', atLeast: 3 },
  ];
  const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('answers every list as { items, nextCursor }, 50 by default', async () => {
    for (const { path, token } of routes()) {
      const res = await send('get', path, undefined, token);
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, Array.isArray(res.body.items)]).toEqual([path, true]);
      expect([path, res.body.nextCursor === null || typeof res.body.nextCursor === 'string']).toEqual([path, true]);
      expect(res.body.items.length).toBeLessThanOrEqual(50);
    }
    const fields = (await send('get', '/fields')).body;
    expect(fields.items).toHaveLength(50);
    expect(typeof fields.nextCursor).toBe('string');
    expect((await send('get', '/fields?limit=200')).body).toMatchObject({ nextCursor: null });
  });

  it('refuses a limit out of 1–200 and a cursor the list did not give, as problem+json naming the field', async () => {
    for (const { path, token } of routes()) {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['limit=abc', 'limit'],
        ['cursor=not-a-cursor', 'cursor'],
        [`cursor=${b64(['x', 'y', 'z', 'w'])}`, 'cursor'],
        [`cursor=${b64([])}`, 'cursor'],
      ]) {
        const res = await send('get', withQuery(path, query), undefined, token);
        expect([path, query, res.status]).toEqual([path, query, 400]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect([path, query, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([path, query, [field]]);
        expect(res.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('pages through every list: each row exactly once, in the order of the whole list', async () => {
    for (const { path, token, atLeast } of routes()) {
      const whole = (await send('get', withQuery(path, 'limit=200'), undefined, token)).body;
      expect([path, whole.nextCursor]).toEqual([path, null]);
      expect([path, whole.items.length >= atLeast]).toEqual([path, true]);
      const seen: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: request.Response = await send(
          'get',
          withQuery(path, `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
          undefined,
          token,
        );
        expect([path, page.status]).toEqual([path, 200]);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      expect([path, seen]).toEqual([path, whole.items]);
      expect(new Set(seen.map((item) => JSON.stringify(item))).size).toBe(seen.length);
    }
  });

  it('keeps what a list says of all its rows on every page (a rate, stats, a revision)', async () => {
    const duties = (await send('get', `/cadres/${ids.a}/responsibilities?year=${year}&limit=1`)).body;
    expect(duties).toMatchObject({ cadreId: ids.a, year, fulfillmentRate: 0 });
    const batches = (await send('get', '/selection/batches?limit=1')).body;
    expect(batches.items).toHaveLength(1);
    expect(batches.stats).toMatchObject({ batches: 3, cadres: 1 });
    const ranking = `/cycles/${ids.cycle}/rankings?scope=vertical&teamId=${ids.T0}`;
    const first = (await send('get', withQuery(ranking, 'limit=1'))).body;
    expect(first).toMatchObject({ revision: expect.any(Number) });
    // A cursor of an earlier revision: the ranking was computed again since, its positions mean nothing.
    const stale = b64(['rankings', first.revision - 1, 0]);
    const res = await send('get', withQuery(ranking, `cursor=${stale}`));
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ field: 'cursor', message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
  });

  describe('date fields', () => {
    it('take a plain date as it is', async () => {
      const talk = await must(
        send('post', '/talks', { heldOn: `${year}-05-01`, kind: 'individual', topic: '日期', cadreIds: [ids.a] }),
        201,
      );
      expect(talk.heldOn).toBe(`${year}-05-01`);
    });

    it("take a full ISO timestamp as the day it is in the tenant's time zone", async () => {
      // 20:45 UTC on 1 December is 04:45 on 2 December in Asia/Shanghai.
      const talk = await must(
        send('post', '/talks', {
          heldOn: `${year}-12-01T20:45:12Z`,
          kind: 'individual',
          topic: '时间戳',
          cadreIds: [ids.a],
        }),
        201,
      );
      expect(talk.heldOn).toBe(`${year}-12-02`);
      const morning = await must(
        send('post', '/selection/batches', {
          name: '时区',
          decidedOn: `${year}-06-01T07:00:00+08:00`,
          cadreIds: [ids.b],
        }),
        201,
      );
      expect(morning.decidedOn).toBe(`${year}-06-01`);
      const stored = await db.query(
        `SELECT held_on::text AS "heldOn" FROM "${namespace}_analytics".talks WHERE id = $1`,
        [talk.id],
      );
      expect(stored).toEqual([{ heldOn: `${year}-12-02` }]);
    });

    it('refuse anything else, naming the formats they want, in Chinese', async () => {
      for (const heldOn of [
        `${year}-13-01`,
        '12/01/2026',
        `${year}-12-01T20:45:12`,
        `${year}-02-30T10:00:00Z`,
        20261201,
      ]) {
        const res = await send('post', '/talks', { heldOn, kind: 'individual', topic: '坏日期', cadreIds: [ids.a] });
        expect([heldOn, res.status]).toEqual([heldOn, 400]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.errors).toEqual([{ field: 'heldOn', message: expect.stringContaining('YYYY-MM-DD') }]);
        expect(res.body.errors[0].message).toMatch(/ISO 8601/);
        expect(res.body.errors[0].message).toMatch(/日期格式/);
      }
      const transfer = await http()
        .post(`/api/v1/cadres/${ids.d}/transfers`)
        .set('authorization', `Bearer ${officer}`)
        .send({ unitId: ids.JTJ, position: '局长', effectiveDate: '2026/12/01' });
      expect(transfer.status).toBe(400);
      expect(transfer.body.errors).toEqual([
        { field: 'effectiveDate', message: expect.stringContaining('YYYY-MM-DD') },
      ]);
    });
  });
});
