import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { durableName, schemaName, streamName } from '@cadre/contracts';
import type { PlatformConfig } from '@cadre/platform';
import { isNotFound } from '../stream';
import { InboxRepository } from './inbox.repository';

export interface ProjectionReplayOptions {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  /** The service, which is also its schema and its durable consumer (messaging.module.ts). */
  service: string;
  /**
   * The tables built only from other services' events. Everything else in the schema is the
   * service's own record and is kept: a replay must never lose what users entered.
   */
  projectionTables: readonly string[];
  /** Replay even though the consumer looks busy (a worker that died leaves pull requests behind for a while). */
  force?: boolean;
  log?: (line: string) => void;
}

export type ProjectionReplayResult =
  | { replayed: true; tables: Record<string, number>; inboxRows: number; consumerDeleted: boolean }
  | { replayed: false; reason: string };

/**
 * Empties a service's projections so that its worker rebuilds them from the whole event stream:
 * truncates the projection tables and the consumer's inbox in one transaction, then deletes the
 * durable consumer; the next worker start creates it again with "deliver all".
 *
 * Refuses while a worker is pulling (it would apply events into half-emptied tables and ack them
 * before the consumer is deleted): scale the worker role to 0 first. The stream keeps every event
 * (stream.ts), so nothing is needed from the other services.
 */
export async function replayProjections(o: ProjectionReplayOptions): Promise<ProjectionReplayResult> {
  const log = o.log ?? (() => undefined);
  const nc = await connect({ servers: o.natsUrl.split(','), name: `${o.service}-replay`, noAsyncTraces: true });
  const pg = new Client({ connectionString: o.databaseUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const stream = streamName(o.namespace);
    const durable = durableName(o.namespace, o.service);
    let exists = true;
    try {
      const info = await jsm.consumers.info(stream, durable);
      const busy = info.num_waiting > 0 || info.num_ack_pending > 0;
      if (busy && !o.force) {
        return {
          replayed: false,
          reason:
            `consumer ${durable} is in use (${info.num_waiting} pull requests waiting, ${info.num_ack_pending} unacknowledged): ` +
            `stop the ${o.service} worker first (ROLE=worker to 0 replicas); a stopped worker's requests expire within 30 s · 请先停止 worker`,
        };
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
      exists = false;
    }

    await pg.connect();
    const schema = schemaName(o.namespace, o.service);
    const { tables, inboxRows } = await InboxRepository.clearProjections(pg, schema, o.projectionTables, o.service);
    for (const [table, n] of Object.entries(tables)) log(`  ${table}: ${n.toLocaleString()} rows cleared · 已清空`);
    log(`  inbox: ${inboxRows.toLocaleString()} applied-event records cleared`);

    // After the commit: a failure here leaves the consumer in place, and running the command again
    // finishes the job (the tables are already empty).
    if (exists) {
      await jsm.consumers.delete(stream, durable);
      log(`  consumer ${durable} deleted: the next worker start replays the stream from the beginning · 重放`);
    }
    return { replayed: true, tables, inboxRows, consumerDeleted: exists };
  } finally {
    await pg.end().catch(() => undefined);
    await nc.close();
  }
}

/**
 * `node dist/apps/<app>/main.js replay-projections [--force]`: the operator's command
 * (docs/operating.md, "Replaying projections"). Prints what it cleared and exits 0, or why it refused and exits 1.
 */
export async function runProjectionReplayCommand(
  config: Pick<PlatformConfig, 'DATABASE_URL' | 'NATS_URL' | 'CADRE_NAMESPACE'>,
  service: string,
  projectionTables: readonly string[],
  args: string[],
): Promise<never> {
  const o = {
    databaseUrl: config.DATABASE_URL,
    natsUrl: config.NATS_URL,
    namespace: config.CADRE_NAMESPACE,
    service,
    projectionTables,
  };
  const write = (line: string) => process.stdout.write(`${line}\n`);
  write(`Replaying the projections of ${o.service} (namespace "${o.namespace || 'default'}") · 重建投影`);
  try {
    const result = await replayProjections({ ...o, force: args.includes('--force'), log: write });
    if (!result.replayed) {
      process.stderr.write(`refused: ${result.reason}\n`);
      process.exit(1);
    }
    write(`done: start the ${o.service} worker again; it rebuilds the projections from the event stream · 完成`);
    process.exit(0);
  } catch (err) {
    process.stderr.write(`replay failed: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
