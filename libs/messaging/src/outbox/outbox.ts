import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope, EventPayloads, EventType } from '@cadre/contracts';
import { currentContext } from '@cadre/platform';
import { claimRequestKey, isReplay } from '../rpc/request-keys';
import { RequestKeysRepository } from '../rpc/request-keys.repository';
import { OutboxInsert, OutboxRepository } from './outbox.repository';

export interface NewEvent<T extends EventType> {
  type: T;
  tenantId: string;
  aggregateId: string;
  data: EventPayloads[T];
  version?: number;
  /**
   * For events that must not lead back to a person (a cast ballot): no actor, no request id in the
   * headers, and `occurredAt` given by the caller (e.g. the start of the day) instead of the clock.
   */
  anonymous?: { occurredAt: string };
}

/**
 * Records domain events in the outbox inside the caller's transaction, so the change and its
 * event commit together or not at all. The relay publishes them after commit.
 */
export class Outbox {
  constructor(private readonly dataSource: DataSource) {}

  private readonly listeners = new Set<() => void>();

  async add<T extends EventType>(manager: EntityManager, event: NewEvent<T>): Promise<EventEnvelope<T>> {
    const [envelope] = await this.addMany(manager, [event]);
    return envelope;
  }

  /**
   * Many events in one statement (bulk imports): one row per event, in the order given, which is
   * the order they will be published in.
   */
  async addMany<T extends EventType>(manager: EntityManager, events: NewEvent<T>[]): Promise<EventEnvelope<T>[]> {
    if (events.length === 0) return [];
    const rows = this.rowsOf(events);
    await OutboxRepository.insert(manager, rows);
    return rows.map((row) => row.envelope as EventEnvelope<T>);
  }

  /**
   * The same insert as a data-modifying `WITH` item (`outbox_written AS (INSERT …)`), its parameters
   * numbered from `$<firstParam>`, for a caller that writes its change and the events in one
   * statement (one round trip fewer in a hot path: review's ballot batches). The caller runs it in
   * its transaction, as with `addMany`.
   */
  withItem<T extends EventType>(
    events: NewEvent<T>[],
    firstParam: number,
    onlyIf?: string,
  ): { envelopes: EventEnvelope<T>[]; sql: string; params: unknown[] } {
    const rows = this.rowsOf(events);
    const { sql, params } = OutboxRepository.insertStatement(rows, firstParam, onlyIf);
    return {
      envelopes: rows.map((row) => row.envelope as EventEnvelope<T>),
      sql: `outbox_written AS (${sql})`,
      params,
    };
  }

  private rowsOf<T extends EventType>(events: NewEvent<T>[]): OutboxInsert[] {
    return events.map((event) => {
      const requestId = event.anonymous ? undefined : currentContext()?.requestId;
      const headers: Record<string, string> = requestId ? { 'x-request-id': requestId } : {};
      return {
        envelope: this.envelope(event),
        headers,
        // An anonymous event's row carries its given time (the start of a day) instead of the clock's: a
        // row stamped to the microsecond would tell when it was written (the relay keeps that up, see
        // OutboxRelay.pass). Other rows keep the default, now().
        createdAt: event.anonymous?.occurredAt ?? null,
      };
    });
  }

  /**
   * Many events of one type straight from a query, without a round trip through this process:
   * `select` yields rows `(aggregate_id uuid, data jsonb)`, each becoming one event of the tenant
   * with the envelope `add` would build (system actor, the current request id in the headers).
   * For a large derived result — a whole cycle's rankings — that is built by set operations anyway.
   * Returns how many were added.
   */
  async addSelected<T extends EventType>(
    manager: EntityManager,
    type: T,
    tenantId: string,
    select: string,
    params: unknown[],
    version = 1,
  ): Promise<number> {
    const requestId = currentContext()?.requestId;
    const headers: Record<string, string> = requestId ? { 'x-request-id': requestId } : {};
    return OutboxRepository.insertSelected(manager, { tenantId, type, version, headers }, select, params);
  }

  private envelope<T extends EventType>(event: NewEvent<T>): EventEnvelope<T> {
    const ctx = event.anonymous ? undefined : currentContext();
    return {
      id: randomUUID(),
      type: event.type,
      version: event.version ?? 1,
      tenantId: event.tenantId,
      occurredAt: event.anonymous?.occurredAt ?? new Date().toISOString(),
      actor: ctx?.userId ? { userId: ctx.userId, username: ctx.username } : null,
      aggregateId: event.aggregateId,
      data: event.data,
    };
  }

  /** Requests (their contexts) whose Idempotency-Key a transaction of this process has claimed. */
  private readonly claimed = new WeakSet<object>();

  /**
   * Runs `work` in a transaction and, once it has committed, wakes this process's relay so the
   * events go out at once rather than at its next poll (the relay polls too; nothing relies on the hint).
   * The first transaction of a request that carries an Idempotency-Key also claims the key (see
   * rpc/request-keys.ts): a repeat of a write that committed before throws RequestAlreadyDone and
   * changes nothing.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const ctx = currentContext();
    const key = ctx?.idempotencyKey;
    const claim = !!key && !this.claimed.has(ctx);
    if (claim) this.claimed.add(ctx); // before any await: parallel transactions of one request claim once
    if (claim && isReplay(ctx)) {
      // Carried out before by an attempt that died before answering: what it returned, not again.
      return (await new RequestKeysRepository(this.dataSource).transactionResult(key)) as T;
    }
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        if (claim) await claimRequestKey(manager, key);
        const done = await work(manager);
        if (claim) await RequestKeysRepository.keepTransactionResult(manager, key, done);
        return done;
      });
      this.notify();
      return result;
    } catch (err) {
      if (claim) this.claimed.delete(ctx); // rolled back: the key is not taken
      throw err;
    }
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  onAdded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
