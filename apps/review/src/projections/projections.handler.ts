import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';

/**
 * The cycles, as far as review needs them, from appraisal's events only: ballots are taken only while
 * the cycle is open. Units (kind, for who rates whom in two-way review) and cadres (their unit, for
 * the own-unit rule; their name, for the ballot form) are the roster projection (RosterProjectionModule).
 */
@Injectable()
export class ProjectionsHandler {
  @OnEvent('appraisal.cycle.scheduled')
  cycleScheduled(event: EventOf<'appraisal.cycle.scheduled'>, manager: EntityManager) {
    return this.upsertCycle(event, manager);
  }

  @OnEvent('appraisal.cycle.opened')
  cycleOpened(event: EventOf<'appraisal.cycle.opened'>, manager: EntityManager) {
    return this.upsertCycle(event, manager);
  }

  @OnEvent('appraisal.cycle.closed')
  cycleClosed(event: EventOf<'appraisal.cycle.closed'>, manager: EntityManager) {
    return this.upsertCycle(event, manager);
  }

  @OnEvent('appraisal.cycle.published')
  cyclePublished(event: EventOf<'appraisal.cycle.published'>, manager: EntityManager) {
    return this.upsertCycle(event, manager);
  }

  /**
   * A cycle's status only moves forward (scheduled → open → closed → published): a late `opened`
   * must not reopen a closed cycle, so the newer status wins.
   */
  private async upsertCycle(
    event: EventOf<'appraisal.cycle.scheduled' | 'appraisal.cycle.opened' | 'appraisal.cycle.closed' | 'appraisal.cycle.published'>,
    manager: EntityManager,
  ): Promise<void> {
    const c = event.data;
    const [before]: Array<{ status: string }> = await manager.query(`SELECT status FROM cycles WHERE id = $1 FOR UPDATE`, [c.id]);
    await manager.query(
      `INSERT INTO cycles (id, tenant_id, name, kind, year, half, status, unit_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, year = EXCLUDED.year, half = EXCLUDED.half,
         unit_ids = EXCLUDED.unit_ids,
         status = CASE WHEN array_position($9::text[], EXCLUDED.status) >= array_position($9::text[], cycles.status)
                       THEN EXCLUDED.status ELSE cycles.status END
       WHERE cycles.tenant_id = EXCLUDED.tenant_id`,
      [c.id, event.tenantId, c.name, c.kind, c.year, c.half, c.status, c.unitIds, ['scheduled', 'open', 'closed', 'published']],
    );
    // Closed now (whichever of closed/published arrives first): the campaigns' final results are due.
    // The results publisher shuffles their ballots and publishes them once (results.service.ts).
    const ended = (status: string | undefined) => status === 'closed' || status === 'published';
    if (before && !ended(before.status) && ended(c.status)) {
      await manager.query(`UPDATE campaigns SET results_dirty = true WHERE tenant_id = $1 AND cycle_id = $2`, [event.tenantId, c.id]);
    }
  }
}
