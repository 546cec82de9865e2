import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignSubject, CycleStatus } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';

export interface ProjectedCycle {
  id: string;
  name: string;
  kind: string;
  year: number;
  half: number | null;
  status: CycleStatus;
  unitIds: string[] | null;
}

export interface ProjectedTarget {
  id: string;
  name: string;
  /** The unit of a cadre, or the unit itself. */
  unitId: string;
  /** Kind of that unit (department, town, street, zone); null while the unit is not projected. */
  unitKind: string | null;
}

/** Reads of the projections; every read names the tenant, so another tenant's record is "not found". */
@Injectable()
export class RosterProjection {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

  /** The targets found among `ids` (cadres or units of the tenant), with their unit. */
  async targets(tenantId: string, subject: CampaignSubject, ids: string[]): Promise<ProjectedTarget[]> {
    if (subject === 'cadre') {
      return this.dataSource.query(
        `SELECT c.id, c.name, c.unit_id AS "unitId", u.kind AS "unitKind"
           FROM cadres c LEFT JOIN units u ON u.id = c.unit_id WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
    }
    return this.dataSource.query(
      `SELECT id, name, id AS "unitId", kind AS "unitKind" FROM units WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
  }

  async units(tenantId: string, ids?: string[]): Promise<Array<{ id: string; name: string; kind: string }>> {
    return this.dataSource.query(
      `SELECT id, name, kind FROM units WHERE tenant_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) ORDER BY kind, name, id`,
      [tenantId, ids ?? null],
    );
  }

  async activeCadres(tenantId: string): Promise<Array<{ id: string; name: string; unitId: string }>> {
    return this.dataSource.query(`SELECT id, name, unit_id AS "unitId" FROM cadres WHERE tenant_id = $1 AND status = 'active' ORDER BY unit_id, id`, [tenantId]);
  }
}
