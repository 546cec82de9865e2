import { PrivateServer, startPrivateNats, startPrivatePostgres, startPrivateRedis } from '../support';
import { FaultStack } from './support/fault-stack';
import { debug, statusSummary, unexpectedStatuses, Verifier } from './support/checks';
import { Client, runWorkload, settledRankings } from './support/workload';

/**
 * NATS, PostgreSQL and Redis each restarted while the workload runs — private servers on spare ports
 * that this test starts (the whole stack points at them; the shared servers are never touched).
 * While a server is down the gateway answers 503 (problem+json), never 500; the client retrying with
 * its Idempotency-Key creates nothing twice; the end result equals an undisturbed run's.
 * Redis runs without persistence: its restart loses every queued job, which the services' sweeps
 * must make up for.
 */
describe('NATS, PostgreSQL and Redis restarted during the workload', () => {
  let nats: PrivateServer;
  let redis: PrivateServer;
  let pg: PrivateServer;
  let stack: FaultStack;
  let verify: Verifier;
  let baseline: Record<string, string[]>;

  beforeAll(async () => {
    [nats, redis, pg] = await Promise.all([startPrivateNats(), startPrivateRedis(), startPrivatePostgres()]);
    stack = new FaultStack({ database: pg.url, redis: redis.url, nats: nats.url });
    verify = new Verifier(stack);
    await stack.start();
    await verify.open();
  }, 180_000);

  afterAll(async () => {
    await verify?.close();
    await stack?.stop();
    await Promise.all([nats, redis, pg].map((s) => s?.dispose()));
  });

  it('an undisturbed run gives the reference rankings', async () => {
    const client = new Client(() => stack.base);
    const w = await runWorkload(client, { tenant: 'calm' });
    baseline = await settledRankings(client, w);
    expect(client.calls.filter((c) => c.attempt > 1)).toEqual([]);
    expect(await verify.stored(w)).toEqual(Verifier.expected());
  });

  it('answers 503 while a server is down and ends with the same result', async () => {
    // What the gateway answered to a read and a write made while each server was down.
    const during: Record<string, number[]> = {};
    const outage = async (name: string, server: PrivateServer, token: () => string | undefined) => {
      await server.stop();
      const probe = new Client(() => stack.base, 0); // no retries: the raw answer
      const statuses: number[] = [];
      const deadline = Date.now() + 2_500;
      while (Date.now() < deadline) {
        const t = token();
        const read = await probe.send('GET', '/units', t ?? null).catch(() => ({ status: -1 }));
        const write = await probe
          .send('POST', '/fields', t ?? null, { code: `down-${name}`, name: '停机中' })
          .catch(() => ({ status: -1 }));
        statuses.push(read.status, write.status);
        await new Promise((r) => setTimeout(r, 250));
      }
      during[name] = statuses;
      await server.start();
    };

    let officer: string | undefined;
    const outages: Promise<void>[] = [];
    const plan: Record<string, [string, PrivateServer]> = {
      cadres: ['nats', nats],
      steps: ['postgres', pg],
      ballots: ['redis', redis],
    };
    const client = new Client(() => stack.base);
    const w = await runWorkload(client, {
      tenant: 'storm',
      onPhase: async (phase) => {
        if (phase === 'roster')
          officer = (
            await client.expect(
              'POST',
              '/auth/login',
              null,
              { tenant: 'storm', username: 'officer', password: 'demo-pass-2026' },
              [200],
            )
          ).body.accessToken;
        const p = plan[phase];
        if (p) outages.push(outage(p[0], p[1], () => officer));
      },
    });
    await Promise.all(outages);
    debug(`server restarts: ${statusSummary(client.calls)}; during: ${JSON.stringify(during)}`);

    // Down: 503 for reads and writes (a "try again"), never a 500 — and the workload's own calls alike.
    for (const [name, statuses] of Object.entries(during)) {
      expect({ name, unexpected: statuses.filter((s) => s !== 503) }).toEqual({ name, unexpected: [] });
    }
    expect(unexpectedStatuses(client.calls)).toEqual([]);
    expect(client.calls.some((c) => c.status === 503)).toBe(true);

    expect(await settledRankings(client, w, 150_000)).toEqual(baseline);
    expect(await verify.missingAccepted(w)).toEqual([]);
    expect(await verify.stored(w)).toEqual(Verifier.expected());
    expect(await verify.eventsOnce()).toEqual([]);
    // The writes refused while a server was down left nothing behind.
    const [{ n }] = await verify.db.query(
      `SELECT count(*)::int AS n FROM "${stack.namespace}_roster".fields WHERE code LIKE 'down-%'`,
    );
    expect(n).toBe(0);
  });
});
