import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { EVENT_CATALOG, eventSubject, subjectPrefix } from '@cadre/contracts';
import type { EventType } from '@cadre/contracts';
import { eventually } from '@cadre/testing';

/**
 * Other services' events published straight onto a namespace's stream, as those services would
 * publish them (the catalog's current version, no actor), for a test that runs one consumer alone;
 * every one kept, to deliver them all again.
 */
export class EventFeed {
  private readonly sent: Array<{ type: EventType }> = [];

  constructor(
    private readonly nc: () => NatsConnection,
    private readonly namespace: string,
    private readonly tenantId: () => string,
  ) {}

  async publish(type: EventType, aggregateId: string, data: object, occurredAt = new Date()): Promise<void> {
    const event = {
      id: randomUUID(),
      type,
      version: EVENT_CATALOG[type].version,
      tenantId: this.tenantId(),
      occurredAt: occurredAt.toISOString(),
      actor: null,
      aggregateId,
      data,
    };
    this.sent.push(event);
    await jetstream(this.nc()).publish(eventSubject(subjectPrefix(this.namespace), type), JSON.stringify(event), {
      msgID: event.id,
    });
  }

  /** The same events again, as a redelivery brings them (same ids; a new message id gets past JetStream's dedupe). */
  async redeliver(): Promise<void> {
    for (const event of [...this.sent])
      await jetstream(this.nc()).publish(
        eventSubject(subjectPrefix(this.namespace), event.type),
        JSON.stringify(event),
        {
          msgID: randomUUID(),
        },
      );
  }

  /** A periodic cycle of a half-year in `status`, as appraisal announces it. */
  cycle(status: 'open' | 'closed' | 'published', id: string, year: number, half: 1 | 2): Promise<void> {
    return this.publish(
      `appraisal.cycle.${status === 'open' ? 'opened' : status}` as EventType,
      id,
      periodicCycle(id, year, half, status),
    );
  }
}

/** The whole cycle an appraisal.cycle.* event carries, for a periodic half-year. */
export const periodicCycle = (id: string, year: number, half: 1 | 2, status: string) => ({
  id,
  kind: 'periodic',
  name: `${year}年${half === 1 ? '上' : '下'}半年定期考核`,
  year,
  half,
  topic: null,
  opensAt: `${year}-${half === 1 ? '01' : '07'}-01T00:00:00Z`,
  closesAt: `${year}-${half === 1 ? '06' : '12'}-28T00:00:00Z`,
  unitIds: null,
  status,
});

/** No cycle waits for a recompute in analytics' `schema`, twice a debounce apart: everything sent so far is ranked. */
export async function rankingsSettled(db: DataSource, schema: string, what: string): Promise<void> {
  const clean = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM "${schema}".recompute_state WHERE dirty`))[0].n === 0;
  await eventually(clean, 30_000, what);
  await new Promise((r) => setTimeout(r, 2_500));
  await eventually(clean, 30_000, what);
}
