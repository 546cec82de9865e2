import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AppraisalStep, TeamApplyContent, TeamRunningState, TeamStepContent } from '@cadre/contracts';

/** A team as appraisal keeps it (the roster projection's `teams`). */
export interface ProjectedTeam {
  id: string;
  unitId: string;
  name: string;
}

export interface LockedTeamAppraisal {
  id: string;
  completedSteps: AppraisalStep[];
}

/** A team of the list with its appraisal in the cycle (none yet: the appraisal columns are null). */
export interface TeamAppraisalRow {
  id: string | null;
  teamId: string;
  teamName: string;
  unitId: string;
  completedSteps: AppraisalStep[] | null;
  score: number | null;
  runningState: TeamRunningState | null;
}

export interface TeamStepRow {
  teamAppraisalId: string;
  step: AppraisalStep;
  content: TeamStepContent;
  recordedBy: string;
  recordedAt: Date;
}

/** Whose team appraisals a list shows besides the cycle's scope: an assessor's groups, or a leader's unit. */
export type TeamReach = { assessorUserId: string } | { unitId: string } | null;

export interface TeamAppraisalListFilter {
  cycleId: string;
  unitIds: string[] | null;
  teamId?: string;
  reach: TeamReach;
  /** Keyset: teams sorted by id, after this one. */
  after?: string;
  limit: number;
}

/**
 * The assessment group a team's steps belong to is the one that appraises the team's unit: a group
 * holding any active cadre of the unit. That keeps one list of assignments (the groups' cadres) for
 * the team and its members, as the department forms its groups per unit.
 */
const ASSIGNED = `EXISTS (SELECT 1 FROM assessment_groups g JOIN cadres c ON c.tenant_id = g.tenant_id AND c.id = ANY (g.cadre_ids)
                    WHERE g.tenant_id = t.tenant_id AND c.unit_id = t.unit_id AND c.status = 'active' AND $ASSESSOR = ANY (g.assessor_user_ids))`;

/** 班子考核: the teams' appraisals of a cycle and their steps. Every statement names the tenant. */
@Injectable()
export class TeamAppraisalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async team(tenantId: string, teamId: string, manager?: EntityManager): Promise<ProjectedTeam | null> {
    const [row]: ProjectedTeam[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, unit_id AS "unitId", name FROM teams WHERE tenant_id = $1 AND id = $2`,
      [tenantId, teamId],
    );
    return row ?? null;
  }

  /** Whether a group of the tenant that appraises the team's unit has the user among its assessors. */
  async isAssigned(tenantId: string, userId: string, teamId: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM teams t WHERE t.tenant_id = $1 AND t.id = $3 AND ${ASSIGNED.replace('$ASSESSOR', '$2::uuid')}`,
      [tenantId, userId, teamId],
    );
    return rows.length > 0;
  }

  /** The appraisal row of (cycle, team), made on first use and locked for the step being written. */
  async lock(
    m: EntityManager,
    tenantId: string,
    id: string,
    cycleId: string,
    teamId: string,
  ): Promise<LockedTeamAppraisal> {
    await m.query(
      `INSERT INTO team_appraisals (id, tenant_id, cycle_id, team_id) VALUES ($1, $2, $3, $4) ON CONFLICT (cycle_id, team_id) DO NOTHING`,
      [id, tenantId, cycleId, teamId],
    );
    const [row]: LockedTeamAppraisal[] = await m.query(
      `SELECT id, completed_steps AS "completedSteps" FROM team_appraisals
        WHERE cycle_id = $1 AND team_id = $2 AND tenant_id = $3 FOR UPDATE`,
      [cycleId, teamId, tenantId],
    );
    return row;
  }

  /** Records the step, or records it again (a correction) over the earlier content. */
  async upsertStep(
    m: EntityManager,
    tenantId: string,
    teamAppraisalId: string,
    step: AppraisalStep,
    content: TeamStepContent,
    recordedBy: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO team_appraisal_steps (team_appraisal_id, step, tenant_id, content, recorded_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (team_appraisal_id, step) DO UPDATE SET content = EXCLUDED.content, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [teamAppraisalId, step, tenantId, JSON.stringify(content), recordedBy],
    );
  }

  /** The completed steps; with the result of 切 (`apply`) also the score and running state. */
  async update(
    m: EntityManager,
    tenantId: string,
    id: string,
    completed: AppraisalStep[],
    result: TeamApplyContent | null,
  ): Promise<void> {
    await m.query(
      `UPDATE team_appraisals SET completed_steps = $2, updated_at = now(),
              score = CASE WHEN $3 THEN $4 ELSE score END, running_state = CASE WHEN $3 THEN $5 ELSE running_state END
        WHERE id = $1 AND tenant_id = $6`,
      [id, completed, !!result, result?.score ?? null, result?.runningState ?? null, tenantId],
    );
  }

  /** Ids of the teams of the cycle's units the reach allows, by id. */
  async listTeamIds(tenantId: string, filter: TeamAppraisalListFilter): Promise<string[]> {
    const params: unknown[] = [tenantId, filter.unitIds];
    const where = [`t.tenant_id = $1`, `($2::uuid[] IS NULL OR t.unit_id = ANY ($2))`];
    if (filter.teamId) where.push(`t.id = $${params.push(filter.teamId)}`);
    if (filter.reach && 'assessorUserId' in filter.reach) {
      where.push(ASSIGNED.replace('$ASSESSOR', `$${params.push(filter.reach.assessorUserId)}::uuid`));
    } else if (filter.reach) {
      where.push(`t.unit_id = $${params.push(filter.reach.unitId)}`);
    }
    if (filter.after) where.push(`t.id > $${params.push(filter.after)}::uuid`);
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT t.id FROM teams t WHERE ${where.join(' AND ')} ORDER BY t.id LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** The teams with their appraisal in the cycle, in the order of `teamIds`. */
  appraisals(tenantId: string, cycleId: string, teamIds: string[]): Promise<TeamAppraisalRow[]> {
    return this.dataSource.query(
      `SELECT a.id, t.id AS "teamId", t.name AS "teamName", t.unit_id AS "unitId", a.completed_steps AS "completedSteps",
              a.score, a.running_state AS "runningState"
         FROM unnest($3::uuid[]) WITH ORDINALITY AS u(id, n)
         JOIN teams t ON t.tenant_id = $1 AND t.id = u.id
         LEFT JOIN team_appraisals a ON a.tenant_id = $1 AND a.cycle_id = $2 AND a.team_id = t.id
        ORDER BY u.n`,
      [tenantId, cycleId, teamIds],
    );
  }

  async steps(tenantId: string, teamAppraisalIds: string[]): Promise<TeamStepRow[]> {
    if (teamAppraisalIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT team_appraisal_id AS "teamAppraisalId", step, content, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
         FROM team_appraisal_steps WHERE team_appraisal_id = ANY ($1::uuid[]) AND tenant_id = $2`,
      [teamAppraisalIds, tenantId],
    );
  }
}
