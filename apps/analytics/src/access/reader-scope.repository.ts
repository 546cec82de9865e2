import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The assessment-group assignments projected from `appraisal.group.updated`. */
@Injectable()
export class ReaderScopeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The cadres assigned to the assessor in the tenant; among `cadreIds` when given. */
  async assignedCadres(tenantId: string, assessorUserId: string, cadreIds?: string[]): Promise<string[]> {
    const rows: Array<{ cadreId: string }> = await this.dataSource.query(
      `SELECT DISTINCT cadre_id AS "cadreId" FROM assignments WHERE tenant_id = $1 AND assessor_user_id = $2 AND ($3::uuid[] IS NULL OR cadre_id = ANY ($3::uuid[]))`,
      [tenantId, assessorUserId, cadreIds ?? null],
    );
    return rows.map((r) => r.cadreId);
  }
}
