import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CycleScheduleCommand, CycleScheduleView, RequestContext, ScheduleWindow } from '@cadre/contracts';
import { JobScheduler, OnJob } from '@cadre/jobs';
import { RpcError } from '@cadre/messaging';
import { PLATFORM_CONFIG } from '@cadre/platform';
import { requireOfficer } from '../access/access';
import { AppraisalConfig } from '../config/appraisal.config';
import { Clock } from './clock';
import { DEFAULT_REMINDER_OFFSETS_HOURS } from './cycle-rules';
import { CyclesService } from './cycles.service';
import { upcoming, windowProblems, WindowOccurrence } from './half-year-schedule';
import { isoInZone, isTimeZone } from './zoned-time';

/** Persisted job name: never rename. */
export const HALF_YEAR_CREATE_JOB = 'half-year-create';

interface ScheduleRow {
  tenantId: string;
  enabled: boolean;
  windows: ScheduleWindow[];
  reminderOffsetsHours: number[];
  timezone: string;
  updatedAt: Date;
}

const COLUMNS = `tenant_id AS "tenantId", enabled, windows, reminder_offsets_hours AS "reminderOffsetsHours", timezone, updated_at AS "updatedAt"`;

const HALF_NAMES = { 1: '上半年', 2: '下半年' } as const;

/**
 * The tenant's half-yearly schedule (变期末大考为随堂检测: two periodic cycles a year instead of one
 * at year end). A delayed job per occurrence creates the cycle `CYCLE_LEAD_DAYS` before it opens,
 * in the tenant's time zone, then queues the next one; the sweep re-queues whatever Redis lost. The
 * unique index on (tenant, year, half) makes a second creation — a rerun, a second replica, a cycle
 * the officer made by hand — a no-op.
 */
@Injectable()
export class HalfYearSchedule {
  private readonly logger = new Logger('HalfYearSchedule');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: AppraisalConfig,
    private readonly cycles: CyclesService,
    private readonly scheduler: JobScheduler,
    private readonly clock: Clock,
  ) {}
  async get(_payload: unknown, ctx: RequestContext): Promise<CycleScheduleView> {
    requireOfficer(ctx, '查看考核周期计划');
    const [row]: ScheduleRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM cycle_schedules WHERE tenant_id = $1`, [ctx.tenantId]);
    if (!row) return { enabled: false, windows: [], reminderOffsetsHours: DEFAULT_REMINDER_OFFSETS_HOURS, timezone: 'Asia/Shanghai', leadDays: this.config.CYCLE_LEAD_DAYS, next: null, updatedAt: null };
    return this.view(row);
  }
  async put(command: CycleScheduleCommand, ctx: RequestContext): Promise<CycleScheduleView> {
    requireOfficer(ctx, '设置考核周期计划');
    const problems = windowProblems(command.windows);
    if (!isTimeZone(command.timezone)) problems.push({ field: 'timezone', message: `不是有效的时区：${command.timezone}` });
    if (command.enabled && command.windows.length === 0) problems.push({ field: 'windows', message: '启用计划时至少需要一个时间窗口' });
    if (problems.length > 0) throw new RpcError(400, '考核周期计划的设置有误', problems);
    await this.dataSource.query(
      `INSERT INTO cycle_schedules (tenant_id, enabled, windows, reminder_offsets_hours, timezone, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET enabled = EXCLUDED.enabled, windows = EXCLUDED.windows, reminder_offsets_hours = EXCLUDED.reminder_offsets_hours,
         timezone = EXCLUDED.timezone, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [ctx.tenantId, command.enabled, JSON.stringify(command.windows), command.reminderOffsetsHours ?? DEFAULT_REMINDER_OFFSETS_HOURS, command.timezone, ctx.username],
    );
    await this.ensure(ctx.tenantId);
    return this.get({}, ctx);
  }

  @OnJob(HALF_YEAR_CREATE_JOB)
  async onCreate(data: { tenantId: string }): Promise<void> {
    await this.ensure(data.tenantId);
  }

  async ensureAll(): Promise<void> {
    const tenants: Array<{ tenantId: string }> = await this.dataSource.query(`SELECT tenant_id AS "tenantId" FROM cycle_schedules WHERE enabled`);
    for (const t of tenants) await this.ensure(t.tenantId);
  }

  /**
   * Creates every occurrence whose creation time has come (and that has not closed), then queues a
   * job for the next one. Reads the schedule afresh: a job queued before the officer changed or
   * disabled it does what the schedule says now.
   */
  async ensure(tenantId: string): Promise<void> {
    const [row]: ScheduleRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM cycle_schedules WHERE tenant_id = $1`, [tenantId]);
    if (!row?.enabled) return;
    const now = this.clock.now();
    const next = upcoming(row.windows, now, row.timezone, this.config.CYCLE_LEAD_DAYS);
    for (const o of next.filter((x) => x.createAt <= now)) await this.createOccurrence(row, o);
    const later = next.find((x) => x.createAt > now);
    if (later) {
      await this.scheduler.schedule(HALF_YEAR_CREATE_JOB, { tenantId }, { jobId: `half-year-create-${tenantId}-${later.year}-${later.half}-${later.createAt.getTime()}`, runAt: later.createAt });
    }
  }

  private async createOccurrence(row: ScheduleRow, o: WindowOccurrence): Promise<void> {
    const exists = await this.dataSource.query(`SELECT 1 FROM cycles WHERE tenant_id = $1 AND kind = 'periodic' AND year = $2 AND half = $3`, [row.tenantId, o.year, o.half]);
    if (exists.length > 0) return;
    try {
      await this.cycles.create(
        row.tenantId,
        { kind: 'periodic', name: `${o.year}年${HALF_NAMES[o.half]}定期考核`, year: o.year, half: o.half, opensAt: o.opensAt.toISOString(), closesAt: o.closesAt.toISOString(), reminderOffsetsHours: row.reminderOffsetsHours },
        null,
      );
      this.logger.log(`created the ${o.year} H${o.half} periodic cycle of tenant ${row.tenantId} from its schedule`);
    } catch (err) {
      if (err instanceof RpcError && err.status === 409) return; // made meanwhile (by hand or by a replica)
      throw err;
    }
  }

  private async view(row: ScheduleRow): Promise<CycleScheduleView> {
    const [next] = upcoming(row.windows, this.clock.now(), row.timezone, this.config.CYCLE_LEAD_DAYS);
    let cycleId: string | null = null;
    if (next) {
      const [c] = await this.dataSource.query(`SELECT id FROM cycles WHERE tenant_id = $1 AND kind = 'periodic' AND year = $2 AND half = $3`, [row.tenantId, next.year, next.half]);
      cycleId = c?.id ?? null;
    }
    return {
      enabled: row.enabled,
      windows: row.windows,
      reminderOffsetsHours: row.reminderOffsetsHours,
      timezone: row.timezone,
      leadDays: this.config.CYCLE_LEAD_DAYS,
      next: next && row.enabled ? { year: next.year, half: next.half, opensAt: isoInZone(next.opensAt, row.timezone), closesAt: isoInZone(next.closesAt, row.timezone), cycleId } : null,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
