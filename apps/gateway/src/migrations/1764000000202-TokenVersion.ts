import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-user token version, carried in every access token (claim `ver`) and compared on each request:
 * raising it (logout, deactivation, a role, unit or password change) ends every token issued before.
 * Tokens issued before this column existed carry no `ver` and count as version 0, the default here.
 */
export class TokenVersion1764000000202 implements MigrationInterface {
  name = 'TokenVersion1764000000202';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
