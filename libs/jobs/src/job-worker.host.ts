import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { PLATFORM_CONFIG, PlatformConfig, runInContext, runsWorker, SERVICE_NAME } from '@cadre/platform';
import { jobsTotal } from './job-metrics';
import { JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';
import { DEFAULT_CONCURRENCY, JOBS_OPTIONS, JobsModuleOptions } from './jobs.options';

/**
 * Runs the service's BullMQ worker in the worker role (ROLE worker or all) when the service has
 * handlers. It starts in onApplicationBootstrap, after migrations (onModuleInit), so no handler
 * runs against an old schema. A starting worker first moves every delayed job whose time has
 * passed to the wait list and takes it: a time that passed while the service was down is caught
 * up at start, not skipped.
 *
 * Delivery is at least once: a job whose worker dies is found stalled (lock not renewed, 30 s)
 * and retried; a failed attempt is retried with backoff. Handlers are idempotent (see OnJob).
 */
@Injectable()
export class JobWorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private worker?: Worker;
  private connection?: Redis;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions,
    private readonly registry: JobRegistry,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.registry.handlers();
    if (!runsWorker(this.config) || handlers.size === 0) return;
    // The worker's own connection; BullMQ requires maxRetriesPerRequest: null for it (a blocking
    // wait must survive a reconnect) and opens one more, for the blocking wait, from it.
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
      connectionName: `${this.config.SERVICE_INSTANCE ?? this.service}-jobs-worker`,
    });
    this.connection.on('error', () => undefined);
    this.worker = new Worker(this.jobs.name, (job: Job) => this.process(job), {
      connection: this.connection,
      prefix: this.jobs.prefix,
      concurrency: this.options.concurrency ?? DEFAULT_CONCURRENCY,
    });
    // An EventEmitter 'error' without a listener would crash the process while Redis is away.
    this.worker.on('error', (err) => this.logger.warn(`worker ${this.jobs.name}: ${err.message}`));
    await this.worker.waitUntilReady();
    this.logger.log(`running jobs of queue ${this.jobs.name}: ${[...handlers.keys()].sort().join(', ')}`);
  }

  /** Stops taking jobs and waits for the running ones, before the database and Redis close. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
    this.worker = undefined;
    this.connection = undefined;
  }

  private async process(job: Job): Promise<void> {
    const labels = { queue: this.jobs.name, name: job.name };
    const handler = this.registry.handlers().get(job.name);
    try {
      // A job from an older or newer version of the service; retried, in case a replica that
      // knows it takes it (a rolling deploy), then kept in the failed set.
      if (!handler) throw new Error(`no @OnJob handler for job "${job.name}" in ${this.service}`);
      // Logs and events written by the handler carry the job as their request id.
      await runInContext({ requestId: `job-${this.jobs.name}-${job.id}` }, () => handler(job.data, job));
      jobsTotal.inc({ ...labels, outcome: 'completed' });
    } catch (err) {
      // attemptsMade counts the attempts before this one.
      const last = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      jobsTotal.inc({ ...labels, outcome: last ? 'failed' : 'retried' });
      const message = `job ${job.name} ${job.id} attempt ${job.attemptsMade + 1}/${job.opts.attempts ?? 1} failed${last ? ' (no retry left)' : ''}: ${(err as Error).message}`;
      if (last) this.logger.error(message, (err as Error).stack);
      else this.logger.warn(message);
      throw err;
    }
  }
}
