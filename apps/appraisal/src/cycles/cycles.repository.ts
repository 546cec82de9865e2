import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CycleKind, CycleStatus, CycleView } from '@cadre/contracts';

export interface CycleRow {
  id: string;
  tenantId: string;
  kind: CycleView['kind'];
  name: string;
  year: number;
  half: 1 | 2 | null;
  topic: CycleView['topic'];
  opensAt: Date;
  closesAt: Date;
  unitIds: string[] | null;
  reminderOffsetsHours: number[];
  status: CycleStatus;
  openedAt: Date | null;
  closedAt: Date | null;
  publishedAt: Date | null;
  createdAt: Date;
}

export const CYCLE_COLUMNS = `id, tenant_id AS "tenantId", kind, name, year, half, topic, opens_at AS "opensAt", closes_at AS "closesAt",
  unit_ids AS "unitIds", reminder_offsets_hours AS "reminderOffsetsHours", status, opened_at AS "openedAt", closed_at AS "closedAt",
  published_at AS "publishedAt", created_at AS "createdAt"`;

export interface NewCycle {
  id: string;
  kind: CycleKind;
  name: string;
  year: number;
  half: 1 | 2 | null;
  topic: CycleView['topic'];
  opensAt: string;
  closesAt: string;
  unitIds: string[] | null;
  reminderOffsetsHours: number[];
  createdBy: string | null;
}

export interface CycleFilter {
  status?: CycleStatus;
  kind?: CycleKind;
  year?: number;
  /** Keyset: cycles sorted by (opens_at, id) descending, before this key. */
  before?: [string, string];
  limit: number;
}

export interface CycleProgressRow {
  cadres: number;
  completed: number;
}

/** The column each status a transition leads to stamps with its time. */
const STAMP = { open: 'opened_at', closed: 'closed_at', published: 'published_at' } as const;

/** Every statement names the tenant, except the sweep's, which looks for pending cycles of every tenant. */
@Injectable()
export class CyclesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, tenantId: string, c: NewCycle): Promise<CycleRow> {
    const [cycle]: CycleRow[] = await manager.query(
      `INSERT INTO cycles (id, tenant_id, kind, name, year, half, topic, opens_at, closes_at, unit_ids, reminder_offsets_hours, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${CYCLE_COLUMNS}`,
      [
        c.id,
        tenantId,
        c.kind,
        c.name,
        c.year,
        c.half,
        c.topic,
        c.opensAt,
        c.closesAt,
        c.unitIds,
        c.reminderOffsetsHours,
        c.createdBy,
      ],
    );
    return cycle;
  }

  list(tenantId: string, filter: CycleFilter): Promise<CycleRow[]> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
    if (filter.year) where.push(`year = $${params.push(filter.year)}`);
    if (filter.before)
      where.push(
        `(opens_at, id) < ($${params.push(filter.before[0])}::timestamptz, $${params.push(filter.before[1])}::uuid)`,
      );
    return this.dataSource.query(
      `SELECT ${CYCLE_COLUMNS} FROM cycles WHERE ${where.join(' AND ')} ORDER BY opens_at DESC, id DESC LIMIT ${filter.limit}`,
      params,
    );
  }

  async find(tenantId: string, id: string, manager?: EntityManager): Promise<CycleRow | null> {
    const [cycle]: CycleRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${CYCLE_COLUMNS} FROM cycles WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return cycle ?? null;
  }

  /**
   * Moves the cycle from `from` to `to` and stamps the time, only if it is still in `from` (one
   * conditional UPDATE, so a second attempt changes nothing). Null when it was not.
   */
  async transition(
    manager: EntityManager,
    tenantId: string,
    id: string,
    from: CycleStatus,
    to: Exclude<CycleStatus, 'scheduled'>,
  ): Promise<CycleRow | null> {
    const stamp = STAMP[to];
    const [rows]: [CycleRow[], number] = await manager.query(
      `UPDATE cycles SET status = $3, ${stamp} = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = $4 RETURNING ${CYCLE_COLUMNS}`,
      [tenantId, id, to, from],
    );
    return rows[0] ?? null;
  }

  /** Active cadres in the cycle's units and how many have all four steps. */
  async progress(tenantId: string, cycleId: string, unitIds: string[] | null): Promise<CycleProgressRow> {
    const [row]: CycleProgressRow[] = await this.dataSource.query(
      `SELECT count(*)::int AS cadres, count(a.id) FILTER (WHERE cardinality(a.completed_steps) = 4)::int AS completed
         FROM cadres c LEFT JOIN appraisals a ON a.cycle_id = $2 AND a.cadre_id = c.id
        WHERE c.tenant_id = $1 AND c.status = 'active' AND ($3::uuid[] IS NULL OR c.unit_id = ANY ($3))`,
      [tenantId, cycleId, unitIds],
    );
    return row;
  }

  /** Cycles of every tenant that still wait for their clock (scheduled or open), the earliest first. */
  pending(): Promise<Array<{ tenantId: string; id: string }>> {
    return this.dataSource.query(
      `SELECT tenant_id AS "tenantId", id FROM cycles WHERE status IN ('scheduled', 'open') ORDER BY opens_at`,
    );
  }

  /** Whether the tenant has a periodic cycle of that half-year (made by the schedule or by hand). */
  async hasPeriodic(tenantId: string, year: number, half: 1 | 2): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM cycles WHERE tenant_id = $1 AND kind = 'periodic' AND year = $2 AND half = $3`,
      [tenantId, year, half],
    );
    return rows.length > 0;
  }

  /** The id of the tenant's periodic cycle of that half-year, if there is one. */
  async findPeriodicId(tenantId: string, year: number, half: 1 | 2): Promise<string | null> {
    const [c]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM cycles WHERE tenant_id = $1 AND kind = 'periodic' AND year = $2 AND half = $3`,
      [tenantId, year, half],
    );
    return c?.id ?? null;
  }
}
