import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_COMPOSITE_WEIGHTS } from '@cadre/contracts';
import { dropNamespace, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { ANALYTICS_MIGRATIONS } from '../../apps/analytics/src/migrations';
import { SealedRecords1765200000701 } from '../../apps/analytics/src/migrations/1765200000701-SealedRecords';
import { RECORD_ROWS_SELECT } from '../../apps/analytics/src/records/record-rows.sql';
import { recordDigest } from '../../apps/analytics/src/records/record-serialisation';

/**
 * The upgrade that introduced sealed records (docs/records.md "Upgrading"): a schema as it was before,
 * with published and closed cycles of two tenants, migrated — each published cycle gets a seal, per
 * tenant in the order the cycles closed, chained; a closed one gets none.
 */
describe('analytics upgrade: published cycles are sealed', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_analytics`;
  const source = (migrations: unknown[]) =>
    new DataSource({
      type: 'postgres',
      url: TEST_DATABASE_URL,
      extra: { options: `-c search_path=${schema}`, max: 2 },
      migrations: migrations as never,
    });
  let db: DataSource;
  const tenants = [randomUUID(), randomUUID()];
  const cycle = { older: randomUUID(), newer: randomUUID(), closed: randomUUID(), other: randomUUID() };

  beforeAll(async () => {
    const setup = source([]);
    await setup.initialize();
    await setup.query(`CREATE SCHEMA "${schema}"`);
    await setup.destroy();
    const before = ANALYTICS_MIGRATIONS.indexOf(SealedRecords1765200000701);
    db = source(ANALYTICS_MIGRATIONS.slice(0, before));
    await db.initialize();
    await db.runMigrations();
    const addCycle = (id: string, tenantId: string, status: string, closesAt: string) =>
      db.query(
        `INSERT INTO cycles (id, tenant_id, kind, name, year, half, status, opens_at, closes_at) VALUES ($1, $2, 'periodic', 'c', 2025, 1, $3, $4, $4)`,
        [id, tenantId, status, closesAt],
      );
    // Inserted newest first: the order of the chain is the order of closing.
    await addCycle(cycle.newer, tenants[0], 'published', '2025-12-31T00:00:00Z');
    await addCycle(cycle.older, tenants[0], 'published', '2025-06-30T00:00:00Z');
    await addCycle(cycle.closed, tenants[0], 'closed', '2026-06-30T00:00:00Z');
    await addCycle(cycle.other, tenants[1], 'published', '2025-06-30T00:00:00Z');
    await db.query(
      `INSERT INTO weights (tenant_id, periodic, democratic, task, wartime) VALUES ($1, 0.5, 0.3, 0.2, 0)`,
      [tenants[0]],
    );
    for (const [cycleId, tenantId] of [
      [cycle.older, tenants[0]],
      [cycle.newer, tenants[0]],
      [cycle.other, tenants[1]],
    ])
      await db.query(
        `INSERT INTO rankings (cycle_id, cadre_id, tenant_id, team_id, field_id, periodic, composite, vertical_rank, vertical_n, vertical_percentile)
         VALUES ($1, $2, $3, $4, $5, 88.5, 88.5, 1, 1, 100)`,
        [cycleId, randomUUID(), tenantId, randomUUID(), randomUUID()],
      );
    await db.destroy();
    db = source(ANALYTICS_MIGRATIONS);
    await db.initialize();
    await db.runMigrations();
  });

  afterAll(async () => {
    await db?.destroy();
    await dropNamespace(namespace);
  });

  it('seals each published cycle from its stored rows and weights, chained in the order of closing', async () => {
    const records = await db.query(
      `SELECT cycle_id AS "cycleId", tenant_id AS "tenantId", sequence, format, digest, previous_digest AS "previousDigest", weights, published_at AS "publishedAt"
         FROM records ORDER BY tenant_id = $1 DESC, sequence`,
      [tenants[0]],
    );
    expect(records.map((r: { cycleId: string; sequence: number }) => [r.cycleId, r.sequence])).toEqual([
      [cycle.older, 1],
      [cycle.newer, 2],
      [cycle.other, 1],
    ]);
    expect(records[1].previousDigest).toBe(records[0].digest);
    expect(records[2].previousDigest).toBeNull();
    expect(records[0].weights).toEqual({ periodic: 0.5, democratic: 0.3, task: 0.2, wartime: 0 });
    expect(records[2].weights).toEqual(DEFAULT_COMPOSITE_WEIGHTS);
    for (const r of records) {
      const rows = await db.query(RECORD_ROWS_SELECT, [r.tenantId, r.cycleId]);
      expect(rows).toHaveLength(1);
      const header = {
        tenantId: r.tenantId,
        cycleId: r.cycleId,
        sequence: r.sequence,
        publishedAt: null,
        previousDigest: r.previousDigest,
      };
      expect(r).toMatchObject({ format: 1, publishedAt: null });
      expect(recordDigest(1, header, { weights: r.weights, rows })).toBe(r.digest);
    }
  });
});
