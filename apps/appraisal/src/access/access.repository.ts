import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The assessment groups as access reads them: who is assigned to whom, within the tenant. */
@Injectable()
export class AccessRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether a group of the tenant has the user among its assessors and the cadre among its cadres. */
  async isAssigned(tenantId: string, userId: string, cadreId: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM assessment_groups WHERE tenant_id = $1 AND $2 = ANY (assessor_user_ids) AND $3 = ANY (cadre_ids) LIMIT 1`,
      [tenantId, userId, cadreId],
    );
    return rows.length > 0;
  }
}
