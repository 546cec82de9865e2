import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThan, Repository, SelectQueryBuilder } from 'typeorm';
import type { CadreSnapshotV1, CadreSort, ListCadresQuery, RosterReach } from '@cadre/contracts';
import { Cadre } from './cadre.entity';
import type { RosterRow } from '../imports/roster-sheet';
import { CadreVersion } from './cadre-version.entity';

/** A list query as the repository runs it: the sort chosen, the cursor decoded, the tenant's age limit known. */
export interface CadreFilter extends Omit<ListCadresQuery, 'sort' | 'cursor' | 'limit'> {
  youngAgeLimit: number;
  /** Only the cadres of a leader's unit or an assessor's groups (undefined: everyone). */
  reach?: RosterReach;
  sort: CadreSort;
  /** Keyset: the sort key (as text) and id of the last item of the previous page. */
  after?: [string, string];
  limit: number;
}

/**
 * Sort column, its SQL type (for the keyset comparison), and the same order as an expression no
 * index provides. A name search orders by the expression: otherwise the planner walks the sort
 * index and filters as it goes, reading most of the tenant before it meets a common surname late
 * in the order (78 ms p99 over 100k cadres); with it, the GIN index finds the matches and only
 * they are sorted (benchmark: npm run bench -- roster).
 */
export type SortKeyType = 'text' | 'date' | 'timestamptz';

const SORTS: Record<string, { column: string; type: SortKeyType; unindexed: string }> = {
  name: { column: 'c.name', type: 'text', unindexed: `c.name || ''` },
  personnelNo: { column: 'c.personnel_no', type: 'text', unindexed: `c.personnel_no || ''` },
  birthDate: { column: 'c.birth_date', type: 'date', unindexed: 'c.birth_date + 0' },
  updatedAt: { column: 'c.updated_at', type: 'timestamptz', unindexed: `c.updated_at + interval '0 s'` },
};

/** The SQL type a sort's key is compared as (a list cursor's key must cast to it). */
export function sortKeyType(sort: CadreSort): SortKeyType {
  return SORTS[sort.replace(/^-/, '')].type;
}

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

  countActiveMembers(tenantId: string, teamId: string): Promise<number> {
    return this.cadres.countBy({ tenantId, teamId, status: 'active' });
  }

  /** The page, each cadre with its sort key as text (exact, also for timestamps). */
  async list(tenantId: string, f: CadreFilter): Promise<Array<{ cadre: Cadre; sortKey: string }>> {
    const descending = f.sort.startsWith('-');
    const sort = SORTS[f.sort.replace(/^-/, '')];
    const q = this.filtered(tenantId, f).addSelect(`${sort.column}::text`, 'sort_key');
    if (f.after) {
      q.andWhere(
        `(${sort.column}, c.id) ${descending ? '<' : '>'} (CAST(:afterKey AS ${sort.type}), CAST(:afterId AS uuid))`,
        { afterKey: f.after[0], afterId: f.after[1] },
      );
    }
    const direction = descending ? 'DESC' : 'ASC';
    const { entities, raw } = await q
      .orderBy(f.q ? sort.unindexed : sort.column, direction)
      .addOrderBy('c.id', direction)
      .limit(f.limit)
      .getRawAndEntities();
    return entities.map((cadre, i) => ({ cadre, sortKey: String(raw[i].sort_key) }));
  }

  /** Every cadre matching the filter, as rows of the import format (codes and names, not ids). */
  exportRows(tenantId: string, f: Omit<CadreFilter, 'sort' | 'after' | 'limit'>): Promise<RosterRow[]> {
    return this.filtered(tenantId, f)
      .innerJoin('units', 'u', 'u.id = c.unit_id')
      .leftJoin('teams', 't', 't.id = c.team_id')
      .leftJoin('fields', 'f', 'f.id = c.field_id')
      .select([
        'c.personnel_no AS "personnelNo"',
        'c.name AS name',
        'c.gender AS gender',
        'c.birth_date::text AS "birthDate"',
        'u.code AS "unitCode"',
        't.name AS "teamName"',
        'c.team_role AS "teamRole"',
        'c.is_principal AS "isPrincipal"',
        'c.position AS position',
        'c.rank AS rank',
        'c.party_member AS "partyMember"',
        'c.education AS education',
        'f.code AS "fieldCode"',
      ])
      .orderBy('u.code')
      .addOrderBy('c.personnel_no')
      .getRawMany<RosterRow>();
  }

  /** The tenant and every filter of a cadre list; the one place they are turned into SQL. */
  private filtered(tenantId: string, f: Omit<CadreFilter, 'sort' | 'after' | 'limit'>): SelectQueryBuilder<Cadre> {
    const q = this.cadres.createQueryBuilder('c').where('c.tenant_id = :tenantId', { tenantId });
    if (f.reach) {
      // Only the parts that apply, so that a leader's list stays an index lookup on the unit.
      const parts = [
        ...(f.reach.unitId ? ['c.unit_id = :reachUnit'] : []),
        ...(f.reach.assessorUserId
          ? [
              'c.id IN (SELECT a.cadre_id FROM assessment_assignments a WHERE a.tenant_id = :tenantId AND a.assessor_user_id = :reachAssessor)',
            ]
          : []),
      ];
      q.andWhere(parts.length ? `(${parts.join(' OR ')})` : 'false', {
        reachUnit: f.reach.unitId,
        reachAssessor: f.reach.assessorUserId,
      });
    }
    if (f.unitId) q.andWhere('c.unit_id = :unitId', { unitId: f.unitId });
    if (f.teamId) q.andWhere('c.team_id = :teamId', { teamId: f.teamId });
    if (f.fieldId) q.andWhere('c.field_id = :fieldId', { fieldId: f.fieldId });
    if (f.status) q.andWhere('c.status = :status', { status: f.status });
    if (f.q) {
      // Names containing every character of q (GIN over name_chars), checked for q as a whole
      // when it is longer than one character; or personnel numbers starting with q.
      const chars = [...new Set(Array.from(f.q))];
      const whole = chars.length > 1 || f.q.length > 1 ? ' AND strpos(c.name, :q) > 0' : '';
      q.andWhere(`((c.name_chars @> CAST(:chars AS text[])${whole}) OR c.personnel_no LIKE :prefix)`, {
        chars,
        q: f.q,
        prefix: `${escapeLike(f.q)}%`,
      });
    }
    if (f.tag === 'young')
      q.andWhere(`c.birth_date > current_date - make_interval(years => :limitYears)`, { limitYears: f.youngAgeLimit });
    if (f.tag === 'principal') q.andWhere('c.is_principal');
    if (f.tag === 'female') q.andWhere(`c.gender = 'female'`);
    if (f.tag === 'party_member') q.andWhere('c.party_member');
    return q;
  }

  /** Those of the cadres assigned to the assessor's groups (projected from appraisal.group.updated). */
  async assignedOf(tenantId: string, assessorUserId: string, cadreIds: string[]): Promise<string[]> {
    const rows: Array<{ cadreId: string }> = await this.cadres.query(
      `SELECT DISTINCT cadre_id AS "cadreId" FROM assessment_assignments WHERE tenant_id = $1 AND assessor_user_id = $2 AND cadre_id = ANY ($3::uuid[])`,
      [tenantId, assessorUserId, cadreIds],
    );
    return rows.map((r) => r.cadreId);
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

  /** Whether the batch has moved the cadre already (a version of theirs names the batch). */
  movedByBatch(manager: EntityManager, tenantId: string, batchId: string, cadreId: string): Promise<boolean> {
    return manager.exists(CadreVersion, { where: { tenantId, batchId, cadreId } });
  }

  /** Keyset: oldest first by versionNo (unique per cadre), after `afterVersion`; `limit` rows at most. */
  history(tenantId: string, cadreId: string, page: { afterVersion?: number; limit: number }): Promise<CadreVersion[]> {
    return this.cadres.manager.find(CadreVersion, {
      where: {
        tenantId,
        cadreId,
        ...(page.afterVersion !== undefined ? { versionNo: MoreThan(page.afterVersion) } : {}),
      },
      order: { versionNo: 'ASC' },
      take: page.limit,
    });
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
