import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { streamName } from '@cadre/contracts';
import { eventually } from '@cadre/testing';
import type { FaultStack } from './fault-stack';
import type { CallRecord, WorkloadResult } from './workload';
import { CADRES, MINOR, SIZE } from './workload';

const SERVICES = ['roster', 'checklists', 'appraisal', 'review', 'analytics'] as const;

/** Statuses a careful client may see while things fail: never a 500. */
export function unexpectedStatuses(calls: CallRecord[]): CallRecord[] {
  return calls.filter((c) => c.status >= 500 && c.status !== 503 && c.status !== 504);
}

/** Every message of the namespace's stream: its event id (Nats-Msg-Id) and type. */
export async function streamEvents(stack: FaultStack): Promise<Array<{ id: string; type: string; seq: number }>> {
  const nc = await connect({ servers: stack.urls.nats });
  try {
    const stream = streamName(stack.namespace);
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    const last = info.state.last_seq;
    const out: Array<{ id: string; type: string; seq: number }> = [];
    if (info.state.messages === 0) return out;
    const consumer = await jetstream(nc).consumers.get(stream); // ordered, ephemeral
    const messages = await consumer.consume();
    for await (const m of messages) {
      const e = m.json<{ id: string; type: string }>();
      out.push({ id: e.id, type: e.type, seq: m.seq });
      if (m.seq >= last) break;
    }
    await messages.close();
    return out;
  } finally {
    await nc.close();
  }
}

/**
 * What the fault tests assert after a disturbed run, through the databases of the namespace:
 *  - every write the gateway accepted is stored, and nothing the client retried is stored twice;
 *  - every committed outbox row was published, each event id once in the stream (unique outbox ids,
 *    no re-publish under a new id), and each service's inbox holds each event once.
 */
export class Verifier {
  readonly db: DataSource;
  constructor(private readonly stack: FaultStack) {
    this.db = new DataSource({ type: 'postgres', url: stack.urls.database, extra: { max: 2 } });
  }

  async open(): Promise<void> {
    if (!this.db.isInitialized) await this.db.initialize();
  }

  async close(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }

  private s(service: string): string {
    return `"${this.stack.namespace}_${service}"`;
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    return (await this.db.query(sql, params))[0].n;
  }

  /** Rows of the tenant, per table that a create of the workload writes. */
  async stored(w: WorkloadResult): Promise<Record<string, number>> {
    const t = [w.tenantId];
    const n = (sql: string, params: unknown[] = t) => this.count(sql, params);
    return {
      fields: await n(`SELECT count(*)::int AS n FROM ${this.s('roster')}.fields WHERE tenant_id = $1`),
      units: await n(`SELECT count(*)::int AS n FROM ${this.s('roster')}.units WHERE tenant_id = $1`),
      teams: await n(`SELECT count(*)::int AS n FROM ${this.s('roster')}.teams WHERE tenant_id = $1`),
      cadres: await n(`SELECT count(*)::int AS n FROM ${this.s('roster')}.cadres WHERE tenant_id = $1`),
      cadreVersions: await n(`SELECT count(*)::int AS n FROM ${this.s('roster')}.cadre_versions WHERE tenant_id = $1`),
      observations: await n(
        `SELECT count(*)::int AS n FROM ${this.s('checklists')}.political_observations WHERE tenant_id = $1`,
      ),
      groups: await n(`SELECT count(*)::int AS n FROM ${this.s('appraisal')}.assessment_groups WHERE tenant_id = $1`),
      cycles: await n(`SELECT count(*)::int AS n FROM ${this.s('appraisal')}.cycles WHERE tenant_id = $1`),
      steps: await n(
        `SELECT count(*)::int AS n FROM ${this.s('appraisal')}.appraisal_steps s JOIN ${this.s('appraisal')}.appraisals a ON a.id = s.appraisal_id WHERE a.tenant_id = $1`,
      ),
      campaigns: await n(`SELECT count(*)::int AS n FROM ${this.s('review')}.campaigns WHERE tenant_id = $1`),
      ballots: await n(
        `SELECT count(*)::int AS n FROM ${this.s('review')}.ballots b JOIN ${this.s('review')}.campaigns c ON c.id = b.campaign_id WHERE c.tenant_id = $1`,
      ),
      usedTokens: await n(
        `SELECT count(*)::int AS n FROM ${this.s('review')}.voter_tokens v JOIN ${this.s('review')}.campaigns c ON c.id = v.campaign_id WHERE c.tenant_id = $1 AND v.voted`,
      ),
      users: await n(`SELECT count(*)::int AS n FROM ${this.s('gateway')}.users WHERE tenant_id = $1`),
    };
  }

  /** What the workload writes, each once: the numbers stored() must show. */
  static expected(): Record<string, number> {
    const units = SIZE.fields * SIZE.unitsPerField;
    return {
      fields: SIZE.fields,
      units: units + 1,
      teams: units,
      cadres: CADRES,
      cadreVersions: CADRES,
      observations: 1 + MINOR.length,
      groups: 1,
      cycles: 1,
      steps: CADRES * 4,
      campaigns: 1,
      ballots: SIZE.voters * CADRES, // one row per rating
      usedTokens: SIZE.voters,
      users: 2,
    };
  }

  /** Ids the gateway acknowledged that are not in the owning service's table. */
  async missingAccepted(w: WorkloadResult): Promise<string[]> {
    const missing: string[] = [];
    const check = async (ids: string[], table: string, column = 'id') => {
      if (ids.length === 0) return;
      const rows: Array<{ id: string }> = await this.db.query(
        `SELECT ${column}::text AS id FROM ${table} WHERE ${column} = ANY($1::uuid[])`,
        [ids],
      );
      const found = new Set(rows.map((r) => r.id));
      for (const id of ids) if (!found.has(id)) missing.push(`${table} ${id}`);
    };
    await check(w.accepted.fields, `${this.s('roster')}.fields`);
    await check(w.accepted.units, `${this.s('roster')}.units`);
    await check(w.accepted.teams, `${this.s('roster')}.teams`);
    await check(w.accepted.cadres, `${this.s('roster')}.cadres`);
    await check(w.accepted.observations, `${this.s('checklists')}.political_observations`, 'cadre_id'); // by cadre: one each
    await check(w.accepted.groups, `${this.s('appraisal')}.assessment_groups`);
    await check([w.cycleId], `${this.s('appraisal')}.cycles`);
    await check(w.accepted.campaigns, `${this.s('review')}.campaigns`);
    return missing;
  }

  /**
   * Waits until every outbox row of every service is published, then compares with the stream:
   * the same event ids, each once. Returns what is wrong (empty when nothing is).
   */
  async eventsOnce(): Promise<string[]> {
    const problems: string[] = [];
    const unpublished = async () => {
      let n = 0;
      for (const s of SERVICES)
        n += await this.count(`SELECT count(*)::int AS n FROM ${this.s(s)}.outbox WHERE published_at IS NULL`, []);
      return n;
    };
    await eventually(async () => (await unpublished()) === 0, 60_000, 'every outbox row published');
    const outbox: string[] = [];
    for (const s of SERVICES)
      outbox.push(
        ...(await this.db.query(`SELECT id::text AS id FROM ${this.s(s)}.outbox`)).map((r: { id: string }) => r.id),
      );
    if (new Set(outbox).size !== outbox.length)
      problems.push(`outbox ids not unique: ${outbox.length} rows, ${new Set(outbox).size} ids`);
    const stream = await streamEvents(this.stack);
    const ids = stream.map((e) => e.id);
    const seen = new Map<string, number>();
    for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    const twice = [...seen].filter(([, k]) => k > 1);
    if (twice.length > 0)
      problems.push(
        `${twice.length} events in the stream more than once, e.g. ${twice
          .slice(0, 3)
          .map(([id, k]) => `${id}×${k}`)
          .join(', ')}`,
      );
    const inStream = new Set(ids);
    const notInStream = outbox.filter((id) => !inStream.has(id));
    if (notInStream.length > 0) problems.push(`${notInStream.length} published outbox rows not in the stream`);
    // Each consumer's inbox: one row per event (its primary key), and only events of the stream.
    for (const s of SERVICES) {
      const rows: Array<{ event_id: string }> = await this.db
        .query(`SELECT event_id::text AS event_id FROM ${this.s(s)}.inbox`)
        .catch(() => []);
      const foreign = rows.filter((r) => !inStream.has(r.event_id) && !outbox.includes(r.event_id));
      if (foreign.length > 0) problems.push(`${s} inbox: ${foreign.length} events that are not in the stream`);
    }
    return problems;
  }
}

/** "201×120 503×4 0×2 …": what the client met, for the log of a run (FAULT_DEBUG=1). */
export function statusSummary(calls: CallRecord[]): string {
  const counts = new Map<number, number>();
  for (const c of calls) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
}

export function debug(line: string): void {
  if (process.env.FAULT_DEBUG) process.stderr.write(`[faults] ${line}\n`);
}

/** Tables whose row count depends on how a run went, not on what it wrote: requests, retries, recomputes. */
const RUN_DEPENDENT = new Set(['audit_log', 'idempotency_keys', 'outbox']);

/**
 * Rows of one tenant in every table (with a tenant_id) of every service: two runs of the same workload
 * must give the same numbers — one more means something was created twice.
 */
export async function tenantRowCounts(
  db: DataSource,
  namespace: string,
  tenantId: string,
): Promise<Record<string, number>> {
  const tables: Array<{ schema: string; table: string }> = await db.query(
    `SELECT c.table_schema AS schema, c.table_name AS table FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema LIKE $1 AND c.column_name = 'tenant_id' ORDER BY 1, 2`,
    [`${namespace}\\_%`],
  );
  const out: Record<string, number> = {};
  for (const { schema, table } of tables) {
    if (RUN_DEPENDENT.has(table)) continue;
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${schema}"."${table}" WHERE tenant_id = $1`, [
      tenantId,
    ]);
    out[`${schema.slice(namespace.length + 1)}.${table}`] = n;
  }
  return out;
}

/** A `checklists.task.overdue` event as checklists publishes it: analytics counts it (an increment), so a double shows. */
export function overdueEvent(tenantId: string, cadreId: string, year: number) {
  const taskListId = randomUUID();
  return {
    id: randomUUID(),
    type: 'checklists.task.overdue',
    version: 1,
    tenantId,
    occurredAt: new Date().toISOString(),
    actor: null,
    aggregateId: taskListId,
    data: {
      taskId: randomUUID(),
      taskListId,
      cadreId,
      year,
      title: '重点项目推进',
      indicator: { metric: '开工项目', target: 8, unit: '个' },
      weight: 40,
      completionScore: 25,
      deadline: `${year}-03-31`,
      actual: 2,
      status: 'overdue',
    },
  };
}
