#!/usr/bin/env node
// Makes sure PostgreSQL, Redis and NATS (with JetStream) answer at DATABASE_URL, REDIS_URL and NATS_URL.
// 确保数据库、Redis 与 NATS 可用。
//
//   node scripts/infra.mjs [ensure]   probe each server; start what is missing on this machine
//                                     (Docker Compose when an engine runs, else local servers from the
//                                     OS packages under .data/), create the database, wait until it answers
//   node scripts/infra.mjs check      probe only; exit 1 when something does not answer
//   node scripts/infra.mjs stop       stop the local servers this script started under .data/
//
// Never changes the configuration of a server that already runs. A server on another host is only probed.
// Also used as a library: `await ensureInfrastructure({ log })` (throws when something is not available).
//
// Environment: DATABASE_URL, REDIS_URL, NATS_URL (see CONTRACT.md); CADRE_INFRA_TIMEOUT (seconds to wait
// for a started server, default 60); CADRE_INSTALL_PACKAGES=1 (or CI=true) lets root install missing
// Debian packages with apt-get.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import binaries from './binaries.cjs';

const { findBinary, findPostgresBinaries, osUser } = binaries;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, '.data');
const rel = (p) => (p.startsWith(ROOT + path.sep) ? path.relative(ROOT, p) : p);

const DEFAULT_URLS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cadre',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NATS_URL: 'nats://127.0.0.1:4222',
};
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);
const PACKAGES = { postgres: 'postgresql', redis: 'redis-server', nats: 'nats-server' };
const PROBE_TIMEOUT_MS = 3000;

class InfraError extends Error {
  constructor(lines) {
    const list = Array.isArray(lines) ? lines : [lines];
    super(list.join('\n'));
    this.name = 'InfraError';
    this.lines = list;
  }
}

// ---------------------------------------------------------------------------------------------------
// Targets

function parseTargets(env = process.env) {
  const specs = [
    {
      key: 'postgres',
      name: 'PostgreSQL',
      variable: 'DATABASE_URL',
      protocols: ['postgres:', 'postgresql:'],
      defaultPort: 5432,
    },
    { key: 'redis', name: 'Redis', variable: 'REDIS_URL', protocols: ['redis:', 'rediss:'], defaultPort: 6379 },
    { key: 'nats', name: 'NATS', variable: 'NATS_URL', protocols: ['nats:', 'tls:'], defaultPort: 4222 },
  ];
  return specs.map((spec) => {
    const raw = (env[spec.variable] || DEFAULT_URLS[spec.variable]).trim();
    // NATS_URL may list several servers; the first one decides where it runs.
    const first = spec.key === 'nats' ? raw.split(',')[0].trim() : raw;
    let url;
    try {
      url = new URL(first.includes('://') ? first : `nats://${first}`);
    } catch {
      throw new InfraError(`✗ ${spec.variable} is not a valid URL: ${JSON.stringify(raw)}`);
    }
    if (!spec.protocols.includes(url.protocol)) {
      throw new InfraError(
        `✗ ${spec.variable} must start with ${spec.protocols.map((p) => p + '//').join(' or ')} (got ${url.protocol}//)`,
      );
    }
    const port = Number(url.port || spec.defaultPort);
    const host = url.hostname;
    const bare = host.replace(/^\[|\]$/g, '');
    return {
      ...spec,
      raw,
      url,
      host: bare,
      port,
      where: `${host}:${port}`,
      local: LOCAL_HOSTS.has(host) || LOCAL_HOSTS.has(bare),
      user: decodeURIComponent(url.username || ''),
      password: decodeURIComponent(url.password || ''),
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Probes. Each answers { ok, down, detail, error, warnings }: `down` means nothing answers at the address
// (worth starting something); ok:false with down:false means a server answers but is not usable as is.

const DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ENOENT',
  '57P03',
]);

function isDownError(err) {
  if (!err) return false;
  if (DOWN_CODES.has(err.code)) return true;
  if (Array.isArray(err.errors) && err.errors.some(isDownError)) return true; // AggregateError (v4 + v6)
  const msg = String(err.message || err);
  return (
    /ECONNREFUSED|ECONNRESET|timeout|timed out|Connection terminated|Connection is closed|connection refused|starting up|shutting down|closed connection/i.test(
      msg,
    ) || (err.cause ? isDownError(err.cause) : false)
  );
}

function errorText(err) {
  if (!err) return 'unknown error';
  if (Array.isArray(err.errors) && err.errors.length) return errorText(err.errors[0]);
  const msg = String(err.message || err).split('\n')[0];
  return err.code && !msg.includes(err.code) ? `${msg} (${err.code})` : msg;
}

async function importModule(name) {
  try {
    return await import(name);
  } catch (err) {
    throw new InfraError(`✗ cannot load the npm package ${name} (${errorText(err)}) — run npm ci first`);
  }
}

function quoteIdent(name) {
  return '"' + name.replace(/"/g, '""') + '"';
}

async function probePostgres(t, { createDatabase }) {
  const pg = await importModule('pg');
  const Client = pg.Client ?? pg.default.Client;
  const database = decodeURIComponent(t.url.pathname.replace(/^\//, '')) || t.user || os.userInfo().username;
  const connect = async (db) => {
    const u = new URL(t.url.href);
    u.pathname = '/' + encodeURIComponent(db);
    const client = new Client({ connectionString: u.href, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  let client;
  try {
    try {
      client = await connect('postgres');
    } catch (err) {
      if (err.code !== '3D000') throw err; // no "postgres" database: use template1 instead
      client = await connect('template1');
    }
    await client.query('select 1');
    const { rows } = await client.query(
      "select current_setting('server_version') as v, exists(select 1 from pg_database where datname = $1) as has_db",
      [database],
    );
    const version = String(rows[0].v).split(' ')[0];
    if (!rows[0].has_db) {
      if (!createDatabase) {
        return {
          ok: false,
          down: false,
          error: `answers (${version}) but database "${database}" does not exist — run: node scripts/infra.mjs ensure`,
        };
      }
      try {
        await client.query(`create database ${quoteIdent(database)}`);
      } catch (err) {
        // Another process created it between our check and our CREATE: fine.
        if (err.code !== '42P04' && err.code !== '23505') {
          return {
            ok: false,
            down: false,
            error: `answers (${version}) but could not create database "${database}": ${errorText(err)}`,
          };
        }
      }
      return { ok: true, detail: `${version}, database ${database} created` };
    }
    return { ok: true, detail: `${version}, database ${database}` };
  } catch (err) {
    const auth = ['28P01', '28000'].includes(err.code) || /password|SASL|authentication/i.test(String(err.message));
    const hint = auth
      ? ' — the server wants a password: put it in DATABASE_URL (postgres://user:password@host:port/db) or allow trust auth for this host in pg_hba.conf'
      : '';
    return { ok: false, down: !auth && isDownError(err), error: errorText(err) + hint };
  } finally {
    if (client) await client.end().catch(() => {});
  }
}

async function probeRedis(t) {
  const mod = await importModule('ioredis');
  const Redis = mod.default?.default ?? mod.default ?? mod.Redis;
  const client = new Redis(t.url.href, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    const info = await client.info('server');
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '?';
    const warnings = [];
    try {
      const [, policy] = await client.config('GET', 'maxmemory-policy');
      if (policy && policy !== 'noeviction') {
        warnings.push(
          `⚠ Redis ${t.where} has maxmemory-policy=${policy}; BullMQ needs noeviction or queued jobs can be evicted (内存淘汰策略应为 noeviction). Not changed by this script.`,
        );
      }
    } catch (err) {
      warnings.push(
        `⚠ Redis ${t.where}: could not read maxmemory-policy (${errorText(err)}); BullMQ needs noeviction.`,
      );
    }
    return { ok: true, detail: version, warnings };
  } catch (err) {
    return { ok: false, down: isDownError(err), error: errorText(err) };
  } finally {
    client.disconnect();
  }
}

function natsConnectOptions(t) {
  const servers = t.raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const u = new URL(s.includes('://') ? s : `nats://${s}`);
      return `${u.hostname}:${u.port || 4222}`;
    });
  const opts = { servers, timeout: PROBE_TIMEOUT_MS, reconnect: false, maxReconnectAttempts: 0 };
  if (t.user && t.password) Object.assign(opts, { user: t.user, pass: t.password });
  else if (t.user) opts.token = t.user;
  if (t.url.protocol === 'tls:') opts.tls = {};
  return opts;
}

async function probeNats(t) {
  const transport = await importModule('@nats-io/transport-node');
  const js = await importModule('@nats-io/jetstream');
  const connect = transport.connect ?? transport.default.connect;
  const jetstreamManager = js.jetstreamManager ?? js.default.jetstreamManager;
  let nc;
  try {
    nc = await connect(natsConnectOptions(t));
  } catch (err) {
    return { ok: false, down: !/auth/i.test(String(err?.message)), error: errorText(err) };
  }
  try {
    const version = nc.info?.version ?? '?';
    try {
      const jsm = await jetstreamManager(nc, { timeout: PROBE_TIMEOUT_MS });
      await jsm.getAccountInfo();
    } catch (err) {
      return {
        ok: false,
        down: false,
        error: `answers (${version}) but JetStream is not enabled (${errorText(err)}) — run nats-server with -js (or "jetstream {}" in its config) (需要启用 JetStream)`,
      };
    }
    return { ok: true, detail: `${version}, JetStream on` };
  } finally {
    await nc.close().catch(() => {});
  }
}

function probe(t, options = {}) {
  if (t.key === 'postgres') return probePostgres(t, { createDatabase: options.createDatabase ?? true });
  if (t.key === 'redis') return probeRedis(t);
  return probeNats(t);
}

// ---------------------------------------------------------------------------------------------------
// Finding and starting local servers

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function debianClusters() {
  if (!findBinary('pg_lsclusters')) return [];
  const r = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 6)
    .map((f) => ({
      version: f[0],
      name: f[1],
      port: Number(f[2]),
      status: f[3],
      owner: f[4],
      dataDir: f[5],
      logFile: f[6],
    }));
}

function tail(file, lines = 15) {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => '    ' + l)
      .join('\n');
  } catch {
    return '';
  }
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, ...options });
  const output = `${r.stdout || ''}${r.stderr || ''}`.trim();
  return { ok: r.status === 0 && !r.error, status: r.status, output: r.error ? errorText(r.error) : output };
}

function listenAddress(t) {
  return t.host === 'localhost' ? '127.0.0.1' : t.host === '0.0.0.0' ? '127.0.0.1' : t.host;
}

// Each starter answers { tried, logFile, alive?() } or throws InfraError.
function startPostgres(t, log) {
  const cluster = debianClusters().find((c) => c.port === t.port);
  if (cluster) {
    const cmd = ['pg_ctlcluster', cluster.version, cluster.name, 'start'];
    log(`  starting the Debian cluster: ${cmd.join(' ')}`);
    const r = run(cmd[0], cmd.slice(1));
    if (!r.ok && !/already running/i.test(r.output)) {
      throw new InfraError([
        `✗ PostgreSQL ${t.where}: \`${cmd.join(' ')}\` failed: ${r.output.split('\n').slice(-3).join(' ')}`,
        `  read ${cluster.logFile || '/var/log/postgresql/'}`,
      ]);
    }
    return { tried: cmd.join(' '), logFile: cluster.logFile };
  }

  const bins = findPostgresBinaries();
  if (!bins) throw new InfraError(`✗ PostgreSQL: initdb/pg_ctl not found`);
  let owner = null; // run as another OS user: Postgres refuses to run as root
  if (isRoot()) {
    owner = osUser('postgres');
    if (!owner) {
      throw new InfraError(
        `✗ PostgreSQL ${t.where}: refuses to run as root and there is no "postgres" OS user — create one (useradd --system postgres) or run as a normal user`,
      );
    }
  }
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  let dataDir = path.join(DATA, 'postgres');
  const logFile = path.join(DATA, 'postgres.log');
  fs.mkdirSync(DATA, { recursive: true });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (owner) {
      fs.chownSync(dataDir, owner.uid, owner.gid);
      // The repository may sit where the postgres user cannot reach (e.g. under /root): use /var/tmp then.
      if (!run('sh', ['-c', 'cd "$1" && test -w .', 'sh', dataDir], asOwner).ok) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        dataDir = path.join(os.tmpdir() === '/tmp' ? '/var/tmp' : os.tmpdir(), `cadre-postgres-${t.port}`);
        log(`  the postgres OS user cannot reach ${rel(DATA)}; using ${dataDir}`);
        fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        fs.chownSync(dataDir, owner.uid, owner.gid);
      }
    }
  }
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`  initdb ${rel(dataDir)} (trust auth on ${listenAddress(t)})`);
    const r = run(
      bins.initdb,
      ['-D', dataDir, '-U', t.user || 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'],
      { ...asOwner, cwd: dataDir },
    );
    fs.writeFileSync(logFile, r.output + '\n');
    if (!r.ok) {
      throw new InfraError([
        `✗ PostgreSQL ${t.where}: initdb ${rel(dataDir)} failed; read ${rel(logFile)}`,
        tail(logFile, 8),
      ]);
    }
    // TCP only: no Unix socket path that could be too long or collide with the system cluster.
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      "\n# cadre (scripts/infra.mjs)\nunix_socket_directories = ''\n",
    );
  }
  if (owner) {
    // The log is written by the server (as postgres).
    if (!fs.existsSync(logFile)) fs.writeFileSync(logFile, '');
    fs.chownSync(logFile, owner.uid, owner.gid);
  }
  const listen = t.host === 'localhost' ? 'localhost' : listenAddress(t);
  const args = ['-D', dataDir, '-l', logFile, '-W', '-o', `-p ${t.port} -c listen_addresses='${listen}'`, 'start'];
  log(`  pg_ctl start -D ${rel(dataDir)} (port ${t.port})`);
  const r = run(bins.pgCtl, args, { ...asOwner, cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  if (!r.ok) {
    throw new InfraError([
      `✗ PostgreSQL ${t.where}: pg_ctl start failed: ${r.output}; read ${rel(logFile)}`,
      tail(logFile, 8),
    ]);
  }
  const started = Date.now();
  return {
    tried: `pg_ctl start -D ${rel(dataDir)}`,
    logFile,
    ours: true,
    // The postmaster removes postmaster.pid when it exits; give it a moment to write it first.
    alive: () => Date.now() - started < 3000 || fs.existsSync(path.join(dataDir, 'postmaster.pid')),
  };
}

function startRedis(t, log) {
  const bin = findBinary('redis-server');
  const dir = path.join(DATA, 'redis');
  const logFile = path.join(DATA, 'redis.log');
  const pidFile = path.join(DATA, 'redis.pid');
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(pidFile, { force: true }); // nothing answers on the port: a pid file left is stale
  const bind = t.host === 'localhost' ? ['127.0.0.1', '-::1'] : [listenAddress(t)];
  const args = [
    '--daemonize',
    'yes',
    '--bind',
    ...bind,
    '--port',
    String(t.port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
    '--dir',
    dir,
    '--logfile',
    logFile,
    '--pidfile',
    pidFile,
  ];
  if (t.password) args.push('--requirepass', t.password);
  log(`  redis-server --daemonize yes --port ${t.port} (logs: ${rel(logFile)})`);
  const r = run(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
  if (!r.ok) {
    throw new InfraError([
      `✗ Redis ${t.where}: redis-server failed to start: ${r.output}; read ${rel(logFile)}`,
      tail(logFile, 8),
    ]);
  }
  const started = Date.now();
  // A daemonized redis-server writes its pid file once it listens; it exits without one when it cannot.
  return {
    tried: `redis-server --daemonize yes --port ${t.port}`,
    logFile,
    ours: true,
    alive: () => Date.now() - started < 3000 || fs.existsSync(pidFile),
  };
}

function startNats(t, log) {
  const bin = findBinary('nats-server');
  const storeDir = path.join(DATA, 'nats');
  const logFile = path.join(DATA, 'nats.log');
  fs.mkdirSync(storeDir, { recursive: true });
  const args = [
    '-js',
    '-a',
    listenAddress(t),
    '-p',
    String(t.port),
    '-sd',
    storeDir,
    '-P',
    path.join(DATA, 'nats.pid'),
  ];
  if (t.user && t.password) args.push('--user', t.user, '--pass', t.password);
  else if (t.user) args.push('--auth', t.user);
  log(`  nats-server -js -p ${t.port} -sd ${rel(storeDir)} (logs: ${rel(logFile)})`);
  const out = fs.openSync(logFile, 'a');
  let exited = null;
  const child = spawn(bin, args, { cwd: ROOT, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  child.on('error', (err) => {
    exited = errorText(err);
  });
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.unref();
  return {
    tried: `nats-server -js -p ${t.port} -sd ${rel(storeDir)}`,
    logFile,
    ours: true,
    alive: () => exited === null,
  };
}

const STARTERS = { postgres: startPostgres, redis: startRedis, nats: startNats };

function installHint(keys) {
  const pkgs = keys.map((k) => PACKAGES[k]).join(' ');
  const lines = [`  install the missing servers (安装缺少的服务): sudo apt-get install -y ${pkgs}`];
  if (process.platform === 'darwin') {
    lines.push(
      `  (macOS: brew install ${keys.map((k) => ({ postgres: 'postgresql', redis: 'redis', nats: 'nats-server' })[k]).join(' ')})`,
    );
  }
  lines.push('  or re-run as root with CADRE_INSTALL_PACKAGES=1 to let this script install them,');
  lines.push(
    '  or start a Docker engine (docker compose is used then), or point the *_URL variables at running servers.',
  );
  return lines;
}

function missingBinaries(keys) {
  return keys.filter((k) => {
    if (k === 'postgres') return !findPostgresBinaries();
    if (k === 'redis') return !findBinary('redis-server');
    return !findBinary('nats-server');
  });
}

// Answers the keys whose packages it installed.
function maybeInstall(keys, log) {
  const missing = missingBinaries(keys);
  if (!missing.length) return [];
  const allowed =
    isRoot() && findBinary('apt-get') && (process.env.CI === 'true' || process.env.CADRE_INSTALL_PACKAGES === '1');
  if (!allowed) {
    throw new InfraError([
      `✗ not found on this machine: ${missing.map((k) => (k === 'postgres' ? 'postgres/initdb/pg_ctl' : k + '-server')).join(', ')}`,
      ...installHint(missing),
    ]);
  }
  const pkgs = missing.map((k) => PACKAGES[k]);
  log(`  installing Debian packages: ${pkgs.join(' ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env })
      : update;
  if (install.status !== 0) throw new InfraError([`✗ apt-get install -y ${pkgs.join(' ')} failed (see output above)`]);
  const still = missingBinaries(missing);
  if (still.length)
    throw new InfraError([`✗ still not found after installing: ${still.join(', ')}`, ...installHint(still)]);
  return missing;
}

// A cluster the postgresql package created just now asks TCP clients for a password (scram); the
// default DATABASE_URL has none. Only for such a fresh cluster: trust loopback connections.
function trustLoopback(cluster, log) {
  const hba = `/etc/postgresql/${cluster.version}/${cluster.name}/pg_hba.conf`;
  let text;
  try {
    text = fs.readFileSync(hba, 'utf8');
  } catch {
    return;
  }
  if (text.includes('# cadre: trust loopback')) return;
  const lines =
    '# cadre: trust loopback (added by scripts/infra.mjs right after installing postgresql)\n' +
    'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n';
  fs.writeFileSync(hba, lines + text);
  log(`  fresh cluster ${cluster.version}/${cluster.name}: trust auth for 127.0.0.1 and ::1 (${hba})`);
  if (cluster.status === 'online') run('pg_ctlcluster', [cluster.version, cluster.name, 'reload']);
}

async function waitFor(t, { alive, deadline, write, createDatabase }) {
  let last = { ok: false, down: true, error: 'no answer yet' };
  let dots = 0;
  while (Date.now() < deadline) {
    last = await probe(t, { createDatabase });
    if (last.ok || !last.down) return last;
    if (alive && !alive()) return { ...last, exited: true };
    if (dots++ % 2 === 0) write('.');
    await new Promise((r) => setTimeout(r, 500));
  }
  return { ...last, timedOut: true };
}

// ---------------------------------------------------------------------------------------------------
// Public API

function okLine(t, res) {
  return `✓ ${t.name.padEnd(10)} ${t.where} (${res.detail})`;
}

function parseTargetsOrLog(env, log) {
  try {
    return parseTargets(env);
  } catch (err) {
    (err.lines ?? [err.message]).forEach((l) => log(l));
    throw err;
  }
}

export async function checkInfrastructure({ log = console.log, env = process.env } = {}) {
  const targets = parseTargetsOrLog(env, log);
  const results = await Promise.all(targets.map((t) => probe(t, { createDatabase: false })));
  const failures = [];
  targets.forEach((t, i) => {
    const res = results[i];
    if (res.ok) {
      log(okLine(t, res));
      for (const w of res.warnings ?? []) log(w);
    } else {
      const hint = res.down ? (t.local ? ' — run: node scripts/infra.mjs ensure' : ` — check ${t.variable}`) : '';
      const line = `✗ ${t.name.padEnd(10)} ${t.where} ${res.down ? 'does not answer' : 'is not usable'}: ${res.error}${hint}`;
      log(line);
      failures.push(line);
    }
  });
  if (failures.length) throw new InfraError(failures);
  return targets.map((t) => ({ name: t.key, where: t.where }));
}

export async function ensureInfrastructure({ log = console.log, env = process.env, write } = {}) {
  const progress = write ?? (log === console.log ? (s) => process.stdout.write(s) : () => {});
  const timeoutMs = Number(env.CADRE_INFRA_TIMEOUT || 60) * 1000;
  const targets = parseTargetsOrLog(env, log);
  const results = await Promise.all(targets.map((t) => probe(t)));

  const failures = [];
  const toStart = [];
  targets.forEach((t, i) => {
    const res = results[i];
    if (res.ok) return;
    if (!res.down) failures.push(`✗ ${t.name} ${t.where} answers but is not usable: ${res.error}`);
    else if (!t.local)
      failures.push(
        `✗ ${t.name} ${t.where} does not answer (${res.error}); it is not on this machine, so nothing was started — check ${t.variable} (无法连接)`,
      );
    else toStart.push(t);
  });
  if (failures.length) {
    failures.forEach((l) => log(l));
    throw new InfraError(failures);
  }

  const how = new Map(); // key -> { tried, logFile, alive }
  if (toStart.length) {
    log(`… not answering on this machine: ${toStart.map((t) => `${t.name} ${t.where}`).join(', ')} (正在启动)`);
    // docker-compose.yml publishes each server on its default port: Compose serves only those URLs.
    const docker =
      findBinary('docker') && spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 15_000 }).status === 0;
    const viaCompose = docker ? toStart.filter((t) => t.port === t.defaultPort) : [];
    const viaLocal = toStart.filter((t) => !viaCompose.includes(t));
    if (viaCompose.length) {
      const services = viaCompose.map((t) => t.key);
      log(`  docker compose up -d ${services.join(' ')}`);
      const r = spawnSync('docker', ['compose', 'up', '-d', ...services], { cwd: ROOT, stdio: 'inherit' });
      if (r.status !== 0) {
        const line = `✗ docker compose up -d ${services.join(' ')} failed (see output above)`;
        log(line);
        throw new InfraError(line);
      }
      for (const t of viaCompose)
        how.set(t.key, { tried: `docker compose up -d ${t.key}`, logFile: null, compose: true });
    }
    if (viaLocal.length) {
      let installed;
      try {
        installed = maybeInstall(
          viaLocal.map((t) => t.key),
          log,
        );
      } catch (err) {
        (err.lines ?? [err.message]).forEach((l) => log(l));
        throw err;
      }
      for (const t of viaLocal) {
        if (t.key === 'postgres' && installed.includes('postgres')) {
          const cluster = debianClusters().find((c) => c.port === t.port);
          if (cluster) trustLoopback(cluster, log);
        }
        // The package installation may have started the server already.
        const again = await probe(t);
        if (again.ok) {
          results[targets.indexOf(t)] = again;
          continue;
        }
        if (!again.down) {
          const line = `✗ ${t.name} ${t.where} answers but is not usable: ${again.error}`;
          log(line);
          throw new InfraError(line);
        }
        try {
          how.set(t.key, STARTERS[t.key](t, log));
        } catch (err) {
          (err.lines ?? [err.message]).forEach((l) => log(l));
          throw err;
        }
      }
    }

    const deadline = Date.now() + timeoutMs;
    for (const t of toStart) {
      const h = how.get(t.key);
      if (!h) continue;
      progress(`  waiting for ${t.name} ${t.where} `);
      const res = await waitFor(t, { alive: h.alive, deadline, write: progress });
      progress(res.ok ? ' ok\n' : ' failed\n');
      results[targets.indexOf(t)] = res;
      if (!res.ok) {
        const why = res.exited
          ? 'the server exited'
          : res.timedOut
            ? `no answer within ${timeoutMs / 1000}s`
            : 'answers but is not usable';
        const lines = [`✗ ${t.name} ${t.where}: ${why} (last probe: ${res.error}). Tried: ${h.tried}.`];
        if (h.logFile) {
          lines.push(`  read ${rel(h.logFile)}:`);
          const tl = tail(h.logFile, 10);
          if (tl) lines.push(tl);
        } else if (h.compose) {
          lines.push(`  read: docker compose logs ${t.key}`);
        }
        lines.forEach((l) => log(l));
        throw new InfraError(lines);
      }
    }
  }

  targets.forEach((t, i) => {
    const h = how.get(t.key);
    const note =
      h && !h.compose
        ? ` — started here, logs in ${rel(h.logFile)}`
        : h?.compose
          ? ' — started with docker compose'
          : '';
    log(okLine(t, results[i]) + note);
    for (const w of results[i].warnings ?? []) log(w);
  });
  if ([...how.values()].some((h) => h.ours)) log('  (stop them with: node scripts/infra.mjs stop)');
  return targets.map((t) => ({ name: t.key, where: t.where, started: how.has(t.key) }));
}

// Stops what this script started under .data/ (never a Debian cluster, Docker container or other server).
export async function stopLocalServers({ log = console.log } = {}) {
  let stopped = 0;
  const pgData = [
    path.join(DATA, 'postgres'),
    ...(() => {
      try {
        const base = os.tmpdir() === '/tmp' ? '/var/tmp' : os.tmpdir();
        return fs
          .readdirSync(base)
          .filter((n) => n.startsWith('cadre-postgres-'))
          .map((n) => path.join(base, n));
      } catch {
        return [];
      }
    })(),
  ];
  for (const dir of pgData) {
    if (!fs.existsSync(path.join(dir, 'postmaster.pid'))) continue;
    const bins = findPostgresBinaries();
    const owner = isRoot() ? osUser('postgres') : null;
    const r = bins && run(bins.pgCtl, ['-D', dir, '-m', 'fast', '-w', 'stop'], { ...(owner ?? {}), cwd: dir });
    log(
      r?.ok
        ? `✓ stopped PostgreSQL (${rel(dir)})`
        : `✗ could not stop PostgreSQL (${rel(dir)}): ${r?.output ?? 'pg_ctl not found'}`,
    );
    if (r?.ok) stopped++;
  }
  for (const [name, pidFile] of [
    ['Redis', path.join(DATA, 'redis.pid')],
    ['NATS', path.join(DATA, 'nats.pid')],
  ]) {
    let pid;
    try {
      pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    } catch {
      continue;
    }
    try {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 100; i++) {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 100));
      }
      log(`✗ ${name} (pid ${pid}) did not stop within 10s`);
    } catch (err) {
      if (err.code === 'ESRCH') {
        log(`✓ stopped ${name} (pid ${pid})`);
        stopped++;
      } else log(`✗ could not stop ${name} (pid ${pid}): ${errorText(err)}`);
    }
    fs.rmSync(pidFile, { force: true });
  }
  if (!stopped) log('nothing to stop (no server started by scripts/infra.mjs runs)');
}

// ---------------------------------------------------------------------------------------------------
// CLI

async function main(argv) {
  const command = argv[0] ?? 'ensure';
  try {
    if (command === 'ensure') await ensureInfrastructure();
    else if (command === 'check') await checkInfrastructure();
    else if (command === 'stop') await stopLocalServers();
    else {
      console.error(`usage: node scripts/infra.mjs [ensure|check|stop]`);
      return 2;
    }
    return 0;
  } catch (err) {
    // Lines were already printed where they were found; print anything unexpected.
    if (!(err instanceof InfraError)) console.error(`✗ ${err?.stack ?? err}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
