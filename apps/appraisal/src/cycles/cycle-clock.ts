import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OnJob } from '@cadre/jobs';
import { Outbox } from '@cadre/messaging';
import { isInfrastructureError, PLATFORM_CONFIG, runsWorker } from '@cadre/platform';
import { AppraisalConfig } from '../config/appraisal.config';
import { Reminders } from '../notifications/reminders';
import { Clock } from './clock';
import { dueTransitions } from './cycle-rules';
import { CYCLE_CLOSE_JOB, CYCLE_OPEN_JOB, CYCLE_REMIND_JOB, CycleJobData, CycleJobs, RemindJobData } from './cycle-jobs';
import { CYCLE_COLUMNS, CycleRow, CyclesService } from './cycles.service';
import { HalfYearSchedule } from './half-year.schedule';

/**
 * The cycles' clock. Jobs fire at `opensAt`, `closesAt` and each reminder time; each one re-reads the
 * cycle and applies only what is due (so an early, late, repeated or outdated job is harmless).
 * A sweep at start and every CYCLE_SWEEP_SECONDS applies what is overdue and re-arms the jobs of
 * every pending cycle: Redis keeps nothing on disk, and a delayed job it lost must not mean a cycle
 * that never closes.
 */
@Injectable()
export class CycleClock implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CycleClock');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: AppraisalConfig,
    private readonly outbox: Outbox,
    private readonly cycles: CyclesService,
    private readonly jobs: CycleJobs,
    private readonly reminders: Reminders,
    private readonly schedule: HalfYearSchedule,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    await this.sweep();
    this.timer = setInterval(() => void this.sweep().catch((err: Error) => this.logger.error(`sweep failed: ${err.message}`)), this.config.CYCLE_SWEEP_SECONDS * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  @OnJob(CYCLE_OPEN_JOB)
  async onOpen(data: CycleJobData): Promise<void> {
    await this.advance(data.tenantId, data.cycleId);
  }

  @OnJob(CYCLE_CLOSE_JOB)
  async onClose(data: CycleJobData): Promise<void> {
    await this.advance(data.tenantId, data.cycleId);
  }

  @OnJob(CYCLE_REMIND_JOB)
  async onRemind(data: RemindJobData): Promise<void> {
    const cycle = await this.advance(data.tenantId, data.cycleId);
    if (cycle?.status !== 'open') return; // closed already (or never opened): nothing to remind of
    await this.reminders.remind(cycle, data.offsetHours);
  }

  /** Applies the transitions due now, one transaction each, and re-arms the cycle's jobs. */
  async advance(tenantId: string, cycleId: string): Promise<CycleRow | null> {
    let [cycle]: CycleRow[] = await this.dataSource.query(`SELECT ${CYCLE_COLUMNS} FROM cycles WHERE tenant_id = $1 AND id = $2`, [tenantId, cycleId]);
    if (!cycle) return null;
    for (const action of dueTransitions(cycle, this.clock.now())) {
      const moved = await this.outbox.transaction((m) => this.cycles.transition(m, tenantId, cycleId, action));
      if (moved) {
        this.logger.log(`cycle ${cycleId} ${action === 'open' ? 'opened' : 'closed'} by its clock`);
        cycle = moved;
      } else {
        [cycle] = await this.dataSource.query(`SELECT ${CYCLE_COLUMNS} FROM cycles WHERE tenant_id = $1 AND id = $2`, [tenantId, cycleId]);
      }
    }
    // Opening arms the reminders that were skipped while it was scheduled.
    await this.jobs.arm(cycle);
    return cycle;
  }

  /** One sweep at a time per process; replicas may sweep together (everything is conditional). */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    try {
      const pending: Array<{ tenantId: string; id: string }> = await this.dataSource.query(
        `SELECT tenant_id AS "tenantId", id FROM cycles WHERE status IN ('scheduled', 'open') ORDER BY opens_at`,
      );
      for (const c of pending) await this.advance(c.tenantId, c.id);
      await this.schedule.ensureAll();
    } catch (err) {
      if (!isInfrastructureError(err)) throw err;
      this.logger.warn(`sweep skipped, a dependency is away: ${(err as Error).message}`);
    }
  }
}
