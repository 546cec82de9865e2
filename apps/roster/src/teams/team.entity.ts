import { Column, Entity, Unique } from 'typeorm';
import { TenantEntity } from '@cadre/persistence';

/** 领导班子: the leadership team of a unit. Members are the cadres whose team_id is this team. */
@Entity({ name: 'teams' })
@Unique('teams_tenant_unit_name', ['tenantId', 'unitId', 'name'])
export class Team extends TenantEntity {
  @Column('uuid', { name: 'unit_id' })
  unitId: string;

  @Column('text')
  name: string;
}
