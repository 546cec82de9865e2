// Private NATS, Redis and PostgreSQL servers for fault tests (stop, kill, restart) — never the shared
// servers at DATABASE_URL/REDIS_URL/NATS_URL. Each one runs from the OS binaries on a free port with its
// data in a temp dir that survives stop()/start(), and is removed by dispose().
//
//   const nats = await startPrivateNats();          // nats://127.0.0.1:PORT, JetStream on
//   await nats.stop(); ...; await nats.start();      // same port, same store: streams survive
//   await nats.dispose();
//
// The servers cannot outlive the test process: they are killed on process 'exit', and a small detached
// watchdog kills them and removes their dirs when the test process dies any other way (SIGKILL, crash).

import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import Redis from 'ioredis';
import { Client as PgClient } from 'pg';
import { freePort } from '@cadre/testing';
import { findBinary, osUser, postgresBinDirs } from '../../scripts/binaries.cjs';

export interface PrivateServer {
  /** e.g. nats://127.0.0.1:PORT, redis://127.0.0.1:PORT, postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  /** The temp dir holding the server's data and log; removed by dispose(). */
  readonly dir: string;
  /** The server's log (stdout and stderr). */
  readonly logFile: string;
  /** (Re)start on the same port with the same data dir; resolves when it answers. No-op when running. */
  start(): Promise<void>;
  /** Graceful stop; resolves when the process has exited. No-op when not running. */
  stop(): Promise<void>;
  /** SIGKILL (the server's whole process group); resolves when it has exited. */
  kill(): Promise<void>;
  /** Stop if running and remove the temp dir. */
  dispose(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
const PROBE_TIMEOUT_MS = 1_000;

// ---------------------------------------------------------------------------------------------------
// Binaries

function requireBinary(name: string, server: string, pkg: string, extraDirs: string[] = []): string {
  const file = findBinary(name, extraDirs);
  if (!file) {
    throw new Error(
      `private ${server}: "${name}" not found on PATH${extraDirs.length ? ` or in ${extraDirs.join(', ')}` : ''} — install the ${pkg} package (apt-get install -y ${pkg})`,
    );
  }
  return file;
}

// initdb and postgres of one installation.
function postgresBinaries(): { initdb: string; postgres: string } {
  const dirs = postgresBinDirs();
  const initdb = requireBinary(
    'initdb',
    'PostgreSQL',
    'postgresql',
    dirs.length ? dirs : ['/usr/lib/postgresql/*/bin'],
  );
  const sibling = path.join(path.dirname(fs.realpathSync(initdb)), 'postgres');
  const postgres = fs.existsSync(sibling) ? sibling : requireBinary('postgres', 'PostgreSQL', 'postgresql', dirs);
  return { initdb, postgres };
}

// Postgres refuses to run as root: run it as the postgres OS user then.
function postgresOwner(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const owner = osUser('postgres');
  if (!owner)
    throw new Error(
      'private PostgreSQL: running as root and there is no "postgres" OS user to run it as (useradd --system postgres)',
    );
  return owner;
}

// ---------------------------------------------------------------------------------------------------
// Cleanup: on 'exit', and through a watchdog that notices when this process is gone (its stdin closes).

interface Tracked {
  pid: number;
  exitSignal: NodeJS.Signals; // what stops it fast and clean when the test process goes away
}
const tracked = new Map<number, Tracked>();
const tempDirs = new Set<string>();
let watchdog: ChildProcess | null = null;
let exitHookInstalled = false;

const WATCHDOG_SOURCE = `
const fs = require('fs');
const pids = new Map(); const dirs = new Set(); let buf = '';
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
process.stdin.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const [cmd, a, b] = buf.slice(0, i).split('\\t');
    buf = buf.slice(i + 1);
    if (cmd === 'pid') pids.set(Number(a), b);
    else if (cmd === 'unpid') pids.delete(Number(a));
    else if (cmd === 'dir') dirs.add(a);
    else if (cmd === 'undir') dirs.delete(a);
  }
});
process.stdin.on('end', () => {
  const kill = (pid, sig) => { try { process.kill(pid, sig); } catch {} };
  for (const [pid, sig] of pids) kill(pid, sig);
  setTimeout(() => {
    for (const pid of pids.keys()) { kill(-pid, 'SIGKILL'); kill(pid, 'SIGKILL'); }
    for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true, maxRetries: 3 }); } catch {} }
    process.exit(0);
  }, pids.size ? 1500 : 0);
});
`;

function tellWatchdog(line: string): void {
  try {
    if (!watchdog) {
      watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE], {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      watchdog.on('error', () => {
        watchdog = null;
      });
      watchdog.unref();
      (watchdog.stdin as unknown as net.Socket).unref?.();
      watchdog.stdin?.on('error', () => {});
    }
    watchdog.stdin?.write(line + '\n');
  } catch {
    /* best effort: the 'exit' hook still runs */
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const t of tracked.values()) {
      try {
        process.kill(t.pid, t.exitSignal);
      } catch {
        /* gone */
      }
      if (t.exitSignal === 'SIGKILL') {
        try {
          process.kill(-t.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    // A server that was only SIGQUIT-ed may still be writing: the watchdog removes its dir shortly.
    if ([...tracked.values()].every((t) => t.exitSignal === 'SIGKILL')) {
      for (const dir of tempDirs) {
        try {
          fs.rmSync(dir, { recursive: true, force: true });
        } catch {
          /* the watchdog retries */
        }
      }
    }
  });
}

function track(pid: number, exitSignal: NodeJS.Signals): void {
  installExitHook();
  tracked.set(pid, { pid, exitSignal });
  tellWatchdog(`pid\t${pid}\t${exitSignal}`);
}

function untrack(pid: number): void {
  tracked.delete(pid);
  tellWatchdog(`unpid\t${pid}`);
}

function makeTempDir(prefix: string): string {
  installExitHook();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  tellWatchdog(`dir\t${dir}`);
  return dir;
}

function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  tempDirs.delete(dir);
  tellWatchdog(`undir\t${dir}`);
}

// ---------------------------------------------------------------------------------------------------
// One managed server process

interface ServerSpec {
  name: string; // NATS, Redis, PostgreSQL
  url: string;
  port: number;
  dir: string;
  logFile: string;
  command: string;
  args: string[];
  owner: { uid: number; gid: number } | null;
  stopSignal: NodeJS.Signals;
  exitSignal: NodeJS.Signals;
  /** Resolves when the server answers its protocol; rejects otherwise (quickly). */
  probe(): Promise<void>;
  /** Extra files worth showing when it does not come up. */
  extraLogs?: string[];
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class ManagedServer implements PrivateServer {
  private child: ChildProcess | null = null;
  private exited: Promise<void> | null = null;
  private disposed = false;

  constructor(private readonly spec: ServerSpec) {}

  get url(): string {
    return this.spec.url;
  }
  get port(): number {
    return this.spec.port;
  }
  get dir(): string {
    return this.spec.dir;
  }
  get logFile(): string {
    return this.spec.logFile;
  }

  async start(): Promise<void> {
    if (this.disposed) throw new Error(`private ${this.spec.name} :${this.port} was disposed`);
    if (this.child) return;
    const deadline = Date.now() + START_TIMEOUT_MS;
    let lastError: string;
    // A restart right after kill() can race the old process' last moments (port, shared memory):
    // when the new process exits at once, try again while time remains.
    for (let attempt = 1; ; attempt++) {
      const child = this.spawn();
      const result = await this.waitReady(child, deadline);
      if (result === 'ready') return;
      lastError =
        result === 'exited' ? `the process exited at start, ${attempt} attempt${attempt > 1 ? 's' : ''}` : result;
      if (this.child === child) {
        await this.signalAndWait('SIGKILL', true);
      }
      if (result !== 'exited' || attempt >= 5 || Date.now() + 500 > deadline) break;
      await sleep(300);
    }
    const extra = (this.spec.extraLogs ?? [])
      .filter((f) => fs.existsSync(f))
      .map((f) => `\n--- ${f}\n${tail(f, 10)}`)
      .join('');
    throw new Error(
      `private ${this.spec.name} on port ${this.port} did not come up (${lastError}): ${this.spec.command} ${this.spec.args.join(' ')}\n` +
        `--- ${this.spec.logFile} (last lines)\n${tail(this.spec.logFile)}${extra}`,
    );
  }

  stop(): Promise<void> {
    return this.signalAndWait(this.spec.stopSignal, false);
  }

  kill(): Promise<void> {
    return this.signalAndWait('SIGKILL', true);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.stop();
    removeTempDir(this.spec.dir);
  }

  private spawn(): ChildProcess {
    const out = fs.openSync(this.spec.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.spec.command, this.spec.args, {
        cwd: this.spec.dir,
        stdio: ['ignore', out, out],
        detached: true, // own process group: kill() takes every process of the server
        ...(this.spec.owner ?? {}),
      });
    } finally {
      fs.closeSync(out);
    }
    this.child = child;
    const pid = child.pid;
    this.exited = new Promise<void>((resolve) => {
      const done = () => {
        if (pid) untrack(pid);
        if (this.child === child) this.child = null;
        resolve();
      };
      child.once('exit', done);
      child.once('error', (err) => {
        fs.appendFileSync(this.spec.logFile, `\n[private-servers] spawn failed: ${err.message}\n`);
        done();
      });
    });
    if (pid) track(pid, this.spec.exitSignal);
    child.unref(); // a server left running must not keep the test process alive
    return child;
  }

  private async waitReady(child: ChildProcess, deadline: number): Promise<'ready' | string> {
    let exited = false;
    void this.exited?.then(() => {
      exited = true;
    });
    child.ref(); // keep the event loop alive while we wait on it
    try {
      let last = 'no answer';
      while (Date.now() < deadline) {
        if (exited) return 'exited';
        try {
          await this.spec.probe();
          return 'ready';
        } catch (err) {
          last = err instanceof Error ? err.message : String(err);
        }
        if (exited) return 'exited';
        await sleep(100);
      }
      return `no answer within ${START_TIMEOUT_MS / 1000}s: ${last}`;
    } finally {
      child.unref();
    }
  }

  private async signalAndWait(signal: NodeJS.Signals, group: boolean): Promise<void> {
    const child = this.child;
    if (!child || !child.pid) return;
    const pid = child.pid;
    const exited = this.exited!;
    child.ref();
    try {
      try {
        process.kill(group ? -pid : pid, signal);
      } catch {
        /* already gone */
      }
      const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
      if (timedOut) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        await exited;
      }
    } finally {
      child.unref();
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Probes

async function probeNats(port: number, jetstream: boolean): Promise<void> {
  const nc = await natsConnect({ servers: `127.0.0.1:${port}`, timeout: PROBE_TIMEOUT_MS, reconnect: false });
  try {
    if (jetstream) {
      const jsm = await jetstreamManager(nc, { timeout: PROBE_TIMEOUT_MS });
      await jsm.getAccountInfo();
    }
  } finally {
    await nc.close().catch(() => {});
  }
}

async function probeRedis(port: number): Promise<void> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
  } finally {
    client.disconnect();
  }
}

async function probePostgres(port: number): Promise<void> {
  const client = new PgClient({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------------
// Factories

async function launch(spec: ServerSpec): Promise<PrivateServer> {
  const server = new ManagedServer(spec);
  try {
    await server.start();
  } catch (err) {
    await server.kill().catch(() => {});
    // Keep the dir when debugging a failed start is wanted: CADRE_KEEP_PRIVATE_SERVERS=1.
    if (process.env.CADRE_KEEP_PRIVATE_SERVERS !== '1') removeTempDir(spec.dir);
    throw err;
  }
  return server;
}

/** A NATS server on a free port; with JetStream (default) its store dir survives stop()/start(). */
export async function startPrivateNats(options: { jetstream?: boolean } = {}): Promise<PrivateServer> {
  const jetstream = options.jetstream ?? true;
  const command = requireBinary('nats-server', 'NATS', 'nats-server');
  const port = await freePort();
  const dir = makeTempDir('cadre-nats-');
  const args = ['-a', '127.0.0.1', '-p', String(port)];
  if (jetstream) args.push('-js', '-sd', path.join(dir, 'store'));
  return launch({
    name: 'NATS',
    url: `nats://127.0.0.1:${port}`,
    port,
    dir,
    logFile: path.join(dir, 'nats.log'),
    command,
    args,
    owner: null,
    stopSignal: 'SIGTERM',
    exitSignal: 'SIGKILL',
    probe: () => probeNats(port, jetstream),
  });
}

/** A Redis server on a free port: no persistence, maxmemory-policy noeviction (as BullMQ needs). */
export async function startPrivateRedis(): Promise<PrivateServer> {
  const command = requireBinary('redis-server', 'Redis', 'redis-server');
  const port = await freePort();
  const dir = makeTempDir('cadre-redis-');
  return launch({
    name: 'Redis',
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    logFile: path.join(dir, 'redis.log'),
    command,
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
      '--daemonize',
      'no',
    ],
    owner: null,
    stopSignal: 'SIGTERM',
    exitSignal: 'SIGKILL',
    probe: () => probeRedis(port),
  });
}

/**
 * A PostgreSQL server on a free port, initdb'd in a temp dir (as the postgres OS user when running as
 * root), trust auth, fsync off. Superuser `postgres`, database `postgres`.
 * stop() is a "fast" shutdown (SIGINT: sessions are ended, nothing is lost) — SIGTERM would be Postgres'
 * "smart" mode, which waits for every client to disconnect.
 */
export async function startPrivatePostgres(): Promise<PrivateServer> {
  const bins = postgresBinaries();
  const owner = postgresOwner();
  const port = await freePort();
  const dir = makeTempDir('cadre-pg-');
  const dataDir = path.join(dir, 'data');
  const initLog = path.join(dir, 'initdb.log');
  try {
    if (owner) fs.chownSync(dir, owner.uid, owner.gid);
    const code = await new Promise<number>((resolve) => {
      const out = fs.openSync(initLog, 'a');
      const child = spawn(
        bins.initdb,
        ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
        {
          cwd: dir,
          stdio: ['ignore', out, out],
          ...(owner ?? {}),
        },
      );
      fs.closeSync(out);
      child.once('error', (err) => {
        fs.appendFileSync(initLog, `\nspawn failed: ${err.message}\n`);
        resolve(-1);
      });
      child.once('exit', (c) => resolve(c ?? -1));
    });
    if (code !== 0) {
      throw new Error(
        `private PostgreSQL: initdb failed (exit ${code}): ${bins.initdb} -D ${dataDir}\n--- ${initLog}\n${tail(initLog)}`,
      );
    }
  } catch (err) {
    if (process.env.CADRE_KEEP_PRIVATE_SERVERS !== '1') removeTempDir(dir);
    throw err;
  }
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir.length < 90 ? dir : '',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '32MB',
    max_connections: '100',
  };
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [key, value] of Object.entries(settings)) args.push('-c', `${key}=${value}`);
  return launch({
    name: 'PostgreSQL',
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    logFile: path.join(dir, 'postgres.log'),
    command: bins.postgres,
    args,
    owner,
    stopSignal: 'SIGINT',
    exitSignal: 'SIGQUIT', // immediate shutdown: ends its backends and frees shared memory
    probe: () => probePostgres(port),
    extraLogs: [initLog],
  });
}
