import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dropNamespace, testNamespace } from '@cadre/testing';
import { startGateway } from '../support';

const ROOT = path.resolve(__dirname, '../..');

/** The served OpenAPI document passes Redocly's recommended ruleset (redocly.yaml) without an error. */
describe('OpenAPI lint', () => {
  const namespace = testNamespace();
  let gateway: INestApplication;
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-lint-'));

  beforeAll(async () => {
    gateway = await startGateway(namespace);
  });

  afterAll(async () => {
    await gateway?.close();
    await dropNamespace(namespace);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no error under the recommended ruleset', async () => {
    const res = await request(gateway.getHttpServer()).get('/api/docs-json').expect(200);
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(res.body, null, 2));
    const lint = await promisify(execFile)(
      'npx',
      ['--no-install', 'redocly', 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json'],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
    const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))) as {
      problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
    };
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
