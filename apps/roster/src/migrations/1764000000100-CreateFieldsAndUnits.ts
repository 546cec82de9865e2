import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFieldsAndUnits1764000000100 implements MigrationInterface {
  name = 'CreateFieldsAndUnits1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fields (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fields_tenant_code UNIQUE (tenant_id, code)
      )`);
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('department', 'town', 'street', 'zone')),
        field_id uuid REFERENCES fields (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT units_tenant_code UNIQUE (tenant_id, code)
      )`);
    await q.query(`CREATE INDEX units_tenant_field ON units (tenant_id, field_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE units');
    await q.query('DROP TABLE fields');
  }
}
