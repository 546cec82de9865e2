import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PriorityView, TaskInput, TaskListAction, TaskListStatus, TaskStatus } from '@cadre/contracts';

/** A task list as a transition or a new task locks it. */
export interface TaskListRow {
  id: string;
  cadreId: string;
  year: number;
  status: TaskListStatus;
  signedAt: Date | null;
  returnedReason: string | null;
  amendments: number;
}

/** A task list as the API shows it (its cadre and year are the key it was read by). */
export type TaskListHeadRow = Omit<TaskListRow, 'cadreId' | 'year'>;

/** A task, numbers as float8 and the deadline as its date text. */
export interface TaskRow {
  id: string;
  title: string;
  priority: string | null;
  responsibilityId: string | null;
  measures: string;
  metric: string;
  target: number;
  unit: string;
  deadline: string;
  weight: number;
  status: TaskStatus;
  actual: number | null;
}

export interface OverdueTaskRow {
  id: string;
  cadreId: string;
  cadreName: string | null;
  year: number;
  title: string;
  deadline: string;
  metric: string;
  target: number;
  unit: string;
  actual: number | null;
}

/** The task progress is reported on, with the list it belongs to. */
export interface ProgressTaskRow {
  id: string;
  cadreId: string;
  year: number;
  listStatus: TaskListStatus;
}

export interface TaskListHistoryRow {
  action: string;
  by: string;
  reason: string | null;
  at: Date;
}

export interface MarkedOverdueRow {
  id: string;
  listId: string;
  tenantId: string;
}

const TASK_COLUMNS = `t.id, t.title, t.priority, t.responsibility_id AS "responsibilityId", t.measures, t.metric, t.target::float8 AS target, t.unit, t.deadline::text AS deadline,
  t.weight::float8 AS weight, t.status, t.actual::float8 AS actual`;

/**
 * 任务清单's statements: priorities, task lists with their history, tasks with their progress.
 * Every statement on a table with a tenant names it, so a list or task of another tenant does not
 * exist for the caller; only the overdue sweep spans tenants (it runs for the service, not a caller).
 */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  priorities(tenantId: string, year: number): Promise<PriorityView[]> {
    return this.dataSource.query(`SELECT code, name FROM priorities WHERE tenant_id = $1 AND year = $2 ORDER BY code`, [
      tenantId,
      year,
    ]);
  }

  /** The year's catalogue as a whole: the old one goes in the transaction that writes the new. */
  async replacePriorities(tenantId: string, year: number, items: PriorityView[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM priorities WHERE tenant_id = $1 AND year = $2`, [tenantId, year]);
      await manager.query(
        `INSERT INTO priorities (tenant_id, year, code, name) SELECT $1, $2, c, n FROM unnest($3::text[], $4::text[]) AS u(c, n)`,
        [tenantId, year, items.map((i) => i.code), items.map((i) => i.name)],
      );
    });
  }

  async priorityExists(tenantId: string, year: number, code: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM priorities WHERE tenant_id = $1 AND year = $2 AND code = $3`,
      [tenantId, year, code],
    );
    return rows.length > 0;
  }

  /** Whether the id is a duty of the cadre's responsibility list of that year. */
  async isDutyOf(tenantId: string, responsibilityId: string, cadreId: string, year: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM responsibilities WHERE tenant_id = $1 AND id = $2 AND cadre_id = $3 AND year = $4`,
      [tenantId, responsibilityId, cadreId, year],
    );
    return rows.length > 0;
  }

  /** Whether the tenant has any task list or responsibility for the year. */
  async anyListOf(tenantId: string, year: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM task_lists WHERE tenant_id = $1 AND year = $2 UNION ALL SELECT 1 FROM responsibilities WHERE tenant_id = $1 AND year = $2 LIMIT 1`,
      [tenantId, year],
    );
    return rows.length > 0;
  }

  /** A draft list for the cadre and year, unless one exists (a second writer at once finds the first's). */
  async ensureList(tenantId: string, cadreId: string, year: number, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO task_lists (id, tenant_id, cadre_id, year, status) VALUES ($1, $2, $3, $4, 'draft') ON CONFLICT (tenant_id, cadre_id, year) DO NOTHING`,
      [randomUUID(), tenantId, cadreId, year],
    );
  }

  /** Locks the cadre's list of the year for this transaction, so its transitions and additions run one at a time. */
  async findListForUpdate(
    tenantId: string,
    cadreId: string,
    year: number,
    manager: EntityManager,
  ): Promise<TaskListRow | null> {
    const [list]: TaskListRow[] = await manager.query(
      `SELECT id, cadre_id AS "cadreId", year, status, signed_at AS "signedAt", returned_reason AS "returnedReason", amendments
         FROM task_lists WHERE tenant_id = $1 AND cadre_id = $2 AND year = $3 FOR UPDATE`,
      [tenantId, cadreId, year],
    );
    return list ?? null;
  }

  async findList(tenantId: string, cadreId: string, year: number): Promise<TaskListHeadRow | null> {
    const [list]: TaskListHeadRow[] = await this.dataSource.query(
      `SELECT id, status, signed_at AS "signedAt", returned_reason AS "returnedReason", amendments FROM task_lists WHERE tenant_id = $1 AND cadre_id = $2 AND year = $3`,
      [tenantId, cadreId, year],
    );
    return list ?? null;
  }

  /** The list's cadre and year (the overdue sweep knows only the list's id). */
  async findListOwner(
    tenantId: string,
    listId: string,
    manager: EntityManager,
  ): Promise<{ cadreId: string; year: number }> {
    const [list]: Array<{ cadreId: string; year: number }> = await manager.query(
      `SELECT cadre_id AS "cadreId", year FROM task_lists WHERE id = $1 AND tenant_id = $2`,
      [listId, tenantId],
    );
    return list;
  }

  /** Moves the list to `to`, with what the action changes besides: the return's reason, the signature, the amendment count. */
  async transitionList(
    tenantId: string,
    listId: string,
    to: TaskListStatus,
    action: TaskListAction,
    reason: string | null,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE task_lists SET status = $2, updated_at = now(),
              returned_reason = CASE WHEN $3 = 'return' THEN $4 WHEN $3 = 'submit' THEN NULL ELSE returned_reason END,
              signed_at = CASE WHEN $3 = 'sign' THEN now() WHEN $3 = 'amend' THEN NULL ELSE signed_at END,
              amendments = amendments + CASE WHEN $3 = 'amend' THEN 1 ELSE 0 END
        WHERE id = $1 AND tenant_id = $5`,
      [listId, to, action, reason, tenantId],
    );
  }

  async signedAt(tenantId: string, listId: string, manager: EntityManager): Promise<Date> {
    const [{ signedAt }]: Array<{ signedAt: Date }> = await manager.query(
      `SELECT signed_at AS "signedAt" FROM task_lists WHERE id = $1 AND tenant_id = $2`,
      [listId, tenantId],
    );
    return signedAt;
  }

  /** The history has no tenant of its own: it is reached through its list. */
  async addHistory(
    listId: string,
    action: TaskListAction,
    actor: string,
    reason: string | null,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(`INSERT INTO task_list_history (task_list_id, action, actor, reason) VALUES ($1, $2, $3, $4)`, [
      listId,
      action,
      actor,
      reason,
    ]);
  }

  history(listId: string): Promise<TaskListHistoryRow[]> {
    return this.dataSource.query(
      `SELECT action, actor AS by, reason, at FROM task_list_history WHERE task_list_id = $1 ORDER BY id`,
      [listId],
    );
  }

  /** The list's tasks by deadline, then in the order they were added. */
  tasksOf(tenantId: string, listId: string, manager?: EntityManager): Promise<TaskRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.task_list_id = $1 AND t.tenant_id = $2 ORDER BY t.deadline, t.created_at`,
      [listId, tenantId],
    );
  }

  async addTask(tenantId: string, listId: string, input: TaskInput, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO tasks (id, tenant_id, task_list_id, title, priority, responsibility_id, measures, metric, target, unit, deadline, weight)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        randomUUID(),
        tenantId,
        listId,
        input.title,
        input.priority ?? null,
        input.responsibilityId ?? null,
        input.measures,
        input.indicator.metric,
        input.indicator.target,
        input.indicator.unit,
        input.deadline,
        input.weight,
      ],
    );
  }

  /**
   * Overdue tasks of the tenant, latest deadline first, with the cadre's name as projected. Keyset on
   * (deadline descending, id ascending): after `after`, `limit` rows at most.
   */
  overdue(tenantId: string, page: { after?: [string, string]; limit: number }): Promise<OverdueTaskRow[]> {
    const params: unknown[] = [tenantId];
    const after = page.after
      ? `AND (t.deadline < $${params.push(page.after[0])}::date OR (t.deadline = $${params.length}::date AND t.id > $${params.push(page.after[1])}::uuid))`
      : '';
    return this.dataSource.query(
      `SELECT t.id, l.cadre_id AS "cadreId", c.name AS "cadreName", l.year, t.title, t.deadline::text AS deadline, t.metric, t.target::float8 AS target, t.unit, t.actual::float8 AS actual
         FROM tasks t JOIN task_lists l ON l.id = t.task_list_id LEFT JOIN cadres c ON c.id = l.cadre_id
        WHERE t.tenant_id = $1 AND t.status = 'overdue' ${after}
        ORDER BY t.deadline DESC, t.id LIMIT ${page.limit}`,
      params,
    );
  }

  async findProgressTask(tenantId: string, taskId: string): Promise<ProgressTaskRow | null> {
    const [task]: ProgressTaskRow[] = await this.dataSource.query(
      `SELECT t.id, l.cadre_id AS "cadreId", l.year, l.status AS "listStatus" FROM tasks t JOIN task_lists l ON l.id = t.task_list_id WHERE t.tenant_id = $1 AND t.id = $2`,
      [tenantId, taskId],
    );
    return task ?? null;
  }

  /**
   * Locks the task's list, then the task: the progress event carries the list's completion score,
   * so progress on two tasks of one list must not run side by side.
   */
  async lockTaskAndList(
    tenantId: string,
    taskId: string,
    manager: EntityManager,
  ): Promise<TaskRow & { listId: string }> {
    await manager.query(
      `SELECT 1 FROM task_lists WHERE id = (SELECT task_list_id FROM tasks WHERE id = $1) AND tenant_id = $2 FOR UPDATE`,
      [taskId, tenantId],
    );
    const [row]: Array<TaskRow & { listId: string }> = await manager.query(
      `SELECT ${TASK_COLUMNS}, t.task_list_id AS "listId" FROM tasks t WHERE t.id = $1 AND t.tenant_id = $2 FOR UPDATE`,
      [taskId, tenantId],
    );
    return row;
  }

  /** Records a report: the task's latest value and status, and the report itself (progress has no tenant of its own). */
  async recordProgress(
    tenantId: string,
    taskId: string,
    actual: number,
    status: TaskStatus,
    note: string | null,
    recordedBy: string,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE tasks SET actual = $2, status = $3, updated_at = now() WHERE id = $1 AND tenant_id = $4`,
      [taskId, actual, status, tenantId],
    );
    await manager.query(
      `INSERT INTO task_progress (id, task_id, actual, note, recorded_by) VALUES ($1, $2, $3, $4, $5)`,
      [randomUUID(), taskId, actual, note, recordedBy],
    );
  }

  /**
   * Marks open tasks of approved or signed lists whose deadline has passed as overdue, each once:
   * the status guard makes a second run a no-op. `taskIds` null: every such task of every tenant.
   */
  async markOverdue(taskIds: string[] | null, manager: EntityManager): Promise<MarkedOverdueRow[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [marked]: [MarkedOverdueRow[], number] = await manager.query(
      `UPDATE tasks t SET status = 'overdue', updated_at = now()
         FROM task_lists l
        WHERE l.id = t.task_list_id AND l.status IN ('approved', 'signed')
          AND t.status IN ('planned', 'in_progress')
          AND (t.deadline + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' <= now()
          AND ($1::uuid[] IS NULL OR t.id = ANY($1::uuid[]))
      RETURNING t.id, t.task_list_id AS "listId", t.tenant_id AS "tenantId"`,
      [taskIds],
    );
    return marked;
  }
}
