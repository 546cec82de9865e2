import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { effectiveMinGroupSize } from '../results/suppression';

/** The tenant's review settings; a tenant without a row has the defaults. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async minGroupSize(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = await manager.query(`SELECT min_group_size AS "minGroupSize" FROM settings WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return effectiveMinGroupSize(row?.minGroupSize);
  }

  async setMinGroupSize(tenantId: string, minGroupSize: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO settings (tenant_id, min_group_size) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET min_group_size = EXCLUDED.min_group_size`,
      [tenantId, minGroupSize],
    );
  }
}
