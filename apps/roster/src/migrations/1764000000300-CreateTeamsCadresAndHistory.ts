import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teams (班子), cadres (干部) and the dynamic database: every change of a cadre is a new row in
 * cadre_versions, never an update of an old one.
 */
export class CreateTeamsCadresAndHistory1764000000300 implements MigrationInterface {
  name = 'CreateTeamsCadresAndHistory1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        unit_id uuid NOT NULL REFERENCES units (id),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT teams_tenant_unit_name UNIQUE (tenant_id, unit_id, name)
      )`);
    await q.query(`
      CREATE TABLE cadres (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        personnel_no text NOT NULL,
        name text NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male', 'female')),
        birth_date date NOT NULL,
        unit_id uuid NOT NULL REFERENCES units (id),
        team_id uuid REFERENCES teams (id),
        team_role text CHECK (team_role IN ('principal', 'deputy', 'member')),
        field_id uuid REFERENCES fields (id),
        position text NOT NULL,
        rank text,
        is_principal boolean NOT NULL DEFAULT false,
        party_member boolean NOT NULL DEFAULT true,
        education text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'transferred_out', 'dismissed')),
        version_no int NOT NULL DEFAULT 1,
        -- The characters of the name, for search (q=): Chinese names are 2–4 characters, too short
        -- for trigrams; a GIN index over the characters finds every name containing them.
        name_chars text[] GENERATED ALWAYS AS (string_to_array(name, NULL)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cadres_tenant_personnel_no UNIQUE (tenant_id, personnel_no),
        CONSTRAINT cadres_team_role_needs_team CHECK (team_id IS NOT NULL OR team_role IS NULL)
      )`);
    // Keyset pagination for each sort, inside a tenant.
    await q.query(`CREATE INDEX cadres_tenant_name ON cadres (tenant_id, name, id)`);
    await q.query(`CREATE INDEX cadres_tenant_birth ON cadres (tenant_id, birth_date, id)`);
    await q.query(`CREATE INDEX cadres_tenant_updated ON cadres (tenant_id, updated_at, id)`);
    await q.query(`CREATE INDEX cadres_tenant_unit ON cadres (tenant_id, unit_id, name, id)`);
    await q.query(`CREATE INDEX cadres_tenant_team ON cadres (tenant_id, team_id) WHERE team_id IS NOT NULL`);
    await q.query(`CREATE INDEX cadres_tenant_field ON cadres (tenant_id, field_id, name, id)`);
    await q.query(`CREATE INDEX cadres_name_chars ON cadres USING gin (name_chars)`);
    await q.query(`CREATE INDEX cadres_tenant_personnel_prefix ON cadres (tenant_id, personnel_no text_pattern_ops)`);
    await q.query(`
      CREATE TABLE cadre_versions (
        cadre_id uuid NOT NULL REFERENCES cadres (id),
        version_no int NOT NULL,
        tenant_id uuid NOT NULL,
        change text NOT NULL CHECK (change IN ('created', 'updated', 'transferred', 'status_changed', 'imported')),
        changed text[] NOT NULL DEFAULT '{}',
        reason text,
        effective_date date NOT NULL DEFAULT current_date,
        actor_id uuid,
        actor_name text,
        snapshot jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cadre_id, version_no)
      )`);
    await q.query(`
      CREATE TABLE roster_settings (
        tenant_id uuid PRIMARY KEY,
        young_age_limit int NOT NULL DEFAULT 40 CHECK (young_age_limit BETWEEN 20 AND 70),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE roster_settings');
    await q.query('DROP TABLE cadre_versions');
    await q.query('DROP TABLE cadres');
    await q.query('DROP TABLE teams');
  }
}
