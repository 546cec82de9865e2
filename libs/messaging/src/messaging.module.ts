import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { subjectPrefix } from '@cadre/contracts';
import { PLATFORM_CONFIG, PlatformConfig, ReadinessCheck, runsApi, runsWorker, SERVICE_NAME } from '@cadre/platform';
import { EVENT_HANDLER, RPC_HANDLER } from './decorators';
import { FileTransfers } from './file-transfers';
import { DurableConsumer, EventHandlerFn } from './inbox/durable-consumer';
import { connectNats, NATS_CONNECTION } from './nats-connection';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { RpcClient } from './rpc/rpc-client';
import { RequestKeys } from './rpc/request-keys';
import { RpcHandlerFn, RpcServer } from './rpc/rpc-server';
import { ensureEventStream } from './stream';

@Injectable()
export class NatsReadinessCheck implements ReadinessCheck {
  readonly name = 'nats';
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}
  async check(): Promise<void> {
    if (this.nc.isClosed()) throw new Error('connection closed');
    await this.nc.flush();
  }
}

@Injectable()
class NatsCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}

/** Finds the methods carrying a metadata key on every provider; two methods for one key stop the start. */
function discover<F>(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector, key: symbol): Map<string, F> {
  const found = new Map<string, F>();
  const where = new Map<string, string>();
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance);
    for (const method of scanner.getAllMethodNames(prototype)) {
      const name = reflector.get<string | undefined>(key, prototype[method]);
      if (!name) continue;
      const owner = `${wrapper.name}.${method}`;
      if (found.has(name)) throw new Error(`two handlers for "${name}": ${where.get(name)} and ${owner}`);
      found.set(name, (instance[method] as (...args: unknown[]) => unknown).bind(instance) as F);
      where.set(name, owner);
    }
  }
  return found;
}

/**
 * Starts the messaging parts a service runs, by ROLE: the outbox relay everywhere (an advisory
 * lock keeps one active), request handlers in `api`, the durable consumer in `worker`.
 * Stops them in reverse on shutdown, before the database and NATS connections close.
 */
@Injectable()
export class MessagingHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Messaging');
  private relay?: OutboxRelay;
  private rpc?: RpcServer;
  private consumer?: DurableConsumer;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = subjectPrefix(this.config.CADRE_NAMESPACE);
    await ensureEventStream(await jetstreamManager(this.nc), this.config.CADRE_NAMESPACE, this.config.NATS_STREAM_REPLICAS);

    this.relay = new OutboxRelay(this.dataSource, this.nc, { service: this.service, subjectPrefix: prefix, logger: this.logger });
    this.outbox.onAdded(() => this.relay?.nudge());
    this.relay.start();

    if (runsApi(this.config)) {
      const handlers = discover<RpcHandlerFn>(this.discovery, this.scanner, this.reflector, RPC_HANDLER);
      this.rpc = new RpcServer(this.nc, { service: this.service, subjectPrefix: prefix, logger: this.logger, requestKeys: new RequestKeys(this.dataSource) });
      this.rpc.listen(handlers);
      this.logger.log(`serving ${handlers.size} request patterns`);
    }
    const eventHandlers = discover<EventHandlerFn>(this.discovery, this.scanner, this.reflector, EVENT_HANDLER);
    if (runsWorker(this.config) && eventHandlers.size > 0) {
      this.consumer = new DurableConsumer({
        nc: this.nc,
        dataSource: this.dataSource,
        namespace: this.config.CADRE_NAMESPACE,
        subjectPrefix: prefix,
        consumer: this.service,
        handlers: eventHandlers,
        logger: this.logger,
        ackWaitMs: this.config.EVENT_ACK_WAIT_MS,
      });
      await this.consumer.start();
      this.logger.log(`consuming ${eventHandlers.size} event types as ${this.consumer.durable}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.rpc?.close();
    await this.consumer?.stop();
    await this.relay?.stop();
  }
}

const fileTransfersProvider = {
  provide: FileTransfers,
  inject: [NATS_CONNECTION, PLATFORM_CONFIG],
  useFactory: (nc: NatsConnection, config: PlatformConfig) => new FileTransfers(nc, config.CADRE_NAMESPACE),
};

const natsConnectionProvider = {
  provide: NATS_CONNECTION,
  inject: [PLATFORM_CONFIG, SERVICE_NAME],
  useFactory: (config: PlatformConfig, service: string) => connectNats(config.NATS_URL, config.SERVICE_INSTANCE ?? service),
};

const rpcClientProvider = {
  provide: RpcClient,
  inject: [NATS_CONNECTION, PLATFORM_CONFIG],
  useFactory: (nc: NatsConnection, config: PlatformConfig) => new RpcClient(nc, { subjectPrefix: subjectPrefix(config.CADRE_NAMESPACE), timeoutMs: config.RPC_TIMEOUT_MS }),
};

@Global()
@Module({})
export class MessagingModule {
  /** A domain service: outbox, relay, request handlers, its durable consumer and a request client. */
  static forService(): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        natsConnectionProvider,
        NatsReadinessCheck,
        NatsCloser,
        { provide: Outbox, inject: [DataSource], useFactory: (ds: DataSource) => new Outbox(ds) },
        MessagingHost,
        fileTransfersProvider,
        // For the rare question to another service that cannot wait for an event (e.g. who has not voted yet).
        rpcClientProvider,
      ],
      exports: [NATS_CONNECTION, NatsReadinessCheck, Outbox, FileTransfers, RpcClient],
    };
  }

  /** The gateway: a request-reply client only. */
  static forGateway(): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        natsConnectionProvider,
        NatsReadinessCheck,
        NatsCloser,
        rpcClientProvider,
        fileTransfersProvider,
      ],
      exports: [NATS_CONNECTION, NatsReadinessCheck, RpcClient, FileTransfers],
    };
  }
}
