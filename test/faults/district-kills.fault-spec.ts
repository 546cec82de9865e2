import { districtOutcome, DistrictPhase, DistrictWorkload } from '../../bench/workloads/district';
import { App, FaultStack } from './support/fault-stack';
import { debug, tenantRowCounts, Verifier } from './support/checks';

/**
 * The demo district (73 units, 299 cadres) through a whole half-yearly cycle (bench/workloads/district.ts:
 * every write with an Idempotency-Key, retried on 503/504/no connection), once undisturbed and once with
 * every service SIGKILLed in turn in the middle of a phase and started again — in the same stack, two
 * tenants. The disturbed run must end in the same state (districtOutcome's fingerprint: task lists,
 * 望闻问切 records, ballots per campaign and target, rankings of every cadre), with the same number of
 * rows in every table of every service, no 500 on the way, and every event published once.
 */
describe('the district cycle with each service SIGKILLed in turn', () => {
  // One answer slower than the other fault tests' 3 s (a CI machine just after the whole suite) would be a 504
  // and a retry, and the reference run counts none: a longer wait here. A killed service answers 503 at once
  // (no responders), so the storm hardly waits on it.
  const stack = new FaultStack(undefined, { RPC_TIMEOUT_MS: '10000' });
  const verify = new Verifier(stack);
  const options = {
    democraticVotersPerField: 6,
    pdfs: 0,
    chunkSize: 25,
    rankingsTimeoutMs: 180_000,
    log: (line: string) => debug(line),
  };
  let calm: Awaited<ReturnType<typeof districtOutcome>>;
  let calmTenant: string;

  beforeAll(async () => {
    await stack.start();
    await verify.open();
  }, 180_000);

  afterAll(async () => {
    await verify.close();
    await stack.stop();
  });

  it('runs undisturbed for the reference state', async () => {
    const w = new DistrictWorkload(stack.base, { ...options, tenant: 'calm' });
    await w.run();
    expect(w.client.stats.retries).toBe(0); // nothing failed: a true reference
    calm = await districtOutcome(stack.base, { tenant: 'calm' });
    calmTenant = tenantOf(w);
    debug(`calm: ${JSON.stringify(calm.counts)}`);
    expect(calm.counts.cadres).toBe(299);
    expect(calm.counts.rankedCadres).toBeGreaterThan(250);
  });

  it('ends in the same state when every service is killed once, mid-phase', async () => {
    // [phase, chunk after which to kill, app]: the service doing that phase's work (analytics while the
    // steps' events stream in, the gateway between campaigns and ballots).
    const plan: Array<[DistrictPhase, number, App]> = [
      ['seed', 2, 'roster'],
      ['seed', 6, 'checklists'],
      ['tasks', 2, 'checklists'],
      ['steps', 2, 'appraisal'],
      ['steps', 6, 'analytics'],
      ['campaigns', 0, 'gateway'],
      ['ballots', 2, 'review'],
    ];
    const chunks = new Map<DistrictPhase, number>();
    const killed: string[] = [];
    const restarts: Promise<void>[] = [];
    const killNow = (app: App) => {
      restarts.push(
        (async () => {
          await stack.kill(app);
          killed.push(app);
          await new Promise((r) => setTimeout(r, 500)); // long enough for requests to meet it down
          await stack.startApp(app);
        })(),
      );
    };
    const w = new DistrictWorkload(stack.base, {
      ...options,
      tenant: 'storm',
      beforePhase: (phase) => {
        for (const [p, chunk, app] of plan) if (p === phase && chunk === 0) setTimeout(() => killNow(app), 100);
      },
      onChunk: (phase) => {
        const n = (chunks.get(phase) ?? 0) + 1;
        chunks.set(phase, n);
        // Killed while the next chunk's requests are in flight.
        for (const [p, chunk, app] of plan) if (p === phase && chunk === n) setTimeout(() => killNow(app), 50);
      },
    });
    await w.run();
    await Promise.all(restarts);
    debug(`storm: ${JSON.stringify(w.client.stats)} killed ${killed.join(' ')}`);
    expect([...new Set(killed)].sort()).toEqual([
      'analytics',
      'appraisal',
      'checklists',
      'gateway',
      'review',
      'roster',
    ]);
    expect(w.client.stats.retries).toBeGreaterThan(0);
    expect(Object.keys(w.client.stats.statuses).filter((s) => s.startsWith('5') && s !== '503' && s !== '504')).toEqual(
      [],
    );

    const storm = await districtOutcome(stack.base, { tenant: 'storm' });
    expect(storm.counts).toEqual(calm.counts);
    expect(storm.state).toEqual(calm.state); // first, for a readable difference
    expect(storm.fingerprint).toBe(calm.fingerprint);
    // Nothing created twice anywhere (observations, tasks, groups, campaigns … have no natural key).
    expect(await tenantRowCounts(verify.db, stack.namespace, tenantOf(w))).toEqual(
      await tenantRowCounts(verify.db, stack.namespace, calmTenant),
    );
    expect(await verify.eventsOnce()).toEqual([]);
  });
});

function tenantOf(w: DistrictWorkload): string {
  return JSON.parse(Buffer.from(w.state.officer.split('.')[1], 'base64url').toString()).tid as string;
}
