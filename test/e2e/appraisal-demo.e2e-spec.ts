import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  dropNamespace,
  eventually,
  ProbeConsumer,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
} from '@cadre/testing';
import { loadAppraisal } from '../../scripts/demo/appraisal';
import type { DemoClient } from '../../scripts/demo/demo-client';
import { loadDistrict } from '../../scripts/demo/roster';
import { createTenant, demoAnswer, demoClient, startAppraisal, startGateway, startRoster } from '../support';

/**
 * The demo district's appraisal history: three years of published half-yearly cycles with complete
 * 望闻问切 records (so trends exist), the current half-year open, and the 2022 epidemic random
 * appraisal with its wartime file — each published as the events a live cycle has.
 */
describe('appraisal demo', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let appraisal: INestApplication;
  let gateway: INestApplication;
  let probe: ProbeConsumer;
  let officer: string;
  let seed: DemoClient;
  const send = (method: 'post' | 'get', p: string, body?: object) =>
    request(gateway.getHttpServer())[method](`/api/v1${p}`).set('authorization', `Bearer ${officer}`).send(body);

  beforeAll(async () => {
    roster = await startRoster(namespace);
    appraisal = await startAppraisal(namespace);
    // The seed tool sends some 10,000 requests from one client: more than a minute's worth of the default rate limit.
    gateway = await startGateway(namespace, { RATE_LIMIT_PER_MINUTE: '1000000' });
    probe = new ProbeConsumer({
      namespace,
      types: ['appraisal.cycle.published', 'appraisal.wartime.recorded'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
    officer = (await createTenant(gateway, 'lvyuan')).token;
    // The seed tool's district and appraisal history (scripts/demo), through the public API.
    seed = await demoClient(gateway, 'lvyuan', officer);
    expect((await demoAnswer(() => loadDistrict(seed))).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await probe?.stop();
    await gateway?.close();
    await appraisal?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('loads cycles with complete four-step records and a wartime file, once', async () => {
    // The seed waits for appraisal to learn the cadres itself.
    const cadres = (await seed.all<{ id: string; personnelNo: string }>('/cadres', 100)).sort((a, b) =>
      a.personnelNo.localeCompare(b.personnelNo),
    );
    const load = () => demoAnswer(() => loadAppraisal(seed, cadres, []));
    const res: { status: number; body: any } | undefined = await load();
    expect(res!.status).toBe(201);
    const past = new Date().getUTCFullYear() - 3;
    expect(res!.body).toMatchObject({ groups: 12, wartimeRecords: expect.any(Number) });
    const all = (await send('get', '/cycles?limit=50')).body.items as Array<{
      kind: string;
      status: string;
      year: number;
      half: number | null;
      topic: string | null;
    }>;
    const periodic = all.filter((c) => c.kind === 'periodic' && c.status === 'published');
    expect(periodic.length).toBeGreaterThanOrEqual(6);
    expect(Math.min(...periodic.map((c) => c.year))).toBe(past);
    expect(all.filter((c) => c.status === 'open')).toHaveLength(1);
    expect(all.find((c) => c.kind === 'random')).toMatchObject({ topic: 'epidemic', year: 2022, status: 'published' });
    // Every cadre has all four steps in every past cycle.
    const cycle = periodic[0] as unknown as { id: string };
    // Pages of at most 200 (the lists' limit): read through to the last.
    const page = { body: { items: [] as Array<{ completedSteps: string[] }> } };
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const next = await send('get', `/cycles/${cycle.id}/appraisals?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      page.body.items.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(page.body.items).toHaveLength(299);
    expect(page.body.items.every((a: { completedSteps: string[] }) => a.completedSteps.length === 4)).toBe(true);
    expect(res!.body.steps).toBeGreaterThanOrEqual(299 * 4 * periodic.length);
    await eventually(
      async () => (await probe.counts('appraisal.cycle.published')).rows === periodic.length + 1,
      30_000,
      'published events',
    );
    await eventually(
      async () => (await probe.counts('appraisal.wartime.recorded')).rows === res!.body.wartimeRecords,
      60_000,
      'wartime events',
    );
    expect((await load()).status).toBe(409);
    // Through the public API the history is some 9,500 requests (one per step and wartime record).
  }, 300_000);
});
