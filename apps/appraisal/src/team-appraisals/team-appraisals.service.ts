import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hiddenFromLeader } from '@cadre/contracts';
import type {
  ListTeamAppraisalsQuery,
  Page,
  RecordTeamStepCommand,
  RequestContext,
  TeamAppraisalView,
} from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { cursorPart, decodeCursor, encodeCursor, pageSize } from '@cadre/persistence';
import { isOfficer } from '../access/access';
import { inScope, missingBefore, STATUS_NAMES, STEP_NAMES, withStep } from '../cycles/cycle-rules';
import type { CycleRow } from '../cycles/cycles.repository';
import { CyclesService } from '../cycles/cycles.service';
import { teamAppraisalViews, teamResultOf } from './team-appraisal-rules';
import { ProjectedTeam, TeamAppraisalsRepository, TeamReach } from './team-appraisals.repository';

/**
 * 班子考核: a periodic cycle appraises the leadership teams of its units in the same 望闻问切 as their
 * cadres ("为班子及干部" 把脉会诊). The assessment group that appraises the team's unit writes (and the
 * organization department); steps come in order and may be recorded again while the cycle is open;
 * a closed cycle is read-only. A unit's leader reads their own team's appraisal once it is published.
 */
@Injectable()
export class TeamAppraisalsService {
  constructor(
    private readonly teams: TeamAppraisalsRepository,
    private readonly outbox: Outbox,
    private readonly cycles: CyclesService,
  ) {}

  async record(ctx: RequestContext, command: RecordTeamStepCommand): Promise<TeamAppraisalView> {
    const cycle = await this.cycles.require(ctx.tenantId, command.cycleId);
    const team = await this.requireTeam(ctx, command.teamId);
    await this.mayWrite(ctx, team);
    if (cycle.kind !== 'periodic') throw RpcError.rule('随机考核不分望闻问切，班子考核在定期考核中进行');
    if (cycle.status !== 'open') {
      throw RpcError.conflict(
        cycle.status === 'scheduled'
          ? '考核周期尚未开启，不能填写班子考核记录'
          : `考核周期${STATUS_NAMES[cycle.status]}，班子考核记录只读`,
      );
    }
    if (!inScope(cycle, team.unitId)) throw RpcError.rule('该班子所在单位不在本考核周期范围内');

    await this.outbox.transaction(async (m) => {
      const appraisal = await this.teams.lock(m, ctx.tenantId, randomUUID(), cycle.id, team.id);
      const missing = missingBefore(command.step, appraisal.completedSteps);
      if (missing) {
        // Out of order is a conflict with the appraisal's state (409), as the scenario asks.
        throw RpcError.conflict(`请先完成“${STEP_NAMES[missing]}”，再填写“${STEP_NAMES[command.step]}”`, [
          { field: 'step', message: `需要先完成 ${missing}` },
        ]);
      }
      const completed = withStep(appraisal.completedSteps, command.step);
      const result = teamResultOf(command.content, command.step);
      await this.teams.upsertStep(m, ctx.tenantId, appraisal.id, command.step, command.content, ctx.username);
      await this.teams.update(m, ctx.tenantId, appraisal.id, completed, result);
      await this.outbox.add(m, {
        type: 'appraisal.team_step.recorded',
        tenantId: ctx.tenantId,
        aggregateId: appraisal.id,
        data: {
          teamAppraisalId: appraisal.id,
          cycleId: cycle.id,
          teamId: team.id,
          unitId: team.unitId,
          step: command.step,
          completedSteps: completed,
          result,
        },
      });
    });
    const [view] = await this.views(ctx.tenantId, cycle, [team.id]);
    return view;
  }

  async list(ctx: RequestContext, query: ListTeamAppraisalsQuery): Promise<Page<TeamAppraisalView>> {
    const cycle = await this.cycles.require(ctx.tenantId, query.cycleId);
    if (query.teamId) await this.requireTeam(ctx, query.teamId);
    const limit = pageSize(query.limit);
    let after: string | undefined;
    if (query.cursor) {
      const key = decodeCursor(query.cursor, [cursorPart.uuid]);
      if (!key) throw new RpcError(400, '分页游标无效', [{ field: 'cursor', message: '不是本列表给出的游标' }]);
      after = key[0];
    }
    const ids = await this.teams.listTeamIds(ctx.tenantId, {
      cycleId: cycle.id,
      unitIds: cycle.unitIds,
      teamId: query.teamId,
      reach: this.reach(ctx, cycle),
      after,
      limit: limit + 1,
    });
    const page = ids.slice(0, limit);
    return {
      items: await this.views(ctx.tenantId, cycle, page),
      nextCursor: ids.length > limit ? encodeCursor([page[page.length - 1]]) : null,
    };
  }

  /** A team of the tenant; a leader asking about another unit's team is told it does not exist. */
  private async requireTeam(ctx: RequestContext, teamId: string): Promise<ProjectedTeam> {
    const team = await this.teams.team(ctx.tenantId, teamId);
    if (!team || hiddenFromLeader(ctx, team.unitId)) throw RpcError.notFound('领导班子');
    return team;
  }

  private async mayWrite(ctx: RequestContext, team: ProjectedTeam): Promise<void> {
    if (isOfficer(ctx)) return;
    if (ctx.roles.includes('assessor') && (await this.teams.isAssigned(ctx.tenantId, ctx.userId, team.id))) return;
    throw new RpcError(403, '只有负责该单位的考核组成员可以填写班子考核记录');
  }

  /** Whose teams the caller sees: all (the department), an assessor's groups', a leader's own once published. */
  private reach(ctx: RequestContext, cycle: CycleRow): TeamReach {
    if (isOfficer(ctx)) return null;
    if (ctx.roles.includes('assessor')) return { assessorUserId: ctx.userId };
    if (cycle.status === 'published' && ctx.roles.includes('unit_leader') && ctx.unitId) return { unitId: ctx.unitId };
    throw new RpcError(
      403,
      cycle.status === 'published' ? '只能查看本单位班子的考核记录' : '考核结果发布前仅限组织部和考核组查看',
    );
  }

  private async views(tenantId: string, cycle: CycleRow, teamIds: string[]): Promise<TeamAppraisalView[]> {
    if (teamIds.length === 0) return [];
    const rows = await this.teams.appraisals(tenantId, cycle.id, teamIds);
    const steps = await this.teams.steps(
      tenantId,
      rows.map((r) => r.id).filter((id): id is string => !!id),
    );
    return teamAppraisalViews(cycle.id, rows, steps);
  }
}
