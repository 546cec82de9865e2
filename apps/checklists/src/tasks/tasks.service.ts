import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CHECKLISTS_REQUESTS,
  PriorityView,
  ProgressInput,
  RequestContext,
  TaskEventBaseV1,
  TaskInput,
  TaskListStatus,
  TaskListTransition,
  OverdueTaskView,
  TaskListView,
  TaskSnapshotV1,
  TaskView,
} from '@cadre/contracts';
import type { OverdueTasksQuery, PrioritiesQuery, TaskListQuery, UpdatePrioritiesCommand } from '@cadre/contracts';
import { JobScheduler, OnJob } from '@cadre/jobs';
import { Outbox, RpcError } from '@cadre/messaging';
import { PLATFORM_CONFIG, PlatformConfig, runsWorker } from '@cadre/platform';
import { Access, isOfficer } from '../access/access';
import { CadresProjection } from '../projections/cadres.projection';
import { acceptsProgress, completionScore, isEditable, nextStatus, overdueAt, STATUS_NAMES, statusAfterProgress, TRANSITION_NAMES } from './task-list-rules';

/** Persisted job name: never rename. */
export const TASK_OVERDUE_JOB = 'task-overdue';

interface ListRow {
  id: string;
  cadreId: string;
  year: number;
  status: TaskListStatus;
  signedAt: Date | null;
  returnedReason: string | null;
  amendments: number;
}

const TASK_COLUMNS = `t.id, t.title, t.priority, t.responsibility_id AS "responsibilityId", t.measures, t.metric, t.target::float8 AS target, t.unit, t.deadline::text AS deadline,
  t.weight::float8 AS weight, t.status, t.actual::float8 AS actual`;

function toTask(r: any): TaskView {
  return { id: r.id, title: r.title, priority: r.priority, responsibilityId: r.responsibilityId, measures: r.measures, indicator: { metric: r.metric, target: r.target, unit: r.unit }, deadline: r.deadline, weight: r.weight, status: r.status, actual: r.actual };
}

const score = (tasks: TaskView[]) => completionScore(tasks.map((t) => ({ weight: t.weight, target: t.indicator.target, actual: t.actual })));

/**
 * 任务清单: a cadre's annual tasks, approved by the leadership and signed as a commitment
 * (承诺书/军令状). Every transition is checked (wrong state → 409, wrong person → 403) and recorded.
 */
@Injectable()
export class TasksService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Tasks');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
    private readonly jobs: JobScheduler,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** A deadline that passed while no worker ran is caught up when one starts (besides its job). */
  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    const marked = await this.markOverdue(null);
    if (marked > 0) this.logger.log(`${marked} tasks were overdue while no worker ran: marked now`);
  }
  async priorities(payload: PrioritiesQuery, ctx: RequestContext): Promise<PriorityView[]> {
    return this.dataSource.query(`SELECT code, name FROM priorities WHERE tenant_id = $1 AND year = $2 ORDER BY code`, [ctx.tenantId, payload.year]);
  }

  /** The tenant's annual priorities (年度中心工作, e.g. 一主六双, 六城联动, 三四五) that tasks are linked to. */
  async updatePriorities(payload: UpdatePrioritiesCommand, ctx: RequestContext): Promise<PriorityView[]> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以维护年度重点工作目录');
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM priorities WHERE tenant_id = $1 AND year = $2`, [ctx.tenantId, payload.year]);
      await manager.query(`INSERT INTO priorities (tenant_id, year, code, name) SELECT $1, $2, c, n FROM unnest($3::text[], $4::text[]) AS u(c, n)`, [
        ctx.tenantId,
        payload.year,
        payload.items.map((i) => i.code),
        payload.items.map((i) => i.name),
      ]);
    });
    return this.priorities(payload, ctx);
  }
  async addTask(input: TaskInput, ctx: RequestContext): Promise<TaskListView> {
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, input.cadreId), 'fill');
    if (input.priority) {
      const known = await this.dataSource.query(`SELECT 1 FROM priorities WHERE tenant_id = $1 AND year = $2 AND code = $3`, [ctx.tenantId, input.year, input.priority]);
      if (known.length === 0) throw RpcError.rule('年度重点工作不存在', [{ field: 'priority', message: `${input.year} 年目录中没有该编码` }]);
    }
    if (input.responsibilityId) {
      const duty = await this.dataSource.query(`SELECT 1 FROM responsibilities WHERE tenant_id = $1 AND id = $2 AND cadre_id = $3 AND year = $4`, [
        ctx.tenantId,
        input.responsibilityId,
        input.cadreId,
        input.year,
      ]);
      if (duty.length === 0) throw RpcError.rule('岗位职责不存在', [{ field: 'responsibilityId', message: `不是该干部 ${input.year} 年责任清单中的条目` }]);
    }
    await this.outbox.transaction(async (manager) => {
      const list = await this.listForUpdate(manager, ctx.tenantId, input.cadreId, input.year, true);
      if (!isEditable(list!.status)) throw RpcError.conflict(`任务清单${STATUS_NAMES[list!.status]}，不能再添加任务${list!.status === 'signed' ? '（请先申请修订）' : ''}`);
      await manager.query(
        `INSERT INTO tasks (id, tenant_id, task_list_id, title, priority, responsibility_id, measures, metric, target, unit, deadline, weight)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [randomUUID(), ctx.tenantId, list!.id, input.title, input.priority ?? null, input.responsibilityId ?? null, input.measures, input.indicator.metric, input.indicator.target, input.indicator.unit, input.deadline, input.weight],
      );
    });
    return this.view(ctx.tenantId, input.cadreId, input.year);
  }

  /** Whether the tenant has any task list or responsibility for the year: the demo loads only into empty lists. */
  async anyListOf(tenantId: string, year: number): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM task_lists WHERE tenant_id = $1 AND year = $2 UNION ALL SELECT 1 FROM responsibilities WHERE tenant_id = $1 AND year = $2 LIMIT 1`,
      [tenantId, year],
    );
    return rows.length > 0;
  }
  async get(payload: TaskListQuery, ctx: RequestContext): Promise<TaskListView> {
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, payload.cadreId), 'read');
    return this.view(ctx.tenantId, payload.cadreId, payload.year);
  }

  /** Overdue tasks of the tenant, latest deadline first (the dashboard's warnings): the department only. */
  async overdue(payload: OverdueTasksQuery, ctx: RequestContext): Promise<{ items: OverdueTaskView[] }> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以查看全部逾期任务');
    const limit = Math.min(Math.max(payload.limit ?? 50, 1), 500);
    const rows = await this.dataSource.query(
      `SELECT t.id, l.cadre_id AS "cadreId", c.name AS "cadreName", l.year, t.title, t.deadline::text AS deadline, t.metric, t.target::float8 AS target, t.unit, t.actual::float8 AS actual
         FROM tasks t JOIN task_lists l ON l.id = t.task_list_id LEFT JOIN cadres c ON c.id = l.cadre_id
        WHERE t.tenant_id = $1 AND t.status = 'overdue'
        ORDER BY t.deadline DESC, t.id LIMIT ${limit}`,
      [ctx.tenantId],
    );
    return { items: rows.map((r: any) => ({ id: r.id, cadreId: r.cadreId, cadreName: r.cadreName, year: r.year, title: r.title, deadline: r.deadline, indicator: { metric: r.metric, target: r.target, unit: r.unit }, actual: r.actual })) };
  }
  async transition(command: TaskListTransition, ctx: RequestContext): Promise<TaskListView> {
    const cadre = await this.cadres.require(ctx.tenantId, command.cadreId);
    const { action, cadreId } = command;
    await this.access.check(ctx, cadre, action === 'approve' || action === 'return' ? 'review' : action === 'sign' || action === 'amend' ? action : 'fill');
    if ((action === 'return' || action === 'amend') && !command.reason?.trim()) {
      throw new RpcError(400, `${TRANSITION_NAMES[action]}必须说明理由`, [{ field: 'reason', message: '必须提供' }]);
    }
    const scheduled: Array<{ id: string; deadline: string }> = [];
    await this.outbox.transaction(async (manager) => {
      const list = await this.listForUpdate(manager, ctx.tenantId, cadreId, command.year, false);
      if (!list) throw RpcError.conflict(`${command.year} 年的任务清单还没有任何任务`);
      const to = nextStatus(list.status, action);
      if (!to) throw RpcError.conflict(`任务清单当前为“${STATUS_NAMES[list.status]}”，不能${TRANSITION_NAMES[action]}`);
      const tasks: TaskView[] = (await manager.query(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.task_list_id = $1 ORDER BY t.deadline, t.created_at`, [list.id])).map(toTask);
      if (action === 'submit' && tasks.length === 0) throw RpcError.rule('任务清单没有任务，不能提交');
      await manager.query(
        `UPDATE task_lists SET status = $2, updated_at = now(),
                returned_reason = CASE WHEN $3 = 'return' THEN $4 WHEN $3 = 'submit' THEN NULL ELSE returned_reason END,
                signed_at = CASE WHEN $3 = 'sign' THEN now() WHEN $3 = 'amend' THEN NULL ELSE signed_at END,
                amendments = amendments + CASE WHEN $3 = 'amend' THEN 1 ELSE 0 END
          WHERE id = $1`,
        [list.id, to, action, command.reason ?? null],
      );
      await manager.query(`INSERT INTO task_list_history (task_list_id, action, actor, reason) VALUES ($1, $2, $3, $4)`, [list.id, action, ctx.username, command.reason ?? null]);
      if (action === 'approve') scheduled.push(...tasks.filter((t) => t.status !== 'completed').map((t) => ({ id: t.id, deadline: t.deadline })));
      if (action === 'sign') {
        const [{ signedAt }] = await manager.query(`SELECT signed_at AS "signedAt" FROM task_lists WHERE id = $1`, [list.id]);
        await this.outbox.add(manager, {
          type: 'checklists.tasklist.signed',
          tenantId: ctx.tenantId,
          aggregateId: list.id,
          data: { taskListId: list.id, cadreId, year: command.year, status: 'signed', signedAt: new Date(signedAt).toISOString(), tasks: tasks.map(snapshot), completionScore: score(tasks) },
        });
      }
    });
    // After commit: one keyed job per task and deadline, so re-approving after an amendment does not double them.
    for (const task of scheduled) await this.jobs.schedule(TASK_OVERDUE_JOB, { taskId: task.id }, { jobId: `${TASK_OVERDUE_JOB}-${task.id}-${task.deadline}`, runAt: overdueAt(task.deadline) });
    return this.view(ctx.tenantId, cadreId, command.year);
  }
  async progress(input: ProgressInput, ctx: RequestContext): Promise<TaskListView> {
    const [task] = await this.dataSource.query(
      `SELECT t.id, l.cadre_id AS "cadreId", l.year, l.status AS "listStatus" FROM tasks t JOIN task_lists l ON l.id = t.task_list_id WHERE t.tenant_id = $1 AND t.id = $2`,
      [ctx.tenantId, input.taskId],
    );
    if (!task) throw RpcError.notFound('任务');
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, task.cadreId), 'fill', '任务');
    if (!acceptsProgress(task.listStatus)) throw RpcError.conflict(`任务清单当前为“${STATUS_NAMES[task.listStatus as TaskListStatus]}”，审核通过后才能填报进度`);
    await this.outbox.transaction(async (manager) => {
      // The list first: the event carries the list's completion score, so progress on two tasks of one
      // list must not run side by side — each would count only its own task and the one published
      // last could be the lower score (analytics ranks by the last one).
      await manager.query(`SELECT 1 FROM task_lists WHERE id = (SELECT task_list_id FROM tasks WHERE id = $1) FOR UPDATE`, [input.taskId]);
      const [row] = await manager.query(`SELECT ${TASK_COLUMNS}, t.task_list_id AS "listId" FROM tasks t WHERE t.id = $1 FOR UPDATE`, [input.taskId]);
      const status = statusAfterProgress(row.status, input.actual, row.target);
      await manager.query(`UPDATE tasks SET actual = $2, status = $3, updated_at = now() WHERE id = $1`, [input.taskId, input.actual, status]);
      await manager.query(`INSERT INTO task_progress (id, task_id, actual, note, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [randomUUID(), input.taskId, input.actual, input.note ?? null, ctx.username]);
      const tasks = await this.tasksOf(manager, row.listId);
      await this.outbox.add(manager, {
        type: 'checklists.task.progressed',
        tenantId: ctx.tenantId,
        aggregateId: row.listId,
        data: { ...taskEvent(tasks.find((t) => t.id === row.id)!, tasks, row.listId, task.cadreId, task.year), actual: input.actual, note: input.note ?? null, status },
      });
    });
    return this.view(ctx.tenantId, task.cadreId, task.year);
  }

  @OnJob(TASK_OVERDUE_JOB)
  async overdueJob(data: { taskId: string }): Promise<void> {
    await this.markOverdue([data.taskId]);
  }

  /**
   * Marks open tasks of approved or signed lists whose deadline has passed as overdue, each once:
   * the status guard in the UPDATE makes a second run (a retried job, the start-up sweep) a no-op.
   * `taskIds` null: every such task of every tenant.
   */
  async markOverdue(taskIds: string[] | null): Promise<number> {
    return this.outbox.transaction(async (manager) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
      const [marked]: [Array<{ id: string; listId: string; tenantId: string }>, number] = await manager.query(
        `UPDATE tasks t SET status = 'overdue', updated_at = now()
           FROM task_lists l
          WHERE l.id = t.task_list_id AND l.status IN ('approved', 'signed')
            AND t.status IN ('planned', 'in_progress')
            AND (t.deadline + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' <= now()
            AND ($1::uuid[] IS NULL OR t.id = ANY($1::uuid[]))
        RETURNING t.id, t.task_list_id AS "listId", t.tenant_id AS "tenantId"`,
        [taskIds],
      );
      for (const m of marked) {
        const [list] = await manager.query(`SELECT cadre_id AS "cadreId", year FROM task_lists WHERE id = $1`, [m.listId]);
        const tasks = await this.tasksOf(manager, m.listId);
        const task = tasks.find((t) => t.id === m.id)!;
        await this.outbox.add(manager, {
          type: 'checklists.task.overdue',
          tenantId: m.tenantId,
          aggregateId: m.listId,
          data: { ...taskEvent(task, tasks, m.listId, list.cadreId, list.year), deadline: task.deadline, actual: task.actual, status: 'overdue' },
        });
      }
      return marked.length;
    });
  }

  private async listForUpdate(manager: EntityManager, tenantId: string, cadreId: string, year: number, create: boolean): Promise<ListRow | null> {
    if (create) {
      await manager.query(`INSERT INTO task_lists (id, tenant_id, cadre_id, year, status) VALUES ($1, $2, $3, $4, 'draft') ON CONFLICT (tenant_id, cadre_id, year) DO NOTHING`, [
        randomUUID(),
        tenantId,
        cadreId,
        year,
      ]);
    }
    const [list] = await manager.query(
      `SELECT id, cadre_id AS "cadreId", year, status, signed_at AS "signedAt", returned_reason AS "returnedReason", amendments
         FROM task_lists WHERE tenant_id = $1 AND cadre_id = $2 AND year = $3 FOR UPDATE`,
      [tenantId, cadreId, year],
    );
    return list ?? null;
  }

  private async tasksOf(manager: EntityManager, listId: string): Promise<TaskView[]> {
    return (await manager.query(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.task_list_id = $1 ORDER BY t.deadline, t.created_at`, [listId])).map(toTask);
  }

  private async view(tenantId: string, cadreId: string, year: number): Promise<TaskListView> {
    const [list] = await this.dataSource.query(
      `SELECT id, status, signed_at AS "signedAt", returned_reason AS "returnedReason", amendments FROM task_lists WHERE tenant_id = $1 AND cadre_id = $2 AND year = $3`,
      [tenantId, cadreId, year],
    );
    if (!list) return { id: null, cadreId, year, status: 'draft', signedAt: null, returnedReason: null, amendments: 0, tasks: [], completionScore: 0, history: [] };
    const tasks = await this.tasksOf(this.dataSource.manager, list.id);
    const history = await this.dataSource.query(`SELECT action, actor AS by, reason, at FROM task_list_history WHERE task_list_id = $1 ORDER BY id`, [list.id]);
    return {
      id: list.id,
      cadreId,
      year,
      status: list.status,
      signedAt: list.signedAt ? new Date(list.signedAt).toISOString() : null,
      returnedReason: list.returnedReason,
      amendments: list.amendments,
      tasks,
      completionScore: score(tasks),
      history: history.map((h: any) => ({ ...h, at: new Date(h.at).toISOString() })),
    };
  }
}

/** The part of a task event that says which task, whose, and what it is worth (TaskEventBaseV1). */
function taskEvent(task: TaskView, tasks: TaskView[], taskListId: string, cadreId: string, year: number): TaskEventBaseV1 {
  return { taskId: task.id, taskListId, cadreId, year, title: task.title, indicator: task.indicator, weight: task.weight, completionScore: score(tasks) };
}

function snapshot({ priority: _priority, responsibilityId: _duty, ...task }: TaskView): TaskSnapshotV1 {
  return task;
}
