import type { INestApplication } from '@nestjs/common';
import { Parser } from '@asyncapi/parser';
import request from 'supertest';
import { EVENT_TYPES } from '@cadre/contracts';
import { closeServer, serveMetrics, serverPort } from '@cadre/platform';
import { dropNamespace, testNamespace } from '@cadre/testing';
import { startGateway } from '../support';

/** The documents clients and subscribers build on, served by the gateway without login. */
describe('API documents', () => {
  const namespace = testNamespace();
  let gateway: INestApplication;
  const http = () => request(gateway.getHttpServer());

  beforeAll(async () => {
    gateway = await startGateway(namespace);
  });

  afterAll(async () => {
    await gateway?.close();
    await dropNamespace(namespace);
  });

  it('serves OpenAPI with every public route and the problem answers', async () => {
    const res = await http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/tenants',
      '/api/v1/users',
      '/api/v1/fields',
      '/api/v1/units',
      '/api/v1/units/{id}',
    ]) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
    expect(res.body.paths['/api/v1/units'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CreateUnitDto',
    );
    expect(res.body.components.schemas.CreateUnitDto.required).toEqual(
      expect.arrayContaining(['code', 'name', 'kind']),
    );
    await http().get('/api/docs').expect(200).expect('content-type', /html/);
  });

  it('keeps health on the public port, not the metrics: those are on GATEWAY_METRICS_PORT (main.ts, serveMetrics)', async () => {
    await http().get('/health/live').expect(200);
    const metrics = await http().get('/metrics');
    expect(metrics.status).toBe(404);
    expect(metrics.text).not.toContain('process_cpu_user_seconds_total');
    const server = await serveMetrics(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${serverPort(server)}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toContain('# TYPE cadre_rpc_duration_seconds histogram');
      expect((await fetch(`http://127.0.0.1:${serverPort(server)}/api/v1/units`)).status).toBe(404);
    } finally {
      await closeServer(server);
    }
  });

  it('serves a valid AsyncAPI 3 document with a channel per event type', async () => {
    const res = await http().get('/api/asyncapi.json').expect(200);
    const { diagnostics } = await new Parser().parse(res.body);
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    expect(res.body.asyncapi).toBe('3.0.0');
    const addresses = Object.values(res.body.channels as Record<string, { address: string }>).map((c) => c.address);
    for (const type of EVENT_TYPES) expect(addresses).toContain(`${namespace}.evt.${type}`);
  });
});
