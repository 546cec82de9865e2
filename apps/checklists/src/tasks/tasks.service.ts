import { Injectable } from '@nestjs/common';
import {
  OverdueTaskView,
  PriorityView,
  ProgressInput,
  RequestContext,
  TaskEventBaseV1,
  TaskInput,
  TaskListTransition,
  TaskListView,
  TaskSnapshotV1,
  TaskView,
} from '@cadre/contracts';
import type {
  OverdueTasksQuery,
  Page,
  PrioritiesQuery,
  TaskListQuery,
  UpdatePrioritiesCommand,
} from '@cadre/contracts';
import { JobScheduler } from '@cadre/jobs';
import { Outbox, pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import { Access, isOfficer } from '../access/access';
import { CadresProjection } from '../projections/cadres-projection.repository';
import {
  acceptsProgress,
  completionScore,
  isEditable,
  nextStatus,
  overdueAt,
  reasonRequired,
  STATUS_NAMES,
  statusAfterProgress,
  TRANSITION_ACCESS,
  TRANSITION_NAMES,
} from './task-list-rules';
import { TaskRow, TasksRepository } from './tasks.repository';

/** Persisted job name: never rename. */
export const TASK_OVERDUE_JOB = 'task-overdue';

function toTask(r: TaskRow): TaskView {
  return {
    id: r.id,
    title: r.title,
    priority: r.priority,
    responsibilityId: r.responsibilityId,
    measures: r.measures,
    indicator: { metric: r.metric, target: r.target, unit: r.unit },
    deadline: r.deadline,
    weight: r.weight,
    status: r.status,
    actual: r.actual,
  };
}

const score = (tasks: TaskView[]) =>
  completionScore(tasks.map((t) => ({ weight: t.weight, target: t.indicator.target, actual: t.actual })));

/**
 * 任务清单: a cadre's annual tasks, approved by the leadership and signed as a commitment
 * (承诺书/军令状). Every transition is checked (wrong state → 409, wrong person → 403) and recorded.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly outbox: Outbox,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
    private readonly jobs: JobScheduler,
  ) {}

  async priorities(payload: PrioritiesQuery, ctx: RequestContext): Promise<PriorityView[]> {
    return this.tasks.priorities(ctx.tenantId, payload.year);
  }

  /** The tenant's annual priorities (年度中心工作, e.g. 一主六双, 六城联动, 三四五) that tasks are linked to. */
  async updatePriorities(payload: UpdatePrioritiesCommand, ctx: RequestContext): Promise<PriorityView[]> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以维护年度重点工作目录');
    await this.tasks.replacePriorities(ctx.tenantId, payload.year, payload.items);
    return this.priorities(payload, ctx);
  }

  async addTask(input: TaskInput, ctx: RequestContext): Promise<TaskListView> {
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, input.cadreId), 'fill');
    if (input.priority && !(await this.tasks.priorityExists(ctx.tenantId, input.year, input.priority))) {
      throw RpcError.rule('年度重点工作不存在', [{ field: 'priority', message: `${input.year} 年目录中没有该编码` }]);
    }
    if (
      input.responsibilityId &&
      !(await this.tasks.isDutyOf(ctx.tenantId, input.responsibilityId, input.cadreId, input.year))
    ) {
      throw RpcError.rule('岗位职责不存在', [
        { field: 'responsibilityId', message: `不是该干部 ${input.year} 年责任清单中的条目` },
      ]);
    }
    await this.outbox.transaction(async (manager) => {
      await this.tasks.ensureList(ctx.tenantId, input.cadreId, input.year, manager);
      const list = (await this.tasks.findListForUpdate(ctx.tenantId, input.cadreId, input.year, manager))!;
      if (!isEditable(list.status))
        throw RpcError.conflict(
          `任务清单${STATUS_NAMES[list.status]}，不能再添加任务${list.status === 'signed' ? '（请先申请修订）' : ''}`,
        );
      await this.tasks.addTask(ctx.tenantId, list.id, input, manager);
    });
    return this.view(ctx.tenantId, input.cadreId, input.year);
  }

  /** Whether the tenant has any task list or responsibility for the year: the demo loads only into empty lists. */
  anyListOf(tenantId: string, year: number): Promise<boolean> {
    return this.tasks.anyListOf(tenantId, year);
  }

  async get(payload: TaskListQuery, ctx: RequestContext): Promise<TaskListView> {
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, payload.cadreId), 'read');
    return this.view(ctx.tenantId, payload.cadreId, payload.year);
  }

  /** Overdue tasks of the tenant, latest deadline first (the dashboard's warnings): the department only. */
  async overdue(payload: OverdueTasksQuery, ctx: RequestContext): Promise<Page<OverdueTaskView>> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以查看全部逾期任务');
    const { limit, after } = pageWindow(payload, [cursorPart.date, cursorPart.uuid]);
    const rows = await this.tasks.overdue(ctx.tenantId, { after, limit: limit + 1 });
    return toPage(
      rows,
      limit,
      (r) => [r.deadline, r.id],
      (r) => ({
        id: r.id,
        cadreId: r.cadreId,
        cadreName: r.cadreName,
        year: r.year,
        title: r.title,
        deadline: r.deadline,
        indicator: { metric: r.metric, target: r.target, unit: r.unit },
        actual: r.actual,
      }),
    );
  }

  async transition(command: TaskListTransition, ctx: RequestContext): Promise<TaskListView> {
    const cadre = await this.cadres.require(ctx.tenantId, command.cadreId);
    const { action, cadreId } = command;
    await this.access.check(ctx, cadre, TRANSITION_ACCESS[action]);
    if (reasonRequired(action) && !command.reason?.trim()) {
      throw new RpcError(400, `${TRANSITION_NAMES[action]}必须说明理由`, [{ field: 'reason', message: '必须提供' }]);
    }
    const scheduled: Array<{ id: string; deadline: string }> = [];
    await this.outbox.transaction(async (manager) => {
      const list = await this.tasks.findListForUpdate(ctx.tenantId, cadreId, command.year, manager);
      if (!list) throw RpcError.conflict(`${command.year} 年的任务清单还没有任何任务`);
      const to = nextStatus(list.status, action);
      if (!to) throw RpcError.conflict(`任务清单当前为“${STATUS_NAMES[list.status]}”，不能${TRANSITION_NAMES[action]}`);
      const tasks = (await this.tasks.tasksOf(ctx.tenantId, list.id, manager)).map(toTask);
      if (action === 'submit' && tasks.length === 0) throw RpcError.rule('任务清单没有任务，不能提交');
      await this.tasks.transitionList(ctx.tenantId, list.id, to, action, command.reason ?? null, manager);
      await this.tasks.addHistory(list.id, action, ctx.username, command.reason ?? null, manager);
      if (action === 'approve')
        scheduled.push(
          ...tasks.filter((t) => t.status !== 'completed').map((t) => ({ id: t.id, deadline: t.deadline })),
        );
      if (action === 'sign') {
        const signedAt = await this.tasks.signedAt(ctx.tenantId, list.id, manager);
        await this.outbox.add(manager, {
          type: 'checklists.tasklist.signed',
          tenantId: ctx.tenantId,
          aggregateId: list.id,
          data: {
            taskListId: list.id,
            cadreId,
            year: command.year,
            status: 'signed',
            signedAt: new Date(signedAt).toISOString(),
            tasks: tasks.map(snapshot),
            completionScore: score(tasks),
          },
        });
      }
    });
    // After commit: one keyed job per task and deadline, so re-approving after an amendment does not double them.
    for (const task of scheduled)
      await this.jobs.schedule(
        TASK_OVERDUE_JOB,
        { taskId: task.id },
        { jobId: `${TASK_OVERDUE_JOB}-${task.id}-${task.deadline}`, runAt: overdueAt(task.deadline) },
      );
    return this.view(ctx.tenantId, cadreId, command.year);
  }

  async progress(input: ProgressInput, ctx: RequestContext): Promise<TaskListView> {
    const task = await this.tasks.findProgressTask(ctx.tenantId, input.taskId);
    if (!task) throw RpcError.notFound('任务');
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, task.cadreId), 'fill', '任务');
    if (!acceptsProgress(task.listStatus))
      throw RpcError.conflict(`任务清单当前为“${STATUS_NAMES[task.listStatus]}”，审核通过后才能填报进度`);
    await this.outbox.transaction(async (manager) => {
      // The list first: the event carries the list's completion score, so progress on two tasks of one
      // list must not run side by side — each would count only its own task and the one published
      // last could be the lower score (analytics ranks by the last one).
      const row = await this.tasks.lockTaskAndList(ctx.tenantId, input.taskId, manager);
      const status = statusAfterProgress(row.status, input.actual, row.target);
      await this.tasks.recordProgress(
        ctx.tenantId,
        input.taskId,
        input.actual,
        status,
        input.note ?? null,
        ctx.username,
        manager,
      );
      const tasks = (await this.tasks.tasksOf(ctx.tenantId, row.listId, manager)).map(toTask);
      await this.outbox.add(manager, {
        type: 'checklists.task.progressed',
        tenantId: ctx.tenantId,
        aggregateId: row.listId,
        data: {
          ...taskEvent(
            tasks.find((t) => t.id === row.id)!,
            tasks,
            row.listId,
            task.cadreId,
            task.year,
          ),
          actual: input.actual,
          note: input.note ?? null,
          status,
        },
      });
    });
    return this.view(ctx.tenantId, task.cadreId, task.year);
  }

  /**
   * Marks open tasks of approved or signed lists whose deadline has passed as overdue, each once:
   * the status guard in the UPDATE makes a second run (a retried job, the start-up sweep) a no-op.
   * `taskIds` null: every such task of every tenant.
   */
  async markOverdue(taskIds: string[] | null): Promise<number> {
    return this.outbox.transaction(async (manager) => {
      const marked = await this.tasks.markOverdue(taskIds, manager);
      for (const m of marked) {
        const list = await this.tasks.findListOwner(m.tenantId, m.listId, manager);
        const tasks = (await this.tasks.tasksOf(m.tenantId, m.listId, manager)).map(toTask);
        const task = tasks.find((t) => t.id === m.id)!;
        await this.outbox.add(manager, {
          type: 'checklists.task.overdue',
          tenantId: m.tenantId,
          aggregateId: m.listId,
          data: {
            ...taskEvent(task, tasks, m.listId, list.cadreId, list.year),
            deadline: task.deadline,
            actual: task.actual,
            status: 'overdue',
          },
        });
      }
      return marked.length;
    });
  }

  private async view(tenantId: string, cadreId: string, year: number): Promise<TaskListView> {
    const list = await this.tasks.findList(tenantId, cadreId, year);
    if (!list)
      return {
        id: null,
        cadreId,
        year,
        status: 'draft',
        signedAt: null,
        returnedReason: null,
        amendments: 0,
        tasks: [],
        completionScore: 0,
        history: [],
      };
    const tasks = (await this.tasks.tasksOf(tenantId, list.id)).map(toTask);
    const history = await this.tasks.history(list.id);
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
      history: history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    };
  }
}

/** The part of a task event that says which task, whose, and what it is worth (TaskEventBaseV1). */
function taskEvent(
  task: TaskView,
  tasks: TaskView[],
  taskListId: string,
  cadreId: string,
  year: number,
): TaskEventBaseV1 {
  return {
    taskId: task.id,
    taskListId,
    cadreId,
    year,
    title: task.title,
    indicator: task.indicator,
    weight: task.weight,
    completionScore: score(tasks),
  };
}

function snapshot({ priority: _priority, responsibilityId: _duty, ...task }: TaskView): TaskSnapshotV1 {
  return task;
}
