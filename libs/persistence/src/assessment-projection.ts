import type { EntityManager } from 'typeorm';
import type { AssessmentGroupUpdatedV1 } from '@cadre/contracts';

/**
 * The assessment groups (考核组) as the services that scope reads by them keep them
 * (`assessment_assignments`: group_id, tenant_id, assessor_user_id, cadre_id — one row per assessor and
 * cadre of a group). The group event carries the whole group, so it replaces what was held for it.
 */
export async function replaceAssessmentAssignments(
  manager: EntityManager,
  tenantId: string,
  group: AssessmentGroupUpdatedV1,
): Promise<void> {
  await manager.query(`DELETE FROM assessment_assignments WHERE group_id = $1`, [group.groupId]);
  await manager.query(
    `INSERT INTO assessment_assignments (group_id, tenant_id, assessor_user_id, cadre_id)
     SELECT $1, $2, a, c FROM unnest($3::uuid[]) a CROSS JOIN unnest($4::uuid[]) c`,
    [group.groupId, tenantId, group.assessorUserIds, group.cadreIds],
  );
}
