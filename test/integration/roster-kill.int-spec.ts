import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  dropNamespace,
  eventually,
  freePort,
  ProbeConsumer,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testEnv,
  testNamespace,
} from '@cadre/testing';
import { exitOf } from '../fixtures/run-ts';
import { createTenant, startGateway } from '../support';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The roster process is SIGKILLed in the middle of 300 writes and started again. Every write it
 * acknowledged (201) is in the database with its event delivered exactly once; a write cut off by
 * the kill either committed with its event or left nothing at all — never a row without its event.
 */
describe('roster killed during writes', () => {
  const namespace = testNamespace();
  let gateway: INestApplication;
  let probe: ProbeConsumer;
  let db: DataSource;
  let roster: ChildProcess;
  let port: number;

  const startRosterProcess = async () => {
    const child = spawn(process.execPath, ['dist/apps/roster/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...testEnv(namespace), ROSTER_HTTP_PORT: String(port) },
      stdio: 'ignore',
    });
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, 30_000, 'roster ready');
    return child;
  };

  beforeAll(async () => {
    port = await freePort();
    roster = await startRosterProcess();
    gateway = await startGateway(namespace, { RPC_TIMEOUT_MS: '3000' });
    probe = new ProbeConsumer({
      namespace,
      types: ['roster.unit.created'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
  });

  afterAll(async () => {
    roster?.kill('SIGKILL');
    await probe?.stop();
    await db?.destroy();
    await gateway?.close();
    await dropNamespace(namespace);
  });

  it('loses no acknowledged write and applies no event twice', async () => {
    const { token } = await createTenant(gateway, 'lvyuan');
    const accepted = new Set<string>();
    const statuses: number[] = [];
    const write = async (i: number) => {
      const res = await request(gateway.getHttpServer())
        .post('/api/v1/units')
        .set('authorization', `Bearer ${token}`)
        .send({ code: `K${String(i).padStart(4, '0')}`, name: `单位${i}`, kind: 'department' });
      statuses.push(res.status);
      if (res.status === 201) accepted.add(res.body.id);
    };
    let killed = false;
    const TOTAL = 300;
    for (let i = 0; i < TOTAL; i += 10) {
      if (!killed && accepted.size >= 100) {
        // Kill while a wave is in flight.
        const wave = Promise.all(Array.from({ length: 10 }, (_, k) => write(i + k)));
        roster.kill('SIGKILL');
        killed = true;
        await wave;
        expect((await exitOf(roster)).signal).toBe('SIGKILL');
        roster = await startRosterProcess();
        continue;
      }
      await Promise.all(Array.from({ length: 10 }, (_, k) => write(i + k)));
    }
    expect(killed).toBe(true);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 503 || s === 504)).toBe(true); // refused cleanly, never 500

    const units: Array<{ id: string }> = await db.query(`SELECT id FROM "${namespace}_roster".units`);
    const stored = new Set(units.map((u) => u.id));
    for (const id of accepted) expect(stored.has(id)).toBe(true); // nothing acknowledged was lost
    await eventually(
      async () => (await probe.counts()).distinct === stored.size,
      30_000,
      'every stored unit has its event',
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await probe.counts()).toEqual({ rows: stored.size, distinct: stored.size }); // and only once
    const withEvents = new Set((await probe.applied('roster.unit.created')).map((e) => e.aggregate_id));
    expect(withEvents).toEqual(stored);
  });
});
