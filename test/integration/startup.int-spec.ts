import { spawn, ChildProcess } from 'node:child_process';
import path from 'node:path';
import { dropNamespace, eventually, freePort, portVariable, testEnv, testNamespace } from '@cadre/testing';
import { exitOf } from '../fixtures/run-ts';

const ROOT = path.resolve(__dirname, '../..');

/** Runs a built service as production does: `node dist/apps/<app>/main.js` (npm test builds first). */
function runBuilt(app: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [`dist/apps/${app}/main.js`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

describe('service start and stop', () => {
  const namespace = testNamespace();
  afterAll(() => dropNamespace(namespace));

  it.each([
    [
      'roster',
      'DATABASE_URL',
      'mysql://somewhere/db',
      /^Configuration error: DATABASE_URL is malformed .*postgres:\/\/ URL/,
    ],
    ['roster', 'ROLE', 'everything', /^Configuration error: ROLE is malformed .*api, worker, all/],
    ['roster', 'ROSTER_HTTP_PORT', 'eighty', /^Configuration error: ROSTER_HTTP_PORT is malformed/],
    ['gateway', 'NATS_URL', 'http://nats', /^Configuration error: NATS_URL is malformed/],
  ])('%s stops at start with one line naming a malformed %s', async (app, name, value, line) => {
    const run = runBuilt(app, { ...testEnv(namespace), [name]: value });
    const { code } = await exitOf(run.child);
    expect(code).not.toBe(0);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });

  it('the gateway in production refuses to start without JWT_SECRET, naming it', async () => {
    const run = runBuilt('gateway', {
      ...testEnv(namespace),
      NODE_ENV: 'production',
      ADMIN_PASSWORD: 'a-long-admin-password',
    });
    expect((await exitOf(run.child)).code).not.toBe(0);
    expect(run.output().trim()).toMatch(
      /^Configuration error: JWT_SECRET is missing: .*required when NODE_ENV=production/,
    );
  });

  it.each(['roster', 'gateway'])('%s drains on SIGTERM and exits 0', async (app) => {
    const port = await freePort();
    // The gateway's metrics are on GATEWAY_METRICS_PORT, not on its public port; a service's on its own port.
    const metricsPort = app === 'gateway' ? await freePort() : port;
    const run = runBuilt(app, {
      ...testEnv(namespace),
      [portVariable(app)]: String(port),
      GATEWAY_METRICS_PORT: String(metricsPort),
    });
    try {
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200,
        30_000,
        `${app} ready`,
      );
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toContain('process_cpu_user_seconds_total');
      if (app === 'gateway') {
        expect(metrics).toContain('cadre_http_request_duration_seconds');
        expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      }
      run.child.kill('SIGTERM');
      const { code, signal } = await exitOf(run.child);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(run.output()).toContain('SIGTERM received: draining');
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('two replicas starting together on an empty schema migrate once', async () => {
    const fresh = testNamespace();
    const ports = [await freePort(), await freePort()];
    const runs = ports.map((port) => runBuilt('roster', { ...testEnv(fresh), ROSTER_HTTP_PORT: String(port) }));
    try {
      for (const port of ports) {
        await eventually(
          async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200,
          30_000,
          'replica ready',
        );
      }
      const logs = runs.map((r) => r.output()).join('\n');
      expect(logs.match(/migrations applied/g)).toHaveLength(1);
    } finally {
      for (const r of runs) r.child.kill('SIGTERM');
      await Promise.all(runs.map((r) => exitOf(r.child)));
      await dropNamespace(fresh);
    }
  });
});
