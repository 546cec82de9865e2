import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dropNamespace, testNamespace } from '@cadre/testing';
import { createTenant, startGateway, startRoster } from '../support';

/**
 * What an account is scoped to: a unit leader leads one unit of the tenant, a cadre has one account.
 * (What the scope then lets each role read and do is access-scope.e2e-spec.ts.)
 */
describe('user scope', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let gateway: INestApplication;
  let officer: string;
  let other: string;
  let unit: string;
  let foreignUnit: string;
  let cadre: string;
  const http = () => request(gateway.getHttpServer());
  const post = (path: string, token: string, body: object) =>
    http().post(`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body);
  const users = async (token: string) =>
    (await http().get('/api/v1/users').set('authorization', `Bearer ${token}`)).body.items as Array<{
      username: string;
    }>;

  beforeAll(async () => {
    roster = await startRoster(namespace);
    gateway = await startGateway(namespace);
    officer = (await createTenant(gateway, 'lvyuan')).token;
    other = (await createTenant(gateway, 'nanguan')).token;
    unit = (await post('/units', officer, { code: 'LY-1', name: '区发改局', kind: 'department' }).expect(201)).body.id;
    foreignUnit = (await post('/units', other, { code: 'NG-1', name: '南关区财政局', kind: 'department' }).expect(201))
      .body.id;
    cadre = (
      await post('/cadres', officer, {
        personnelNo: 'A1',
        name: '甲干部',
        gender: 'male',
        birthDate: '1980-01-01',
        unitId: unit,
        position: '副局长',
      }).expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await gateway?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('a unit leader must name a unit of the tenant, and only a unit leader names one', async () => {
    const missing = await post('/users', officer, {
      username: 'leader0',
      password: 'password-1',
      roles: ['unit_leader'],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'unitId' })]);

    const foreign = await post('/users', officer, {
      username: 'leader0',
      password: 'password-1',
      roles: ['unit_leader'],
      unitId: foreignUnit,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'unitId' })]);

    const notLeader = await post('/users', officer, {
      username: 'assessor0',
      password: 'password-1',
      roles: ['assessor'],
      unitId: unit,
    });
    expect(notLeader.status).toBe(400);
    expect(notLeader.body.errors).toEqual([expect.objectContaining({ field: 'unitId' })]);
    expect((await users(officer)).map((u) => u.username)).toEqual(['officer']);

    const leader = await post('/users', officer, {
      username: 'leader1',
      password: 'password-1',
      roles: ['unit_leader'],
      unitId: unit,
    }).expect(201);
    expect(leader.body).toMatchObject({ roles: ['unit_leader'], unitId: unit, cadreId: null });
  });

  it('a cadre has one account: a second one is 409 naming cadreId, also when both are created at once', async () => {
    await post('/users', officer, {
      username: 'cadre-a',
      password: 'password-1',
      roles: ['cadre'],
      cadreId: cadre,
    }).expect(201);
    const second = await post('/users', officer, {
      username: 'cadre-a2',
      password: 'password-1',
      roles: ['cadre'],
      cadreId: cadre,
    });
    expect(second.status).toBe(409);
    expect(second.body.errors).toEqual([expect.objectContaining({ field: 'cadreId' })]);

    const twin = (
      await post('/cadres', officer, {
        personnelNo: 'B1',
        name: '乙干部',
        gender: 'female',
        birthDate: '1985-01-01',
        unitId: unit,
        position: '科长',
      }).expect(201)
    ).body.id;
    const answers = await Promise.all(
      ['cadre-b1', 'cadre-b2', 'cadre-b3'].map((username) =>
        post('/users', officer, { username, password: 'password-1', roles: ['cadre'], cadreId: twin }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect((await users(officer)).filter((u) => u.username.startsWith('cadre-b'))).toHaveLength(1);
  });
});
