import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';

/**
 * What the appraisal service needs from the others beside the roster projection (the cadres, who is
 * in a cycle's units: RosterProjectionModule), built from their events only: political verdicts (the
 * gate on an `excellent` grade), signed task lists (who still owes a commitment) and democratic
 * results (闻).
 */
@Injectable()
export class ProjectionsHandler {
  @OnEvent('checklists.political.verdict_changed')
  async verdictChanged(event: EventOf<'checklists.political.verdict_changed'>, manager: EntityManager): Promise<void> {
    const v = event.data;
    await manager.query(
      `INSERT INTO political_verdicts (cadre_id, tenant_id, verdict) VALUES ($1, $2, $3)
       ON CONFLICT (cadre_id) DO UPDATE SET verdict = EXCLUDED.verdict`,
      [v.cadreId, event.tenantId, v.to],
    );
  }

  @OnEvent('checklists.tasklist.signed')
  async taskListSigned(event: EventOf<'checklists.tasklist.signed'>, manager: EntityManager): Promise<void> {
    const s = event.data;
    await manager.query(
      `INSERT INTO signed_task_lists (tenant_id, cadre_id, year) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [event.tenantId, s.cadreId, s.year],
    );
  }

  /** The payload is the campaign's whole current result: replace what is held. */
  @OnEvent('review.results.updated')
  async resultsUpdated(event: EventOf<'review.results.updated'>, manager: EntityManager): Promise<void> {
    const r = event.data;
    if (r.subject !== 'cadre') return;
    await manager.query(`DELETE FROM democratic_results WHERE campaign_id = $1`, [r.campaignId]);
    // A suppressed cadre (fewer ballots than the tenant's minGroupSize, v2) has no democratic result
    // for the listen step; v1 entries were all shown.
    const shown = r.results.filter(
      (x) => !('suppressed' in x && x.suppressed) && x.excellentRate !== null && x.gradeCounts !== null,
    );
    if (shown.length === 0) return;
    await manager.query(
      `INSERT INTO democratic_results (tenant_id, cycle_id, campaign_id, cadre_id, ballots, excellent_rate, score, grade_counts)
       SELECT $1, $2, $3, t, b, e, s, g FROM unnest($4::uuid[], $5::int[], $6::float8[], $7::float8[], $8::jsonb[]) AS u(t, b, e, s, g)`,
      [
        event.tenantId,
        r.cycleId,
        r.campaignId,
        shown.map((x) => x.targetId),
        shown.map((x) => x.ballots),
        shown.map((x) => x.excellentRate),
        shown.map((x) => x.score),
        shown.map((x) => JSON.stringify(x.gradeCounts)),
      ],
    );
  }
}
