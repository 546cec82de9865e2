import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnJob } from '@cadre/jobs';
import { PLATFORM_CONFIG, PlatformConfig, runsWorker } from '@cadre/platform';
import { RECTIFICATION_OVERDUE_JOB, RectificationsService } from './rectifications.service';

/**
 * The overdue job, one per item and deadline, and the sweep a starting worker runs (a provider: jobs
 * are found on providers). Each run re-reads the item and marks it only if it is still due, so an
 * early, late or repeated job is harmless.
 */
@Injectable()
export class RectificationOverdueHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rectifications');

  constructor(
    private readonly rectifications: RectificationsService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** A deadline that passed while no worker ran is caught up when one starts; the jobs Redis may have lost are queued again. */
  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    const marked = await this.rectifications.markOverdue(null);
    if (marked > 0) this.logger.log(`${marked} rectification items were overdue while no worker ran: marked now`);
    await this.rectifications
      .armPending()
      .catch((err: Error) => this.logger.warn(`re-arming rectification deadlines failed: ${err.message}`));
  }

  @OnJob(RECTIFICATION_OVERDUE_JOB)
  async overdue(data: { rectificationId: string }): Promise<void> {
    await this.rectifications.markOverdue([data.rectificationId]);
  }
}
