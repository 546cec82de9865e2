import { Injectable } from '@nestjs/common';
import { RosterReader } from '@cadre/roster-projection';

export type { ProjectedCadre } from '@cadre/roster-projection';

/** The roster projection's reads (RosterReader), and which cadres an assessor's groups give them. */
@Injectable()
export class CadresProjection extends RosterReader {
  async isAssigned(tenantId: string, userId: string, cadreId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM assessment_assignments WHERE tenant_id = $1 AND assessor_user_id = $2 AND cadre_id = $3 LIMIT 1`,
      [tenantId, userId, cadreId],
    );
    return rows.length > 0;
  }
}
