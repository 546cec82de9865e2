import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Team } from './team.entity';

export interface TeamRow extends Team {
  memberCount: number;
}

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

  async list(tenantId: string, unitId?: string): Promise<TeamRow[]> {
    const q = this.teams
      .createQueryBuilder('t')
      .addSelect((sub) => sub.select('count(*)::int').from('cadres', 'c').where("c.team_id = t.id AND c.status = 'active'"), 'member_count')
      .where('t.tenantId = :tenantId', { tenantId });
    if (unitId) q.andWhere('t.unitId = :unitId', { unitId });
    const { entities, raw } = await q.orderBy('t.name', 'ASC').addOrderBy('t.id', 'ASC').getRawAndEntities();
    return entities.map((team, i) => Object.assign(team, { memberCount: Number(raw[i].member_count) }));
  }

  create(manager: EntityManager, team: Pick<Team, 'tenantId' | 'unitId' | 'name'>): Promise<Team> {
    return manager.save(manager.create(Team, team));
  }

  save(manager: EntityManager, team: Team): Promise<Team> {
    return manager.save(team);
  }
}
