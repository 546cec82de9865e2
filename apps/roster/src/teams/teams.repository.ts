import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { RosterReach } from '@cadre/contracts';
import { Team } from './team.entity';

export interface TeamRow extends Team {
  memberCount: number;
}

/** A team with an active member assigned to the assessor (the list query's `t` and its :tenantId, :reachAssessor). */
const ASSIGNED_MEMBER = `SELECT 1 FROM cadres m JOIN assessment_assignments a ON a.cadre_id = m.id AND a.tenant_id = m.tenant_id
  WHERE m.team_id = t.id AND m.status = 'active' AND a.assessor_user_id = :reachAssessor`;

/** Every query names the tenant. Members count active cadres only. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectRepository(Team) private readonly teams: Repository<Team>) {}

  find(tenantId: string, id: string, manager?: EntityManager): Promise<Team | null> {
    return (manager ?? this.teams.manager).findOneBy(Team, { tenantId, id });
  }

  findByName(manager: EntityManager, tenantId: string, unitId: string, name: string): Promise<Team | null> {
    return manager.findOneBy(Team, { tenantId, unitId, name });
  }

  findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<Team | null> {
    return manager.findOne(Team, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Keyset: by (name, id), after `after`; `limit` rows at most. */
  async list(
    tenantId: string,
    filter: { unitId?: string; reach?: RosterReach; after?: [string, string]; limit: number },
  ): Promise<TeamRow[]> {
    const { unitId, reach } = filter;
    const q = this.teams
      .createQueryBuilder('t')
      .addSelect(
        (sub) => sub.select('count(*)::int').from('cadres', 'c').where("c.team_id = t.id AND c.status = 'active'"),
        'member_count',
      )
      .where('t.tenantId = :tenantId', { tenantId });
    if (unitId) q.andWhere('t.unitId = :unitId', { unitId });
    if (reach) {
      const parts = [
        ...(reach.unitId ? ['t.unitId = :reachUnit'] : []),
        ...(reach.assessorUserId ? [`EXISTS (${ASSIGNED_MEMBER})`] : []),
      ];
      q.andWhere(parts.length ? `(${parts.join(' OR ')})` : 'false', {
        reachUnit: reach.unitId,
        reachAssessor: reach.assessorUserId,
      });
    }
    if (filter.after)
      q.andWhere('(t.name, t.id) > (:afterName, :afterId::uuid)', {
        afterName: filter.after[0],
        afterId: filter.after[1],
      });
    const { entities, raw } = await q
      .orderBy('t.name', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(filter.limit)
      .getRawAndEntities();
    return entities.map((team, i) => Object.assign(team, { memberCount: Number(raw[i].member_count) }));
  }

  /** Whether an active member of the team is assigned to the assessor's groups. */
  async holdsAssigned(tenantId: string, teamId: string, assessorUserId: string): Promise<boolean> {
    const rows = await this.teams.query(
      `SELECT 1 FROM cadres c JOIN assessment_assignments a ON a.cadre_id = c.id AND a.tenant_id = c.tenant_id
        WHERE c.tenant_id = $1 AND c.team_id = $2 AND c.status = 'active' AND a.assessor_user_id = $3 LIMIT 1`,
      [tenantId, teamId, assessorUserId],
    );
    return rows.length > 0;
  }

  create(manager: EntityManager, team: Pick<Team, 'tenantId' | 'unitId' | 'name'>): Promise<Team> {
    return manager.save(manager.create(Team, team));
  }

  save(manager: EntityManager, team: Team): Promise<Team> {
    return manager.save(team);
  }
}
