import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CycleScheduleCommand, CycleScheduleView, RequestContext } from '@cadre/contracts';
import { JobScheduler } from '@cadre/jobs';
import { RpcError } from '@cadre/messaging';
import { PLATFORM_CONFIG } from '@cadre/platform';
import { requireOfficer } from '../access/access';
import { AppraisalConfig } from '../config/appraisal.config';
import { Clock } from './clock';
import { DEFAULT_REMINDER_OFFSETS_HOURS } from './cycle-rules';
import { CycleSchedulesRepository, ScheduleRow } from './cycle-schedules.repository';
import { CyclesRepository } from './cycles.repository';
import { CyclesService } from './cycles.service';
import { upcoming, windowProblems, WindowOccurrence } from './half-year-schedule';
import { isoInZone, isTimeZone } from './zoned-time';

/** Persisted job name: never rename. */
export const HALF_YEAR_CREATE_JOB = 'half-year-create';

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
    @Inject(PLATFORM_CONFIG) private readonly config: AppraisalConfig,
    private readonly schedules: CycleSchedulesRepository,
    private readonly cycles: CyclesService,
    private readonly cycleRepository: CyclesRepository,
    private readonly scheduler: JobScheduler,
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext): Promise<CycleScheduleView> {
    requireOfficer(ctx, '查看考核周期计划');
    const row = await this.schedules.find(ctx.tenantId);
    if (!row)
      return {
        enabled: false,
        windows: [],
        reminderOffsetsHours: DEFAULT_REMINDER_OFFSETS_HOURS,
        timezone: 'Asia/Shanghai',
        leadDays: this.config.CYCLE_LEAD_DAYS,
        next: null,
        updatedAt: null,
      };
    return this.view(row);
  }

  async put(ctx: RequestContext, command: CycleScheduleCommand): Promise<CycleScheduleView> {
    requireOfficer(ctx, '设置考核周期计划');
    const problems = windowProblems(command.windows);
    if (!isTimeZone(command.timezone))
      problems.push({ field: 'timezone', message: `不是有效的时区：${command.timezone}` });
    if (command.enabled && command.windows.length === 0)
      problems.push({ field: 'windows', message: '启用计划时至少需要一个时间窗口' });
    if (problems.length > 0) throw new RpcError(400, '考核周期计划的设置有误', problems);
    await this.schedules.upsert(ctx.tenantId, {
      enabled: command.enabled,
      windows: command.windows,
      reminderOffsetsHours: command.reminderOffsetsHours ?? DEFAULT_REMINDER_OFFSETS_HOURS,
      timezone: command.timezone,
      updatedBy: ctx.username,
    });
    await this.ensure(ctx.tenantId);
    return this.get(ctx);
  }

  async ensureAll(): Promise<void> {
    for (const tenantId of await this.schedules.enabledTenants()) await this.ensure(tenantId);
  }

  /**
   * Creates every occurrence whose creation time has come (and that has not closed), then queues a
   * job for the next one. Reads the schedule afresh: a job queued before the officer changed or
   * disabled it does what the schedule says now.
   */
  async ensure(tenantId: string): Promise<void> {
    const row = await this.schedules.find(tenantId);
    if (!row?.enabled) return;
    const now = this.clock.now();
    const next = upcoming(row.windows, now, row.timezone, this.config.CYCLE_LEAD_DAYS);
    for (const o of next.filter((x) => x.createAt <= now)) await this.createOccurrence(row, o);
    const later = next.find((x) => x.createAt > now);
    if (later) {
      await this.scheduler.schedule(
        HALF_YEAR_CREATE_JOB,
        { tenantId },
        {
          jobId: `half-year-create-${tenantId}-${later.year}-${later.half}-${later.createAt.getTime()}`,
          runAt: later.createAt,
        },
      );
    }
  }

  private async createOccurrence(row: ScheduleRow, o: WindowOccurrence): Promise<void> {
    if (await this.cycleRepository.hasPeriodic(row.tenantId, o.year, o.half)) return;
    try {
      await this.cycles.create(
        row.tenantId,
        {
          kind: 'periodic',
          name: `${o.year}年${HALF_NAMES[o.half]}定期考核`,
          year: o.year,
          half: o.half,
          opensAt: o.opensAt.toISOString(),
          closesAt: o.closesAt.toISOString(),
          reminderOffsetsHours: row.reminderOffsetsHours,
        },
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
    const cycleId = next ? await this.cycleRepository.findPeriodicId(row.tenantId, next.year, next.half) : null;
    return {
      enabled: row.enabled,
      windows: row.windows,
      reminderOffsetsHours: row.reminderOffsetsHours,
      timezone: row.timezone,
      leadDays: this.config.CYCLE_LEAD_DAYS,
      next:
        next && row.enabled
          ? {
              year: next.year,
              half: next.half,
              opensAt: isoInZone(next.opensAt, row.timezone),
              closesAt: isoInZone(next.closesAt, row.timezone),
              cycleId,
            }
          : null,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
