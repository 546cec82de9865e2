import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dropNamespace, eventually, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { createTenant, startChecklists, startGateway, startRoster } from '../support';

/**
 * A write whose answer is lost: the service commits after the gateway gave up waiting (504 — as when
 * the service is killed between its commit and its reply), and the client retries with the same
 * Idempotency-Key. The retry must not carry the write out a second time — a political observation has
 * no natural key that would refuse it — and gets the first answer. (Found by the fault tests: the
 * district workload, with checklists SIGKILLed, ended with a task created twice.)
 */
describe('Idempotency-Key across a lost answer', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let checklists: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let token: string;
  let cadreId: string;
  const http = () => request(gateway.getHttpServer());

  beforeAll(async () => {
    roster = await startRoster(namespace);
    checklists = await startChecklists(namespace);
    gateway = await startGateway(namespace, { RPC_TIMEOUT_MS: '1000' });
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, extra: { max: 3 } });
    await db.initialize();
    ({ token } = await createTenant(gateway, 'lvyuan'));
    const unit = (
      await http()
        .post('/api/v1/units')
        .set('authorization', `Bearer ${token}`)
        .send({ code: 'FGJ', name: '区发改局', kind: 'department' })
    ).body.id;
    cadreId = (
      await http().post('/api/v1/cadres').set('authorization', `Bearer ${token}`).send({
        personnelNo: 'L-1',
        name: '迟应',
        gender: 'male',
        birthDate: '1980-01-01',
        unitId: unit,
        position: '局长',
      })
    ).body.id;
    await eventually(
      async () =>
        (await db.query(`SELECT 1 FROM "${namespace}_checklists".cadres WHERE id = $1`, [cadreId])).length === 1,
      20_000,
      'cadre projected',
    );
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
    await checklists?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('carries out a retried write once and answers the retry with the first answer', async () => {
    const observation = {
      dimension: 'discipline',
      polarity: 'negative',
      severity: 'minor',
      evidence: '迟到早退',
      occurredAt: new Date().toISOString().slice(0, 10),
      source: 'inspection',
    };
    const post = () =>
      http()
        .post(`/api/v1/cadres/${cadreId}/political-observations`)
        .set('authorization', `Bearer ${token}`)
        .set('idempotency-key', 'obs-lost-answer-1')
        .send(observation);
    const count = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM "${namespace}_checklists".political_observations WHERE cadre_id = $1`,
          [cadreId],
        )
      )[0].n;

    // Hold the service's write up past the gateway's 1 s timeout …
    const lock = db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query(`LOCK TABLE "${namespace}_checklists".political_observations IN EXCLUSIVE MODE`);
    const first = await post();
    expect(first.status).toBe(504);
    // … then let it commit: the write is done, its answer went nowhere.
    await lock.commitTransaction();
    await lock.release();
    await eventually(async () => (await count()) === 1, 10_000, 'the first attempt committed');

    const retry = await post();
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ cadreId, dimensions: expect.any(Array) });
    expect(await count()).toBe(1);
    const again = await post(); // the gateway's stored answer now
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count()).toBe(1);
  });

  it('answers a retry when the first attempt died between its commit and keeping its answer', async () => {
    const observation = {
      dimension: 'diligence',
      polarity: 'negative',
      severity: 'minor',
      evidence: '学习记录不全',
      occurredAt: new Date().toISOString().slice(0, 10),
      source: 'inspection',
    };
    const post = () =>
      http()
        .post(`/api/v1/cadres/${cadreId}/political-observations`)
        .set('authorization', `Bearer ${token}`)
        .set('idempotency-key', 'obs-died-after-commit')
        .send(observation);
    const count = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM "${namespace}_checklists".political_observations WHERE cadre_id = $1 AND dimension = 'diligence'`,
          [cadreId],
        )
      )[0].n;
    const lock = db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query(`LOCK TABLE "${namespace}_checklists".political_observations IN EXCLUSIVE MODE`);
    expect((await post()).status).toBe(504);
    await lock.commitTransaction();
    await lock.release();
    await eventually(async () => (await count()) === 1, 10_000, 'the first attempt committed');
    // As if the process had died right after its commit: no answer kept.
    await eventually(
      async () =>
        (
          await db.query(
            `UPDATE "${namespace}_checklists".request_keys SET answer = NULL WHERE answer IS NOT NULL RETURNING key`,
          )
        )[0].length > 0,
      10_000,
      'answer kept, then dropped',
    );

    const retry = await post();
    expect(retry.status).toBe(201); // the handler run again without its write: the file as it is now
    expect(retry.body.observations ?? retry.body.dimensions).toBeDefined();
    expect(retry.body.cadreId).toBe(cadreId);
    expect(await count()).toBe(1);
  });
});
