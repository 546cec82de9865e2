import { Column, Entity, Unique } from 'typeorm';
import type { UnitKind } from '@cadre/contracts';
import { TenantEntity } from '@cadre/persistence';

/** 单位: a district department, town, street or development zone, in one field. */
@Entity({ name: 'units' })
@Unique('units_tenant_code', ['tenantId', 'code'])
export class Unit extends TenantEntity {
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: UnitKind;

  @Column('uuid', { name: 'field_id', nullable: true })
  fieldId: string | null;
}
