import type { EntityManager } from 'typeorm';
import type { CadreSnapshotV1 } from '@cadre/contracts';

/**
 * The roster's cadres as several services keep them (`cadres`: id, tenant_id, unit_id, name, status,
 * version_no): enough to know who exists, in which unit, and whether active. A snapshot older than
 * the one held is ignored, since replicas may deliver out of order; an id of another tenant is never
 * overwritten.
 */
export async function upsertCadreSnapshot(manager: EntityManager, tenantId: string, c: CadreSnapshotV1): Promise<void> {
  await manager.query(
    `INSERT INTO cadres (id, tenant_id, unit_id, name, status, version_no) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET unit_id = EXCLUDED.unit_id, name = EXCLUDED.name, status = EXCLUDED.status, version_no = EXCLUDED.version_no
     WHERE cadres.version_no < EXCLUDED.version_no AND cadres.tenant_id = EXCLUDED.tenant_id`,
    [c.id, tenantId, c.unitId, c.name, c.status, c.versionNo],
  );
}
