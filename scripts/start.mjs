#!/usr/bin/env node
// `npm start`: the whole platform on this machine, with the demo district.
// Installs, makes sure PostgreSQL/Redis/NATS answer (starting local ones if needed), builds, starts
// every service (logs in .run/logs/), seeds the demo tenant on an empty database, prints the URL and
// the demo logins, and stays in the foreground: Ctrl-C stops every service cleanly.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  applications,
  build,
  ensureDependencies,
  ensureInfra,
  portOf,
  ROOT,
  spawnApp,
  step,
  waitReady,
} from './lib.mjs';

const READY_TIMEOUT_MS = 90_000;
const logDir = path.join(ROOT, '.run', 'logs');

try {
  ensureDependencies();
  await ensureInfra();
  build();
} catch (err) {
  process.stderr.write(`\n✗ ${err.message}\n`);
  process.exit(1);
}

fs.mkdirSync(logDir, { recursive: true });
const apps = applications();
const children = new Map();
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping the services · 正在停止服务 …\n');
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
        }),
    ),
  );
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

// The demo seed enters the district through the public API, some 12,000 requests from this machine:
// under the gateway's default limit per client (1,200 a minute) that alone would take ten minutes.
// Set RATE_LIMIT_PER_MINUTE to keep another limit.
const seedRateLimit = process.env.RATE_LIMIT_PER_MINUTE ? {} : { RATE_LIMIT_PER_MINUTE: '100000' };

step(`Starting ${apps.length} services · 启动服务: ${apps.join(', ')}`);
// Services first: the gateway answers 503 for a service that is not up yet, but the demo seed needs them.
for (const app of [...apps.filter((a) => a !== 'gateway'), 'gateway']) {
  const logFile = path.join(logDir, `${app}.log`);
  const child = spawnApp(app, app === 'gateway' ? seedRateLimit : {}, logFile);
  children.set(app, child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`\n✗ ${app} exited (${signal ?? code}); its log: ${path.relative(ROOT, logFile)}\n`);
    void stopAll(1);
  });
  const ready = await waitReady(
    `http://127.0.0.1:${portOf(app)}/health/ready`,
    READY_TIMEOUT_MS,
    () => child.exitCode === null,
  );
  if (!ready) {
    process.stderr.write(`\n✗ ${app} did not become ready; see ${path.relative(ROOT, logFile)}\n`);
    await stopAll(1);
  }
  process.stdout.write(`  ✓ ${app.padEnd(10)} :${portOf(app)}  (log: ${path.relative(ROOT, logFile)})\n`);
}

const gatewayUrl = `http://localhost:${portOf('gateway')}`;
step('Seeding the demo district · 加载演示数据');
// The seed tool (scripts/demo/seed.ts) is TypeScript like bench/: run by ts-node, installed by npm ci.
const seeded = await new Promise((resolve) => {
  const seed = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/demo/seed.ts', gatewayUrl],
    {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  seed.stdout.on('data', (chunk) => process.stdout.write(String(chunk).replace(/^(?=.)/gm, '  ')));
  seed.once('exit', (code) => resolve(code === 0));
});
if (!seeded) {
  process.stderr.write('\n✗ demo seed failed (scripts/demo/seed.ts)\n');
  await stopAll(1);
}

process.stdout.write(`
════════════════════════════════════════════════════════════════
 干部考核平台 is running · 平台已启动
   Console    ${gatewayUrl}/
   API        ${gatewayUrl}/api/v1
   API docs   ${gatewayUrl}/api/docs
   Events     ${gatewayUrl}/api/asyncapi.json
 Demo logins · 演示账号
   组织部 (org officer)   tenant lvyuan   officer / demo-pass-2026
   考核组 (assessors)     tenant lvyuan   kaohe1 … kaohe6 / demo-pass-2026
   平台管理员 (admin)      tenant system   admin / ${process.env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : 'system-pass-2026'}
 Logs: .run/logs/   Stop: Ctrl-C
════════════════════════════════════════════════════════════════
`);
