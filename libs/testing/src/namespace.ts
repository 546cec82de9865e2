import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Redis from 'ioredis';
import { Client } from 'pg';
import { queuePrefix, streamName } from '@cadre/contracts';
import { dropNamespaceSchemas } from './namespace.repository';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cadre';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * A fresh namespace for one test file: its own schemas, subjects, stream, consumers and queues,
 * so test files can run in parallel beside each other and beside `npm start`.
 */
export function testNamespace(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** The environment a service gets in tests; any key can be overridden. */
export function testEnv(namespace: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    NATS_URL: TEST_NATS_URL,
    CADRE_NAMESPACE: namespace,
    RPC_TIMEOUT_MS: '5000',
    // A built gateway (startup, fault and bench runs) serves /metrics on a port of its own: any free
    // one, so gateways of runs side by side never collide on the default 9464.
    GATEWAY_METRICS_PORT: '0',
    ...overrides,
  };
}

/** Removes everything a namespace left behind: schemas, the stream (and its consumers), the transfers bucket, Redis keys. */
export async function dropNamespace(
  namespace: string,
  urls: { database?: string; nats?: string; redis?: string } = {},
): Promise<void> {
  const pg = new Client({ connectionString: urls.database ?? TEST_DATABASE_URL });
  await pg.connect();
  try {
    await dropNamespaceSchemas(pg, namespace);
  } finally {
    await pg.end();
  }
  const nc = await connect({ servers: urls.nats ?? TEST_NATS_URL, timeout: 2_000 }).catch(() => null);
  if (nc) {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(streamName(namespace)).catch(() => undefined);
    // The object store bucket of file transfers (libs/messaging file-transfers.ts) is a stream too.
    await jsm.streams.delete(`OBJ_${namespace}_transfers`).catch(() => undefined);
    await nc.close();
  }
  const redis = new Redis(urls.redis ?? TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for (const pattern of [`${namespace}:*`, `${queuePrefix(namespace)}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } catch {
    // a private Redis that is already gone has nothing to clean
  } finally {
    redis.disconnect();
  }
}

/** Polls until `probe` returns a truthy value, or fails with the last value after `timeoutMs`. */
type Falsy = null | undefined | false | 0 | '';

export async function eventually<T>(
  probe: () => Promise<T | Falsy> | T | Falsy,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | Falsy | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${what} not reached within ${timeoutMs} ms (last: ${JSON.stringify(last)}${lastError ? `, error: ${(lastError as Error).message}` : ''})`,
  );
}

/**
 * The variable that sets an app's HTTP port (CONTRACT.md): the gateway's public port, a service's
 * health/metrics port. scripts/lib.mjs keeps its own copy: it runs before dependencies are installed.
 */
export function portVariable(app: string): string {
  return app === 'gateway' ? 'GATEWAY_PORT' : `${app.toUpperCase()}_HTTP_PORT`;
}
