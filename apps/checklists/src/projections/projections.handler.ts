import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { upsertCadreSnapshot } from '@cadre/persistence';

/**
 * The roster's cadres and the assessment groups, as far as the checklists need them: which cadres
 * exist in a tenant, and which assessor is assigned to which cadre. Built from events only; a
 * roster event older than the version held is ignored (replicas may deliver out of order).
 */
@Injectable()
export class ProjectionsHandler {
  @OnEvent('roster.cadre.created')
  cadreCreated(event: EventOf<'roster.cadre.created'>, manager: EntityManager) {
    return this.upsertCadre(event, manager);
  }

  @OnEvent('roster.cadre.updated')
  cadreUpdated(event: EventOf<'roster.cadre.updated'>, manager: EntityManager) {
    return this.upsertCadre(event, manager);
  }

  @OnEvent('roster.cadre.transferred')
  cadreTransferred(event: EventOf<'roster.cadre.transferred'>, manager: EntityManager) {
    return this.upsertCadre(event, manager);
  }

  @OnEvent('appraisal.group.updated')
  async groupUpdated(event: EventOf<'appraisal.group.updated'>, manager: EntityManager): Promise<void> {
    const group = event.data;
    await manager.query(`DELETE FROM assessment_assignments WHERE group_id = $1`, [group.groupId]);
    await manager.query(
      `INSERT INTO assessment_assignments (group_id, tenant_id, assessor_user_id, cadre_id)
       SELECT $1, $2, a, c FROM unnest($3::uuid[]) a CROSS JOIN unnest($4::uuid[]) c`,
      [group.groupId, event.tenantId, group.assessorUserIds, group.cadreIds],
    );
  }

  private upsertCadre(event: EventOf<'roster.cadre.created' | 'roster.cadre.updated' | 'roster.cadre.transferred'>, manager: EntityManager): Promise<void> {
    return upsertCadreSnapshot(manager, event.tenantId, event.data);
  }
}
