import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { CadreSnapshotV1, CadreSort, CadreStatus, CadreTag } from '@cadre/contracts';
import { Cadre } from './cadre.entity';
import { CadreVersion } from './cadre-version.entity';

export interface CadreFilter {
  unitId?: string;
  teamId?: string;
  fieldId?: string;
  q?: string;
  tag?: CadreTag;
  status?: CadreStatus;
  youngAgeLimit: number;
  sort: CadreSort;
  /** Keyset: the sort key (as text) and id of the last item of the previous page. */
  after?: [string, string];
  limit: number;
}

/** Sort column and its SQL type, for the keyset comparison. */
const SORTS: Record<string, { column: string; type: string }> = {
  name: { column: 'c.name', type: 'text' },
  personnelNo: { column: 'c.personnel_no', type: 'text' },
  birthDate: { column: 'c.birth_date', type: 'date' },
  updatedAt: { column: 'c.updated_at', type: 'timestamptz' },
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Every query names the tenant: a cadre of another tenant does not exist for the caller. */
@Injectable()
export class CadresRepository {
  constructor(@InjectRepository(Cadre) private readonly cadres: Repository<Cadre>) {}

  find(tenantId: string, id: string, manager?: EntityManager): Promise<Cadre | null> {
    return (manager ?? this.cadres.manager).findOneBy(Cadre, { tenantId, id });
  }

  findByPersonnelNo(manager: EntityManager, tenantId: string, personnelNo: string): Promise<Cadre | null> {
    return manager.findOneBy(Cadre, { tenantId, personnelNo });
  }

  /** Locks the cadre for a change in this transaction, so versions are numbered without gaps or twins. */
  findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<Cadre | null> {
    return manager.findOne(Cadre, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  activeMembers(tenantId: string, teamId: string): Promise<Cadre[]> {
    return this.cadres.findBy({ tenantId, teamId, status: 'active' });
  }

  /** The page, each cadre with its sort key as text (exact, also for timestamps). */
  async list(tenantId: string, f: CadreFilter): Promise<Array<{ cadre: Cadre; sortKey: string }>> {
    const descending = f.sort.startsWith('-');
    const sort = SORTS[f.sort.replace(/^-/, '')];
    const q = this.cadres
      .createQueryBuilder('c')
      .addSelect(`${sort.column}::text`, 'sort_key')
      .where('c.tenant_id = :tenantId', { tenantId });
    if (f.unitId) q.andWhere('c.unit_id = :unitId', { unitId: f.unitId });
    if (f.teamId) q.andWhere('c.team_id = :teamId', { teamId: f.teamId });
    if (f.fieldId) q.andWhere('c.field_id = :fieldId', { fieldId: f.fieldId });
    if (f.status) q.andWhere('c.status = :status', { status: f.status });
    if (f.q) q.andWhere(`(c.name ILIKE :contains OR c.personnel_no ILIKE :prefix)`, { contains: `%${escapeLike(f.q)}%`, prefix: `${escapeLike(f.q)}%` });
    if (f.tag === 'young') q.andWhere(`c.birth_date > current_date - make_interval(years => :limitYears)`, { limitYears: f.youngAgeLimit });
    if (f.tag === 'principal') q.andWhere('c.is_principal');
    if (f.tag === 'female') q.andWhere(`c.gender = 'female'`);
    if (f.tag === 'party_member') q.andWhere('c.party_member');
    if (f.after) {
      q.andWhere(`(${sort.column}, c.id) ${descending ? '<' : '>'} (CAST(:afterKey AS ${sort.type}), CAST(:afterId AS uuid))`, { afterKey: f.after[0], afterId: f.after[1] });
    }
    const direction = descending ? 'DESC' : 'ASC';
    const { entities, raw } = await q.orderBy(sort.column, direction).addOrderBy('c.id', direction).limit(f.limit).getRawAndEntities();
    return entities.map((cadre, i) => ({ cadre, sortKey: String(raw[i].sort_key) }));
  }

  save(manager: EntityManager, cadre: Cadre): Promise<Cadre> {
    return manager.save(cadre);
  }

  create(manager: EntityManager, cadre: Omit<Cadre, 'id' | 'createdAt' | 'updatedAt' | 'assignId'>): Promise<Cadre> {
    return manager.save(manager.create(Cadre, cadre));
  }

  addVersion(manager: EntityManager, version: Omit<CadreVersion, 'recordedAt'>): Promise<unknown> {
    return manager.insert(CadreVersion, version);
  }

  history(tenantId: string, cadreId: string): Promise<CadreVersion[]> {
    return this.cadres.manager.find(CadreVersion, { where: { tenantId, cadreId }, order: { versionNo: 'ASC' } });
  }
}

/** The snapshot events and history carry: the cadre as stored, without timestamps. */
export function cadreSnapshot(c: Cadre): CadreSnapshotV1 {
  return {
    id: c.id,
    personnelNo: c.personnelNo,
    name: c.name,
    gender: c.gender,
    birthDate: c.birthDate,
    unitId: c.unitId,
    teamId: c.teamId,
    teamRole: c.teamRole,
    fieldId: c.fieldId,
    position: c.position,
    rank: c.rank,
    isPrincipal: c.isPrincipal,
    partyMember: c.partyMember,
    education: c.education,
    status: c.status,
    versionNo: c.versionNo,
  };
}
