import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext, WartimeFileView, WartimeRecordCommand, WartimeRecordView } from '@cadre/contracts';
import type { ByCadre } from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { Access, isOfficer } from '../access/access';
import { STATUS_NAMES } from '../cycles/cycle-rules';
import { CycleRow, CyclesService } from '../cycles/cycles.service';
import { CadresProjection } from '../projections/cadres.projection';
import { inScope } from '../steps/steps.service';
import { spiritTrend, weeklySeries } from './wartime-series';

/**
 * 战时档案: dated records of a cadre's conduct during a random cycle (epidemic, rescue, disaster
 * relief …) — volunteered or assigned, role, duty hours, performance, commendation or penalty.
 * Written by the department and the cadre's assessors while the cycle is open.
 */
@Injectable()
export class WartimeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly cycles: CyclesService,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
  ) {}
  async add(command: WartimeRecordCommand, ctx: RequestContext): Promise<WartimeRecordView> {
    const cycle = await this.cycles.require(ctx.tenantId, command.cycleId);
    // The cadre is named in the body: an unknown (or another tenant's) one is a bad field, 422, like every id in a body.
    const [unknown] = await this.cadres.unknown(ctx.tenantId, [command.cadreId]);
    if (unknown) throw RpcError.rule('干部不存在', [{ field: 'cadreId', message: '不是本单位的干部' }]);
    const cadre = await this.cadres.require(ctx.tenantId, command.cadreId);
    this.access.hideFromLeader(ctx, cadre);
    await this.access.writeStep(ctx, cadre.id);
    if (cycle.kind !== 'random') throw RpcError.rule('战时档案只记录在随机考核（疫情防控、抢险救灾等）中', [{ field: 'cycleId', message: '不是随机考核周期' }]);
    if (cycle.status !== 'open') throw RpcError.conflict(cycle.status === 'scheduled' ? '随机考核尚未开启' : `随机考核${STATUS_NAMES[cycle.status]}，战时档案只读`);
    if (!inScope(cycle, cadre.unitId)) throw RpcError.rule('该干部所在单位不在本次随机考核范围内');
    const today = new Date().toISOString().slice(0, 10);
    const opened = cycle.opensAt.toISOString().slice(0, 10);
    if (command.date > today) throw new RpcError(400, '记录日期不能晚于今天', [{ field: 'date', message: '不能是将来的日期' }]);
    if (command.date < opened) throw RpcError.rule(`记录日期早于本次随机考核开始的日期 ${opened}`, [{ field: 'date', message: `不能早于 ${opened}` }]);
    const id = await this.outbox.transaction((m) => this.insert(m, ctx.tenantId, cycle, command, ctx.username));
    const file = await this.file({ cadreId: cadre.id }, ctx);
    return file.records.find((r) => r.id === id)!;
  }

  /** The record and its event, in the caller's transaction (the demo writes many in one). */
  async insert(m: EntityManager, tenantId: string, cycle: CycleRow, c: WartimeRecordCommand, recordedBy: string): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO wartime_records (id, tenant_id, cycle_id, cadre_id, date, role, volunteered, duty_hours, performance, note, commendation, penalty, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [id, tenantId, cycle.id, c.cadreId, c.date, c.role, c.volunteered, c.dutyHours, c.performance, c.note ?? null, c.commendation ?? null, c.penalty ?? null, recordedBy],
    );
    await this.outbox.add(m, {
      type: 'appraisal.wartime.recorded',
      tenantId,
      aggregateId: c.cadreId,
      data: { recordId: id, cycleId: cycle.id, topic: cycle.topic, cadreId: c.cadreId, date: c.date, role: c.role, volunteered: c.volunteered, dutyHours: c.dutyHours, performance: c.performance, note: c.note ?? null },
    });
    return id;
  }
  async file(payload: ByCadre, ctx: RequestContext): Promise<WartimeFileView> {
    this.access.hideFromLeader(ctx, await this.cadres.require(ctx.tenantId, payload.cadreId));
    if (!isOfficer(ctx) && ctx.cadreId !== payload.cadreId && !(ctx.roles.includes('assessor') && (await this.access.isAssigned(ctx.tenantId, ctx.userId, payload.cadreId)))) {
      throw new RpcError(403, '战时档案仅限组织部、考核组和干部本人查看');
    }
    const rows = await this.dataSource.query(
      `SELECT w.id, w.cycle_id AS "cycleId", c.name AS "cycleName", c.topic, w.cadre_id AS "cadreId", w.date::text AS date, w.role, w.volunteered,
              w.duty_hours AS "dutyHours", w.performance, w.note, w.commendation, w.penalty, w.recorded_at AS "recordedAt"
         FROM wartime_records w JOIN cycles c ON c.id = w.cycle_id
        WHERE w.tenant_id = $1 AND w.cadre_id = $2 ORDER BY w.date, w.recorded_at`,
      [ctx.tenantId, payload.cadreId],
    );
    const records: WartimeRecordView[] = rows.map((r: any) => ({ ...r, recordedAt: r.recordedAt.toISOString() }));
    const weekly = weeklySeries(records);
    const firstVolunteered = records.find((r) => r.volunteered);
    return {
      cadreId: payload.cadreId,
      records,
      summary: {
        events: new Set(records.map((r) => r.cycleId)).size,
        records: records.length,
        firstVolunteeredOn: firstVolunteered?.date ?? null,
        volunteered: records.filter((r) => r.volunteered).length,
        totalDutyHours: Math.round(records.reduce((s, r) => s + r.dutyHours, 0) * 10) / 10,
        outstanding: records.filter((r) => r.performance === 'outstanding').length,
        commendations: records.filter((r) => r.commendation).length,
        penalties: records.filter((r) => r.penalty).length,
        spirit: weekly.length ? Math.round((weekly.reduce((s, w) => s + w.spirit, 0) / weekly.length) * 10) / 10 : null,
        trend: spiritTrend(weekly),
      },
      weekly,
    };
  }
}
