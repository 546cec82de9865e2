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
import { createTenant, startGateway, startRoster } from '../support';

/**
 * The foundation end to end: login → a field and a unit through the gateway → the roster stores
 * them and emits roster.unit.created through its outbox → a second consumer receives it once.
 */
describe('roster through the gateway, with events', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let gateway: INestApplication;
  let probe: ProbeConsumer;
  let token: string;
  let tenantId: string;

  beforeAll(async () => {
    roster = await startRoster(namespace);
    gateway = await startGateway(namespace);
    probe = new ProbeConsumer({
      namespace,
      types: ['roster.field.created', 'roster.unit.created', 'roster.unit.updated'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
    ({ token, tenantId } = await createTenant(gateway, 'lvyuan'));
  });

  afterAll(async () => {
    await probe?.stop();
    await gateway?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  const http = () => request(gateway.getHttpServer());

  it('creates a field and a unit, reads them back, and delivers roster.unit.created exactly once', async () => {
    const field = await http()
      .post('/api/v1/fields')
      .set('authorization', `Bearer ${token}`)
      .send({ code: 'economy', name: '经济' });
    expect(field.status).toBe(201);
    expect(field.body).toMatchObject({ code: 'economy', name: '经济', id: expect.any(String) });

    const unit = await http()
      .post('/api/v1/units')
      .set('authorization', `Bearer ${token}`)
      .send({ code: 'LY-FGJ', name: '区发展和改革局', kind: 'department', fieldId: field.body.id });
    expect(unit.status).toBe(201);
    expect(unit.body).toMatchObject({ code: 'LY-FGJ', kind: 'department', fieldId: field.body.id });

    const read = await http().get(`/api/v1/units/${unit.body.id}`).set('authorization', `Bearer ${token}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(unit.body);

    const list = await http().get('/api/v1/units').set('authorization', `Bearer ${token}`);
    expect(list.body).toEqual({ items: [unit.body], nextCursor: null });

    const [event] = await eventually(async () => {
      const rows = await probe.applied('roster.unit.created');
      return rows.length > 0 ? rows : null;
    });
    expect(event).toMatchObject({ aggregate_id: unit.body.id, tenant_id: tenantId });
    expect(event.data).toEqual({
      id: unit.body.id,
      code: 'LY-FGJ',
      name: '区发展和改革局',
      kind: 'department',
      fieldId: field.body.id,
    });
    // Once: after the relay's next passes and any redelivery window, still one.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await probe.counts('roster.unit.created')).toEqual({ rows: 1, distinct: 1 });
    expect(await probe.counts('roster.field.created')).toEqual({ rows: 1, distinct: 1 });
  });

  it('emits roster.unit.updated with the changed properties, and nothing for a no-op update', async () => {
    const unit = await http()
      .post('/api/v1/units')
      .set('authorization', `Bearer ${token}`)
      .send({ code: 'LY-HXZ', name: '合心镇', kind: 'town' });
    const patched = await http()
      .patch(`/api/v1/units/${unit.body.id}`)
      .set('authorization', `Bearer ${token}`)
      .send({ name: '合心镇人民政府' });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('合心镇人民政府');
    const same = await http()
      .patch(`/api/v1/units/${unit.body.id}`)
      .set('authorization', `Bearer ${token}`)
      .send({ name: '合心镇人民政府' });
    expect(same.status).toBe(200);
    const [updated] = await eventually(async () => {
      const rows = await probe.applied('roster.unit.updated');
      return rows.length > 0 ? rows : null;
    });
    expect(updated.data).toMatchObject({ id: unit.body.id, name: '合心镇人民政府', changed: ['name'] });
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await probe.counts('roster.unit.updated')).rows).toBe(1);
  });

  it('carries the request id from HTTP through NATS into the service and the event', async () => {
    const res = await http()
      .post('/api/v1/fields')
      .set('authorization', `Bearer ${token}`)
      .set('x-request-id', 'req-trace-42')
      .send({ code: 'party', name: '党群' });
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-trace-42');
    const [row] = await probe.dataSource.query(
      `SELECT headers, envelope FROM "${namespace}_roster".outbox WHERE aggregate_id = $1`,
      [res.body.id],
    );
    expect(row.headers).toEqual({ 'x-request-id': 'req-trace-42' });
    expect(row.envelope.actor).toEqual({ userId: expect.any(String), username: 'officer' });
  });

  it('pages units with a cursor', async () => {
    for (const code of ['LY-P1', 'LY-P2', 'LY-P3']) {
      await http()
        .post('/api/v1/units')
        .set('authorization', `Bearer ${token}`)
        .send({ code, name: code, kind: 'street' });
    }
    const first = await http().get('/api/v1/units?kind=street&limit=2').set('authorization', `Bearer ${token}`);
    expect(first.body.items.map((u: { code: string }) => u.code)).toEqual(['LY-P1', 'LY-P2']);
    const second = await http()
      .get(`/api/v1/units?kind=street&limit=2&cursor=${first.body.nextCursor}`)
      .set('authorization', `Bearer ${token}`);
    expect(second.body).toMatchObject({ items: [{ code: 'LY-P3' }], nextCursor: null });
  });

  it('keeps two namespaces on one machine apart', async () => {
    const other = testNamespace();
    const otherRoster = await startRoster(other);
    const otherProbe = new ProbeConsumer({
      namespace: other,
      types: ['roster.unit.created'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    try {
      await otherProbe.start();
      const before = (await probe.counts('roster.unit.created')).rows;
      await http()
        .post('/api/v1/units')
        .set('authorization', `Bearer ${token}`)
        .send({ code: 'LY-ISO', name: '隔离测试', kind: 'zone' });
      await eventually(async () => (await probe.counts('roster.unit.created')).rows === before + 1);
      await new Promise((r) => setTimeout(r, 500));
      expect(await otherProbe.counts()).toEqual({ rows: 0, distinct: 0 });
    } finally {
      await otherProbe.stop();
      await otherRoster.close();
      await dropNamespace(other);
    }
  });
});
