import { Column, Entity, Unique } from 'typeorm';
import { TenantEntity } from '@cadre/persistence';

/** 领域 / 系统: a line of work, the scope of horizontal comparison (经济, 党群, 政法 …). */
@Entity({ name: 'fields' })
@Unique('fields_tenant_code', ['tenantId', 'code'])
export class Field extends TenantEntity {
  @Column('text')
  code: string;

  @Column('text')
  name: string;
}
