import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CompositeWeights } from '@cadre/contracts';
import { FREEZE_CYCLE } from './cycle-snapshot.sql';
import type { FieldSizeRow } from './ranking.repository';

/** A cycle's freeze: the weights in force at its close, when it closed and was published. */
export interface CycleFreezeRow {
  weights: CompositeWeights;
  closedAt: Date;
  publishedAt: Date | null;
}

/** A cadre's snapshot row in a cycle not published yet, with what the late-input rule compares. */
export interface HeldSnapshotRow {
  cycleId: string;
  kind: string;
  year: number;
  closedAt: Date;
  publishedAt: Date | null;
  verdictAt: Date | null;
  taskAt: Date | null;
}

/**
 * Every statement of results as of their cycle (docs/records.md): the freeze at close, the late
 * inputs that still enter it, and the reads the recompute of a frozen cycle makes instead of the
 * roster's. A method given a manager runs in that transaction; every one names the tenant.
 */
@Injectable()
export class CycleSnapshotRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Freezes the cycle unless it already is (FREEZE_CYCLE). Returns whether this call froze it. */
  async freeze(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    closedAt: string,
    defaults: CompositeWeights,
    source: 'close' | 'publish',
  ): Promise<boolean> {
    const [{ freezes }]: Array<{ freezes: number; rows: number }> = await m.query(FREEZE_CYCLE, [
      cycleId,
      tenantId,
      closedAt,
      defaults.periodic,
      defaults.democratic,
      defaults.task,
      defaults.wartime,
      source,
    ]);
    return freezes > 0;
  }

  /** The first publish event sets the time; a redelivered one changes nothing. */
  async markPublished(m: EntityManager, tenantId: string, cycleId: string, at: string): Promise<void> {
    await m.query(
      `UPDATE cycle_freezes SET published_at = $3 WHERE cycle_id = $1 AND tenant_id = $2 AND published_at IS NULL`,
      [cycleId, tenantId, at],
    );
  }

  async findFreeze(m: EntityManager, tenantId: string, cycleId: string): Promise<CycleFreezeRow | null> {
    const [row]: Array<CompositeWeights & { closedAt: Date; publishedAt: Date | null }> = await m.query(
      `SELECT periodic, democratic, task, wartime, closed_at AS "closedAt", published_at AS "publishedAt"
         FROM cycle_freezes WHERE cycle_id = $1 AND tenant_id = $2`,
      [cycleId, tenantId],
    );
    if (!row) return null;
    const { periodic, democratic, task, wartime, closedAt, publishedAt } = row;
    return { weights: { periodic, democratic, task, wartime }, closedAt, publishedAt };
  }

  /** The cadre's snapshot rows in cycles closed but not published: where a late input may still enter. */
  heldUnpublished(m: EntityManager, tenantId: string, cadreId: string): Promise<HeldSnapshotRow[]> {
    return m.query(
      `SELECT s.cycle_id AS "cycleId", c.kind, c.year, f.closed_at AS "closedAt", f.published_at AS "publishedAt",
              s.verdict_at AS "verdictAt", s.task_at AS "taskAt"
         FROM cycle_snapshots s
         JOIN cycle_freezes f ON f.cycle_id = s.cycle_id
         JOIN cycles c ON c.id = s.cycle_id
        WHERE s.tenant_id = $1 AND s.cadre_id = $2 AND f.published_at IS NULL`,
      [tenantId, cadreId],
    );
  }

  async setVerdict(
    m: EntityManager,
    tenantId: string,
    cadreId: string,
    cycleIds: string[],
    verdict: string,
    at: string,
  ): Promise<void> {
    await m.query(
      `UPDATE cycle_snapshots SET verdict = $4, verdict_at = $5 WHERE tenant_id = $1 AND cadre_id = $2 AND cycle_id = ANY ($3::uuid[])`,
      [tenantId, cadreId, cycleIds, verdict, at],
    );
  }

  async setTask(
    m: EntityManager,
    tenantId: string,
    cadreId: string,
    cycleIds: string[],
    completion: number,
    at: string,
  ): Promise<void> {
    await m.query(
      `UPDATE cycle_snapshots SET task = $4, task_at = $5 WHERE tenant_id = $1 AND cadre_id = $2 AND cycle_id = ANY ($3::uuid[])`,
      [tenantId, cadreId, cycleIds, completion, at],
    );
  }

  /** Active cadres per field in the frozen cycle, largest first (RankingRepository.fieldSizes of a snapshot). */
  fieldSizes(m: EntityManager, tenantId: string, cycleId: string): Promise<FieldSizeRow[]> {
    return m.query(
      `SELECT field_id AS "fieldId", count(*)::int AS n FROM cycle_snapshots
        WHERE tenant_id = $1 AND cycle_id = $2 AND status = 'active' GROUP BY field_id ORDER BY n DESC`,
      [tenantId, cycleId],
    );
  }

  /**
   * The frozen cycle's ranking rows whose cadre is not active in its snapshot or sits in another
   * field there (rows written while the cycle was open, before the freeze moved them), deleted before
   * the parts run so that no two parts touch the same row.
   */
  async deleteMovedRows(tenantId: string, cycleId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM rankings r WHERE r.cycle_id = $1 AND r.tenant_id = $2 AND NOT EXISTS (
           SELECT 1 FROM cycle_snapshots s WHERE s.tenant_id = $2 AND s.cycle_id = $1 AND s.cadre_id = r.cadre_id
              AND s.status = 'active' AND s.field_id IS NOT DISTINCT FROM r.field_id)`,
      [cycleId, tenantId],
    );
  }
}
