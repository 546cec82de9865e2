import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  ById,
  CreateCycleCommand,
  CycleAction,
  CycleSnapshotV1,
  CycleStatus,
  CycleTransitionCommand,
  CycleView,
  ListCyclesQuery,
  Page,
  RequestContext,
} from '@cadre/contracts';
import { Outbox, pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart, isUniqueViolation } from '@cadre/persistence';
import { isOfficer, requireOfficer } from '../access/access';
import { PublishGate, PublishOverride } from '../calibration/publish-gate';
import { ACTION_NAMES, cycleProblems, fromStatus, newCycle, STATUS_NAMES, transitionTarget } from './cycle-rules';
import { CycleJobs } from './cycle-jobs';
import { CycleRow, CyclesRepository } from './cycles.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSnapshot(c: CycleRow): CycleSnapshotV1 {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    year: c.year,
    half: c.half,
    topic: c.topic,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    unitIds: c.unitIds,
    status: c.status,
  };
}

export function toView(c: CycleRow): CycleView {
  return {
    ...toSnapshot(c),
    reminderOffsetsHours: c.reminderOffsetsHours,
    openedAt: iso(c.openedAt),
    closedAt: iso(c.closedAt),
    publishedAt: iso(c.publishedAt),
    createdAt: c.createdAt.toISOString(),
  };
}

const EVENT_OF: Record<
  CycleStatus,
  'appraisal.cycle.scheduled' | 'appraisal.cycle.opened' | 'appraisal.cycle.closed' | 'appraisal.cycle.published'
> = {
  scheduled: 'appraisal.cycle.scheduled',
  open: 'appraisal.cycle.opened',
  closed: 'appraisal.cycle.closed',
  published: 'appraisal.cycle.published',
};

/**
 * Appraisal cycles (定期考核 half-yearly, 随机考核 at critical moments): created by hand or by the
 * schedule, moved `scheduled → open → closed → published` by their jobs or by hand. A transition is
 * one conditional UPDATE (`WHERE status = <from>`) with its event in the same transaction, so a
 * second attempt — a retried job, a second replica, a click after the job — changes nothing.
 */
@Injectable()
export class CyclesService {
  constructor(
    private readonly cycles: CyclesRepository,
    private readonly outbox: Outbox,
    private readonly jobs: CycleJobs,
    private readonly gate: PublishGate,
  ) {}

  async createByHand(ctx: RequestContext, command: CreateCycleCommand): Promise<CycleView> {
    requireOfficer(ctx, '创建考核周期');
    const problems = cycleProblems(command);
    if (problems.length > 0) throw new RpcError(400, '考核周期的设置有误', problems);
    const cycle = await this.create(ctx.tenantId, command, ctx.username);
    return toView(cycle);
  }

  /** Creates the cycle and arms its jobs; a second periodic cycle of the same half is a 409. */
  async create(
    tenantId: string,
    command: CreateCycleCommand,
    createdBy: string | null,
    manager?: EntityManager,
  ): Promise<CycleRow> {
    const work = async (m: EntityManager) => {
      const cycle = await this.cycles.insert(m, tenantId, newCycle(randomUUID(), command, createdBy));
      await this.outbox.add(m, {
        type: 'appraisal.cycle.scheduled',
        tenantId,
        aggregateId: cycle.id,
        data: { ...toSnapshot(cycle), status: 'scheduled' },
      });
      return cycle;
    };
    let cycle: CycleRow;
    try {
      cycle = manager ? await work(manager) : await this.outbox.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err))
        throw RpcError.conflict(`${command.year} 年${command.half === 1 ? '上' : '下'}半年的定期考核已经存在`, [
          { field: 'half', message: '每个半年只有一个定期考核周期' },
        ]);
      throw err;
    }
    // After commit: a job for a cycle that rolled back would only find nothing to do, but why queue it.
    if (!manager) await this.jobs.arm(cycle);
    return cycle;
  }

  async list(ctx: RequestContext, query: ListCyclesQuery): Promise<Page<CycleView>> {
    const { limit, after: before } = pageWindow(query, [cursorPart.timestamp, cursorPart.uuid]);
    const rows = await this.cycles.list(ctx.tenantId, {
      status: query.status,
      kind: query.kind,
      year: query.year,
      before,
      limit: limit + 1,
    });
    return toPage(rows, limit, (last) => [last.opensAt.toISOString(), last.id], toView);
  }

  async get(ctx: RequestContext, payload: ById): Promise<CycleView> {
    const cycle = await this.require(ctx.tenantId, payload.id);
    const view = toView(cycle);
    if (cycle.kind === 'periodic' && (isOfficer(ctx) || ctx.roles.includes('assessor')))
      view.progress = await this.cycles.progress(cycle.tenantId, cycle.id, cycle.unitIds);
    return view;
  }

  async transitionByHand(ctx: RequestContext, payload: CycleTransitionCommand): Promise<CycleView> {
    requireOfficer(ctx, `${ACTION_NAMES[payload.action]}考核周期`);
    const cycle = await this.require(ctx.tenantId, payload.id);
    if (!transitionTarget(cycle.status, payload.action)) {
      throw RpcError.conflict(
        `考核周期当前为“${STATUS_NAMES[cycle.status]}”，不能${ACTION_NAMES[payload.action]}（需要“${STATUS_NAMES[fromStatus(payload.action)]}”）`,
      );
    }
    const after = await this.outbox.transaction(async (m) => {
      // The 优秀 guideline (校准): over it, only with a reason, which the published event carries.
      const override =
        payload.action === 'publish'
          ? await this.gate.check(m, ctx.tenantId, cycle.id, payload.overrideReason)
          : undefined;
      return this.transition(m, ctx.tenantId, cycle.id, payload.action, override);
    });
    if (!after) throw RpcError.conflict(`考核周期的状态刚刚已被改变，请刷新后重试`);
    return toView(after);
  }

  /**
   * Moves the cycle if it is still in the status the action starts from; the event goes with it.
   * Null when it was not (already moved by someone else): the caller decides whether that matters.
   */
  async transition(
    manager: EntityManager,
    tenantId: string,
    cycleId: string,
    action: CycleAction,
    override?: PublishOverride,
  ): Promise<CycleRow | null> {
    const to = transitionTarget(fromStatus(action), action) as Exclude<CycleStatus, 'scheduled'>;
    const cycle = await this.cycles.transition(manager, tenantId, cycleId, fromStatus(action), to);
    if (!cycle) return null;
    await this.outbox.add(manager, {
      type: EVENT_OF[to],
      tenantId,
      aggregateId: cycle.id,
      data: { ...toSnapshot(cycle), status: to, ...(override ? { override } : {}) } as never,
    });
    return cycle;
  }

  async require(tenantId: string, id: string, manager?: EntityManager): Promise<CycleRow> {
    const cycle = await this.cycles.find(tenantId, id, manager);
    if (!cycle) throw RpcError.notFound('考核周期');
    return cycle;
  }

  /** The cycle as it is now, or null when there is none (the clock's jobs may outlive their cycle). */
  find(tenantId: string, id: string): Promise<CycleRow | null> {
    return this.cycles.find(tenantId, id);
  }
}
