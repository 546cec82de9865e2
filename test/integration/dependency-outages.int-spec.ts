import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dropNamespace, eventually, testNamespace } from '@cadre/testing';
import {
  createTenant,
  PrivateServer,
  startGateway,
  startPrivatePostgres,
  startPrivateRedis,
  startRoster,
} from '../support';

/**
 * Redis or Postgres going away: the gateway answers 503 (problem+json), never 500, readiness
 * names what is down, and everything serves again once it is back. Private servers only.
 */
describe('Redis and Postgres outages', () => {
  describe('Redis', () => {
    const namespace = testNamespace();
    let redis: PrivateServer;
    let gateway: INestApplication;
    let roster: INestApplication;
    let token: string;
    const http = () => request(gateway.getHttpServer());

    beforeAll(async () => {
      redis = await startPrivateRedis();
      roster = await startRoster(namespace, { REDIS_URL: redis.url });
      gateway = await startGateway(namespace, { REDIS_URL: redis.url });
      token = (await createTenant(gateway, 'lvyuan')).token;
    });

    afterAll(async () => {
      await gateway?.close();
      await roster?.close();
      await dropNamespace(namespace, { redis: redis.url });
      await redis?.dispose();
    });

    it('answers 503 while Redis is down and serves again after', async () => {
      await redis.stop();
      try {
        const res = await eventually(async () => {
          const r = await http().get('/api/v1/units').set('authorization', `Bearer ${token}`);
          return r.status !== 200 ? r : null;
        }, 10_000);
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        const ready = await http().get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.error.redis.status).toBe('down');
      } finally {
        await redis.start();
      }
      await eventually(
        async () => (await http().get('/api/v1/units').set('authorization', `Bearer ${token}`)).status === 200,
        15_000,
        'serving again',
      );
    });
  });

  describe('Postgres', () => {
    const namespace = testNamespace();
    let pg: PrivateServer;
    let gateway: INestApplication;
    let roster: INestApplication;
    let token: string;
    const http = () => request(gateway.getHttpServer());

    beforeAll(async () => {
      pg = await startPrivatePostgres();
      roster = await startRoster(namespace, { DATABASE_URL: pg.url });
      gateway = await startGateway(namespace, { DATABASE_URL: pg.url });
      token = (await createTenant(gateway, 'lvyuan')).token;
    });

    afterAll(async () => {
      await gateway?.close();
      await roster?.close();
      await dropNamespace(namespace, { database: pg.url });
      await pg?.dispose();
    });

    it('answers 503 (not 500) while Postgres is down, for the gateway’s own tables and through a service', async () => {
      await http()
        .post('/api/v1/units')
        .set('authorization', `Bearer ${token}`)
        .send({ code: 'BEFORE', name: '停机前', kind: 'town' })
        .expect(201);
      await pg.stop();
      try {
        const login = await http()
          .post('/api/v1/auth/login')
          .send({ tenant: 'lvyuan', username: 'officer', password: 'demo-pass-2026' });
        expect({ status: login.status, body: login.body }).toMatchObject({ status: 503 });
        const write = await http()
          .post('/api/v1/units')
          .set('authorization', `Bearer ${token}`)
          .send({ code: 'DURING', name: '停机中', kind: 'town' });
        expect(write.status).toBe(503);
        expect(write.headers['content-type']).toMatch(/problem\+json/);
        const ready = await http().get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.error.postgres.status).toBe('down');
      } finally {
        await pg.start();
      }
      await eventually(
        async () => (await http().get('/api/v1/units').set('authorization', `Bearer ${token}`)).status === 200,
        20_000,
        'serving again',
      );
      const units = await http().get('/api/v1/units').set('authorization', `Bearer ${token}`);
      // The write refused during the outage left nothing behind; the earlier one is intact.
      expect(units.body.items.map((u: { code: string }) => u.code)).toEqual(['BEFORE']);
    });
  });
});
