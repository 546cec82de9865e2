#!/usr/bin/env node
// `npm run bench -- <name>`: runs bench/<name>.bench.ts against the built services and the real
// servers, prints a markdown table and writes bench/results/<name>.json. Without a name: the list.
import fs from 'node:fs';
import path from 'node:path';
import { build, ensureDependencies, ensureInfra, ROOT, run, step } from './lib.mjs';

const name = process.argv[2];
const benches = fs
  .readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
if (!name || !benches.includes(name)) {
  process.stdout.write(`usage: npm run bench -- <name>\navailable: ${benches.join(', ')}\n`);
  process.exit(name ? 2 : 0);
}
ensureDependencies();
await ensureInfra();
build();
step(`Benchmark ${name}`);
process.exit(
  run(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      `bench/${name}.bench.ts`,
      ...process.argv.slice(3),
    ],
    { env: { TS_NODE_PROJECT: 'tsconfig.json' } },
  ),
);
