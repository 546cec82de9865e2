#!/usr/bin/env node
// `npm run test:faults`: the fault tests (test/faults/*.fault-spec.ts, jest.faults.config.js) — every
// service SIGKILLed during a workload, NATS/Redis/PostgreSQL restarted (private servers the tests
// start on spare ports; the shared ones are never touched), duplicate storms, a handler slower than
// its ack wait, appraisal workers restarted together. They run the built services as processes, so
// this builds first; one file at a time (each starts a whole stack). Extra arguments go to jest.
import { buildServices, ensureDependencies, ensureInfra, failRun, run, step } from './lib.mjs';

try {
  ensureDependencies();
  await ensureInfra();
  buildServices(); // the web console is not needed here
} catch (err) {
  failRun(err.message);
}

step('Running the fault tests (jest) · 运行故障测试');
const started = Date.now();
const code = run(
  'npx',
  ['--no-install', 'jest', '-c', 'jest.faults.config.js', '--runInBand', ...process.argv.slice(2)],
  { env: { NODE_ENV: 'test' } },
);
process.stdout.write(`fault tests took ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exit(code);
