import { Column, Entity, Unique } from 'typeorm';
import type { CadreStatus, Gender, TeamRole } from '@cadre/contracts';
import { TenantEntity } from '@cadre/persistence';

/** 干部: the current version of a cadre. Every earlier version is kept in cadre_versions. */
@Entity({ name: 'cadres' })
@Unique('cadres_tenant_personnel_no', ['tenantId', 'personnelNo'])
export class Cadre extends TenantEntity {
  @Column('text', { name: 'personnel_no' }) personnelNo: string;
  @Column('text') name: string;
  @Column('text') gender: Gender;
  /** A calendar date: read and written as 'YYYY-MM-DD', never through a Date and a time zone. */
  @Column('date', { name: 'birth_date' }) birthDate: string;
  @Column('uuid', { name: 'unit_id' }) unitId: string;
  @Column('uuid', { name: 'team_id', nullable: true }) teamId: string | null;
  @Column('text', { name: 'team_role', nullable: true }) teamRole: TeamRole | null;
  @Column('uuid', { name: 'field_id', nullable: true }) fieldId: string | null;
  @Column('text') position: string;
  @Column('text', { nullable: true }) rank: string | null;
  @Column('boolean', { name: 'is_principal' }) isPrincipal: boolean;
  @Column('boolean', { name: 'party_member' }) partyMember: boolean;
  @Column('text', { nullable: true }) education: string | null;
  @Column('text') status: CadreStatus;
  @Column('int', { name: 'version_no' }) versionNo: number;
}
