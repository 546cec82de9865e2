import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface DossierExportRow {
  id: string;
  fieldId: string;
  fieldName: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  bytes: number | null;
}

/** The archive exports (dossier_exports); every statement names the tenant. */
@Injectable()
export class DossierExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(
    id: string,
    tenantId: string,
    field: { id: string; name: string },
    requestedBy: string,
    total: number,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dossier_exports (id, tenant_id, field_id, field_name, requested_by, status, total) VALUES ($1, $2, $3, $4, $5, 'running', $6)`,
      [id, tenantId, field.id, field.name, requestedBy, total],
    );
  }

  async progress(tenantId: string, id: string, done: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE dossier_exports SET done = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'running'`,
      [tenantId, id, done],
    );
  }

  async finish(tenantId: string, id: string, file: Buffer): Promise<void> {
    await this.dataSource.query(
      `UPDATE dossier_exports SET status = 'done', done = total, file = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'running'`,
      [tenantId, id, file],
    );
  }

  async fail(tenantId: string, id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE dossier_exports SET status = 'failed', error = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'running'`,
      [tenantId, id, error],
    );
  }

  async find(tenantId: string, id: string): Promise<DossierExportRow | null> {
    const [row]: DossierExportRow[] = await this.dataSource.query(
      `SELECT id, field_id AS "fieldId", field_name AS "fieldName", status, done, total, error, created_at AS "createdAt", updated_at AS "updatedAt",
              octet_length(file) AS bytes
         FROM dossier_exports WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row ?? null;
  }

  async file(tenantId: string, id: string): Promise<Buffer | null> {
    const [row]: Array<{ file: Buffer | null }> = await this.dataSource.query(
      `SELECT file FROM dossier_exports WHERE tenant_id = $1 AND id = $2 AND status = 'done'`,
      [tenantId, id],
    );
    return row?.file ?? null;
  }
}
