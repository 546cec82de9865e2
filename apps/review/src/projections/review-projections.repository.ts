import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CycleStatus, EventOf } from '@cadre/contracts';

export interface ProjectedCycle {
  id: string;
  name: string;
  kind: string;
  year: number;
  half: number | null;
  status: CycleStatus;
  unitIds: string[] | null;
}

/** A cycle as appraisal's cycle events carry it. */
export type CycleEventData = EventOf<
  'appraisal.cycle.scheduled' | 'appraisal.cycle.opened' | 'appraisal.cycle.closed' | 'appraisal.cycle.published'
>['data'];

/** The order a cycle's status moves in: the upsert keeps the later of the stored and the new. */
const CYCLE_STATUS_ORDER: CycleStatus[] = ['scheduled', 'open', 'closed', 'published'];

/**
 * Review's own projection, the cycles (from appraisal's events), and the dirty marks a closing cycle
 * puts on its campaigns. Writes run in the consumer's transaction (its manager); reads name the tenant.
 */
@Injectable()
export class ReviewProjectionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findCycle(tenantId: string, cycleId: string): Promise<ProjectedCycle | undefined> {
    const [cycle]: ProjectedCycle[] = await this.dataSource.query(
      `SELECT id, name, kind, year, half, status, unit_ids AS "unitIds" FROM cycles WHERE tenant_id = $1 AND id = $2`,
      [tenantId, cycleId],
    );
    return cycle;
  }

  findCycles(tenantId: string, statuses: CycleStatus[]): Promise<ProjectedCycle[]> {
    return this.dataSource.query(
      `SELECT id, name, kind, year, half, status, unit_ids AS "unitIds" FROM cycles WHERE tenant_id = $1 AND status = ANY($2) ORDER BY year, half NULLS LAST, id`,
      [tenantId, statuses],
    );
  }

  /**
   * The tenant's stored status of the cycle, its row locked until the transaction ends (two events of
   * one cycle apply one after the other). A cycle id of another tenant reads as none, as the upsert
   * leaves it alone.
   */
  async lockCycleStatus(tenantId: string, cycleId: string, manager: EntityManager): Promise<CycleStatus | undefined> {
    const [before]: Array<{ status: CycleStatus }> = await manager.query(
      `SELECT status FROM cycles WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, cycleId],
    );
    return before?.status;
  }

  /**
   * A cycle's status only moves forward (scheduled → open → closed → published): a late `opened`
   * must not reopen a closed cycle, so the newer status wins. A cycle id of another tenant is left alone.
   */
  async upsertCycle(tenantId: string, c: CycleEventData, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO cycles (id, tenant_id, name, kind, year, half, status, unit_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, year = EXCLUDED.year, half = EXCLUDED.half,
         unit_ids = EXCLUDED.unit_ids,
         status = CASE WHEN array_position($9::text[], EXCLUDED.status) >= array_position($9::text[], cycles.status)
                       THEN EXCLUDED.status ELSE cycles.status END
       WHERE cycles.tenant_id = EXCLUDED.tenant_id`,
      [c.id, tenantId, c.name, c.kind, c.year, c.half, c.status, c.unitIds, CYCLE_STATUS_ORDER],
    );
  }

  /** The cycle's campaigns are due for their final results (the results publisher picks them up). */
  async markCycleCampaignsDirty(tenantId: string, cycleId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE campaigns SET results_dirty = true WHERE tenant_id = $1 AND cycle_id = $2`, [
      tenantId,
      cycleId,
    ]);
  }
}
