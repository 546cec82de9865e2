import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Outbox } from '@cadre/messaging';
import { isInfrastructureError, PLATFORM_CONFIG, runsWorker } from '@cadre/platform';
import { AppraisalConfig } from '../config/appraisal.config';
import { Reminders } from '../notifications/reminders';
import { Clock } from './clock';
import { dueTransitions } from './cycle-rules';
import { CycleJobs } from './cycle-jobs';
import { CycleRow, CyclesRepository } from './cycles.repository';
import { CyclesService } from './cycles.service';
import { HalfYearSchedule } from './half-year.schedule';

/**
 * The cycles' clock. Jobs fire at `opensAt`, `closesAt` and each reminder time (CycleJobsHandler);
 * each one re-reads the cycle and applies only what is due (so an early, late, repeated or outdated job is harmless).
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
    @Inject(PLATFORM_CONFIG) private readonly config: AppraisalConfig,
    private readonly outbox: Outbox,
    private readonly cycles: CyclesService,
    private readonly cycleRepository: CyclesRepository,
    private readonly jobs: CycleJobs,
    private readonly reminders: Reminders,
    private readonly schedule: HalfYearSchedule,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    await this.sweep();
    this.timer = setInterval(
      () => void this.sweep().catch((err: Error) => this.logger.error(`sweep failed: ${err.message}`)),
      this.config.CYCLE_SWEEP_SECONDS * 1000,
    );
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  /** The reminder at `offsetHours` before close, to an open cycle only (closed already or never opened: nothing to remind of). */
  async remind(tenantId: string, cycleId: string, offsetHours: number): Promise<void> {
    const cycle = await this.advance(tenantId, cycleId);
    if (cycle?.status !== 'open') return;
    await this.reminders.remind(cycle, offsetHours);
  }

  /** Applies the transitions due now, one transaction each, and re-arms the cycle's jobs. */
  async advance(tenantId: string, cycleId: string): Promise<CycleRow | null> {
    let cycle = await this.cycles.find(tenantId, cycleId);
    if (!cycle) return null;
    for (const action of dueTransitions(cycle, this.clock.now())) {
      const moved = await this.outbox.transaction((m) => this.cycles.transition(m, tenantId, cycleId, action));
      if (moved) {
        this.logger.log(`cycle ${cycleId} ${action === 'open' ? 'opened' : 'closed'} by its clock`);
        cycle = moved;
      } else {
        // Moved meanwhile by someone else: go on from where it is now (cycles are never deleted).
        cycle = (await this.cycles.find(tenantId, cycleId))!;
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
      for (const c of await this.cycleRepository.pending()) await this.advance(c.tenantId, c.id);
      await this.schedule.ensureAll();
    } catch (err) {
      if (!isInfrastructureError(err)) throw err;
      this.logger.warn(`sweep skipped, a dependency is away: ${(err as Error).message}`);
    }
  }
}
