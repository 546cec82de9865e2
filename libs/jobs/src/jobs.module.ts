import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';
import { JobScheduler } from './job-scheduler';
import { JobWorkerHost } from './job-worker.host';
import { JOBS_OPTIONS, JobsModuleOptions } from './jobs.options';

/**
 * Background jobs of one service on BullMQ: one queue named after the service (SERVICE_NAME),
 * under the namespace's prefix. Needs PlatformModule.forRoot (config, service name). Every role
 * can schedule; the worker runs in ROLE worker and all. Redis readiness is already covered by the
 * platform's Redis check; this module only closes its connections on shutdown.
 */
@Global()
@Module({})
export class JobsModule {
  static forService(options: JobsModuleOptions = {}): DynamicModule {
    if (options.concurrency !== undefined && (!Number.isInteger(options.concurrency) || options.concurrency < 1)) {
      throw new Error(`JobsModule: concurrency must be an integer ≥ 1 (got ${options.concurrency})`);
    }
    return {
      module: JobsModule,
      imports: [DiscoveryModule],
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobQueue, JobRegistry, JobScheduler, JobWorkerHost],
      exports: [JobScheduler],
    };
  }
}
