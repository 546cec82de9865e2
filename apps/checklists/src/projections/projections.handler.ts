import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { replaceAssessmentAssignments, upsertCadreSnapshot } from '@cadre/persistence';

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
  groupUpdated(event: EventOf<'appraisal.group.updated'>, manager: EntityManager): Promise<void> {
    return replaceAssessmentAssignments(manager, event.tenantId, event.data);
  }

  private upsertCadre(event: EventOf<'roster.cadre.created' | 'roster.cadre.updated' | 'roster.cadre.transferred'>, manager: EntityManager): Promise<void> {
    return upsertCadreSnapshot(manager, event.tenantId, event.data);
  }
}
