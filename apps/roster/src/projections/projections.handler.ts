import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';

/**
 * The assessment groups (考核组), as far as the roster needs them: which assessor may read which
 * cadre. The group event carries the whole group, so it replaces what was held for it.
 */
@Injectable()
export class ProjectionsHandler {
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
}
