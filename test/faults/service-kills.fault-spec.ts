import { App, FaultStack } from './support/fault-stack';
import { debug, statusSummary, unexpectedStatuses, Verifier } from './support/checks';
import { Client, runWorkload, settledRankings } from './support/workload';

/**
 * Each service SIGKILLed in turn while the workload runs through the gateway, and started again:
 * the client (Idempotency-Key, retry on 503/504/no connection) sees no 500, every write the gateway
 * accepted is stored once, every event is published once and applied once by each consumer, and the
 * rankings are the same as those of an undisturbed run of the same workload in the same stack.
 */
describe('each service SIGKILLed in turn during the workload', () => {
  const stack = new FaultStack();
  const verify = new Verifier(stack);
  let baseline: Record<string, string[]>;

  beforeAll(async () => {
    await stack.start();
    await verify.open();
  }, 180_000);

  afterAll(async () => {
    await verify.close();
    await stack.stop();
  });

  it('an undisturbed run gives the reference rankings', async () => {
    const client = new Client(() => stack.base);
    const w = await runWorkload(client, { tenant: 'calm' });
    baseline = await settledRankings(client, w);
    expect(unexpectedStatuses(client.calls)).toEqual([]);
    expect(client.calls.filter((c) => c.attempt > 1)).toEqual([]); // nothing failed: a true reference
    expect(await verify.stored(w)).toEqual(Verifier.expected());
  });

  it('gives the same result when every service is killed once, mid-phase', async () => {
    // Which service dies during which phase of the workload: the one doing that phase's writes
    // (and analytics while the steps' events stream in, the gateway while the campaign is created).
    const plan: Record<string, { app: App; afterMs: number }[]> = {
      cadres: [{ app: 'roster', afterMs: 150 }],
      checklists: [{ app: 'checklists', afterMs: 0 }],
      steps: [
        { app: 'appraisal', afterMs: 300 },
        { app: 'analytics', afterMs: 1_200 },
      ],
      review: [{ app: 'gateway', afterMs: 0 }],
      ballots: [{ app: 'review', afterMs: 0 }],
    };
    const kills: Promise<void>[] = [];
    const killed: string[] = [];
    const client = new Client(() => stack.base);
    const w = await runWorkload(client, {
      tenant: 'storm',
      onPhase: async (phase) => {
        for (const { app, afterMs } of plan[phase] ?? []) {
          kills.push(
            (async () => {
              await new Promise((r) => setTimeout(r, afterMs));
              await stack.kill(app);
              killed.push(app);
              await new Promise((r) => setTimeout(r, 500)); // down long enough for requests to meet it
              await stack.startApp(app);
            })(),
          );
        }
      },
    });
    await Promise.all(kills);
    debug(
      `service kills: ${statusSummary(client.calls)}, ${client.calls.filter((c) => c.attempt > 1).length} retries, ${client.replayed} replayed`,
    );
    expect(killed.sort()).toEqual(['analytics', 'appraisal', 'checklists', 'gateway', 'review', 'roster']);

    // The client saw the outages (retries), and never a 500.
    expect(client.calls.some((c) => c.attempt > 1)).toBe(true);
    expect(unexpectedStatuses(client.calls)).toEqual([]);

    expect(await settledRankings(client, w)).toEqual(baseline);
    expect(await verify.missingAccepted(w)).toEqual([]);
    expect(await verify.stored(w)).toEqual(Verifier.expected());
    expect(await verify.eventsOnce()).toEqual([]);
  });
});
