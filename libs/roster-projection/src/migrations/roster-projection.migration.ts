import type { QueryRunner } from 'typeorm';
import type { RosterProjectionShape } from '../roster-projection.shape';

/**
 * Creates the tables of the roster's records a service keeps, in the migration's schema (the
 * search_path of its connection). Indexes are the service's own, after its reads.
 *
 * Migrations that have already run call this (checklists, appraisal, review, analytics): a change
 * here would not reach their databases and would make a new database differ from them. Change the
 * tables with a new migration in each service, never by editing this DDL.
 */
export async function createRosterProjection(q: QueryRunner, shape: RosterProjectionShape): Promise<void> {
  if (shape.fields)
    await q.query(`CREATE TABLE fields (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL)`);
  if (shape.units)
    await q.query(
      `CREATE TABLE units (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL, kind text NOT NULL, field_id uuid)`,
    );
  if (shape.teams) await createTeamsProjection(q);
  // The columns in the order the tables were first made in, so a new schema is the same as the old ones.
  const columns = shape.profile
    ? `name text NOT NULL,
        gender text NOT NULL,
        birth_date date NOT NULL,
        unit_id uuid NOT NULL,
        team_id uuid,
        team_role text,
        field_id uuid,
        position text NOT NULL,
        education text,
        party_member boolean NOT NULL,`
    : `unit_id uuid NOT NULL,
        name text NOT NULL,`;
  await q.query(`
      CREATE TABLE cadres (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        ${columns}
        status text NOT NULL,
        version_no int NOT NULL${shape.profile ? ',\n        since date NOT NULL' : ''}
      )`);
}

/**
 * The teams table alone, for a service that starts keeping the roster's teams after its first migration
 * (createRosterProjection would make its cadres table again). The same DDL as above.
 */
export async function createTeamsProjection(q: QueryRunner): Promise<void> {
  await q.query(
    `CREATE TABLE teams (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, unit_id uuid NOT NULL, name text NOT NULL)`,
  );
}
