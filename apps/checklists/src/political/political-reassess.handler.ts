import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { OnJob } from '@cadre/jobs';
import { PLATFORM_CONFIG, PlatformConfig, runsWorker } from '@cadre/platform';
import { PoliticalService } from './political.service';
import { REASSESS_JOB } from './reassessment';

/** The nightly reassessment job, and its first run when a worker starts (a provider: jobs are found on providers). */
@Injectable()
export class PoliticalReassessHandler implements OnApplicationBootstrap {
  constructor(
    private readonly political: PoliticalService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    await this.political.reassessNightly();
  }

  @OnJob(REASSESS_JOB)
  reassess(): Promise<void> {
    return this.political.reassessNightly();
  }
}
