import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  dropNamespace,
  eventually,
  freePort,
  portVariable,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  TEST_REDIS_URL,
  testEnv,
  testNamespace,
} from '@cadre/testing';

const ROOT = path.resolve(__dirname, '../../..');

export const APPS = ['roster', 'checklists', 'appraisal', 'review', 'analytics', 'gateway'] as const;
export type App = (typeof APPS)[number];

export interface ServerUrls {
  database: string;
  redis: string;
  nats: string;
}

/**
 * The built services (dist/apps/<app>/main.js) as separate processes, as production runs them, in a
 * namespace of their own — each one can be SIGKILLed and started again on the same port. Like
 * bench/harness.ts startStack, plus kill/restart and servers of the test's choosing (private ones for
 * the server restarts). The gateway has a fixed JWT secret, so tokens outlive its restarts.
 */
export class FaultStack {
  readonly namespace = `f${testNamespace().slice(1)}`;
  readonly logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-faults-'));
  /** HTTP port by app, or by replica name (`analytics-2`) for extra replicas. */
  readonly ports = {} as Record<string, number>;
  private readonly children = new Map<string, ChildProcess>();
  private readonly starts = new Map<string, number>();

  constructor(
    readonly urls: ServerUrls = { database: TEST_DATABASE_URL, redis: TEST_REDIS_URL, nats: TEST_NATS_URL },
    private readonly env: Record<string, string> = {},
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.ports.gateway}/api/v1`;
  }

  /** Starts every app (the services first, so the gateway finds them), each ready before the next. */
  async start(apps: readonly App[] = APPS): Promise<void> {
    for (const app of apps) this.ports[app] ??= await freePort();
    // Migrations run under an advisory lock: starting them all at once is safe, and faster.
    await Promise.all(apps.filter((a) => a !== 'gateway').map((a) => this.startApp(a)));
    if (apps.includes('gateway')) await this.startApp('gateway');
  }

  /**
   * Starts an app; with `replica` (e.g. "analytics-2") an extra process of it, known by that name
   * to kill()/restart()/pid() — its own HTTP port, the same queues, consumers and database.
   */
  async startApp(app: App, extraEnv: Record<string, string> = {}, replica: string = app): Promise<void> {
    const name = replica;
    if (this.children.has(name)) throw new Error(`${name} is running`);
    this.ports[name] ??= await freePort();
    const n = (this.starts.get(name) ?? 0) + 1;
    this.starts.set(name, n);
    const log = fs.openSync(path.join(this.logDir, `${name}.${n}.log`), 'w');
    const child = spawn(process.execPath, [`dist/apps/${app}/main.js`], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ...testEnv(this.namespace),
        DATABASE_URL: this.urls.database,
        REDIS_URL: this.urls.redis,
        NATS_URL: this.urls.nats,
        LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
        RATE_LIMIT_PER_MINUTE: '100000000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
        JWT_SECRET: 'fault-tests-jwt-secret-0123456789abcdef',
        RPC_TIMEOUT_MS: '3000',
        RECOMPUTE_DEBOUNCE_MS: '500',
        RESULTS_DEBOUNCE_MS: '300',
        CYCLE_SWEEP_SECONDS: '2',
        [portVariable(app)]: String(this.ports[name]),
        SERVICE_INSTANCE: name,
        ...this.env,
        ...extraEnv,
      },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.children.set(name, child);
    child.once('exit', () => {
      if (this.children.get(name) === child) this.children.delete(name);
    });
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${this.tail(name)}`);
        return (await fetch(`http://127.0.0.1:${this.ports[name]}/health/ready`).catch(() => null))?.ok === true;
      },
      60_000,
      `${name} ready (logs in ${this.logDir})`,
    );
  }

  pid(name: string): number {
    const pid = this.children.get(name)?.pid;
    if (!pid) throw new Error(`${name} is not running`);
    return pid;
  }

  /** SIGKILL: no drain, no shutdown hooks — whatever was in flight is cut off. */
  async kill(app: string): Promise<void> {
    const child = this.children.get(app);
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async restart(app: App, pauseMs = 0): Promise<void> {
    await this.kill(app);
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    await this.startApp(app);
  }

  running(app: string): boolean {
    return this.children.has(app);
  }

  tail(app: string, lines = 30): string {
    const file = path.join(this.logDir, `${app}.${this.starts.get(app) ?? 1}.log`);
    try {
      return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Stops every app (SIGTERM, SIGKILL after 10 s) and removes the namespace. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.children.values()].map(
        (c) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => (clearTimeout(timer), resolve()));
            c.kill('SIGTERM');
          }),
      ),
    );
    await dropNamespace(this.namespace, this.urls).catch(() => undefined);
    if ((globalThis as { __faultFailed?: boolean }).__faultFailed) this.printLogTails();
    if (process.env.FAULT_KEEP_LOGS !== '1') fs.rmSync(this.logDir, { recursive: true, force: true });
  }

  /**
   * The last lines of every service's logs, warnings and errors first: after a failed run on CI the
   * logs are removed with the clone, and a failure message alone rarely says which service went wrong.
   */
  private printLogTails(lines = 60): void {
    for (const file of fs.readdirSync(this.logDir).sort()) {
      const text = fs.readFileSync(path.join(this.logDir, file), 'utf8').trimEnd().split('\n');
      const notable = text.filter((l) => /"level":(40|50|60)/.test(l)).slice(-20);
      process.stderr.write(
        `\n--- ${file}: ${notable.length} of its warnings and errors, then its last ${lines} lines ---\n` +
          [...notable, '…', ...text.slice(-lines)].join('\n') +
          '\n',
      );
    }
  }
}
