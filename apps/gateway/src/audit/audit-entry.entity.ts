import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One mutating request (or a sensitive read), who made it and how it ended. Append-only. */
@Entity({ name: 'audit_log' })
@Index('audit_log_tenant_at', ['tenantId', 'at'])
export class AuditEntry {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column('uuid', { name: 'tenant_id', nullable: true })
  tenantId: string | null;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @Column('text', { nullable: true })
  username: string | null;

  @Column('text')
  action: string;

  @Column('text')
  method: string;

  @Column('text')
  path: string;

  @Column('int')
  status: number;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('int', { name: 'duration_ms' })
  durationMs: number;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}
