import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PoliticalVerdict } from '@cadre/contracts';

/** A cadre's democratic result of one campaign, as the listen step (闻) reads it. */
export interface DemocraticResultRow {
  targetId: string;
  ballots: number;
  excellentRate: number | null;
  score: number | null;
  gradeCounts: unknown;
}

/**
 * Every statement of appraisal's own projections (projections.handler.ts), in the event's transaction
 * and naming the tenant; the roster's are the roster projection's (libs/roster-projection).
 */
@Injectable()
export class ProjectionsRepository {
  async upsertVerdict(
    manager: EntityManager,
    tenantId: string,
    cadreId: string,
    verdict: PoliticalVerdict,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO political_verdicts (cadre_id, tenant_id, verdict) VALUES ($1, $2, $3)
       ON CONFLICT (cadre_id) DO UPDATE SET verdict = EXCLUDED.verdict`,
      [cadreId, tenantId, verdict],
    );
  }

  async addSignedTaskList(manager: EntityManager, tenantId: string, cadreId: string, year: number): Promise<void> {
    await manager.query(
      `INSERT INTO signed_task_lists (tenant_id, cadre_id, year) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [tenantId, cadreId, year],
    );
  }

  /**
   * The tasks of a signed task list as signed: which cadre and year each belongs to (a wartime record
   * names its own). A list signed again after an amendment replaces what it held.
   */
  async upsertTasks(
    manager: EntityManager,
    tenantId: string,
    list: { taskListId: string; cadreId: string; year: number; tasks: Array<{ id: string; title: string }> },
  ): Promise<void> {
    await manager.query(
      `DELETE FROM task_list_tasks WHERE tenant_id = $1 AND task_list_id = $2 AND NOT (task_id = ANY ($3::uuid[]))`,
      [tenantId, list.taskListId, list.tasks.map((t) => t.id)],
    );
    await manager.query(
      `INSERT INTO task_list_tasks (task_id, tenant_id, task_list_id, cadre_id, year, title)
       SELECT t, $1, $2, $3, $4, n FROM unnest($5::uuid[], $6::text[]) AS u(t, n)
       ON CONFLICT (task_id) DO UPDATE SET cadre_id = EXCLUDED.cadre_id, year = EXCLUDED.year, title = EXCLUDED.title`,
      [tenantId, list.taskListId, list.cadreId, list.year, list.tasks.map((t) => t.id), list.tasks.map((t) => t.title)],
    );
  }

  /** The campaign's results, replaced by `shown` (the cadres whose numbers may be shown). */
  async replaceDemocraticResults(
    manager: EntityManager,
    tenantId: string,
    campaign: { cycleId: string; campaignId: string },
    shown: DemocraticResultRow[],
  ): Promise<void> {
    await manager.query(`DELETE FROM democratic_results WHERE campaign_id = $1`, [campaign.campaignId]);
    if (shown.length === 0) return;
    await manager.query(
      `INSERT INTO democratic_results (tenant_id, cycle_id, campaign_id, cadre_id, ballots, excellent_rate, score, grade_counts)
       SELECT $1, $2, $3, t, b, e, s, g FROM unnest($4::uuid[], $5::int[], $6::float8[], $7::float8[], $8::jsonb[]) AS u(t, b, e, s, g)`,
      [
        tenantId,
        campaign.cycleId,
        campaign.campaignId,
        shown.map((x) => x.targetId),
        shown.map((x) => x.ballots),
        shown.map((x) => x.excellentRate),
        shown.map((x) => x.score),
        shown.map((x) => JSON.stringify(x.gradeCounts)),
      ],
    );
  }
}
