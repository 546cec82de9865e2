import { spawn, ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventSubject, subjectPrefix } from '@cadre/contracts';
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
import { createTenant, login, startAppraisal, startGateway, startRoster } from '../support';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The cycle clock with real time and short offsets: cycles open and close on time, the reminder
 * before close goes to exactly those with unfinished work and to nobody twice — with two worker
 * replicas, and when every worker is SIGKILLed between scheduling and firing and another starts
 * later. Reminders also leave through a flaky signed webhook and SMTP, retried until delivered.
 */
describe('appraisal cycle clock', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_appraisal`;
  let roster: INestApplication;
  let api: INestApplication;
  let gateway: INestApplication;
  let probe: ProbeConsumer;
  let db: DataSource;
  let nc: NatsConnection;
  let hooks: Server;
  let smtp: SMTPServer;
  const workers: ChildProcess[] = [];
  const hookCalls: Array<{ delivery: string; valid: boolean }> = [];
  const mails: string[] = [];
  let officer: string;
  let tenantId: string;
  let cadres: Record<'A' | 'B' | 'C', string>;
  let assessors: Record<'one' | 'two', { id: string; token: string }>;
  const year = new Date().getUTCFullYear();
  const http = () => request(gateway.getHttpServer());
  const send = (method: 'post' | 'put' | 'get', p: string, token: string, body?: object) =>
    http()[method](`/api/v1${p}`).set('authorization', `Bearer ${token}`).send(body);

  const startWorker = async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/apps/appraisal/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ...testEnv(namespace),
        ROLE: 'worker',
        APPRAISAL_HTTP_PORT: String(port),
        CYCLE_SWEEP_SECONDS: '2',
      },
      stdio: 'ignore',
    });
    workers.push(child);
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok === true,
      30_000,
      'appraisal worker ready',
    );
    return child;
  };

  const notifications = async (cycleId: string) =>
    (await db.query(
      `SELECT kind, coalesce(user_id, cadre_id)::text AS who FROM "${schema}".notifications WHERE cycle_id = $1 ORDER BY kind, who`,
      [cycleId],
    )) as Array<{ kind: string; who: string }>;
  const expected = () =>
    [
      { kind: 'step_reminder', who: assessors.one.id },
      { kind: 'tasklist_reminder', who: cadres.A },
      { kind: 'tasklist_reminder', who: cadres.B },
    ].sort((a, b) => `${a.kind}${a.who}`.localeCompare(`${b.kind}${b.who}`));

  const fourSteps = async (cycleId: string, cadreId: string) => {
    const base = `/cycles/${cycleId}/appraisals/${cadreId}/steps`;
    for (const [step, body] of [
      ['look', { reports: [], notes: '已阅' }],
      ['listen', { notes: '' }],
      ['ask', { problems: [] }],
      [
        'apply',
        { score: 88, grade: 'competent', strengths: '项目建设', weaknesses: '无', traits: [], suggestion: 'keep' },
      ],
    ] as const) {
      const res = await send('put', `${base}/${step}`, assessors.one.token, body);
      if (res.status !== 200) throw new Error(`${step}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  };

  const cycleRow = async (id: string) =>
    (
      await db.query(`SELECT status, opens_at, closes_at, opened_at, closed_at FROM "${schema}".cycles WHERE id = $1`, [
        id,
      ])
    )[0];

  beforeAll(async () => {
    // A webhook receiver that fails the first two attempts of every delivery, and an SMTP sink.
    const attempts = new Map<string, number>();
    hooks = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const delivery = String(req.headers['x-cadre-delivery']);
        const expectedSignature = `sha256=${createHmac('sha256', 'hook-secret').update(`${req.headers['x-cadre-timestamp']}.${body}`).digest('hex')}`;
        hookCalls.push({ delivery, valid: req.headers['x-cadre-signature'] === expectedSignature });
        const n = (attempts.get(delivery) ?? 0) + 1;
        attempts.set(delivery, n);
        res.statusCode = n <= 2 ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    const smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString()));
        stream.on('end', () => {
          mails.push(text);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));

    roster = await startRoster(namespace);
    api = await startAppraisal(namespace, { ROLE: 'api' });
    gateway = await startGateway(namespace);
    await startWorker();
    await startWorker(); // two replicas
    probe = new ProbeConsumer({
      namespace,
      types: ['appraisal.cycle.opened', 'appraisal.cycle.closed'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: TEST_NATS_URL,
    });
    await probe.start();
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    nc = await connect({ servers: TEST_NATS_URL });

    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    const unit = (await send('post', '/units', officer, { code: 'LY-1', name: '区发改局', kind: 'department' })).body
      .id;
    const cadre = async (no: string, name: string) =>
      (
        await send('post', '/cadres', officer, {
          personnelNo: no,
          name,
          gender: 'female',
          birthDate: '1985-05-05',
          unitId: unit,
          position: '科长',
        })
      ).body.id as string;
    cadres = { A: await cadre('A1', '甲'), B: await cadre('B1', '乙'), C: await cadre('C1', '丙') };
    const user = async (username: string) => {
      const res = await send('post', '/users', officer, { username, password: 'password-1', roles: ['assessor'] });
      return { id: res.body.id as string, token: await login(gateway, 'lvyuan', username, 'password-1') };
    };
    assessors = { one: await user('assessor1'), two: await user('assessor2') };
    await eventually(
      async () =>
        (
          await send('post', '/assessment-groups', officer, {
            name: '第一考核组',
            assessorUserIds: [assessors.one.id],
            cadreIds: [cadres.A, cadres.B],
          })
        ).status === 201,
      20_000,
      'cadres projected',
    );
    expect(
      (
        await send('post', '/assessment-groups', officer, {
          name: '第二考核组',
          assessorUserIds: [assessors.two.id],
          cadreIds: [cadres.A],
        })
      ).status,
    ).toBe(201);
    // Cadre C has signed this year's task list (checklists would publish this; a signed list has at least one task).
    const task = {
      id: randomUUID(),
      title: '重点项目推进',
      measures: '挂图作战',
      indicator: { metric: '开工项目', target: 8, unit: '个' },
      deadline: `${year}-12-31`,
      weight: 100,
      status: 'planned',
      actual: null,
    };
    const signed = {
      id: randomUUID(),
      type: 'checklists.tasklist.signed',
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId: randomUUID(),
      data: {
        taskListId: randomUUID(),
        cadreId: cadres.C,
        year,
        status: 'signed',
        signedAt: new Date().toISOString(),
        tasks: [task],
        completionScore: 0,
      },
    };
    signed.aggregateId = signed.data.taskListId;
    await jetstream(nc).publish(
      eventSubject(subjectPrefix(namespace), 'checklists.tasklist.signed'),
      JSON.stringify(signed),
      { msgID: signed.id },
    );
    await eventually(
      async () =>
        (await db.query(`SELECT 1 FROM "${schema}".signed_task_lists WHERE cadre_id = $1`, [cadres.C])).length === 1,
      20_000,
      'signature projected',
    );
    const channels = await send('put', '/notification-channels', officer, {
      webhook: {
        url: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`,
        secret: 'hook-secret',
        enabled: true,
      },
      smtp: {
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        from: 'kaohe@lvyuan.example',
        to: ['zuzhibu@lvyuan.example'],
        enabled: true,
      },
    });
    expect(channels.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await probe?.stop();
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await api?.close();
    await roster?.close();
    await new Promise((r) => hooks?.close(r));
    await new Promise((r) => smtp?.close(() => r(undefined)));
    await dropNamespace(namespace);
  });

  it('opens and closes on time with two workers, reminding exactly the unfinished, once', async () => {
    const t0 = Date.now();
    const created = await send('post', '/cycles', officer, {
      kind: 'periodic',
      name: '时钟测试上半年',
      year,
      half: 1,
      opensAt: new Date(t0 + 3_000).toISOString(),
      closesAt: new Date(t0 + 30_000).toISOString(),
      // 10 s before close: the steps below have 17 s after the opening even on a busy machine.
      reminderOffsetsHours: [10 / 3600],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await eventually(async () => (await cycleRow(id)).status === 'open', 15_000, 'opened');
    await fourSteps(id, cadres.A); // A done: assessor2 has nothing left, assessor1 still has B
    await eventually(async () => (await cycleRow(id)).status === 'closed', 40_000, 'closed');
    const row = await cycleRow(id);
    // Never early, and on time give or take the job poll (generous: CI machines are busy).
    expect(row.opened_at.getTime()).toBeGreaterThanOrEqual(row.opens_at.getTime());
    expect(row.opened_at.getTime() - row.opens_at.getTime()).toBeLessThan(5_000);
    expect(row.closed_at.getTime()).toBeGreaterThanOrEqual(row.closes_at.getTime());
    expect(row.closed_at.getTime() - row.closes_at.getTime()).toBeLessThan(5_000);
    expect(await notifications(id)).toEqual(expected());

    // The reminder went out through both channels: the webhook after two refused attempts, signed.
    await eventually(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM "${schema}".deliveries WHERE status = 'delivered'`))[0].n === 6,
      30_000,
      'deliveries done',
    );
    const attempts = await db.query(`SELECT channel, attempts FROM "${schema}".deliveries ORDER BY channel`);
    expect(attempts).toEqual([
      ...Array(3).fill({ channel: 'smtp', attempts: 1 }),
      ...Array(3).fill({ channel: 'webhook', attempts: 3 }),
    ]);
    expect(hookCalls.every((c) => c.valid)).toBe(true);
    expect(mails).toHaveLength(3);
    // Each reminder reached the assessor's inbox, once.
    const inbox = await send('get', '/me/notifications', assessors.one.token);
    expect(inbox.body.items).toEqual([expect.objectContaining({ kind: 'step_reminder', cycleId: id, readAt: null })]);
    expect((await send('get', '/me/notifications', assessors.two.token)).body.items).toEqual([]);
  }, 90_000);

  it('gives the same outcome when every worker is SIGKILLed between scheduling and firing', async () => {
    const t0 = Date.now();
    const created = await send('post', '/cycles', officer, {
      kind: 'periodic',
      name: '时钟测试下半年',
      year,
      half: 2,
      opensAt: new Date(t0 + 4_000).toISOString(),
      closesAt: new Date(t0 + 40_000).toISOString(),
      // 10 s before close: 24 s for the new workers to start, catch up and the steps to be recorded first
      // (two workers starting while the machine runs other suites took more than the 12 s it once had).
      reminderOffsetsHours: [10 / 3600],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // Its jobs are queued; now no worker is left to fire them.
    for (const w of workers.splice(0)) {
      w.kill('SIGKILL');
      await exitOf(w);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + 6_000 - Date.now())));
    expect((await cycleRow(id)).status).toBe('scheduled'); // its open time passed while no worker ran
    await startWorker();
    await startWorker();
    // The restarted workers catch up at their start; on a busy machine their start alone may take seconds.
    await eventually(async () => (await cycleRow(id)).status === 'open', 45_000, 'caught up');
    await fourSteps(id, cadres.A);
    await eventually(async () => (await cycleRow(id)).status === 'closed', 45_000, 'closed');
    expect(await notifications(id)).toEqual(expected());

    // Each cycle opened and closed exactly once, across kills and replicas.
    await eventually(async () => (await probe.counts('appraisal.cycle.closed')).rows === 2, 10_000, 'close events');
    expect(await probe.counts('appraisal.cycle.opened')).toEqual({ rows: 2, distinct: 2 });
    expect(await probe.counts('appraisal.cycle.closed')).toEqual({ rows: 2, distinct: 2 });
    const rows = await db.query(
      `SELECT type, count(*)::int AS n FROM "${schema}".outbox WHERE aggregate_id = $1 GROUP BY type ORDER BY type`,
      [id],
    );
    expect(rows).toEqual([
      { type: 'appraisal.cycle.closed', n: 1 },
      { type: 'appraisal.cycle.opened', n: 1 },
      { type: 'appraisal.cycle.scheduled', n: 1 },
    ]);
  }, 120_000);
});
