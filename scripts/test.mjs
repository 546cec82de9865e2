#!/usr/bin/env node
// `npm test`: the whole suite against real PostgreSQL, Redis and NATS JetStream.
// Installs dependencies on a fresh clone, makes sure the servers answer, type-checks, builds, and runs jest.
// Each test file isolates itself in its own namespace (schemas, subjects, stream, queues), so a test
// run does not collide with `npm start` or another run on the same machine.
// Extra arguments go to jest: `npm test -- test/e2e` or `npm test -- -t "two tenants"`.
import { ensureBrowser } from './browser.mjs';
import { build, ensureDependencies, ensureInfra, failRun, run, step } from './lib.mjs';

const jestArgs = process.argv.slice(2);

try {
  ensureDependencies();
  await ensureInfra();
  step('Checking the browser for the console tests (chromium) · 检查浏览器');
  ensureBrowser((line) => process.stdout.write(`  ${line}\n`));
  step('Type-checking (tsc --noEmit) · 类型检查');
  if (run('npx', ['--no-install', 'tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) failRun('type errors: see above');
  if (run('npx', ['--no-install', 'tsc', '--noEmit', '-p', 'apps/console/tsconfig.json']) !== 0)
    failRun('type errors in the web console: see above');
  build();
} catch (err) {
  failRun(err.message);
}

step('Running the tests (jest) · 运行测试');
const code = run('npx', ['--no-install', 'jest', '--maxWorkers=2', ...jestArgs], { env: { NODE_ENV: 'test' } });
process.exit(code);
