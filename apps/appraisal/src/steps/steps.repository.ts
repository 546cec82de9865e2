import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  AppraisalStep,
  ApplyContent,
  DemocraticResultView,
  PoliticalVerdict,
  StepContent,
} from '@cadre/contracts';

export interface LockedAppraisal {
  id: string;
  completedSteps: AppraisalStep[];
}

/** A cadre of the list with their appraisal in the cycle (none yet: the appraisal columns are null). */
export interface AppraisalRow {
  id: string | null;
  cadreId: string;
  cadreName: string;
  completedSteps: AppraisalStep[] | null;
  verdict: PoliticalVerdict | null;
}

export interface StepRow {
  appraisalId: string;
  step: AppraisalStep;
  content: StepContent;
  recordedBy: string;
  recordedAt: Date;
}

export type DemocraticRow = DemocraticResultView & { cadreId: string };

/** Whose appraisals a list shows besides the tenant's cycle scope: an assessor's groups, or one cadre. */
export type AppraisalReach = { assessorUserId: string } | { cadreId: string } | null;

export interface AppraisalListFilter {
  cycleId: string;
  unitIds: string[] | null;
  reach: AppraisalReach;
  /** Keyset: cadres sorted by id, after this one. */
  after?: string;
  limit: number;
}

/** 望闻问切: the appraisals of a cycle and their steps. Every statement names the tenant. */
@Injectable()
export class StepsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The appraisal row of (cycle, cadre), made on first use and locked for the step being written. */
  async lockAppraisal(
    m: EntityManager,
    tenantId: string,
    id: string,
    cycleId: string,
    cadreId: string,
  ): Promise<LockedAppraisal> {
    await m.query(
      `INSERT INTO appraisals (id, tenant_id, cycle_id, cadre_id) VALUES ($1, $2, $3, $4) ON CONFLICT (cycle_id, cadre_id) DO NOTHING`,
      [id, tenantId, cycleId, cadreId],
    );
    const [row]: LockedAppraisal[] = await m.query(
      `SELECT id, completed_steps AS "completedSteps" FROM appraisals WHERE cycle_id = $1 AND cadre_id = $2 AND tenant_id = $3 FOR UPDATE`,
      [cycleId, cadreId, tenantId],
    );
    return row;
  }

  /** Records the step, or records it again (a correction) over the earlier content. */
  async upsertStep(
    m: EntityManager,
    tenantId: string,
    appraisalId: string,
    step: AppraisalStep,
    content: StepContent,
    recordedBy: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO appraisal_steps (appraisal_id, step, tenant_id, content, recorded_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (appraisal_id, step) DO UPDATE SET content = EXCLUDED.content, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [appraisalId, step, tenantId, JSON.stringify(content), recordedBy],
    );
  }

  /** The completed steps; with the result of 切 (`apply`) also its score, grade and suggestion. */
  async updateAppraisal(
    m: EntityManager,
    tenantId: string,
    id: string,
    completed: AppraisalStep[],
    result: ApplyContent | null,
  ): Promise<void> {
    await m.query(
      `UPDATE appraisals SET completed_steps = $2, updated_at = now(),
                score = CASE WHEN $3 THEN $4 ELSE score END, grade = CASE WHEN $3 THEN $5 ELSE grade END, suggestion = CASE WHEN $3 THEN $6 ELSE suggestion END
          WHERE id = $1 AND tenant_id = $7`,
      [id, completed, !!result, result?.score ?? null, result?.grade ?? null, result?.suggestion ?? null, tenantId],
    );
  }

  /** Ids of the cadres in the cycle's scope (active ones, or with an appraisal in it) the reach allows, by id. */
  async listCadreIds(tenantId: string, filter: AppraisalListFilter): Promise<string[]> {
    const params: unknown[] = [tenantId, filter.unitIds];
    const where = [
      `c.tenant_id = $1`,
      `($2::uuid[] IS NULL OR c.unit_id = ANY ($2))`,
      `(c.status = 'active' OR EXISTS (SELECT 1 FROM appraisals a WHERE a.cycle_id = $${params.push(filter.cycleId)} AND a.cadre_id = c.id))`,
    ];
    if (filter.reach && 'assessorUserId' in filter.reach) {
      where.push(
        `EXISTS (SELECT 1 FROM assessment_groups g WHERE g.tenant_id = c.tenant_id AND $${params.push(filter.reach.assessorUserId)} = ANY (g.assessor_user_ids) AND c.id = ANY (g.cadre_ids))`,
      );
    } else if (filter.reach) {
      where.push(`c.id = $${params.push(filter.reach.cadreId)}`);
    }
    if (filter.after) where.push(`c.id > $${params.push(filter.after)}::uuid`);
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `SELECT c.id FROM cadres c WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT ${filter.limit}`,
      params,
    );
    return ids.map((r) => r.id);
  }

  /** The cadres with their appraisal in the cycle and political verdict, in the order of `cadreIds`. */
  appraisals(tenantId: string, cycleId: string, cadreIds: string[]): Promise<AppraisalRow[]> {
    return this.dataSource.query(
      `SELECT a.id, c.id AS "cadreId", c.name AS "cadreName", a.completed_steps AS "completedSteps", v.verdict
         FROM unnest($3::uuid[]) WITH ORDINALITY AS u(id, n)
         JOIN cadres c ON c.tenant_id = $1 AND c.id = u.id
         LEFT JOIN appraisals a ON a.cycle_id = $2 AND a.cadre_id = c.id
         LEFT JOIN political_verdicts v ON v.tenant_id = $1 AND v.cadre_id = c.id
        ORDER BY u.n`,
      [tenantId, cycleId, cadreIds],
    );
  }

  async steps(tenantId: string, appraisalIds: string[]): Promise<StepRow[]> {
    if (appraisalIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT appraisal_id AS "appraisalId", step, content, recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM appraisal_steps WHERE appraisal_id = ANY ($1::uuid[]) AND tenant_id = $2`,
      [appraisalIds, tenantId],
    );
  }

  /** The democratic results review published for the cadres in the cycle (闻), by campaign. */
  democratic(tenantId: string, cycleId: string, cadreIds: string[]): Promise<DemocraticRow[]> {
    return this.dataSource.query(
      `SELECT cadre_id AS "cadreId", campaign_id AS "campaignId", ballots, excellent_rate AS "excellentRate", score, grade_counts AS "gradeCounts"
         FROM democratic_results WHERE tenant_id = $1 AND cycle_id = $2 AND cadre_id = ANY ($3::uuid[]) ORDER BY campaign_id`,
      [tenantId, cycleId, cadreIds],
    );
  }
}
