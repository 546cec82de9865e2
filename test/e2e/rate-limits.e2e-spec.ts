import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dropNamespace, testNamespace } from '@cadre/testing';
import { startGateway } from '../support';

/** Limits are counted in Redis, per client, so every gateway replica shares one budget. */
describe('rate limits', () => {
  const namespace = testNamespace();
  let gateway: INestApplication;
  let replica: INestApplication;

  beforeAll(async () => {
    const limits = { LOGIN_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '8' };
    gateway = await startGateway(namespace, limits);
    replica = await startGateway(namespace, limits);
  });

  afterAll(async () => {
    await replica?.close();
    await gateway?.close();
    await dropNamespace(namespace);
  });

  const attempt = (app: INestApplication) =>
    request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ tenant: 'system', username: 'admin', password: 'wrong-password' });

  it('slows password guessing: the 4th login in a minute is 429, across replicas', async () => {
    expect((await attempt(gateway)).status).toBe(401);
    expect((await attempt(replica)).status).toBe(401);
    expect((await attempt(gateway)).status).toBe(401);
    const limited = await attempt(replica);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.body).toMatchObject({ status: 429, type: '/problems/rate-limited' });
  });

  it('limits every route per client, but never the health probes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await request(gateway.getHttpServer()).get('/api/v1/fields')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) await request(gateway.getHttpServer()).get('/health/live').expect(200);
  });
});
