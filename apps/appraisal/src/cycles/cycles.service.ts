import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateCycleCommand,
  CycleAction,
  CycleSnapshotV1,
  CycleStatus,
  CycleView,
  ListCyclesQuery,
  RequestContext,
} from '@cadre/contracts';
import type { ById, CycleTransitionCommand, Page } from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { cursorPart, decodeCursor, encodeCursor, isUniqueViolation, pageSize } from '@cadre/persistence';
import { isOfficer, requireOfficer } from '../access/access';
import { ACTION_NAMES, DEFAULT_REMINDER_OFFSETS_HOURS, fromStatus, STATUS_NAMES, transitionTarget } from './cycle-rules';
import { CycleJobs } from './cycle-jobs';

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

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSnapshot(c: CycleRow): CycleSnapshotV1 {
  return { id: c.id, kind: c.kind, name: c.name, year: c.year, half: c.half, topic: c.topic, opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString(), unitIds: c.unitIds, status: c.status };
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

const EVENT_OF: Record<CycleStatus, 'appraisal.cycle.scheduled' | 'appraisal.cycle.opened' | 'appraisal.cycle.closed' | 'appraisal.cycle.published'> = {
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly jobs: CycleJobs,
  ) {}
  async createByHand(command: CreateCycleCommand, ctx: RequestContext): Promise<CycleView> {
    requireOfficer(ctx, '创建考核周期');
    const problems = cycleProblems(command);
    if (problems.length > 0) throw new RpcError(400, '考核周期的设置有误', problems);
    const cycle = await this.create(ctx.tenantId, command, ctx.username);
    return toView(cycle);
  }

  /** Creates the cycle and arms its jobs; a second periodic cycle of the same half is a 409. */
  async create(tenantId: string, command: CreateCycleCommand, createdBy: string | null, manager?: EntityManager): Promise<CycleRow> {
    const work = async (m: EntityManager) => {
      const [cycle]: CycleRow[] = await m.query(
        `INSERT INTO cycles (id, tenant_id, kind, name, year, half, topic, opens_at, closes_at, unit_ids, reminder_offsets_hours, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${CYCLE_COLUMNS}`,
        [
          randomUUID(),
          tenantId,
          command.kind,
          command.name,
          command.year,
          command.kind === 'periodic' ? command.half : null,
          command.kind === 'random' ? command.topic : null,
          command.opensAt,
          command.closesAt,
          command.unitIds && command.unitIds.length > 0 ? [...new Set(command.unitIds)] : null,
          command.reminderOffsetsHours ?? DEFAULT_REMINDER_OFFSETS_HOURS,
          createdBy,
        ],
      );
      await this.outbox.add(m, { type: 'appraisal.cycle.scheduled', tenantId, aggregateId: cycle.id, data: { ...toSnapshot(cycle), status: 'scheduled' } });
      return cycle;
    };
    let cycle: CycleRow;
    try {
      cycle = manager ? await work(manager) : await this.outbox.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw RpcError.conflict(`${command.year} 年${command.half === 1 ? '上' : '下'}半年的定期考核已经存在`, [{ field: 'half', message: '每个半年只有一个定期考核周期' }]);
      throw err;
    }
    // After commit: a job for a cycle that rolled back would only find nothing to do, but why queue it.
    if (!manager) await this.jobs.arm(cycle);
    return cycle;
  }
  async list(query: ListCyclesQuery, ctx: RequestContext): Promise<Page<CycleView>> {
    const limit = pageSize(query.limit);
    const params: unknown[] = [ctx.tenantId];
    const where = ['tenant_id = $1'];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.kind) where.push(`kind = $${params.push(query.kind)}`);
    if (query.year) where.push(`year = $${params.push(query.year)}`);
    if (query.cursor) {
      const key = decodeCursor(query.cursor, [cursorPart.timestamp, cursorPart.uuid]);
      if (!key) throw new RpcError(400, '分页游标无效', [{ field: 'cursor', message: '不是本列表给出的游标' }]);
      where.push(`(opens_at, id) < ($${params.push(key[0])}::timestamptz, $${params.push(key[1])}::uuid)`);
    }
    const rows: CycleRow[] = await this.dataSource.query(
      `SELECT ${CYCLE_COLUMNS} FROM cycles WHERE ${where.join(' AND ')} ORDER BY opens_at DESC, id DESC LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toView), nextCursor: rows.length > limit ? encodeCursor([last.opensAt.toISOString(), last.id]) : null };
  }
  async get(payload: ById, ctx: RequestContext): Promise<CycleView> {
    const cycle = await this.require(ctx.tenantId, payload.id);
    const view = toView(cycle);
    if (cycle.kind === 'periodic' && (isOfficer(ctx) || ctx.roles.includes('assessor'))) view.progress = await this.progress(cycle);
    return view;
  }
  async transitionByHand(payload: CycleTransitionCommand, ctx: RequestContext): Promise<CycleView> {
    requireOfficer(ctx, `${ACTION_NAMES[payload.action]}考核周期`);
    const cycle = await this.require(ctx.tenantId, payload.id);
    if (!transitionTarget(cycle.status, payload.action)) {
      throw RpcError.conflict(`考核周期当前为“${STATUS_NAMES[cycle.status]}”，不能${ACTION_NAMES[payload.action]}（需要“${STATUS_NAMES[fromStatus(payload.action)]}”）`);
    }
    const after = await this.outbox.transaction((m) => this.transition(m, ctx.tenantId, cycle.id, payload.action));
    if (!after) throw RpcError.conflict(`考核周期的状态刚刚已被改变，请刷新后重试`);
    return toView(after);
  }

  /**
   * Moves the cycle if it is still in the status the action starts from; the event goes with it.
   * Null when it was not (already moved by someone else): the caller decides whether that matters.
   */
  async transition(manager: EntityManager, tenantId: string, cycleId: string, action: CycleAction): Promise<CycleRow | null> {
    const to = transitionTarget(fromStatus(action), action)!;
    const stamp = { open: 'opened_at', close: 'closed_at', publish: 'published_at' }[action];
    const [rows] = await manager.query(
      `UPDATE cycles SET status = $3, ${stamp} = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = $4 RETURNING ${CYCLE_COLUMNS}`,
      [tenantId, cycleId, to, fromStatus(action)],
    );
    const cycle: CycleRow | undefined = rows[0];
    if (!cycle) return null;
    await this.outbox.add(manager, { type: EVENT_OF[to], tenantId, aggregateId: cycle.id, data: { ...toSnapshot(cycle), status: to } as never });
    return cycle;
  }

  async require(tenantId: string, id: string, manager?: EntityManager): Promise<CycleRow> {
    const [cycle] = await (manager ?? this.dataSource.manager).query(`SELECT ${CYCLE_COLUMNS} FROM cycles WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    if (!cycle) throw RpcError.notFound('考核周期');
    return cycle;
  }

  /** Cadres in the cycle's units (active ones) and how many have all four steps. */
  private async progress(cycle: CycleRow): Promise<{ cadres: number; completed: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS cadres, count(a.id) FILTER (WHERE cardinality(a.completed_steps) = 4)::int AS completed
         FROM cadres c LEFT JOIN appraisals a ON a.cycle_id = $2 AND a.cadre_id = c.id
        WHERE c.tenant_id = $1 AND c.status = 'active' AND ($3::uuid[] IS NULL OR c.unit_id = ANY ($3))`,
      [cycle.tenantId, cycle.id, cycle.unitIds],
    );
    return row;
  }
}

/** Rules the DTO cannot say alone: times in order, half only for periodic, topic only for random. */
export function cycleProblems(c: CreateCycleCommand): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (new Date(c.closesAt) <= new Date(c.opensAt)) problems.push({ field: 'closesAt', message: '必须晚于开启时间 opensAt' });
  if (c.kind === 'periodic' && c.half === undefined) problems.push({ field: 'half', message: '定期考核必须指明上半年（1）或下半年（2）' });
  if (c.kind === 'periodic' && c.topic !== undefined) problems.push({ field: 'topic', message: '只有随机考核有主题' });
  if (c.kind === 'random' && c.topic === undefined) problems.push({ field: 'topic', message: '随机考核必须指明主题（如 epidemic 疫情防控）' });
  if (c.kind === 'random' && c.half !== undefined) problems.push({ field: 'half', message: '随机考核不分上下半年' });
  return problems;
}
