import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CadreChange, CadreSnapshotV1 } from '@cadre/contracts';

/** One version of a cadre (动态数据库): who changed what, when and why, with the whole cadre after it. */
@Entity({ name: 'cadre_versions' })
export class CadreVersion {
  @PrimaryColumn('uuid', { name: 'cadre_id' }) cadreId: string;
  @PrimaryColumn('int', { name: 'version_no' }) versionNo: number;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') change: CadreChange;
  @Column('text', { array: true }) changed: string[];
  @Column('text', { nullable: true }) reason: string | null;
  /** The adjustment batch (调整批次) whose move this version is. */
  @Column('uuid', { name: 'batch_id', nullable: true }) batchId: string | null;
  @Column('date', { name: 'effective_date' }) effectiveDate: string;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text', { name: 'actor_name', nullable: true }) actorName: string | null;
  @Column('jsonb') snapshot: CadreSnapshotV1;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' }) recordedAt: Date;
}
