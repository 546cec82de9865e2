// npm run bench -- district [democraticVotersPerField]
// The demo district (73 units, 299 cadres) through a whole half-yearly cycle, every request through the
// gateway, all six apps as separate processes (bench/workloads/district.ts): wall time per phase and end
// to end, then, in the same run on the same servers, the floors — the same ballot rows inserted straight
// into PostgreSQL, the same number of events published straight to JetStream, the ranking as one hand
// query — and the end state's fingerprint (districtOutcome), which a second run on the same day repeats.
import os from 'node:os';
import { machine, round, startStack, writeResults } from './harness';
import { districtOutcome, DistrictWorkload, today } from './workloads/district';
import {
  consumerBacklog,
  handRankingFloor,
  natsPublishFloor,
  outboxEvents,
  postgresInsertFloor,
} from './workloads/floors';

const VOTERS_PER_FIELD = Number(process.argv[2] ?? 36);
const APPS = ['roster', 'checklists', 'appraisal', 'review', 'analytics', 'gateway'];

async function main(): Promise<void> {
  const load = () => os.loadavg().map((l) => round(l, 2));
  const loadBefore = load();
  const stack = await startStack(APPS);
  try {
    const log = (line: string) => process.stdout.write(`  ${line}\n`);
    // How many events each service's consumer has still to apply when a phase ends: where waiting goes.
    const backlog: Record<string, Record<string, number>> = {};
    const afterPhase = async (phase: string) => {
      backlog[phase] = await consumerBacklog(stack.namespace);
      log(`  events not yet applied: ${JSON.stringify(backlog[phase])}`);
    };
    const workload = new DistrictWorkload(stack.base, { democraticVotersPerField: VOTERS_PER_FIELD, log, afterPhase });
    const run = await workload.run();
    const memory = stack.memory();
    const loadAfter = load();
    const outcome = await districtOutcome(stack.base, { tenant: workload.tenant });
    process.stdout.write(`  outcome ${outcome.fingerprint.slice(0, 16)} ${JSON.stringify(outcome.counts)}\n`);

    // Floors, in the same run: the ballot rows, every event the services wrote, the ranking query.
    const events = await outboxEvents(stack.namespace);
    const eventCount = Object.values(events).reduce((a, b) => a + b, 0);
    const pgFloor = await postgresInsertFloor(stack.namespace, run.counts.ballotRows, { batch: 1_000 });
    const natsFloor = await natsPublishFloor(stack.namespace, eventCount);
    const tenantId = JSON.parse(Buffer.from(workload.state.officer.split('.')[1], 'base64url').toString())
      .tid as string;
    const hand = await handRankingFloor(stack.namespace, workload.state.cycleId, today().year, tenantId);
    const phase = (name: string) => run.phases.find((p) => p.phase === name)!;

    const figures = {
      machine: machine(),
      apps: APPS,
      loadAverage: { before: loadBefore, after: loadAfter },
      sizes: {
        units: run.counts.units,
        cadres: run.counts.cadres,
        democraticVotersPerField: VOTERS_PER_FIELD,
        ballotPosts: run.counts.ballotPosts,
        ballotRows: run.counts.ballotRows,
        events: eventCount,
      },
      endToEndSeconds: round(run.totalMs / 1000, 2),
      cycleSeconds: round(run.cycleMs / 1000, 2),
      phases: run.phases.map((p) => ({
        phase: p.phase,
        seconds: round(p.ms / 1000, 2),
        requests: p.requests,
        retries: p.retries,
        statuses: p.statuses,
        counts: p.counts,
      })),
      ballots: {
        p50Ms: run.counts.ballotP50Ms,
        p99Ms: run.counts.ballotP99Ms,
        rowsPerSecond: Math.round(run.counts.ballotRows / (phase('ballots').ms / 1000)),
      },
      floors: {
        postgresInsert: {
          rows: pgFloor.rows,
          seconds: round(pgFloor.ms / 1000, 3),
          ratio: round(phase('ballots').ms / pgFloor.ms, 1),
        },
        natsPublish: {
          events: natsFloor.events,
          seconds: round(natsFloor.ms / 1000, 3),
          eventsByService: events,
          ratio: round(run.cycleMs / natsFloor.ms, 1),
        },
        handRankingQuery: { rows: hand.rows, ms: round(hand.ms, 1), ratio: round(phase('rankings').ms / hand.ms, 1) },
      },
      consumerBacklogAfterPhase: backlog,
      memoryMiB: memory,
      outcome: { fingerprint: outcome.fingerprint, counts: outcome.counts },
    };
    const table = [
      `district benchmark — ${figures.machine}; ${APPS.join(', ')} as separate processes, load generator on the same machine; load average ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
      '',
      '| phase | wall time | requests (retries) | what |',
      '|---|---|---|---|',
      ...figures.phases.map(
        (p) =>
          `| ${p.phase} | ${p.seconds} s | ${p.requests.toLocaleString()} (${p.retries}) | ${Object.entries(p.counts)
            .map(([k, v]) => `${k} ${v.toLocaleString()}`)
            .join(', ')} |`,
      ),
      `| **the cycle (all but seed)** | **${figures.cycleSeconds} s** | | |`,
      `| **end to end** | **${figures.endToEndSeconds} s** | | |`,
      '',
      '| floor (same run, same servers) | workload | floor | ratio |',
      '|---|---|---|---|',
      `| ${pgFloor.rows.toLocaleString()} ballot rows: cast through the gateway vs multi-row INSERT into a scratch table | ${round(phase('ballots').ms / 1000, 2)} s | ${figures.floors.postgresInsert.seconds} s | ${figures.floors.postgresInsert.ratio}× |`,
      `| ${eventCount.toLocaleString()} events (every outbox row of the run) vs JetStream publishes to a scratch stream | the cycle ${figures.cycleSeconds} s | ${figures.floors.natsPublish.seconds} s | ${figures.floors.natsPublish.ratio}× |`,
      `| rankings: close → every cadre ranked from the final inputs vs the hand-written ranking query | ${round(phase('rankings').ms / 1000, 2)} s | ${figures.floors.handRankingQuery.ms} ms | ${figures.floors.handRankingQuery.ratio}× |`,
      '',
      `ballots: ${run.counts.ballotPosts.toLocaleString()} POSTs carrying ${run.counts.ballotRows.toLocaleString()} ballot rows (one row per rated target), p50 ${run.counts.ballotP50Ms} ms · p99 ${run.counts.ballotP99Ms} ms per POST`,
      `events not yet applied by each consumer at close: ${JSON.stringify(backlog.close ?? {})}`,
      `peak RSS (MiB): ${Object.entries(memory)
        .map(([k, v]) => `${k} ${v.peakRssMiB}`)
        .join(' · ')}`,
      `end state: ${outcome.fingerprint.slice(0, 16)}… ${JSON.stringify(outcome.counts)}`,
    ].join('\n');
    writeResults('district', figures, table);
    process.stdout.write(`service logs: ${stack.logDir}\n`);
  } finally {
    await stack.stop();
  }
}

void main().catch((err: Error) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
