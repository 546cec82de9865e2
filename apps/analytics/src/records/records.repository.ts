import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CompositeWeights, RecordSnapshotView } from '@cadre/contracts';
import { RECORD_ROWS_SELECT } from './record-rows.sql';
import type { RecordSourceRow, RecordTeamSourceRow } from './record-serialisation';

export interface SealRow {
  /** A cycle's id, or for kind `annual` the annual evaluation's. */
  cycleId: string;
  kind: 'cycle' | 'annual';
  /** The year of an annual record; null for a cycle's. */
  year: number | null;
  sequence: number;
  format: number;
  publishedAt: Date | null;
  sealedAt: Date;
  digest: string;
  previousDigest: string | null;
  weights: CompositeWeights;
}

/** Every statement of the sealed records (考核记录); a method given a manager runs in that transaction. */
@Injectable()
export class RecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The record a publish asks for: sealed by the recompute that follows. A redelivery changes nothing. */
  async request(m: EntityManager, tenantId: string, cycleId: string, publishedAt: string): Promise<void> {
    await m.query(
      `INSERT INTO records (cycle_id, tenant_id, published_at) VALUES ($1, $2, $3) ON CONFLICT (cycle_id) DO NOTHING`,
      [cycleId, tenantId, publishedAt],
    );
  }

  /** The publish time of a record asked for and not sealed yet, of a cycle the projection holds as published. */
  async pending(m: EntityManager, tenantId: string, cycleId: string): Promise<{ publishedAt: Date | null } | null> {
    const [row]: Array<{ publishedAt: Date | null }> = await m.query(
      `SELECT r.published_at AS "publishedAt" FROM records r JOIN cycles c ON c.id = r.cycle_id
        WHERE r.tenant_id = $1 AND r.cycle_id = $2 AND r.digest IS NULL AND c.status = 'published'`,
      [tenantId, cycleId],
    );
    return row ?? null;
  }

  /** Serialises the tenant's chain appends: held to the end of the transaction. */
  async lockChain(m: EntityManager, tenantId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('records:' || $1::text, 0))`, [tenantId]);
  }

  async lastSeal(m: EntityManager, tenantId: string): Promise<{ sequence: number; digest: string } | null> {
    const [row]: Array<{ sequence: number; digest: string }> = await m.query(
      `SELECT sequence, digest FROM records WHERE tenant_id = $1 AND digest IS NOT NULL ORDER BY sequence DESC LIMIT 1`,
      [tenantId],
    );
    return row ?? null;
  }

  rows(tenantId: string, cycleId: string, m: EntityManager = this.dataSource.manager): Promise<RecordSourceRow[]> {
    return m.query(RECORD_ROWS_SELECT, [tenantId, cycleId]);
  }

  /** The cycle's snapshot taken at close: the values only, not when each was taken. */
  snapshot(
    tenantId: string,
    cycleId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<RecordSnapshotView[]> {
    return m.query(
      `SELECT cadre_id AS "cadreId", unit_id AS "unitId", team_id AS "teamId", team_role AS "teamRole", field_id AS "fieldId",
              status, verdict, task
         FROM cycle_snapshots WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY cadre_id`,
      [tenantId, cycleId],
    );
  }

  /** The cycle's leadership teams' rows (班子排名). */
  teams(tenantId: string, cycleId: string, m: EntityManager = this.dataSource.manager): Promise<RecordTeamSourceRow[]> {
    return m.query(
      `SELECT team_id AS "teamId", unit_id AS "unitId", field_id AS "fieldId", apply, democratic, bottom_up AS "bottomUp",
              members, composite, rank, n, percentile
         FROM team_rankings WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY team_id`,
      [tenantId, cycleId],
    );
  }

  async seal(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    seal: {
      sequence: number;
      format: number;
      digest: string;
      previousDigest: string | null;
      weights: CompositeWeights;
      rowCount: number;
    },
  ): Promise<Date> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [[row]]: [Array<{ sealedAt: Date }>, number] = await m.query(
      `UPDATE records SET sequence = $3, format = $4, digest = $5, previous_digest = $6, weights = $7, row_count = $8, sealed_at = now()
        WHERE tenant_id = $1 AND cycle_id = $2 AND digest IS NULL RETURNING sealed_at AS "sealedAt"`,
      [
        tenantId,
        cycleId,
        seal.sequence,
        seal.format,
        seal.digest,
        seal.previousDigest,
        JSON.stringify(seal.weights),
        seal.rowCount,
      ],
    );
    return row.sealedAt;
  }

  /**
   * An annual record (年度综合评价), sealed at once: it is made whole in one transaction. Its place in
   * the chain is taken under lockChain, as a cycle's.
   */
  async sealAnnual(
    m: EntityManager,
    tenantId: string,
    seal: {
      annualId: string;
      year: number;
      publishedAt: string;
      sequence: number;
      format: number;
      digest: string;
      previousDigest: string | null;
      weights: unknown;
      rowCount: number;
    },
  ): Promise<Date> {
    const [row]: Array<{ sealedAt: Date }> = await m.query(
      `INSERT INTO records (cycle_id, tenant_id, kind, year, published_at, sequence, format, digest, previous_digest, weights, row_count, sealed_at)
       VALUES ($1, $2, 'annual', $3, $4, $5, $6, $7, $8, $9, $10, now()) RETURNING sealed_at AS "sealedAt"`,
      [
        seal.annualId,
        tenantId,
        seal.year,
        seal.publishedAt,
        seal.sequence,
        seal.format,
        seal.digest,
        seal.previousDigest,
        JSON.stringify(seal.weights),
        seal.rowCount,
      ],
    );
    return row.sealedAt;
  }

  private readonly columns = `cycle_id AS "cycleId", kind, year, sequence, format, published_at AS "publishedAt", sealed_at AS "sealedAt",
    digest, previous_digest AS "previousDigest", weights`;

  /** A sealed record of a cycle, or with `kind` annual of an annual evaluation (by its id). */
  async find(
    tenantId: string,
    cycleId: string,
    m: EntityManager = this.dataSource.manager,
    kind: 'cycle' | 'annual' = 'cycle',
  ): Promise<SealRow | null> {
    const [row]: SealRow[] = await m.query(
      `SELECT ${this.columns} FROM records WHERE tenant_id = $1 AND cycle_id = $2 AND kind = $3 AND digest IS NOT NULL`,
      [tenantId, cycleId, kind],
    );
    return row ?? null;
  }

  /** The tenant's chain, first record first: the cycles' records and the annual ones, in one chain. */
  chain(tenantId: string): Promise<SealRow[]> {
    return this.dataSource.query(
      `SELECT ${this.columns} FROM records WHERE tenant_id = $1 AND digest IS NOT NULL ORDER BY sequence`,
      [tenantId],
    );
  }
}
