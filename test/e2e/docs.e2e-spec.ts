import type { INestApplication } from '@nestjs/common';
import { Parser } from '@asyncapi/parser';
import request from 'supertest';
import { EVENT_TYPES } from '@cadre/contracts';
import { dropNamespace, startGateway, testNamespace } from '@cadre/testing';

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
    for (const path of ['/api/v1/auth/login', '/api/v1/tenants', '/api/v1/users', '/api/v1/fields', '/api/v1/units', '/api/v1/units/{id}']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
    expect(res.body.paths['/api/v1/units'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateUnitDto');
    expect(res.body.components.schemas.CreateUnitDto.required).toEqual(expect.arrayContaining(['code', 'name', 'kind']));
    await http().get('/api/docs').expect(200).expect('content-type', /html/);
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
