// Steps shared by `npm start` and `npm test`. Plain Node, no dependencies: these run on a fresh clone.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function step(message) {
  process.stdout.write(`\n▶ ${message}\n`);
}

/** Runs a command in the repo, inheriting the terminal; returns its exit code. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...options.env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Installs the dependencies from package-lock.json when node_modules is missing or older than the lock. */
export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  step('Installing dependencies (npm ci) · 安装依赖');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) throw new Error('npm ci failed');
}

export async function ensureInfra() {
  step('Checking PostgreSQL, Redis and NATS · 检查基础设施');
  const { ensureInfrastructure } = await import('./infra.mjs');
  await ensureInfrastructure({ log: (line) => process.stdout.write(`  ${line}\n`) });
}

/** Ends a test command that could not start its tests; CI reads the last line: failed, not passed. */
export function failRun(message) {
  process.stderr.write(`\n✗ ${message}\n`);
  process.stdout.write('\n0 passed, 1 failed\n');
  process.exit(1);
}

export function buildServices() {
  step('Building the services (webpack) · 编译服务');
  if (run('npx', ['--no-install', 'webpack', '--config', 'webpack.config.js']) !== 0) throw new Error('build failed');
}

export function build() {
  buildServices();
  step('Building the web console (Vite) · 编译控制台');
  if (run('npx', ['--no-install', 'vite', 'build', '--config', 'apps/console/vite.config.mts']) !== 0)
    throw new Error('console build failed');
}

/** The applications of the monorepo, from nest-cli.json. */
export function applications() {
  const { projects } = JSON.parse(fs.readFileSync(path.join(ROOT, 'nest-cli.json'), 'utf8'));
  return Object.entries(projects)
    .filter(([, p]) => p.type === 'application')
    .map(([name]) => name);
}

/** HTTP port of each app (CONTRACT.md): the gateway's public port, the services' health/metrics ports. */
export const DEFAULT_PORTS = {
  gateway: 3000,
  roster: 3001,
  checklists: 3002,
  appraisal: 3003,
  review: 3004,
  analytics: 3005,
};

// The same rule as portVariable in libs/testing; repeated because this file runs before npm ci.
export function portVariable(app) {
  return app === 'gateway' ? 'GATEWAY_PORT' : `${app.toUpperCase()}_HTTP_PORT`;
}

export function portOf(app, env = process.env) {
  return Number(env[portVariable(app)] ?? DEFAULT_PORTS[app]);
}

export function spawnApp(app, env, logFile) {
  const out = fs.openSync(logFile, 'a');
  return spawn(process.execPath, ['--enable-source-maps', `dist/apps/${app}/main.js`], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
}

export async function waitReady(url, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}
