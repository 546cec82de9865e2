import type { INestApplication } from '@nestjs/common';
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

/**
 * `Cache-Control: no-store` on every answer that carries personal appraisal data (issue 14): political
 * file, dossiers as JSON, HTML and PDF, the roster export, rankings, democratic results, the login's
 * token — and on errors of the API too. Before, none of them said anything, so a browser or proxy
 * could keep a dossier on a shared office computer.
 */
describe('cache headers', () => {
  const namespace = testNamespace();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let officer: string;
  let cadreId: string;
  let teamId: string;
  let cycleId: string;
  let campaignId: string;

  const http = () => request(gateway.getHttpServer());
  const get = (path: string) => http().get(`/api/v1${path}`).set('authorization', `Bearer ${officer}`);
  const noStore = (res: request.Response, statuses = [200]) => {
    expect({
      status: statuses.includes(res.status) ? 'expected' : res.status,
      cacheControl: res.headers['cache-control'],
    }).toEqual({ status: 'expected', cacheControl: 'no-store' });
    return res;
  };
  /** The route's answer once the services have projected what it reads (200), checked for no-store. */
  const ok = async (path: string, what: string) =>
    noStore(await eventually(async () => ((await get(path)).status === 200 ? get(path) : null), 20_000, what));

  beforeAll(async () => {
    apps.push(
      await startRoster(namespace),
      await startChecklists(namespace),
      await startAppraisal(namespace),
      await startReview(namespace),
      await startAnalytics(namespace),
    );
    gateway = await startGateway(namespace);
    officer = (await createTenant(gateway, 'lvyuan')).token;
    const send = (path: string, body: object) =>
      http().post(`/api/v1${path}`).set('authorization', `Bearer ${officer}`).send(body);
    const unit = await send('/units', { code: 'FGJ', name: '区发改局', kind: 'department' });
    const team = await send('/teams', { unitId: unit.body.id, name: '区发改局领导班子' });
    teamId = team.body.id;
    const cadre = await send('/cadres', {
      personnelNo: 'A1',
      name: '张一',
      gender: 'male',
      birthDate: '1984-03-01',
      unitId: unit.body.id,
      teamId,
      position: '局长',
    });
    expect(cadre.status).toBe(201);
    cadreId = cadre.body.id;
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const cycle = await send('/cycles', {
      kind: 'periodic',
      name: '2031年上半年定期考核',
      year: 2031,
      half: 1,
      opensAt: day(5),
      closesAt: day(30),
    });
    expect(cycle.status).toBe(201);
    cycleId = cycle.body.id;
    expect((await send(`/cycles/${cycleId}/open`, {})).status).toBe(200);
    // District leaders (区级领导): they rate a department top-down.
    const voters = Array.from({ length: 3 }, (_, i) => ({ name: `代表${i}`, unitId: unit.body.id, group: '区级领导' }));
    const campaign = await eventually(
      async () => {
        const res = await send(`/cycles/${cycleId}/campaigns`, {
          direction: 'top_down',
          subject: 'unit',
          targetIds: [unit.body.id],
          voters,
        });
        return res.status === 201 ? res : null;
      },
      20_000,
      'campaign created',
    );
    campaignId = campaign.body.id;
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    for (const app of apps.reverse()) await app.close();
    await dropNamespace(namespace);
  });

  it('login: the token is not cached', async () => {
    noStore(
      await http()
        .post('/api/v1/auth/login')
        .send({ tenant: 'lvyuan', username: 'officer', password: 'demo-pass-2026' })
        .expect(200),
    );
  });

  it('political file, dossiers in every format, rankings, results, roster export', async () => {
    await ok(`/cadres/${cadreId}/political-file`, 'political file');
    await ok(`/cadres/${cadreId}/dossier`, 'cadre dossier');
    noStore(await get(`/cadres/${cadreId}/dossier?format=html`).expect(200));
    // 200 with Chromium on the host, else 501 naming the way around: no-store either way.
    noStore(await get(`/cadres/${cadreId}/dossier?format=pdf`), [200, 501]);
    await ok(`/teams/${teamId}/dossier`, 'team dossier');
    noStore(await get(`/teams/${teamId}/dossier?format=html`).expect(200));
    noStore(await get(`/cycles/${cycleId}/rankings?scope=vertical&teamId=${teamId}`));
    // Results appear once the cycle has closed (anonymity, issue 14); withheld before, not cached either way.
    noStore(await get(`/campaigns/${campaignId}/results`), [409]);
    expect(
      (await http().post(`/api/v1/cycles/${cycleId}/close`).set('authorization', `Bearer ${officer}`)).status,
    ).toBe(200);
    await ok(`/campaigns/${campaignId}/results`, 'results after close');
    noStore(await get('/roster/export').expect(200));
  });

  it('errors of the API too: unknown route, no token, bad JSON', async () => {
    noStore(await http().get('/api/v1/nothing-here'), [404]);
    noStore(await http().get(`/api/v1/cadres/${cadreId}/dossier`), [401]);
    noStore(await http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"x":'), [400]);
  });
});
