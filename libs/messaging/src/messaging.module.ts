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
import { ClientsModule } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { subjectPrefix } from '@cadre/contracts';
import {
  PLATFORM_CONFIG,
  PlatformConfig,
  ReadinessCheck,
  REQUEST_TRANSPORT,
  runsApi,
  runsWorker,
  SERVICE_NAME,
} from '@cadre/platform';
import { EVENT_HANDLER } from './decorators';
import { FileTransfers } from './file-transfers';
import { DurableConsumer, EventHandlerFn } from './inbox/durable-consumer';
import { connectNats, NATS_CONNECTION } from './nats-connection';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { RequestClient } from './rpc/request-client';
import { RequestFilter } from './rpc/request.filter';
import { RequestInterceptor, RequestsInFlight } from './rpc/request.interceptor';
import { RequestServer } from './rpc/request-server';
import { REQUEST_PROXY, RequestSerializer, SERVICE_CLIENT_OPTIONS, ServiceClient } from './rpc/service-client';
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
function discover<F>(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
  key: symbol,
): Map<string, F> {
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
 * lock keeps one active), the durable consumer in `worker` (request handlers, in `api`, are Nest's
 * microservice: REQUEST_TRANSPORT). Stops them in reverse on shutdown — first the requests (the
 * transport drains: no new ones, those in hand finish) — before the database and NATS close.
 */
@Injectable()
export class MessagingHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Messaging');
  private relay?: OutboxRelay;
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
    @Inject(REQUEST_TRANSPORT) private readonly requests: RequestServer | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = subjectPrefix(this.config.CADRE_NAMESPACE);
    await ensureEventStream(
      await jetstreamManager(this.nc),
      this.config.CADRE_NAMESPACE,
      this.config.NATS_STREAM_REPLICAS,
    );

    this.relay = new OutboxRelay(this.dataSource, this.nc, {
      service: this.service,
      subjectPrefix: prefix,
      logger: this.logger,
    });
    this.outbox.onAdded(() => this.relay?.nudge());
    this.relay.start();

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
    await this.requests?.drain();
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
  useFactory: (config: PlatformConfig, service: string) =>
    connectNats(config.NATS_URL, config.SERVICE_INSTANCE ?? service),
};

/** Nest's NATS ClientProxy (with one reply subscription: request-client.ts), on a connection of its own, behind the typed ServiceClient. */
const requestProxy = ClientsModule.registerAsync([
  {
    name: REQUEST_PROXY,
    inject: [PLATFORM_CONFIG, SERVICE_NAME],
    useFactory: (config: PlatformConfig, service: string) => ({
      customClass: RequestClient,
      options: {
        servers: config.NATS_URL.split(','),
        name: `${config.SERVICE_INSTANCE ?? service}-client`,
        serializer: new RequestSerializer(),
        // As connectNats: reconnect for ever, start before NATS does, no stack per request.
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        waitOnFirstConnect: true,
        noAsyncTraces: true,
      },
    }),
  },
]);

const serviceClientProviders = [
  {
    provide: SERVICE_CLIENT_OPTIONS,
    inject: [PLATFORM_CONFIG],
    useFactory: (config: PlatformConfig) => ({
      subjectPrefix: subjectPrefix(config.CADRE_NAMESPACE),
      timeoutMs: config.RPC_TIMEOUT_MS,
    }),
  },
  ServiceClient,
];

/** The transport of the service's @MessagePattern handlers, in `api` processes only (a worker serves none). */
const requestTransportProvider = {
  provide: REQUEST_TRANSPORT,
  inject: [PLATFORM_CONFIG, SERVICE_NAME, RequestsInFlight],
  useFactory: (config: PlatformConfig, service: string, inFlight: RequestsInFlight) =>
    runsApi(config)
      ? new RequestServer({
          servers: config.NATS_URL,
          name: `${config.SERVICE_INSTANCE ?? service}-requests`,
          service,
          subjectPrefix: subjectPrefix(config.CADRE_NAMESPACE),
          inFlight,
        })
      : null,
};

@Global()
@Module({})
export class MessagingModule {
  /** A domain service: outbox, relay, request transport, its durable consumer and a request client. */
  static forService(): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule, requestProxy],
      providers: [
        natsConnectionProvider,
        NatsReadinessCheck,
        NatsCloser,
        { provide: Outbox, inject: [DataSource], useFactory: (ds: DataSource) => new Outbox(ds) },
        RequestsInFlight,
        RequestInterceptor,
        RequestFilter,
        requestTransportProvider,
        MessagingHost,
        fileTransfersProvider,
        // For the rare question to another service that cannot wait for an event (e.g. who has not voted yet).
        ...serviceClientProviders,
      ],
      exports: [
        NATS_CONNECTION,
        NatsReadinessCheck,
        Outbox,
        FileTransfers,
        ServiceClient,
        REQUEST_TRANSPORT,
        RequestsInFlight,
        RequestInterceptor,
        RequestFilter,
      ],
    };
  }

  /** The gateway: a request-reply client only. */
  static forGateway(): DynamicModule {
    return {
      module: MessagingModule,
      imports: [requestProxy],
      providers: [
        natsConnectionProvider,
        NatsReadinessCheck,
        NatsCloser,
        ...serviceClientProviders,
        fileTransfersProvider,
        // It serves no request patterns of its own.
        { provide: REQUEST_TRANSPORT, useValue: null },
      ],
      exports: [NATS_CONNECTION, NatsReadinessCheck, ServiceClient, FileTransfers, REQUEST_TRANSPORT],
    };
  }
}
