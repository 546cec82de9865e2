import { Injectable } from '@nestjs/common';
import type {
  CreateTeamCommand,
  ListTeamsQuery,
  Page,
  RequestContext,
  TeamDetailView,
  TeamSnapshotV1,
  TeamView,
} from '@cadre/contracts';
import { rosterReach, withinReach } from '@cadre/contracts';
import { Outbox, pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart, isUniqueViolation } from '@cadre/persistence';
import { CadresRepository } from '../cadres/cadres.repository';
import { ageOn, today } from '../cadres/cadre-rules';
import { UnitsRepository } from '../units/units.repository';
import { Team } from './team.entity';
import { TeamsRepository } from './teams.repository';

const ROLE_ORDER = { principal: 0, deputy: 1, member: 2 } as const;

export function toTeamView(team: Team, memberCount: number): TeamView {
  return {
    id: team.id,
    unitId: team.unitId,
    name: team.name,
    memberCount,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}

export function teamSnapshot(team: Team): TeamSnapshotV1 {
  return { id: team.id, unitId: team.unitId, name: team.name };
}

@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly units: UnitsRepository,
    private readonly cadres: CadresRepository,
    private readonly outbox: Outbox,
  ) {}

  async create(ctx: RequestContext, command: CreateTeamCommand): Promise<TeamView> {
    const duplicate = () =>
      RpcError.conflict(`该单位已有名为“${command.name}”的班子`, [
        { field: 'name', message: '班子名称在单位内已存在' },
      ]);
    const team = await this.outbox
      .transaction(async (manager) => {
        if (!(await this.units.find(ctx.tenantId, command.unitId, manager))) {
          throw RpcError.rule('所属单位不存在', [{ field: 'unitId', message: '单位不存在' }]);
        }
        if (await this.teams.findByName(manager, ctx.tenantId, command.unitId, command.name)) throw duplicate();
        const created = await this.teams.create(manager, {
          tenantId: ctx.tenantId,
          unitId: command.unitId,
          name: command.name,
        });
        await this.outbox.add(manager, {
          type: 'roster.team.created',
          tenantId: ctx.tenantId,
          aggregateId: created.id,
          data: teamSnapshot(created),
        });
        return created;
      })
      .catch((err: unknown) => {
        throw isUniqueViolation(err, 'teams_tenant_unit_name') ? duplicate() : err;
      });
    return toTeamView(team, 0);
  }

  async list(ctx: RequestContext, query: ListTeamsQuery): Promise<Page<TeamView>> {
    const { limit, after } = pageWindow(query, [cursorPart.text, cursorPart.uuid]);
    // A leader sees the teams of their unit, an assessor the teams of their assigned cadres.
    const rows = await this.teams.list(ctx.tenantId, {
      unitId: query.unitId,
      reach: rosterReach(ctx),
      after,
      limit: limit + 1,
    });
    return toPage(
      rows,
      limit,
      (t) => [t.name, t.id],
      (t) => toTeamView(t, t.memberCount),
    );
  }

  async get(ctx: RequestContext, id: string): Promise<TeamDetailView> {
    const team = await this.teams.find(ctx.tenantId, id);
    const reach = rosterReach(ctx);
    const assigned =
      !!reach?.assessorUserId && (await this.teams.holdsAssigned(ctx.tenantId, id, reach.assessorUserId));
    if (!team || !withinReach(reach, team.unitId, assigned)) throw RpcError.notFound('班子');
    const day = today();
    const members = (await this.cadres.activeMembers(ctx.tenantId, id))
      .map((c) => ({
        cadreId: c.id,
        name: c.name,
        position: c.position,
        teamRole: c.teamRole,
        age: ageOn(c.birthDate, day),
        gender: c.gender,
      }))
      .sort(
        (a, b) =>
          ROLE_ORDER[a.teamRole ?? 'member'] - ROLE_ORDER[b.teamRole ?? 'member'] ||
          a.name.localeCompare(b.name, 'zh-CN'),
      );
    return { ...toTeamView(team, members.length), members };
  }

  async rename(ctx: RequestContext, id: string, name: string): Promise<TeamView> {
    const team = await this.outbox.transaction(async (manager) => {
      const current = await this.teams.findForUpdate(manager, ctx.tenantId, id);
      if (!current) throw RpcError.notFound('班子');
      if (current.name === name) return current;
      if (await this.teams.findByName(manager, ctx.tenantId, current.unitId, name)) {
        throw RpcError.conflict(`该单位已有名为“${name}”的班子`, [
          { field: 'name', message: '班子名称在单位内已存在' },
        ]);
      }
      current.name = name;
      const saved = await this.teams.save(manager, current);
      await this.outbox.add(manager, {
        type: 'roster.team.updated',
        tenantId: ctx.tenantId,
        aggregateId: saved.id,
        data: { ...teamSnapshot(saved), changed: ['name'] },
      });
      return saved;
    });
    return toTeamView(team, await this.cadres.countActiveMembers(ctx.tenantId, team.id));
  }
}
