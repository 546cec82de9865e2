import { Injectable } from '@nestjs/common';
import { OnJob } from '@cadre/jobs';
import { CycleClock } from './cycle-clock';
import { CYCLE_CLOSE_JOB, CYCLE_OPEN_JOB, CYCLE_REMIND_JOB, CycleJobData, RemindJobData } from './cycle-jobs';
import { HALF_YEAR_CREATE_JOB, HalfYearSchedule } from './half-year.schedule';

/**
 * The jobs of the cycles' clock and of the half-yearly schedule. Each one re-reads what it is about
 * and does only what is due now, so an early, late, repeated or outdated job is harmless. A provider,
 * not a controller: the job registry finds its handlers among the providers.
 */
@Injectable()
export class CycleJobsHandler {
  constructor(
    private readonly clock: CycleClock,
    private readonly schedule: HalfYearSchedule,
  ) {}

  @OnJob(CYCLE_OPEN_JOB)
  async onOpen(data: CycleJobData): Promise<void> {
    await this.clock.advance(data.tenantId, data.cycleId);
  }

  @OnJob(CYCLE_CLOSE_JOB)
  async onClose(data: CycleJobData): Promise<void> {
    await this.clock.advance(data.tenantId, data.cycleId);
  }

  @OnJob(CYCLE_REMIND_JOB)
  onRemind(data: RemindJobData): Promise<void> {
    return this.clock.remind(data.tenantId, data.cycleId, data.offsetHours);
  }

  @OnJob(HALF_YEAR_CREATE_JOB)
  onCreate(data: { tenantId: string }): Promise<void> {
    return this.schedule.ensure(data.tenantId);
  }
}
