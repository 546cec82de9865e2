import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import createClient, { type Client } from 'openapi-fetch';
import request from 'supertest';
import { dropNamespace, eventually, testNamespace } from '@cadre/testing';
import {
  createTenant,
  startAnalytics,
  startAppraisal,
  startChecklists,
  startGateway,
  startReview,
  startRoster,
} from '../support';
import type { paths } from '../support/generated/api';

const ROOT = path.resolve(__dirname, '../..');
const GENERATED = path.join(ROOT, 'test/support/generated/api.d.ts');

/** openapi-typescript's CLI (its library loads ES modules jest cannot) on the served document. */
async function generateTypes(document: object): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-client-'));
  try {
    writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(document));
    const out = path.join(dir, 'api.d.ts');
    await promisify(execFile)(
      'npx',
      // A default makes a property optional to send, not required (the server fills it in).
      [
        '--no-install',
        'openapi-typescript',
        path.join(dir, 'openapi.json'),
        '-o',
        out,
        '--default-non-nullable',
        'false',
      ],
      {
        cwd: ROOT,
      },
    );
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A client generated from the OpenAPI document (openapi-typescript, committed as test/support/generated/api.d.ts
 * and so type-checked with the rest by `tsc`) drives 民主测评 end to end with openapi-fetch:
 * roster → cycle → campaign → ballots → rankings. A document that changed fails until the types are
 * regenerated: UPDATE_GENERATED_CLIENT=1 npx jest test/e2e/generated-client.e2e-spec.ts.
 */
describe('a client generated from the OpenAPI document', () => {
  const namespace = testNamespace();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let api: Client<paths>;
  let anonymous: Client<paths>;

  beforeAll(async () => {
    apps.push(
      await startRoster(namespace),
      await startChecklists(namespace),
      await startAppraisal(namespace),
      await startReview(namespace),
      await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '300' }),
    );
    gateway = await startGateway(namespace);
    await gateway.listen(0, '127.0.0.1');
    const { port } = gateway.getHttpServer().address() as { port: number };
    const { token } = await createTenant(gateway, 'ly');
    api = createClient<paths>({ baseUrl: `http://127.0.0.1:${port}` });
    api.use({ onRequest: ({ request }) => (request.headers.set('authorization', `Bearer ${token}`), request) });
    anonymous = createClient<paths>({ baseUrl: `http://127.0.0.1:${port}` });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    for (const app of apps.reverse()) await app.close();
    await dropNamespace(namespace);
  });

  it('is what openapi-typescript makes of the served document today', async () => {
    // Regenerate: UPDATE_GENERATED_CLIENT=1 npx jest -c jest.config.js test/e2e/generated-client.e2e-spec.ts
    const document = (await request(gateway.getHttpServer()).get('/api/docs-json').expect(200)).body;
    const generated = await generateTypes(document);
    if (process.env.UPDATE_GENERATED_CLIENT === '1') writeFileSync(GENERATED, generated);
    expect(generated).toBe(readFileSync(GENERATED, 'utf8'));
  }, 60_000);

  it('drives roster → cycle → campaign → ballots → rankings', async () => {
    const unit = await api.POST('/api/v1/units', { body: { code: 'FGJ', name: '区发改局', kind: 'department' } });
    const voters = await api.POST('/api/v1/units', { body: { code: 'CCJD', name: '春城街道', kind: 'street' } });
    expect(unit.response.status).toBe(201);
    const team = await api.POST('/api/v1/teams', { body: { unitId: unit.data!.id, name: '区发改局领导班子' } });
    const cadre = await api.POST('/api/v1/cadres', {
      body: {
        personnelNo: 'A1',
        name: '甲干部',
        gender: 'male',
        birthDate: '1984-03-01',
        unitId: unit.data!.id,
        teamId: team.data!.id,
        position: '局长',
      },
    });
    expect(cadre.response.status).toBe(201);
    const cadreId = cadre.data!.id;

    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    const year = new Date().getUTCFullYear();
    const cycle = await api.POST('/api/v1/cycles', {
      body: { kind: 'periodic', name: `${year}年定期考核`, year, half: 2, opensAt: inDays(1), closesAt: inDays(30) },
    });
    expect(cycle.data).toMatchObject({ status: 'scheduled' });
    const cycleId = cycle.data!.id;
    const campaignBody = {
      direction: 'top_down' as const,
      subject: 'cadre' as const,
      targetIds: [cadreId],
      voters: [1, 2, 3].map((i) => ({ name: `投票人${i}`, unitId: voters.data!.id, group: '群众代表' })),
    };
    let campaign: Awaited<ReturnType<typeof createCampaign>> | undefined;
    const createCampaign = () =>
      api.POST('/api/v1/cycles/{id}/campaigns', { params: { path: { id: cycleId } }, body: campaignBody });
    // The review service learns of the cycle and the cadre from their events.
    await eventually(async () => (campaign = await createCampaign()).response.status === 201, 30_000, 'campaign');
    const tokens = campaign!.data!.tokens.map((t) => t.token);
    expect(tokens).toHaveLength(3);

    const opened = await api.POST('/api/v1/cycles/{id}/open', { params: { path: { id: cycleId } } });
    expect(opened.data?.status).toBe('open');
    for (const token of tokens) {
      let cast: Awaited<ReturnType<typeof castBallot>> | undefined;
      const castBallot = () =>
        anonymous.POST('/api/v1/ballots/{token}', {
          params: { path: { token } },
          body: { ratings: [{ targetId: cadreId, grade: 'excellent' }] },
        });
      await eventually(async () => (cast = await castBallot()).response.status === 201, 30_000, 'cast');
      expect(cast!.data).toMatchObject({ accepted: true });
    }
    const again = await anonymous.POST('/api/v1/ballots/{token}', {
      params: { path: { token: tokens[0] } },
      body: { ratings: [{ targetId: cadreId, grade: 'excellent' }] },
    });
    expect(again.response.status).toBe(409);
    expect(again.error?.status).toBe(409);

    const closed = await api.POST('/api/v1/cycles/{id}/close', { params: { path: { id: cycleId } } });
    expect(closed.data?.status).toBe('closed');
    const campaignId = campaign!.data!.id;
    await eventually(
      async () =>
        (await api.GET('/api/v1/campaigns/{id}/participation', { params: { path: { id: campaignId } } })).data?.cast ===
        3,
      30_000,
      'participation',
    );
    const recomputed = await api.POST('/api/v1/cycles/{id}/rankings/recompute', {
      params: { path: { id: cycleId } },
    });
    expect(recomputed.response.status).toBe(200);
    const rankings = await api.GET('/api/v1/cycles/{id}/rankings', {
      params: { path: { id: cycleId }, query: { scope: 'vertical', teamId: team.data!.id, limit: 50 } },
    });
    expect(rankings.response.status).toBe(200);
    expect(Array.isArray(rankings.data?.items)).toBe(true);
  }, 180_000);
});
