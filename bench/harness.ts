import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropNamespace, eventually, freePort, portVariable, testEnv, testNamespace } from '@cadre/testing';

const ROOT = path.resolve(__dirname, '..');

export interface Stack {
  namespace: string;
  base: string;
  ports: Record<string, number>;
  /** Where the services' logs are (BENCH_LOG_LEVEL=info for more than warnings), and CPU profiles with BENCH_CPU_PROF=1. */
  logDir: string;
  /** CPU time (user + system, ms) each app's process has used so far. */
  cpuMs(): Record<string, number>;
  /** Process id of each app. */
  pids: Record<string, number>;
  /** Resident memory of each app's process now and its peak so far (MiB, from /proc). */
  memory(): Record<string, { rssMiB: number; peakRssMiB: number }>;
  stop(): Promise<void>;
}

/** The built services as separate processes (as production runs them) in a namespace of their own. */
export async function startStack(apps: string[], env: Record<string, string> = {}): Promise<Stack> {
  const namespace = `bench${testNamespace().slice(1)}`;
  const ports: Record<string, number> = {};
  const children: ChildProcess[] = [];
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-'));
  for (const app of apps) {
    ports[app] = await freePort();
    const portVar = portVariable(app);
    const log = fs.openSync(path.join(logDir, `${app}.log`), 'w');
    const profile = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`, `--cpu-prof-name=${app}.cpuprofile`]
      : [];
    children.push(
      spawn(process.execPath, [...profile, `dist/apps/${app}/main.js`], {
        cwd: ROOT,
        env: {
          ...process.env,
          ...testEnv(namespace),
          LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
          RATE_LIMIT_PER_MINUTE: '100000000',
          [portVar]: String(ports[app]),
          ...env,
        },
        stdio: ['ignore', log, log],
      }),
    );
  }
  for (const app of apps) {
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${ports[app]}/health/ready`)).ok,
      60_000,
      `${app} ready (logs in ${logDir})`,
    );
  }
  return {
    namespace,
    base: `http://127.0.0.1:${ports.gateway}/api/v1`,
    logDir,
    ports,
    cpuMs: () => Object.fromEntries(apps.map((app, i) => [app, processCpuMs(children[i].pid)])),
    pids: Object.fromEntries(apps.map((app, i) => [app, children[i].pid ?? 0])),
    memory: () => Object.fromEntries(apps.map((app, i) => [app, processMemory(children[i].pid)])),
    async stop() {
      await Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))));
      await dropNamespace(namespace);
    },
  };
}

/** utime + stime of a process from /proc (Linux), in ms: CPU used whatever else loads the machine. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from after the command name; clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** VmRSS and VmHWM (the peak resident set the kernel has seen) of a process, in MiB (Linux). */
export function processMemory(pid: number | undefined): { rssMiB: number; peakRssMiB: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: round(kib('VmRSS') / 1024), peakRssMiB: round(kib('VmHWM') / 1024) };
  } catch {
    return { rssMiB: NaN, peakRssMiB: NaN };
  }
}

/** CPU (ms) of the shared servers — PostgreSQL, NATS, Redis — by name: other users of the machine count too. */
export function serverCpuMs(): Record<string, number> {
  const out: Record<string, number> = { postgres: 0, 'nats-server': 0, 'redis-server': 0 };
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm in out) out[comm] += processCpuMs(Number(pid)) || 0;
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Local TCP ports of the sockets a process holds open (from /proc/<pid>/fd and /proc/net/tcp{,6}). */
function localPorts(pids: number[]): Set<number> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        try {
          const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
          if (m) inodes.add(m[1]);
        } catch {
          // closed meanwhile
        }
      }
    } catch {
      // gone
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f.length > 9 && inodes.has(f[9])) ports.add(parseInt(f[1].split(':')[1], 16));
      }
    } catch {
      // no IPv6
    }
  }
  return ports;
}

/**
 * CPU (ms) of PostgreSQL split by who it works for: the backends serving the given processes' connections
 * (recognized by their client port in the process title), the server's background processes (WAL
 * writer, checkpointer, background writer, autovacuum: shared with anything else using the server),
 * and every other backend (other users of the shared server). A map pid → CPU for `postgresCpuDelta`.
 */
export function postgresSnapshot(pids: number[]): {
  ours: Set<number>;
  background: Set<number>;
  cpu: Map<number, number>;
} {
  const ports = localPorts(pids);
  const ours = new Set<number>();
  const background = new Set<number>();
  const cpu = new Map<number, number>();
  for (const pid of fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const port = /\((\d+)\)/.exec(title)?.[1];
      if (port !== undefined && ports.has(Number(port))) ours.add(pid);
      else if (port === undefined) background.add(pid);
      cpu.set(pid, processCpuMs(pid) || 0);
    } catch {
      // gone meanwhile
    }
  }
  return { ours, background, cpu };
}

/** PostgreSQL's CPU between two snapshots: the bench's backends, the background processes, everyone else. */
export function postgresCpuDelta(
  before: ReturnType<typeof postgresSnapshot>,
  after: ReturnType<typeof postgresSnapshot>,
): Record<string, number> {
  const out = { 'postgres (our backends)': 0, 'postgres (background)': 0, 'postgres (other users)': 0 };
  for (const [pid, ms] of after.cpu) {
    const delta = ms - (before.cpu.get(pid) ?? 0);
    if (after.ours.has(pid) || before.ours.has(pid)) out['postgres (our backends)'] += delta;
    else if (after.background.has(pid)) out['postgres (background)'] += delta;
    else out['postgres (other users)'] += delta;
  }
  return out;
}

export async function api<T = any>(
  base: string,
  method: string,
  url: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function tenantToken(base: string, code: string): Promise<string> {
  const admin = (
    await api(base, 'POST', '/auth/login', undefined, {
      tenant: 'system',
      username: 'admin',
      password: 'system-pass-2026',
    })
  ).body.accessToken;
  await api(base, 'POST', '/tenants', admin, {
    code,
    name: `${code} 组织部`,
    timezone: 'Asia/Shanghai',
    officer: { username: 'officer', password: 'demo-pass-2026' },
  });
  return (
    await api(base, 'POST', '/auth/login', undefined, { tenant: code, username: 'officer', password: 'demo-pass-2026' })
  ).body.accessToken;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times `count` sequential calls of `call` after `warmup` unmeasured ones; milliseconds. */
export async function latencies(
  count: number,
  call: (i: number) => Promise<void>,
  warmup = 20,
): Promise<{ p50: number; p99: number; max: number; n: number }> {
  for (let i = 0; i < warmup; i++) await call(i);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await call(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
    max: round(times[times.length - 1]),
    n: count,
  };
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function writeResults(name: string, results: unknown, table: string): void {
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\n${table}\n\nresults: bench/results/${name}.json\n`);
}

export function machine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}
