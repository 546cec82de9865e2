import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  ByCadre,
  RequestContext,
  WartimeFileView,
  WartimeRecordCommand,
  WartimeRecordView,
} from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { Access, isOfficer } from '../access/access';
import { inScope, STATUS_NAMES } from '../cycles/cycle-rules';
import { CycleSchedulesRepository } from '../cycles/cycle-schedules.repository';
import type { CycleRow } from '../cycles/cycles.repository';
import { CyclesService } from '../cycles/cycles.service';
import { isoInZone } from '../cycles/zoned-time';
import { CadresProjection } from '../projections/cadres-projection.repository';
import { recordDateProblem, recordPoints, taskProblems, wartimeFile } from './wartime-series';
import { WartimeRepository } from './wartime.repository';

/**
 * 战时档案: dated records of a cadre's conduct during a random cycle (epidemic, rescue, disaster
 * relief …) — volunteered or assigned, role, duty hours, performance, commendation or penalty, the six
 * qualities judged with their facts and the task-list tasks followed on the spot.
 * Written by the department and the cadre's assessors while the cycle is open.
 */
/** The zone of a tenant without a cycle schedule (the schedule's own default, half-year.schedule.ts). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

@Injectable()
export class WartimeService {
  constructor(
    private readonly records: WartimeRepository,
    private readonly outbox: Outbox,
    private readonly cycles: CyclesService,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
    private readonly schedules: CycleSchedulesRepository,
  ) {}

  async add(ctx: RequestContext, command: WartimeRecordCommand): Promise<WartimeRecordView> {
    const cycle = await this.cycles.require(ctx.tenantId, command.cycleId);
    // The cadre is named in the body: an unknown (or another tenant's) one is a bad field, 422, like every id in a body.
    const [unknown] = await this.cadres.unknown(ctx.tenantId, [command.cadreId]);
    if (unknown) throw RpcError.rule('干部不存在', [{ field: 'cadreId', message: '不是本单位的干部' }]);
    const cadre = await this.cadres.require(ctx.tenantId, command.cadreId);
    this.access.hideFromLeader(ctx, cadre);
    await this.access.writeStep(ctx, cadre.id);
    // The tasks a record follows are the cadre's own, of the signed list of the cycle's year: ids in the
    // body are judged with the cadre's, before the cycle's kind and state (another tenant's is a bad field).
    const own = command.tasks?.length ? await this.records.tasksOf(ctx.tenantId, cadre.id, cycle.year) : new Map();
    const badTasks = taskProblems(command.tasks ?? [], own, cycle.year);
    if (badTasks.length > 0) throw RpcError.rule('跟踪的任务不属于该干部的任务清单', badTasks);
    if (cycle.kind !== 'random')
      throw RpcError.rule('战时档案只记录在随机考核（疫情防控、抢险救灾等）中', [
        { field: 'cycleId', message: '不是随机考核周期' },
      ]);
    if (cycle.status !== 'open')
      throw RpcError.conflict(
        cycle.status === 'scheduled' ? '随机考核尚未开启' : `随机考核${STATUS_NAMES[cycle.status]}，战时档案只读`,
      );
    if (!inScope(cycle, cadre.unitId)) throw RpcError.rule('该干部所在单位不在本次随机考核范围内');
    // Days where the tenant is (its cycle schedule's zone; the schedule's default without one), not in UTC:
    // between 16:00 and 24:00 UTC today in Beijing is tomorrow in UTC's eyes.
    const zone = await this.zone(ctx.tenantId);
    const today = isoInZone(new Date(), zone).slice(0, 10);
    const opened = isoInZone(cycle.opensAt, zone).slice(0, 10);
    const dateProblem = recordDateProblem(command.date, today, opened);
    if (dateProblem === 'future')
      throw new RpcError(400, '记录日期不能晚于今天', [{ field: 'date', message: '不能是将来的日期' }]);
    if (dateProblem === 'before_open')
      throw RpcError.rule(`记录日期早于本次随机考核开始的日期 ${opened}`, [
        { field: 'date', message: `不能早于 ${opened}` },
      ]);
    const id = await this.outbox.transaction((m) => this.insert(m, ctx.tenantId, cycle, command, ctx.username, own));
    const file = await this.file(ctx, { cadreId: cadre.id });
    return file.records.find((r) => r.id === id)!;
  }

  /**
   * The record and its event, in the caller's transaction (the demo writes many in one). `titles`:
   * the titles of the tasks the record follows, checked to be the cadre's by the caller.
   */
  async insert(
    m: EntityManager,
    tenantId: string,
    cycle: CycleRow,
    c: WartimeRecordCommand,
    recordedBy: string,
    titles: Map<string, string> = new Map(),
  ): Promise<string> {
    const id = randomUUID();
    const qualities = c.qualities ?? null;
    const tasks = (c.tasks ?? []).map((t) => ({
      taskId: t.taskId,
      title: titles.get(t.taskId) ?? '',
      progressChecked: t.progressChecked,
      note: t.note ?? null,
    }));
    await this.records.insert(m, tenantId, {
      id,
      cycleId: cycle.id,
      cadreId: c.cadreId,
      date: c.date,
      role: c.role,
      volunteered: c.volunteered,
      dutyHours: c.dutyHours,
      performance: c.performance,
      note: c.note ?? null,
      commendation: c.commendation ?? null,
      penalty: c.penalty ?? null,
      qualities,
      tasks,
      recordedBy,
    });
    await this.outbox.add(m, {
      type: 'appraisal.wartime.recorded',
      tenantId,
      aggregateId: c.cadreId,
      data: {
        recordId: id,
        cycleId: cycle.id,
        topic: cycle.topic,
        cadreId: c.cadreId,
        date: c.date,
        role: c.role,
        volunteered: c.volunteered,
        dutyHours: c.dutyHours,
        performance: c.performance,
        note: c.note ?? null,
        qualities,
        tasks: tasks.map((t) => ({ taskId: t.taskId, progressChecked: t.progressChecked, note: t.note })),
      },
    });
    return id;
  }

  async file(ctx: RequestContext, payload: ByCadre): Promise<WartimeFileView> {
    this.access.hideFromLeader(ctx, await this.cadres.require(ctx.tenantId, payload.cadreId));
    if (
      !isOfficer(ctx) &&
      ctx.cadreId !== payload.cadreId &&
      !(ctx.roles.includes('assessor') && (await this.access.isAssigned(ctx.tenantId, ctx.userId, payload.cadreId)))
    ) {
      throw new RpcError(403, '战时档案仅限组织部、考核组和干部本人查看');
    }
    const [rows, events, zone] = await Promise.all([
      this.records.ofCadre(ctx.tenantId, payload.cadreId),
      this.records.eventsOf(ctx.tenantId, payload.cadreId),
      this.zone(ctx.tenantId),
    ]);
    const records: WartimeRecordView[] = rows.map((r) => ({
      ...r,
      points: recordPoints(r),
      recordedAt: r.recordedAt.toISOString(),
    }));
    // An event runs from the day it opened where the tenant is to its latest record, anyone's.
    const spans = events.map((e) => {
      const opened = isoInZone(e.opensAt, zone).slice(0, 10);
      return { cycleId: e.cycleId, from: opened < e.firstRecord ? opened : e.firstRecord, to: e.lastRecord };
    });
    return wartimeFile(payload.cadreId, records, spans);
  }

  private async zone(tenantId: string): Promise<string> {
    return (await this.schedules.find(tenantId))?.timezone ?? DEFAULT_TIME_ZONE;
  }
}
