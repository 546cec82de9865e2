import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Per-tenant roster settings; a tenant without a row has the defaults. */
@Entity({ name: 'roster_settings' })
export class RosterSettings {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('int', { name: 'young_age_limit' }) youngAgeLimit: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
