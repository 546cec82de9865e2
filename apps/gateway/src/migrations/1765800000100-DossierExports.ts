import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The department's archive exports: a ZIP of the dossiers of a field's teams, built in the
 * background by the gateway (which prints the PDFs) with its progress, polled by the client. The
 * requester's context is kept so the dossiers are read with their rights, not the gateway's.
 */
export class DossierExports1765800000100 implements MigrationInterface {
  name = 'DossierExports1765800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dossier_exports (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        field_id uuid NOT NULL,
        field_name text NOT NULL,
        requested_by uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        done int NOT NULL DEFAULT 0,
        total int NOT NULL,
        error text,
        file bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dossier_exports_tenant ON dossier_exports (tenant_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_exports`);
  }
}
