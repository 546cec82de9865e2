import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { eventSubject, REVIEW_GATEWAY_REQUESTS, subjectPrefix } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { BallotsService } from '../../apps/review/src/ballots/ballots.service';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, startGateway, startReview, startRoster } from '../support';

/**
 * The ballot cast answered ahead of Nest (the cast ingress, apps/gateway/src/review/ballot-ingress.ts)
 * must answer exactly as the Nest route: the same requests go to a gateway with it and to one without it
 * (same namespace, same review), and status, body and headers must match — for accepted, refused,
 * malformed, oversized and rate-limited casts. Both gateways count one budget per client in Redis.
 */
describe('ballot cast fast path', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let review: INestApplication;
  let replica: INestApplication;
  let fast: INestApplication;
  let plain: INestApplication;
  let db: DataSource;
  const units: Record<string, string> = {};
  let tokens: string[] = [];
  let ownUnitTokens: string[] = [];
  let clients = 0;
  /** Each case its own client address (trusted X-Forwarded-For from loopback): budgets of 6 a minute. */
  const client = () => `203.0.113.${++clients}`;
  const schema = `${namespace}_review`;

  beforeAll(async () => {
    const env = { RATE_LIMIT_PER_MINUTE: '6', BODY_LIMIT: '8kb' };
    roster = await startRoster(namespace);
    review = await startReview(namespace);
    replica = await startReview(namespace);
    fast = await startGateway(namespace, env);
    plain = await startGateway(namespace, env, { ballotFastPath: false });
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    const { token: officer, tenantId } = await createTenant(fast, 'fastpath');
    for (const [key, name, kind] of [
      ['fgj', '区发改局', 'department'],
      ['jtj', '区交通局', 'department'],
      ['town', '合心镇', 'town'],
    ]) {
      const res = await request(fast.getHttpServer())
        .post('/api/v1/units')
        .set('authorization', `Bearer ${officer}`)
        .send({ code: key.toUpperCase(), name, kind });
      units[key] = res.body.id;
    }
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM "${schema}".units`))[0].n === 3,
      20_000,
      'units projected',
    );
    const nc = await connect({ servers: TEST_NATS_URL });
    const cycleId = randomUUID();
    const data = {
      id: cycleId,
      kind: 'periodic',
      name: '2026年上半年定期考核',
      year: 2026,
      half: 1,
      topic: null,
      opensAt: '2026-06-01T00:00:00+08:00',
      closesAt: '2026-06-30T00:00:00+08:00',
      unitIds: null,
      status: 'open',
    };
    const event = {
      id: randomUUID(),
      type: 'appraisal.cycle.opened',
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId: cycleId,
      data,
    };
    await jetstream(nc).publish(eventSubject(subjectPrefix(namespace), event.type), JSON.stringify(event), {
      msgID: event.id,
    });
    await nc.close();
    await eventually(
      async () =>
        (await db.query(`SELECT 1 FROM "${schema}".cycles WHERE id = $1 AND status = 'open'`, [cycleId])).length > 0,
      20_000,
      'cycle open',
    );
    // District leaders (区级领导) rate the departments top-down; their tokens handed out at a town and at fgj.
    const voters = [
      ...Array.from({ length: 60 }, (_, i) => ({ name: `镇街${i}`, unitId: units.town, group: '区级领导' })),
      ...Array.from({ length: 4 }, (_, i) => ({ name: `部门${i}`, unitId: units.fgj, group: '区级领导' })),
    ];
    const res = await request(fast.getHttpServer())
      .post(`/api/v1/cycles/${cycleId}/campaigns`)
      .set('authorization', `Bearer ${officer}`)
      .send({ direction: 'top_down', subject: 'unit', targetIds: [units.fgj, units.jtj], voters });
    expect(res.status).toBe(201);
    const all = res.body.tokens as Array<{ token: string; voter: { unitId: string } }>;
    tokens = all.filter((t) => t.voter.unitId === units.town).map((t) => t.token);
    ownUnitTokens = all.filter((t) => t.voter.unitId === units.fgj).map((t) => t.token);
  });

  afterAll(async () => {
    await db?.destroy();
    await plain?.close();
    await fast?.close();
    await replica?.close();
    await review?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  type Sent = { path?: string; body: string | Buffer; type?: string; headers?: Record<string, string> };
  const post = (app: INestApplication, token: string, sent: Sent, from: string) => {
    const req = request(app.getHttpServer())
      .post(sent.path ?? `/api/v1/ballots/${token}`)
      .set('x-forwarded-for', from)
      .set('content-type', sent.type ?? 'application/json');
    for (const [k, v] of Object.entries(sent.headers ?? {})) req.set(k, v);
    return req.send(sent.body);
  };
  /** Headers that may differ between two answers of the same kind: the clock and the shared budget's countdown. */
  const VARYING = new Set(['date', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'connection', 'keep-alive']);
  const comparable = (res: request.Response) => ({
    status: res.status,
    body: res.text,
    headers: Object.fromEntries(
      Object.entries(res.headers)
        .filter(([k]) => !VARYING.has(k))
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    varying: ['x-ratelimit-remaining', 'x-ratelimit-reset'].filter((k) => k in res.headers),
  });

  /** The same request to both gateways (the token of each, when it is used up by the cast), compared. */
  async function both(
    sent: Sent,
    tokenOfFast: string,
    tokenOfPlain = tokenOfFast,
  ): Promise<ReturnType<typeof comparable>> {
    const from = client();
    const a = comparable(await post(fast, tokenOfFast, sent, from));
    const b = comparable(await post(plain, tokenOfPlain, sent, from));
    expect(a).toEqual(b);
    return a;
  }

  const ballot = (scores: object = { political: 90 }) =>
    JSON.stringify({
      ratings: [
        { targetId: units.jtj, grade: 'excellent', scores },
        { targetId: units.fgj, grade: 'competent' },
      ],
    });
  const next = () => tokens.shift()!;

  it('accepts a ballot alike, then refuses the used token alike (409)', async () => {
    const [a, b] = [next(), next()];
    const rpc = jest.spyOn(ServiceClient.prototype, 'requestJson');
    const accepted = await both({ body: ballot() }, a, b);
    expect(accepted.status).toBe(201);
    expect(accepted.headers['cache-control']).toBe('no-store');
    // The fast path served the first (one batched request), Nest the second (the single request).
    expect(rpc.mock.calls.map((call) => call[0])).toEqual([
      REVIEW_GATEWAY_REQUESTS.castBallots,
      REVIEW_GATEWAY_REQUESTS.castBallot,
    ]);
    rpc.mockRestore();
    expect(JSON.parse(accepted.body)).toEqual({ accepted: true, ratings: 2 });
    expect(accepted.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '6',
      'x-content-type-options': 'nosniff',
    });
    expect(accepted.varying).toEqual(['x-ratelimit-remaining', 'x-ratelimit-reset']);
    // No request id: the cast is in no request log, on either path.
    expect(accepted.headers['x-request-id']).toBeUndefined();
    const again = await both({ body: ballot() }, a, b);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    // Written once each.
    expect((await db.query(`SELECT count(*)::int AS n FROM "${schema}".ballots`))[0].n).toBe(4);
  });

  it('answers unknown and malformed tokens alike (404)', async () => {
    expect((await both({ body: ballot() }, 'B'.repeat(43))).status).toBe(404);
    for (const bad of ['short', 'A'.repeat(44), `${'A'.repeat(42)}!`, '%00'])
      expect((await both({ body: ballot() }, bad)).status).toBe(404);
  });

  it('refuses a target of the voter’s own unit (422) and an item the campaign lacks (400) alike, using no token', async () => {
    const [a, b] = ownUnitTokens;
    const own = await both({ body: ballot() }, a, b);
    expect(own.status).toBe(422);
    expect(JSON.parse(own.body).errors).toEqual([
      { field: 'ratings[1].targetId', message: expect.stringContaining('区发改局') },
    ]);
    const item = await both({ body: ballot({ luck: 80 }) }, a, b);
    expect(item.status).toBe(400);
  });

  it('refuses bad bodies alike: the DTO names every field, invalid JSON, non-objects, other types, too large', async () => {
    const token = tokens[0]; // never accepted below
    const shape = await both(
      { body: JSON.stringify({ ratings: [{ targetId: 'x', grade: 'great', scores: { a: 101 } }] }) },
      token,
    );
    expect(shape.status).toBe(400);
    expect(
      JSON.parse(shape.body)
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['ratings[0].grade', 'ratings[0].scores', 'ratings[0].targetId']);
    expect((await both({ body: JSON.stringify({ ratings: [], extra: 1 }) }, token)).status).toBe(400);
    expect(
      (
        await both(
          { body: JSON.stringify({ ratings: [{ targetId: units.jtj, grade: 'excellent', voter: 'x' }] }) },
          token,
        )
      ).status,
    ).toBe(400);
    expect((await both({ body: '{"ratings": [' }, token)).status).toBe(400);
    expect((await both({ body: '  "ratings"' }, token)).status).toBe(400);
    // Nested deeper than 32 levels: refused alike, naming body (a deep body was a 500 on the Nest route).
    for (const body of [
      '['.repeat(4_000) + ']'.repeat(4_000),
      `{"ratings":[{"targetId":"${units.jtj}","grade":"excellent","scores":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}]}`,
    ]) {
      const deep = await both({ body }, token);
      expect({ status: deep.status, errors: JSON.parse(deep.body).errors }).toEqual({
        status: 400,
        errors: [{ field: 'body', message: 'JSON 嵌套不得超过 32 层' }],
      });
      expect(deep.headers['cache-control']).toBe('no-store');
    }
    expect((await both({ body: 'null' }, token)).status).toBe(400);
    expect((await both({ body: '[]' }, token)).status).toBe(400);
    expect((await both({ body: ballot(), type: 'text/plain' }, token)).status).toBe(415);
    // Keys the validation pipe refuses before any DTO: the fast path must not take them either.
    for (const key of ['__proto__', 'constructor', 'a\u0000b', '\ud800']) {
      const res = await both(
        { body: `{"ratings":[{"targetId":"${units.jtj}","grade":"excellent","scores":{"${key}":50}}]}` },
        token,
      );
      expect(res.status).toBe(400);
    }
    expect((await both({ body: ballot(), type: 'application/json; charset=latin1' }, token)).status).toBe(415);
    const large = await both(
      {
        body: JSON.stringify({
          ratings: [{ targetId: units.jtj, grade: 'excellent', scores: { x: 1 } }],
          pad: 'x'.repeat(9_000),
        }),
      },
      token,
    );
    expect(large.status).toBe(413);
    // A query string or another spelling of the path is left to Express: same answers.
    expect((await both({ body: '{"ratings": [', path: `/api/v1/ballots/${token}?x=1` }, token)).status).toBe(400);
    expect((await db.query(`SELECT count(*)::int AS n FROM "${schema}".voter_tokens WHERE voted`))[0].n).toBe(2);
  });

  it('takes a byte order mark, a charset and whitespace as express.json() does', async () => {
    for (const sent of [
      { body: `\ufeff${ballot()}` },
      { body: ballot(), type: 'application/json; charset=UTF-8' },
      { body: `\n  ${ballot()}  \n` },
    ]) {
      expect((await both(sent, next(), next())).status).toBe(201);
    }
  });

  it('counts both paths against one budget per client, across replicas, and answers 429 alike', async () => {
    const from = client();
    const unknown = 'C'.repeat(43);
    for (let i = 0; i < 3; i++) {
      expect((await post(fast, unknown, { body: ballot() }, from)).status).toBe(404);
      expect((await post(plain, unknown, { body: ballot() }, from)).status).toBe(404);
    }
    const token = tokens[0];
    const a = comparable(await post(fast, token, { body: ballot() }, from));
    const b = comparable(await post(plain, token, { body: ballot() }, from));
    expect(a.status).toBe(429);
    expect(a).toEqual(b);
    expect(a.headers['retry-after']).toBe('60');
    expect(JSON.parse(a.body)).toMatchObject({
      status: 429,
      type: '/problems/rate-limited',
      instance: '/api/v1/ballots/:token',
    });
    // The rate-limited cast used nothing.
    expect((await post(fast, token, { body: ballot() }, client())).status).toBe(201);
    tokens.shift();
  });

  it('answers every cast of a batch on its own: accepted, used, unknown, own unit, all at once', async () => {
    const good = tokens.splice(0, 12);
    const sends = [
      ...good.map((t) => ({ token: t, expect: 201 })),
      { token: good[0], expect: 409 },
      { token: 'D'.repeat(43), expect: 404 },
      { token: ownUnitTokens[2], expect: 422 },
    ];
    const answers = await Promise.all(sends.map((s) => post(fast, s.token, { body: ballot() }, client())));
    const byToken = new Map<string, number[]>();
    answers.forEach((res, i) => byToken.set(sends[i].token, [...(byToken.get(sends[i].token) ?? []), res.status]));
    // good[0] was sent twice at once: exactly one wins, whichever.
    expect(byToken.get(good[0])!.sort()).toEqual([201, 409]);
    for (const t of good.slice(1)) expect(byToken.get(t)).toEqual([201]);
    expect(byToken.get('D'.repeat(43))).toEqual([404]);
    expect(byToken.get(ownUnitTokens[2])).toEqual([422]);
    const stored = (await db.query(`SELECT count(*)::int AS n FROM "${schema}".voter_tokens WHERE voted`))[0].n;
    expect(stored).toBe(2 + 6 + 1 + 12);
  });

  it('gives a token raced by two review replicas one winner, and writes no per-batch event', async () => {
    for (let round = 0; round < 5; round++) {
      const [raced, a, b] = tokens.splice(0, 3);
      const one = JSON.parse(ballot());
      // Two batchers, two transactions: the loser's batch has another winner, so its events are redone.
      const [first, second] = await Promise.all([
        review.get(BallotsService).castMany({
          ballots: [
            { token: raced, ballot: one },
            { token: a, ballot: one },
          ],
        }),
        replica.get(BallotsService).castMany({
          ballots: [
            { token: raced, ballot: one },
            { token: b, ballot: one },
          ],
        }),
      ]);
      const racedAnswers = [first.results[0], second.results[0]];
      expect(racedAnswers.filter((r) => r.ok)).toHaveLength(1);
      expect(racedAnswers.filter((r) => !r.ok).map((r) => !r.ok && r.error.status)).toEqual([409]);
      expect([first.results[1], second.results[1]].every((r) => r.ok)).toBe(true);
    }
    const [{ voted }] = await db.query(`SELECT count(*)::int AS voted FROM "${schema}".voter_tokens WHERE voted`);
    const [{ ratings }] = await db.query(`SELECT count(*)::int AS ratings FROM "${schema}".ballots`);
    // Ballots are counted in an event only once the cycle has closed (review.ballot.cast v3): an outbox
    // row per batch would date the batch (docs/anonymity.md).
    const events = await db.query(`SELECT envelope FROM "${schema}".outbox WHERE type = 'review.ballot.cast'`);
    expect(ratings).toBe(2 * voted);
    expect(events).toEqual([]);
  });
});
