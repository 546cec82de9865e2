import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CompositeWeights, TeamCompositeWeights } from '@cadre/contracts';
import { FREEZE_CYCLE } from './cycle-snapshot.sql';
import type { FieldSizeRow } from './ranking.repository';

/** A cycle's freeze: the weights in force at its close, when it closed and was published. */
export interface CycleFreezeRow {
  weights: CompositeWeights;
  /** The team composite's weights at the close; null for a cycle frozen before teams had weights (the defaults). */
  teamWeights: TeamCompositeWeights | null;
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

/** One cadre's frozen inputs in a cycle, as a record of the cycle shows them (e.g. in its seal). */
export interface SnapshotRow {
  cadreId: string;
  unitId: string;
  teamId: string | null;
  teamRole: string | null;
  fieldId: string | null;
  status: string;
  verdict: string | null;
  task: number | null;
}

/** A freeze not published yet, and when the cadre's roster values in it were taken (null: at the close; no row: none). */
export interface HeldRosterRow {
  cycleId: string;
  closedAt: Date;
  publishedAt: Date | null;
  rosterAt: Date | null;
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
    teamDefaults: TeamCompositeWeights,
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
    if (freezes === 0) return false;
    // The team weights in force at the close too: the tenant's own, else the defaults of today.
    await m.query(
      `UPDATE cycle_freezes f SET team_weights = coalesce(
           (SELECT jsonb_build_object('apply', w.apply, 'democratic', w.democratic, 'bottomUp', w.bottom_up, 'members', w.members)
              FROM team_weights w WHERE w.tenant_id = f.tenant_id),
           $3::jsonb)
        WHERE f.cycle_id = $1 AND f.tenant_id = $2`,
      [cycleId, tenantId, JSON.stringify(teamDefaults)],
    );
    return true;
  }

  /** The first publish event sets the time; a redelivered one changes nothing. */
  async markPublished(m: EntityManager, tenantId: string, cycleId: string, at: string): Promise<void> {
    await m.query(
      `UPDATE cycle_freezes SET published_at = $3 WHERE cycle_id = $1 AND tenant_id = $2 AND published_at IS NULL`,
      [cycleId, tenantId, at],
    );
  }

  async findFreeze(m: EntityManager, tenantId: string, cycleId: string): Promise<CycleFreezeRow | null> {
    const [row]: Array<
      CompositeWeights & { teamWeights: TeamCompositeWeights | null; closedAt: Date; publishedAt: Date | null }
    > = await m.query(
      `SELECT periodic, democratic, task, wartime, team_weights AS "teamWeights", closed_at AS "closedAt", published_at AS "publishedAt"
         FROM cycle_freezes WHERE cycle_id = $1 AND tenant_id = $2`,
      [cycleId, tenantId],
    );
    if (!row) return null;
    const { periodic, democratic, task, wartime, teamWeights, closedAt, publishedAt } = row;
    return { weights: { periodic, democratic, task, wartime }, teamWeights, closedAt, publishedAt };
  }

  /** The cycle's snapshot, by cadre id: what its results were computed from. */
  snapshotRows(tenantId: string, cycleId: string, m: EntityManager = this.dataSource.manager): Promise<SnapshotRow[]> {
    return m.query(
      `SELECT cadre_id AS "cadreId", unit_id AS "unitId", team_id AS "teamId", team_role AS "teamRole", field_id AS "fieldId", status, verdict, task
         FROM cycle_snapshots WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY cadre_id`,
      [tenantId, cycleId],
    );
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

  /** The tenant's freezes not published yet, with the time of the cadre's roster values in each (null: as at the close). */
  heldRoster(m: EntityManager, tenantId: string, cadreId: string): Promise<HeldRosterRow[]> {
    return m.query(
      `SELECT f.cycle_id AS "cycleId", f.closed_at AS "closedAt", f.published_at AS "publishedAt", s.roster_at AS "rosterAt"
         FROM cycle_freezes f
         LEFT JOIN cycle_snapshots s ON s.tenant_id = f.tenant_id AND s.cycle_id = f.cycle_id AND s.cadre_id = $2
        WHERE f.tenant_id = $1 AND f.published_at IS NULL`,
      [tenantId, cadreId],
    );
  }

  /**
   * The cadre's roster values in the cycles' snapshots, as the roster projection now holds them: a
   * row for a cadre now in the cycle's units (a new one takes the verdict and task completion held
   * now), none for one now outside them; the verdict and task of a row kept stay as frozen.
   */
  async refreshRoster(
    m: EntityManager,
    tenantId: string,
    cadreId: string,
    cycleIds: string[],
    at: string,
  ): Promise<void> {
    await m.query(
      `DELETE FROM cycle_snapshots s USING cycles c, cadres k
        WHERE s.tenant_id = $1 AND s.cadre_id = $2 AND s.cycle_id = ANY ($3::uuid[]) AND c.id = s.cycle_id AND k.id = s.cadre_id
          AND NOT (c.unit_ids IS NULL OR k.unit_id = ANY (c.unit_ids))`,
      [tenantId, cadreId, cycleIds],
    );
    await m.query(
      `INSERT INTO cycle_snapshots (tenant_id, cycle_id, cadre_id, unit_id, team_id, team_role, field_id, status, verdict, verdict_at, task, task_at, roster_at)
       SELECT k.tenant_id, c.id, k.id, k.unit_id, k.team_id, k.team_role, coalesce(k.field_id, u.field_id), k.status, p.verdict, p.updated_at, t.completion, NULL, $4
         FROM cycles c
         JOIN cadres k ON k.id = $2 AND k.tenant_id = c.tenant_id AND (c.unit_ids IS NULL OR k.unit_id = ANY (c.unit_ids))
         JOIN units u ON u.id = k.unit_id
         LEFT JOIN political p ON p.cadre_id = k.id
         LEFT JOIN task_scores t ON t.cadre_id = k.id AND t.year = c.year
        WHERE c.tenant_id = $1 AND c.id = ANY ($3::uuid[])
       ON CONFLICT (tenant_id, cycle_id, cadre_id) DO UPDATE SET unit_id = EXCLUDED.unit_id, team_id = EXCLUDED.team_id,
         team_role = EXCLUDED.team_role, field_id = EXCLUDED.field_id, status = EXCLUDED.status, roster_at = EXCLUDED.roster_at`,
      [tenantId, cadreId, cycleIds, at],
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
