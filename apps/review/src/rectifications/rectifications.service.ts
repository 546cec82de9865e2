import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  isLeader,
  isOfficer,
  OPINION_SHAPE,
  RECTIFICATION_STATUSES,
  RectificationView,
  RequestContext,
  TwoWayOpinionView,
} from '@cadre/contracts';
import type { ListRectificationsQuery, Page, RecordOpinionInput, RectificationProgressInput } from '@cadre/contracts';
import { JobScheduler } from '@cadre/jobs';
import { Outbox, requireOfficer, RpcError } from '@cadre/messaging';
import { cursorPart, decodeCursor, encodeCursor, isUniqueViolation, pageSize } from '@cadre/persistence';
import { RosterProjection } from '../projections/roster.projection';
import { canProgress, chinaDay, opinionProblems, overdueAt, STATUS_NAMES } from './rectification-rules';
import { opinionView, rectificationView } from './rectification-views';
import { RectificationsRepository } from './rectifications.repository';

/** Persisted job name: never rename. */
export const RECTIFICATION_OVERDUE_JOB = 'rectification-overdue';

/** The most items a page of GET /rectifications holds. */
const MAX_PAGE = 200;

const notFound = () => RpcError.notFound('整改事项');

/**
 * 双向考核意见 and 整改事项 (倒逼): the department records its opinion on a unit with the items it must
 * rectify; the unit's leader (his own unit only) or the department reports progress; each item not
 * done by its deadline is marked overdue by a keyed job, once, with review.rectification.overdue
 * (appraisal notifies the unit's leaders and the officer who recorded the opinion).
 */
@Injectable()
export class RectificationsService {
  constructor(
    private readonly rectifications: RectificationsRepository,
    private readonly roster: RosterProjection,
    private readonly outbox: Outbox,
    private readonly jobs: JobScheduler,
  ) {}

  async recordOpinion(input: RecordOpinionInput, ctx: RequestContext): Promise<TwoWayOpinionView> {
    requireOfficer(ctx, '记录双向考核意见');
    const problems = opinionProblems(input.summary, input.items);
    if (problems.length > 0) throw new RpcError(400, '双向考核意见不正确', problems);
    const cycle = await this.roster.requireCycle(ctx.tenantId, input.cycleId);
    // Both ids before the cycle's state: another tenant's unit is "not found", as an unknown one.
    if ((await this.roster.units(ctx.tenantId, [input.unitId])).length === 0) throw RpcError.notFound('单位');
    if (cycle.status !== 'closed' && cycle.status !== 'published')
      throw RpcError.conflict('考核周期尚未结束：双向考核意见在测评结果公布后（周期关闭后）记录');

    const opinionId = randomUUID();
    const items = input.items.map((i) => ({ id: randomUUID(), title: i.title.trim(), deadline: i.deadline }));
    let written: { opinionId: string; items: Array<{ id: string; deadline: string }> };
    try {
      // What the transaction returns is what an Idempotency-Key replay gets back: the ids written then.
      written = await this.outbox.transaction(async (manager) => {
        await this.rectifications.insertOpinion(manager, {
          id: opinionId,
          tenantId: ctx.tenantId,
          cycleId: input.cycleId,
          unitId: input.unitId,
          summary: input.summary.trim(),
          recordedBy: ctx.userId,
          recordedByName: ctx.username,
          day: chinaDay(),
          items,
        });
        return { opinionId, items: items.map(({ id, deadline }) => ({ id, deadline })) };
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw RpcError.conflict('该单位本周期的双向考核意见已经记录', [
          { field: 'unitId', message: '本周期已有双向考核意见' },
        ]);
      throw err;
    }
    // After commit: one keyed job per item and deadline (a deadline already past runs at once).
    for (const item of written.items) await this.armOverdue(item);
    const [opinion] = (await this.rectifications.opinionsOfCycle(ctx.tenantId, input.cycleId)).filter(
      (o) => o.id === written.opinionId,
    );
    return opinionView(opinion, await this.rectifications.itemsOfOpinions(ctx.tenantId, [opinion.id]));
  }

  async progress(input: RectificationProgressInput, ctx: RequestContext): Promise<RectificationView> {
    if (!isOfficer(ctx) && !isLeader(ctx)) throw new RpcError(403, '只有本单位领导或组织部可以填报整改进展');
    const problems = [];
    if (!(['in_progress', 'done'] as const).some((s) => s === input.status))
      problems.push({ field: 'status', message: '必须是 in_progress, done 之一' });
    const note = typeof input.note === 'string' ? input.note.trim() : '';
    if (note.length === 0 || note.length > OPINION_SHAPE.maxNoteLength)
      problems.push({ field: 'note', message: `需要 1 至 ${OPINION_SHAPE.maxNoteLength} 个字符的说明` });
    if (problems.length > 0) throw new RpcError(400, '整改进展不正确', problems);

    await this.outbox.transaction(async (manager) => {
      const item = await this.rectifications.lockItem(manager, ctx.tenantId, input.rectificationId);
      // Another unit's item is "not found" for a leader, exactly as an unknown id.
      if (!item || (!isOfficer(ctx) && !(ctx.unitId && ctx.unitId === item.unitId))) throw notFound();
      if (!canProgress(item.status, input.status))
        throw RpcError.conflict(`整改事项当前为“${STATUS_NAMES[item.status]}”，不能再填报进展`);
      const day = chinaDay();
      await this.rectifications.addProgress(manager, ctx.tenantId, item.id, {
        status: input.status,
        note,
        by: ctx.username,
        day,
      });
      if (input.status === 'done') {
        await this.outbox.add(manager, {
          type: 'review.rectification.done',
          tenantId: ctx.tenantId,
          aggregateId: item.id,
          data: {
            rectificationId: item.id,
            opinionId: item.opinionId,
            cycleId: item.cycleId,
            unitId: item.unitId,
            title: item.title,
            deadline: item.deadline,
            doneOn: day,
            late: item.overdueOn !== null || item.deadline < day,
            note,
          },
        });
      }
    });
    return rectificationView((await this.rectifications.findItem(ctx.tenantId, input.rectificationId))!);
  }

  /** The department sees every unit's items; a leader his own unit's only (another unit: 404). */
  async list(query: ListRectificationsQuery, ctx: RequestContext): Promise<Page<RectificationView>> {
    let unitId = query.unitId;
    if (!isOfficer(ctx)) {
      if (!isLeader(ctx)) throw new RpcError(403, '只有本单位领导或组织部可以查看整改事项');
      if (!ctx.unitId || (unitId && unitId !== ctx.unitId)) throw RpcError.notFound('单位');
      unitId = ctx.unitId;
    }
    if (query.status !== undefined && !RECTIFICATION_STATUSES.includes(query.status))
      throw new RpcError(400, '查询条件不正确', [
        { field: 'status', message: `必须是 ${RECTIFICATION_STATUSES.join(', ')} 之一` },
      ]);
    const limit = Math.min(pageSize(query.limit), MAX_PAGE);
    let after: [string, string] | undefined;
    if (query.cursor) {
      const key = decodeCursor(query.cursor, [cursorPart.date, cursorPart.uuid]);
      if (!key) throw new RpcError(400, '分页游标无效', [{ field: 'cursor', message: '不是本列表给出的游标' }]);
      after = key;
    }
    const rows = await this.rectifications.list(ctx.tenantId, {
      unitId,
      status: query.status,
      overdue: query.overdue,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(rectificationView),
      nextCursor: rows.length > limit ? encodeCursor([last.deadline, last.id]) : null,
    };
  }

  /**
   * Marks the items (null: every item of every tenant) whose deadline has passed and that are not done
   * as overdue, each once, with one review.rectification.overdue per item in the same transaction.
   */
  async markOverdue(ids: string[] | null, now = new Date()): Promise<number> {
    return this.outbox.transaction(async (manager) => {
      const marked = await this.rectifications.markOverdue(manager, ids, chinaDay(now));
      for (const m of marked) {
        await this.outbox.add(manager, {
          type: 'review.rectification.overdue',
          tenantId: m.tenantId,
          aggregateId: m.id,
          data: {
            rectificationId: m.id,
            opinionId: m.opinionId,
            cycleId: m.cycleId,
            unitId: m.unitId,
            title: m.title,
            deadline: m.deadline,
            status: m.status,
            recordedBy: m.recordedBy,
          },
        });
      }
      return marked.length;
    });
  }

  /** Queues the overdue job of every item not done (at start: Redis may have lost them); same ids, so a no-op otherwise. */
  async armPending(): Promise<void> {
    for (const item of await this.rectifications.pendingDeadlines()) await this.armOverdue(item);
  }

  private armOverdue(item: { id: string; deadline: string }): Promise<void> {
    return this.jobs.schedule(
      RECTIFICATION_OVERDUE_JOB,
      { rectificationId: item.id },
      { jobId: `${RECTIFICATION_OVERDUE_JOB}-${item.id}-${item.deadline}`, runAt: overdueAt(item.deadline) },
    );
  }
}
