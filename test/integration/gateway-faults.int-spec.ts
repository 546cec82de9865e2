import type { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { rpcSubject, ROSTER_REQUESTS, subjectPrefix } from '@cadre/contracts';
import { dropNamespace, eventually, testNamespace } from '@cadre/testing';
import { createTenant, PrivateServer, startGateway, startPrivateNats, startRoster } from '../support';

/**
 * What the gateway answers when the service behind it is missing, slow, or NATS is away:
 * 503 or 504 as problem+json, never a 500, and readiness says so. NATS here is private.
 */
describe('gateway when a dependency fails', () => {
  const namespace = testNamespace();
  let nats: PrivateServer;
  let gateway: INestApplication;
  let token: string;
  const http = () => request(gateway.getHttpServer());

  beforeAll(async () => {
    nats = await startPrivateNats();
    gateway = await startGateway(namespace, { NATS_URL: nats.url, RPC_TIMEOUT_MS: '500' });
    token = (await createTenant(gateway, 'lvyuan')).token;
  });

  afterAll(async () => {
    await gateway?.close();
    await dropNamespace(namespace, { nats: nats.url });
    await nats?.dispose();
  });

  it('answers 503 when no roster instance is running', async () => {
    const res = await http().get('/api/v1/units').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toContain('roster');
  });

  it('answers 504 when the roster does not reply in time', async () => {
    const nc: NatsConnection = await connect({ servers: nats.url });
    // A responder that takes the request and never answers.
    const sub = nc.subscribe(rpcSubject(subjectPrefix(namespace), ROSTER_REQUESTS.listUnits), {
      callback: () => undefined,
    });
    await nc.flush();
    try {
      const res = await http().get('/api/v1/units').set('authorization', `Bearer ${token}`);
      expect(res.status).toBe(504);
      expect(res.body.type).toBe('/problems/service-timeout');
    } finally {
      sub.unsubscribe();
      await nc.close();
    }
  });

  it('serves again once a roster instance is up', async () => {
    const roster = await startRoster(namespace, { NATS_URL: nats.url });
    try {
      await http().get('/api/v1/units').set('authorization', `Bearer ${token}`).expect(200);
    } finally {
      await roster.close();
    }
  });

  it('answers 503 while NATS is down, reports not ready, and recovers when it is back', async () => {
    await nats.stop();
    try {
      const res = await eventually(async () => {
        const r = await http().get('/api/v1/units').set('authorization', `Bearer ${token}`);
        return r.status === 503 ? r : null;
      }, 10_000);
      expect(res.body.detail).toMatch(/消息总线|roster/);
      const ready = await http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.nats.status).toBe('down');
      // Login needs only Postgres: it keeps working.
      await http()
        .post('/api/v1/auth/login')
        .send({ tenant: 'lvyuan', username: 'officer', password: 'demo-pass-2026' })
        .expect(200);
    } finally {
      await nats.start();
    }
    await eventually(async () => (await http().get('/health/ready')).status === 200, 15_000, 'ready again');
    const roster = await startRoster(namespace, { NATS_URL: nats.url });
    try {
      await http().get('/api/v1/units').set('authorization', `Bearer ${token}`).expect(200);
    } finally {
      await roster.close();
    }
  });

  it('is live even when not ready', async () => {
    await http().get('/health/live').expect(200);
  });
});
