// The private servers that fault tests stop and restart: each runs on its own spare port, stop() makes it
// refuse connections, start() brings it back on the same port with its data, dispose() removes it — and
// the shared servers are never touched.
import * as fs from 'node:fs';
import * as net from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import Redis from 'ioredis';
import { Client as PgClient } from 'pg';
import { freePort } from '@cadre/testing';
import { PrivateServer, startPrivateNats, startPrivatePostgres, startPrivateRedis } from '../support';

const SHARED = {
  postgres: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cadre',
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  nats: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};
const SHARED_PORTS = [5432, 6379, 4222];

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function pgSelect(url: string, sql: string): Promise<unknown[]> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function redisPing(url: string): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

async function withNats<T>(url: string, fn: (nc: Awaited<ReturnType<typeof natsConnect>>) => Promise<T>): Promise<T> {
  const nc = await natsConnect({ servers: url, timeout: 2000, reconnect: false });
  try {
    return await fn(nc);
  } finally {
    await nc.close();
  }
}

describe('private servers for fault tests', () => {
  const started: PrivateServer[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.dispose().catch(() => {})));
  });

  it('freePort() answers a free port that is not a shared one', async () => {
    const port = await freePort();
    expect(SHARED_PORTS).not.toContain(port);
    expect(await accepts(port)).toBe(false);
  });

  it('NATS: stop refuses connections, start comes back on the same port with its JetStream streams', async () => {
    const nats = await startPrivateNats();
    started.push(nats);
    expect(SHARED_PORTS).not.toContain(nats.port);
    expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);

    await withNats(nats.url, async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'FAULTS', subjects: ['faults.>'] });
      const js = jsm.jetstream();
      await js.publish('faults.one', 'before the stop');
    });

    await nats.stop();
    expect(await accepts(nats.port)).toBe(false);
    await expect(natsConnect({ servers: nats.url, timeout: 1000, reconnect: false })).rejects.toThrow();

    await nats.start();
    await withNats(nats.url, async (nc) => {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info('FAULTS');
      expect(info.config.subjects).toEqual(['faults.>']);
      expect(info.state.messages).toBe(1);
    });

    // kill() is abrupt, but the stream is on disk too.
    await nats.kill();
    expect(await accepts(nats.port)).toBe(false);
    await nats.start();
    await withNats(nats.url, async (nc) => {
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info('FAULTS')).config.name).toBe('FAULTS');
    });

    await nats.dispose();
    expect(await accepts(nats.port)).toBe(false);
    expect(fs.existsSync(nats.dir)).toBe(false);
  });

  it('NATS without JetStream', async () => {
    const nats = await startPrivateNats({ jetstream: false });
    started.push(nats);
    await withNats(nats.url, async (nc) => {
      await expect(jetstreamManager(nc, { timeout: 1000 })).rejects.toThrow();
    });
    await nats.dispose();
    expect(fs.existsSync(nats.dir)).toBe(false);
  });

  it('Redis: stop refuses connections, start comes back on the same port', async () => {
    const redis = await startPrivateRedis();
    started.push(redis);
    expect(SHARED_PORTS).not.toContain(redis.port);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await redisPing(redis.url)).toBe('PONG');

    const client = new Redis(redis.url, { lazyConnect: true });
    await client.connect();
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    client.disconnect();

    await redis.stop();
    expect(await accepts(redis.port)).toBe(false);
    await expect(redisPing(redis.url)).rejects.toThrow();

    await redis.start();
    expect(await redisPing(redis.url)).toBe('PONG');

    await redis.kill();
    expect(await accepts(redis.port)).toBe(false);
    await redis.start();
    expect(await redisPing(redis.url)).toBe('PONG');

    await redis.dispose();
    expect(await accepts(redis.port)).toBe(false);
    expect(fs.existsSync(redis.dir)).toBe(false);
  });

  it('PostgreSQL: stop refuses connections, start comes back on the same port with its data', async () => {
    const pg = await startPrivatePostgres();
    started.push(pg);
    expect(SHARED_PORTS).not.toContain(pg.port);
    expect(pg.url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
    expect(await pgSelect(pg.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await pgSelect(pg.url, "create table survives (v text); insert into survives values ('kept')");

    // A connected client does not hold the stop up (fast shutdown), and sees its connection end.
    const held = new PgClient({ connectionString: pg.url });
    const heldErrors: Error[] = [];
    held.on('error', (err: Error) => heldErrors.push(err));
    await held.connect();

    await pg.stop();
    expect(await accepts(pg.port)).toBe(false);
    await expect(pgSelect(pg.url, 'select 1')).rejects.toThrow();
    await expect(held.query('select 1')).rejects.toThrow();
    await held.end().catch(() => {});

    await pg.start();
    expect(await pgSelect(pg.url, 'select v from survives')).toEqual([{ v: 'kept' }]);

    await pg.kill();
    expect(await accepts(pg.port)).toBe(false);
    await pg.start();
    expect(await pgSelect(pg.url, 'select count(*)::int as n from survives')).toEqual([{ n: 1 }]);

    await pg.dispose();
    expect(await accepts(pg.port)).toBe(false);
    expect(fs.existsSync(pg.dir)).toBe(false);
  });

  it('the shared servers still answer', async () => {
    // The shared DATABASE_URL names the app database; the server's own "postgres" database always exists.
    const adminUrl = new URL(SHARED.postgres);
    adminUrl.pathname = '/postgres';
    expect(await pgSelect(adminUrl.href, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(await redisPing(SHARED.redis)).toBe('PONG');
    await withNats(SHARED.nats.replace(/^nats:\/\//, ''), async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.getAccountInfo();
    });
  });
});
