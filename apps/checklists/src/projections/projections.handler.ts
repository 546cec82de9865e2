import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { replaceAssessmentAssignments } from '@cadre/persistence';

/**
 * The assessment groups, as far as the checklists need them: which assessor is assigned to which
 * cadre. Built from events only. The cadres themselves are the roster projection
 * (RosterProjectionModule, libs/roster-projection).
 */
@Injectable()
export class ProjectionsHandler {
  @OnEvent('appraisal.group.updated')
  groupUpdated(event: EventOf<'appraisal.group.updated'>, manager: EntityManager): Promise<void> {
    return replaceAssessmentAssignments(manager, event.tenantId, event.data);
  }
}
