import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_COMPOSITE_WEIGHTS } from '@cadre/contracts';
import type { CompositeWeights } from '@cadre/contracts';
import { RECORD_ROWS_SELECT } from '../records/record-rows.sql';
import { recordDigest } from '../records/record-serialisation';
import type { RecordSourceRow } from '../records/record-serialisation';

/**
 * 考核记录 (封存): one row per published cycle, made pending when the publish event arrives and sealed
 * by the recompute that follows it (digest, the previous record's digest, the weights used). The
 * cycles published before this existed are sealed here, per tenant in the order they closed (the
 * projection never kept when a cycle was published, so publishedAt is null for them), chained.
 * No event goes out for those: a subscriber starts its copy of the chain from GET /cycles/:id/record.
 */
export class SealedRecords1765200000701 implements MigrationInterface {
  name = 'SealedRecords1765200000701';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE records (
        cycle_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        published_at timestamptz,
        sequence int,
        format int,
        digest text,
        previous_digest text,
        weights jsonb,
        -- How many rows were sealed (for an operator comparing with what is there now).
        row_count int,
        sealed_at timestamptz,
        UNIQUE (tenant_id, sequence),
        CHECK ((digest IS NULL) = (sequence IS NULL))
      )`);
    const published: Array<{ id: string; tenantId: string }> = await q.query(
      `SELECT id, tenant_id AS "tenantId" FROM cycles WHERE status = 'published' ORDER BY tenant_id, closes_at, id`,
    );
    const chains = new Map<string, { sequence: number; digest: string | null }>();
    for (const cycle of published) {
      const last = chains.get(cycle.tenantId) ?? { sequence: 0, digest: null };
      const [w]: CompositeWeights[] = await q.query(
        `SELECT periodic, democratic, task, wartime FROM weights WHERE tenant_id = $1`,
        [cycle.tenantId],
      );
      const weights = w ?? DEFAULT_COMPOSITE_WEIGHTS;
      const rows: RecordSourceRow[] = await q.query(RECORD_ROWS_SELECT, [cycle.tenantId, cycle.id]);
      const header = {
        tenantId: cycle.tenantId,
        cycleId: cycle.id,
        sequence: last.sequence + 1,
        publishedAt: null,
        previousDigest: last.digest,
      };
      const digest = recordDigest(1, header, { weights, rows });
      await q.query(
        `INSERT INTO records (cycle_id, tenant_id, published_at, sequence, format, digest, previous_digest, weights, row_count, sealed_at)
         VALUES ($1, $2, NULL, $3, 1, $4, $5, $6, $7, now())`,
        [
          cycle.id,
          cycle.tenantId,
          header.sequence,
          digest,
          header.previousDigest,
          JSON.stringify(weights),
          rows.length,
        ],
      );
      chains.set(cycle.tenantId, { sequence: header.sequence, digest });
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE records`);
  }
}
