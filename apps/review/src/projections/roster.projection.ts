import { Injectable } from '@nestjs/common';
import type { CycleStatus } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { RosterReader } from '@cadre/roster-projection';

export type { ProjectedTarget } from '@cadre/roster-projection';

export interface ProjectedCycle {
  id: string;
  name: string;
  kind: string;
  year: number;
  half: number | null;
  status: CycleStatus;
  unitIds: string[] | null;
}

/**
 * The roster projection's reads (RosterReader: units, targets, active cadres) and the cycles'. Every
 * read names the tenant, so another tenant's record is "not found".
 */
@Injectable()
export class RosterProjection extends RosterReader {
  async requireCycle(tenantId: string, cycleId: string): Promise<ProjectedCycle> {
    const [cycle] = await this.dataSource.query(
      `SELECT id, name, kind, year, half, status, unit_ids AS "unitIds" FROM cycles WHERE tenant_id = $1 AND id = $2`,
      [tenantId, cycleId],
    );
    if (!cycle) throw RpcError.notFound('考核周期');
    return cycle;
  }

  async cycles(tenantId: string, statuses: CycleStatus[]): Promise<ProjectedCycle[]> {
    return this.dataSource.query(
      `SELECT id, name, kind, year, half, status, unit_ids AS "unitIds" FROM cycles WHERE tenant_id = $1 AND status = ANY($2) ORDER BY year, half NULLS LAST, id`,
      [tenantId, statuses],
    );
  }
}
