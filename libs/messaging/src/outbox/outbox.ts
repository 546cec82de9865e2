import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope, EventPayloads, EventType } from '@cadre/contracts';
import { currentContext } from '@cadre/platform';

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
    const ctx = event.anonymous ? undefined : currentContext();
    const envelope: EventEnvelope<T> = {
      id: randomUUID(),
      type: event.type,
      version: event.version ?? 1,
      tenantId: event.tenantId,
      occurredAt: event.anonymous?.occurredAt ?? new Date().toISOString(),
      actor: ctx?.userId ? { userId: ctx.userId, username: ctx.username } : null,
      aggregateId: event.aggregateId,
      data: event.data,
    };
    const headers: Record<string, string> = ctx?.requestId ? { 'x-request-id': ctx.requestId } : {};
    await manager.query(
      `INSERT INTO outbox (id, tenant_id, type, aggregate_id, envelope, headers) VALUES ($1, $2, $3, $4, $5, $6)`,
      [envelope.id, envelope.tenantId, envelope.type, envelope.aggregateId, JSON.stringify(envelope), JSON.stringify(headers)],
    );
    return envelope;
  }

  /**
   * Runs `work` in a transaction and, once it has committed, wakes this process's relay so the
   * events go out at once rather than at its next poll (the relay polls too; nothing relies on the hint).
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.notify();
    return result;
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  onAdded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
