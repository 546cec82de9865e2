import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PoliticalVerdict } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';

export interface ProjectedCadre {
  id: string;
  unitId: string;
  name: string;
  status: string;
}

/** Reads of the projections; every read names the tenant, so another tenant's cadre is "not found". */
@Injectable()
export class CadresProjection {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async require(tenantId: string, cadreId: string, manager?: EntityManager): Promise<ProjectedCadre> {
    const [cadre] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, unit_id AS "unitId", name, status FROM cadres WHERE tenant_id = $1 AND id = $2`,
      [tenantId, cadreId],
    );
    if (!cadre) throw RpcError.notFound('干部');
    return cadre;
  }

  /** Ids of the given cadres that are not (yet) known in the tenant. */
  async unknown(tenantId: string, cadreIds: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT u.id FROM unnest($2::uuid[]) AS u(id) WHERE NOT EXISTS (SELECT 1 FROM cadres c WHERE c.tenant_id = $1 AND c.id = u.id)`,
      [tenantId, cadreIds],
    );
    return rows.map((r) => r.id);
  }

  /** A cadre with no political file yet counts as `pass` (as in checklists). */
  async verdict(tenantId: string, cadreId: string, manager?: EntityManager): Promise<PoliticalVerdict> {
    const [row] = await (manager ?? this.dataSource.manager).query(`SELECT verdict FROM political_verdicts WHERE tenant_id = $1 AND cadre_id = $2`, [tenantId, cadreId]);
    return (row?.verdict as PoliticalVerdict) ?? 'pass';
  }
}
