import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { queuePrefix } from '@cadre/contracts';
import { PLATFORM_CONFIG, PlatformConfig, SERVICE_NAME } from '@cadre/platform';
import { DEFAULT_JOB_OPTIONS } from './jobs.options';

/**
 * The name of a service's queue: the service's name. Persisted name — it is part of every Redis
 * key of the queued jobs (`<prefix>:<name>:…`): NEVER rename it, or every job queued under the old
 * name is silently orphaned. BullMQ forbids ':' in it.
 */
export function jobQueueName(service: string): string {
  if (!service || service.includes(':'))
    throw new Error(`invalid job queue name "${service}": the service name must be non-empty and without ':'`);
  return service;
}

/**
 * The service's one BullMQ queue (the producer side), used by JobScheduler in every ROLE.
 * It has its own Redis connection, apart from the platform's command client, because BullMQ
 * requires `maxRetriesPerRequest: null`. The offline queue is off, as BullMQ advises for
 * producers: while Redis is away `schedule()` fails at once (a 503 for the caller) instead of
 * hanging the request.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  readonly name: string;
  readonly prefix: string;
  readonly queue: Queue;
  private readonly connection: Redis;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig, @Inject(SERVICE_NAME) service: string) {
    this.name = jobQueueName(service);
    this.prefix = queuePrefix(config.CADRE_NAMESPACE);
    this.connection = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: null,
      enableOfflineQueue: false,
      connectionName: `${config.SERVICE_INSTANCE ?? service}-jobs`,
    });
    // Without a listener an 'error' event would throw; ioredis reconnects by itself.
    this.connection.on('error', () => undefined);
    this.queue = new Queue(this.name, {
      connection: this.connection,
      prefix: this.prefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    this.queue.on('error', (err) => this.logger.warn(`queue ${this.name}: ${err.message}`));
  }

  /** After the worker has stopped (onModuleDestroy): a handler may still schedule a follow-up job. */
  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    // BullMQ leaves a connection it was given open; this one is ours.
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
