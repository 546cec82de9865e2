import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CadreEvent, HeldCadre, HeldUnit, RosterProjectionListener, UnitEvent } from '@cadre/roster-projection';
import { CycleSnapshotService } from '../ranking/cycle-snapshot.service';
import { RecomputeScheduler } from '../ranking/recompute.scheduler';
import { ProjectionsRepository } from './projections.repository';

/**
 * What analytics does beside the roster projection (RosterProjectionModule) when a roster record
 * changes, in the event's transaction: keeps each cadre's history (the dossier's), and marks the
 * tenant's cycles dirty when a change moves cadres between the ranks.
 */
@Injectable()
export class RosterListener implements RosterProjectionListener {
  constructor(
    private readonly recompute: RecomputeScheduler,
    private readonly projections: ProjectionsRepository,
    private readonly snapshots: CycleSnapshotService,
  ) {}

  /**
   * Every version is kept, a late one too; a newer change of team, unit or status re-ranks the cycles
   * not closed yet (and a closed one it still enters, CycleSnapshotService.lateRoster).
   */
  async cadreProjected(event: CadreEvent, held: HeldCadre | undefined, m: EntityManager): Promise<void> {
    const c = event.data;
    await this.projections.addCadreVersion(m, event.tenantId, {
      cadreId: c.id,
      versionNo: c.versionNo,
      type: event.type,
      occurredAt: event.occurredAt,
      summary: {
        position: c.position,
        unitId: c.unitId,
        teamId: c.teamId,
        status: c.status,
        changed: 'changed' in c ? c.changed : null,
      },
    });
    if (held && held.versionNo >= c.versionNo) return; // an older version: the projection kept the newer
    // A change that occurred by a closed cycle's close but arrived after it still enters its snapshot.
    await this.recompute.mark(m, event, await this.snapshots.lateRoster(m, event, c.id));
    if (!held) return;
    if (held.teamId !== c.teamId || held.unitId !== c.unitId || held.status !== c.status)
      await this.recompute.markTenant(m, event);
  }

  /** Horizontal ranks are inside the unit's field: moving a unit to another field moves its cadres. */
  async unitProjected(event: UnitEvent, held: HeldUnit | undefined, m: EntityManager): Promise<void> {
    if (event.type === 'roster.unit.updated' && held && held.fieldId !== event.data.fieldId)
      await this.recompute.markTenant(m, event);
  }
}
