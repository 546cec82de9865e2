import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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

  async activeIds(tenantId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM cadres WHERE tenant_id = $1 AND status = 'active' ORDER BY id`, [tenantId]);
    return rows.map((r) => r.id);
  }

  async isAssigned(tenantId: string, userId: string, cadreId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM assessment_assignments WHERE tenant_id = $1 AND assessor_user_id = $2 AND cadre_id = $3 LIMIT 1`,
      [tenantId, userId, cadreId],
    );
    return rows.length > 0;
  }
}
