import type { Client } from 'pg';

/** Drops every schema of a namespace (`<namespace>_<service>`): what a test run leaves in PostgreSQL. */
export async function dropNamespaceSchemas(pg: Client, namespace: string): Promise<void> {
  const { rows } = await pg.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [
    `${namespace}\\_%`,
  ]);
  for (const { nspname } of rows) await pg.query(`DROP SCHEMA "${nspname}" CASCADE`);
}
