import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RectificationProgressView, RectificationStatus } from '@cadre/contracts';

export interface OpinionRow {
  id: string;
  cycleId: string;
  unitId: string;
  summary: string;
  recordedBy: string;
  recordedByName: string;
  recordedOn: string;
}

export interface RectificationRow {
  id: string;
  opinionId: string;
  cycleId: string;
  unitId: string;
  title: string;
  deadline: string;
  status: RectificationStatus;
  overdueOn: string | null;
  doneOn: string | null;
  progress: RectificationProgressView[];
}

/** An item just marked overdue, with the officer who recorded its opinion (the one to notify). */
export interface OverdueRow {
  id: string;
  tenantId: string;
  opinionId: string;
  cycleId: string;
  unitId: string;
  title: string;
  deadline: string;
  status: 'open' | 'in_progress';
  recordedBy: string;
}

export interface NewOpinion {
  id: string;
  tenantId: string;
  cycleId: string;
  unitId: string;
  summary: string;
  recordedBy: string;
  recordedByName: string;
  day: string;
  items: Array<{ id: string; title: string; deadline: string }>;
}

export interface RectificationFilter {
  unitId?: string;
  status?: RectificationStatus;
  overdue?: boolean;
  /** Keyset: items sorted by (deadline, id), after this key. */
  after?: [string, string];
  limit: number;
}

/** An item's columns with its progress, oldest first (the alias `r` is the rectifications table). */
const ITEM_COLUMNS = `r.id, r.opinion_id AS "opinionId", r.cycle_id AS "cycleId", r.unit_id AS "unitId", r.title,
  r.deadline::text AS deadline, r.status, r.overdue_on::text AS "overdueOn", r.done_on::text AS "doneOn",
  coalesce((SELECT json_agg(json_build_object('status', p.status, 'note', p.note, 'by', p.recorded_by, 'on', p.recorded_on::text) ORDER BY p.seq)
              FROM rectification_progress p WHERE p.rectification_id = r.id), '[]') AS progress`;

const OPINION_COLUMNS = `id, cycle_id AS "cycleId", unit_id AS "unitId", summary, recorded_by AS "recordedBy",
  recorded_by_name AS "recordedByName", recorded_on::text AS "recordedOn"`;

/**
 * The department's two-way review opinions (双向考核意见) and their rectification items (整改事项).
 * Every statement names the tenant; writes run in the caller's transaction (its outbox's).
 */
@Injectable()
export class RectificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The opinion and its items in one statement; a second opinion for the unit and cycle violates the unique key. */
  async insertOpinion(manager: EntityManager, o: NewOpinion): Promise<void> {
    await manager.query(
      `WITH opinion AS (
         INSERT INTO two_way_opinions (id, tenant_id, cycle_id, unit_id, summary, recorded_by, recorded_by_name, recorded_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id)
       INSERT INTO rectifications (id, tenant_id, opinion_id, cycle_id, unit_id, position, title, deadline)
       SELECT x.id, $2, (SELECT id FROM opinion), $3, $4, x.pos, x.title, x.deadline
         FROM unnest($9::uuid[], $10::text[], $11::date[]) WITH ORDINALITY AS x(id, title, deadline, pos)`,
      [
        o.id,
        o.tenantId,
        o.cycleId,
        o.unitId,
        o.summary,
        o.recordedBy,
        o.recordedByName,
        o.day,
        o.items.map((i) => i.id),
        o.items.map((i) => i.title),
        o.items.map((i) => i.deadline),
      ],
    );
  }

  /** The cycle's opinions, by unit. */
  opinionsOfCycle(
    tenantId: string,
    cycleId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OpinionRow[]> {
    return manager.query(
      `SELECT ${OPINION_COLUMNS} FROM two_way_opinions WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY unit_id`,
      [tenantId, cycleId],
    );
  }

  /** The items of these opinions, in their order within each opinion. */
  itemsOfOpinions(
    tenantId: string,
    opinionIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RectificationRow[]> {
    if (opinionIds.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT ${ITEM_COLUMNS} FROM rectifications r
        WHERE r.tenant_id = $1 AND r.opinion_id = ANY($2::uuid[]) ORDER BY r.opinion_id, r.position`,
      [tenantId, opinionIds],
    );
  }

  /**
   * For each of the units, the items of its latest opinion in a cycle before `cycleId` (by year, then
   * half; a random cycle counts as the start of its year), as they stand now.
   */
  previousItems(tenantId: string, cycleId: string, unitIds: string[]): Promise<RectificationRow[]> {
    if (unitIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `WITH cur AS (SELECT year, coalesce(half, 0) AS half FROM cycles WHERE tenant_id = $1 AND id = $2),
            prev AS (
              SELECT DISTINCT ON (o.unit_id) o.id
                FROM two_way_opinions o JOIN cycles cy ON cy.id = o.cycle_id CROSS JOIN cur
               WHERE o.tenant_id = $1 AND o.unit_id = ANY($3::uuid[])
                 AND (cy.year, coalesce(cy.half, 0)) < (cur.year, cur.half)
               ORDER BY o.unit_id, cy.year DESC, coalesce(cy.half, 0) DESC)
       SELECT ${ITEM_COLUMNS} FROM rectifications r
        WHERE r.tenant_id = $1 AND r.opinion_id IN (SELECT id FROM prev) ORDER BY r.unit_id, r.position`,
      [tenantId, cycleId, unitIds],
    );
  }

  async findItem(
    tenantId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RectificationRow | undefined> {
    const [row]: RectificationRow[] = await manager.query(
      `SELECT ${ITEM_COLUMNS} FROM rectifications r WHERE r.tenant_id = $1 AND r.id = $2`,
      [tenantId, id],
    );
    return row;
  }

  /** The item's row locked until the transaction ends (two reports on one item apply one after the other). */
  async lockItem(manager: EntityManager, tenantId: string, id: string): Promise<RectificationRow | undefined> {
    const [locked]: Array<{ id: string }> = await manager.query(
      `SELECT id FROM rectifications WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    );
    return locked ? this.findItem(tenantId, id, manager) : undefined;
  }

  /** Records a report and moves the item to its status (done: on `day`). */
  async addProgress(
    manager: EntityManager,
    tenantId: string,
    id: string,
    report: { status: 'in_progress' | 'done'; note: string; by: string; day: string },
  ): Promise<void> {
    await manager.query(
      `WITH progress AS (
         INSERT INTO rectification_progress (rectification_id, tenant_id, status, note, recorded_by, recorded_on)
         VALUES ($2, $1, $3, $4, $5, $6))
       UPDATE rectifications SET status = $3, done_on = CASE WHEN $3 = 'done' THEN $6::date ELSE done_on END
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, report.status, report.note, report.by, report.day],
    );
  }

  /** A page of the tenant's items by (deadline, id). */
  list(tenantId: string, filter: RectificationFilter): Promise<RectificationRow[]> {
    const params: unknown[] = [tenantId];
    const where = ['r.tenant_id = $1'];
    if (filter.unitId) where.push(`r.unit_id = $${params.push(filter.unitId)}`);
    if (filter.status) where.push(`r.status = $${params.push(filter.status)}`);
    if (filter.overdue === true) where.push(`r.overdue_on IS NOT NULL AND r.status <> 'done'`);
    if (filter.overdue === false) where.push(`NOT (r.overdue_on IS NOT NULL AND r.status <> 'done')`);
    if (filter.after)
      where.push(
        `(r.deadline, r.id) > ($${params.push(filter.after[0])}::date, $${params.push(filter.after[1])}::uuid)`,
      );
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM rectifications r WHERE ${where.join(' AND ')}
        ORDER BY r.deadline, r.id LIMIT ${Number(filter.limit)}`,
      params,
    );
  }

  /**
   * Marks items not done whose deadline lies before `today` (Beijing time) as overdue on `today`,
   * each once: the guard on overdue_on makes a second run (a retried job, the start-up sweep) a no-op.
   * `ids` null: every such item of every tenant.
   */
  markOverdue(manager: EntityManager, ids: string[] | null, today: string): Promise<OverdueRow[]> {
    return manager
      .query(
        `UPDATE rectifications r SET overdue_on = $2::date FROM two_way_opinions o
          WHERE o.id = r.opinion_id AND r.status <> 'done' AND r.overdue_on IS NULL AND r.deadline < $2::date
            AND ($1::uuid[] IS NULL OR r.id = ANY($1::uuid[]))
          RETURNING r.id, r.tenant_id AS "tenantId", r.opinion_id AS "opinionId", r.cycle_id AS "cycleId",
                    r.unit_id AS "unitId", r.title, r.deadline::text AS deadline, r.status, o.recorded_by AS "recordedBy"`,
        [ids, today],
      )
      .then(([rows]: [OverdueRow[]]) => rows);
  }

  /** Items not done whose overdue job may be missing (Redis lost its data): re-armed at start. */
  pendingDeadlines(): Promise<Array<{ id: string; deadline: string }>> {
    return this.dataSource.query(
      `SELECT id, deadline::text AS deadline FROM rectifications WHERE status <> 'done' AND overdue_on IS NULL`,
    );
  }
}
