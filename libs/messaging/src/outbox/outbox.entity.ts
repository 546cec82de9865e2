import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventEnvelope } from '@cadre/contracts';

/** A domain event waiting to be published; written in the same transaction as the change it describes. */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished', ['seq'], { where: 'published_at IS NULL' })
export class OutboxEvent {
  /** Commit order is publish order (per aggregate, which is what consumers rely on). */
  @PrimaryColumn({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column('uuid', { unique: true })
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('text')
  type: string;

  @Column('text', { name: 'aggregate_id' })
  aggregateId: string;

  @Column('jsonb')
  envelope: EventEnvelope;

  @Column('jsonb', { default: () => "'{}'" })
  headers: Record<string, string>;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;
}
