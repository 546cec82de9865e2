import { randomUUID } from 'node:crypto';
import { BeforeInsert, Column, CreateDateColumn, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Every row of every service carries its tenant (组织部). Ids are made in the application, not the
 * database, so an event can name the row it describes before the insert returns.
 */
export abstract class TenantEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @BeforeInsert()
  protected assignId(): void {
    this.id ??= randomUUID();
  }
}
