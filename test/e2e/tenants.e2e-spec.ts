import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dropNamespace, testNamespace } from '@cadre/testing';
import { createTenant, login, startGateway, startRoster } from '../support';

/** Two organization departments on one platform: the second sees nothing of the first. */
describe('two tenants', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let gateway: INestApplication;
  let a: string;
  let b: string;
  const http = () => request(gateway.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    roster = await startRoster(namespace);
    gateway = await startGateway(namespace);
    a = (await createTenant(gateway, 'lvyuan')).token;
    b = (await createTenant(gateway, 'nanguan')).token;
  });

  afterAll(async () => {
    await gateway?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('the second tenant sees none of the first tenant’s fields, units or users', async () => {
    const field = await http().post('/api/v1/fields').set(auth(a)).send({ code: 'economy', name: '经济' }).expect(201);
    const unit = await http()
      .post('/api/v1/units')
      .set(auth(a))
      .send({ code: 'LY-1', name: '区发改局', kind: 'department', fieldId: field.body.id })
      .expect(201);
    await http()
      .post('/api/v1/users')
      .set(auth(a))
      .send({ username: 'assessor1', password: 'assessor-1', roles: ['assessor'] })
      .expect(201);

    expect((await http().get('/api/v1/fields').set(auth(b))).body.items).toEqual([]);
    expect((await http().get('/api/v1/units').set(auth(b))).body).toEqual({ items: [], nextCursor: null });
    expect((await http().get(`/api/v1/units?fieldId=${field.body.id}`).set(auth(b))).body.items).toEqual([]);
    await http().get(`/api/v1/units/${unit.body.id}`).set(auth(b)).expect(404);
    const users = (await http().get('/api/v1/users').set(auth(b))).body.items;
    expect(users.map((u: { username: string }) => u.username)).toEqual(['officer']);
  });

  it('codes and usernames are unique per tenant, not across tenants', async () => {
    await http().post('/api/v1/fields').set(auth(b)).send({ code: 'economy', name: '经济' }).expect(201);
    await http()
      .post('/api/v1/units')
      .set(auth(b))
      .send({ code: 'LY-1', name: '同编码单位', kind: 'town' })
      .expect(201);
    await http()
      .post('/api/v1/users')
      .set(auth(b))
      .send({ username: 'assessor1', password: 'assessor-1', roles: ['assessor'] })
      .expect(201);
    // Each tenant still sees exactly its own.
    expect((await http().get('/api/v1/units').set(auth(a))).body.items.map((u: { name: string }) => u.name)).toEqual([
      '区发改局',
    ]);
    expect((await http().get('/api/v1/units').set(auth(b))).body.items.map((u: { name: string }) => u.name)).toEqual([
      '同编码单位',
    ]);
  });

  it('a user logs in only to their own tenant', async () => {
    await expect(login(gateway, 'nanguan', 'assessor1', 'assessor-1')).resolves.toEqual(expect.any(String));
    const wrongTenant = await http()
      .post('/api/v1/auth/login')
      .send({ tenant: 'system', username: 'officer', password: 'demo-pass-2026' });
    expect(wrongTenant.status).toBe(401);
  });

  it('only the platform administrator lists tenants', async () => {
    const admin = await login(gateway, 'system', 'admin', 'system-pass-2026');
    const list = await http().get('/api/v1/tenants').set(auth(admin)).expect(200);
    expect(list.body.items.map((t: { code: string }) => t.code)).toEqual(['lvyuan', 'nanguan', 'system']);
    await http().get('/api/v1/tenants').set(auth(a)).expect(403);
  });
});
