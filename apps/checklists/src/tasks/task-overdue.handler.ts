import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnJob } from '@cadre/jobs';
import { PLATFORM_CONFIG, PlatformConfig, runsWorker } from '@cadre/platform';
import { TASK_OVERDUE_JOB, TasksService } from './tasks.service';

/** The overdue job, one per task and deadline, and the sweep a starting worker runs (a provider: jobs are found on providers). */
@Injectable()
export class TaskOverdueHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Tasks');

  constructor(
    private readonly tasks: TasksService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** A deadline that passed while no worker ran is caught up when one starts (besides its job). */
  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    const marked = await this.tasks.markOverdue(null);
    if (marked > 0) this.logger.log(`${marked} tasks were overdue while no worker ran: marked now`);
  }

  @OnJob(TASK_OVERDUE_JOB)
  async overdue(data: { taskId: string }): Promise<void> {
    await this.tasks.markOverdue([data.taskId]);
  }
}
