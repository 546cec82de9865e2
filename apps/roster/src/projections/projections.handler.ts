import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { replaceAssessmentAssignments } from '@cadre/persistence';

/**
 * The assessment groups (考核组), as far as the roster needs them: which assessor may read which
 * cadre. The group event carries the whole group, so it replaces what was held for it.
 */
@Injectable()
export class ProjectionsHandler {
  @OnEvent('appraisal.group.updated')
  groupUpdated(event: EventOf<'appraisal.group.updated'>, manager: EntityManager): Promise<void> {
    return replaceAssessmentAssignments(manager, event.tenantId, event.data);
  }
}
