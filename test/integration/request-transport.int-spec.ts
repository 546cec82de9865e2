import type { INestApplication } from '@nestjs/common';
import { PageQuery, RequestContext, ROSTER_REQUESTS, CHECKLISTS_REQUESTS, subjectPrefix } from '@cadre/contracts';
import { RpcFailure, ServiceClient } from '@cadre/messaging';
import { dropNamespace, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { startRoster } from '../support';
import { FieldsService } from '../../apps/roster/src/fields/fields.service';

/**
 * Request-reply on Nest's NATS transport as the services use it (libs/messaging rpc/): two replicas
 * of the roster in one queue group and the typed ServiceClient the gateway uses. What the hand-written
 * layer guaranteed, kept: each request served once by one replica, the caller's context from the NATS
 * headers, an answer given on purpose as its problem, a bug as a 500 without its details, a
 * dependency down as 503, nobody serving as 503 at once, a late answer as 504, and a replica that is
 * stopped answering what it had in hand before it goes.
 */
describe('request-reply on the NATS transport', () => {
  const namespace = testNamespace();
  const tenantId = '00000000-0000-4000-8000-000000000001';
  const ctx: RequestContext = {
    requestId: 'req-transport',
    tenantId,
    userId: 'u1',
    username: 'officer',
    roles: ['org_officer'],
  };
  let a: INestApplication;
  let b: INestApplication;
  let client: ServiceClient;

  beforeAll(async () => {
    a = await startRoster(namespace, { SERVICE_INSTANCE: 'roster-a' });
    b = await startRoster(namespace, { SERVICE_INSTANCE: 'roster-b' });
    client = await ServiceClient.standalone({
      servers: TEST_NATS_URL,
      subjectPrefix: subjectPrefix(namespace),
      timeoutMs: 5_000,
    });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await a?.close();
    if (b) await b.close().catch(() => undefined);
    await dropNamespace(namespace);
  });

  afterEach(() => jest.restoreAllMocks());

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (err: unknown) => {
        expect(err).toBeInstanceOf(RpcFailure);
        return (err as RpcFailure).problem;
      },
    );

  it('serves each request once, spread over the replicas of the queue group, in the caller’s context', async () => {
    const seen: Array<{ replica: string; tenantId: string; requestId: string }> = [];
    for (const [replica, app] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const fields = app.get(FieldsService);
      const list = fields.list.bind(fields);
      jest.spyOn(fields, 'list').mockImplementation(async (c: RequestContext, q: PageQuery) => {
        seen.push({ replica, tenantId: c.tenantId, requestId: c.requestId });
        return list(c, q);
      });
    }
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => client.request(ROSTER_REQUESTS.listFields, {}, ctx)),
    );
    expect(answers.every((fields) => Array.isArray(fields.items))).toBe(true);
    expect(seen).toHaveLength(40);
    expect(new Set(seen.map((s) => s.replica))).toEqual(new Set(['a', 'b']));
    expect(seen.every((s) => s.tenantId === tenantId && s.requestId === 'req-transport')).toBe(true);
  });

  it('answers a refusal as its problem, a bug as a 500 without details, a dependency down as 503', async () => {
    const notFound = await refusal(
      client.request(ROSTER_REQUESTS.getUnit, { id: '00000000-0000-4000-8000-0000000000ff' }, ctx),
    );
    expect(notFound).toMatchObject({ status: 404, detail: '单位不存在' });

    for (const app of [a, b]) jest.spyOn(app.get(FieldsService), 'list').mockRejectedValue(new Error('a secret bug'));
    const bug = await refusal(client.request(ROSTER_REQUESTS.listFields, {}, ctx));
    expect(bug.status).toBe(500);
    expect(JSON.stringify(bug)).not.toContain('secret');

    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (const app of [a, b]) jest.spyOn(app.get(FieldsService), 'list').mockRejectedValue(down);
    expect((await refusal(client.request(ROSTER_REQUESTS.listFields, {}, ctx))).status).toBe(503);
  });

  it('answers 503 at once when nobody serves the pattern, and 504 when the answer is late', async () => {
    const started = Date.now();
    const nobody = await refusal(client.request(CHECKLISTS_REQUESTS.taskList, { cadreId: 'k', year: 2026 }, ctx));
    expect(nobody.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2_000);

    for (const app of [a, b]) {
      jest
        .spyOn(app.get(FieldsService), 'list')
        .mockImplementation(() => new Promise((r) => setTimeout(() => r({ items: [], nextCursor: null }), 1_500)));
    }
    expect((await refusal(client.request(ROSTER_REQUESTS.listFields, {}, ctx, 300))).status).toBe(504);
  });

  it('lets a stopping replica answer the requests it has in hand', async () => {
    let taken = 0;
    for (const app of [a, b]) {
      jest.spyOn(app.get(FieldsService), 'list').mockImplementation(async () => {
        taken += 1;
        await new Promise((r) => setTimeout(r, 800));
        return { items: [], nextCursor: null };
      });
    }
    const inHand = Array.from({ length: 6 }, () => client.request(ROSTER_REQUESTS.listFields, {}, ctx));
    while (taken < 6) await new Promise((r) => setTimeout(r, 20));
    const closing = b.close();
    expect(await Promise.all(inHand)).toEqual(Array.from({ length: 6 }, () => ({ items: [], nextCursor: null })));
    await closing;
    // The other replica goes on serving.
    expect(await client.request(ROSTER_REQUESTS.listFields, {}, ctx)).toEqual({ items: [], nextCursor: null });
  });
});
