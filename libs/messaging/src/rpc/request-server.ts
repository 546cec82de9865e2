import { Logger } from '@nestjs/common';
import { ServerNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { rpcQueueGroup, rpcSubject } from '@cadre/contracts';
import type { RequestsInFlight } from './request.interceptor';

export interface RequestServerOptions {
  servers: string;
  /** The connection's name in NATS' monitoring (the service instance). */
  name: string;
  service: string;
  /** The deployment's subject prefix (CADRE_NAMESPACE). */
  subjectPrefix: string;
  inFlight: RequestsInFlight;
}

/**
 * Nest's NATS transport (`Transport.NATS`, `@nats-io/transport-node`) for a service's request handlers,
 * with the two things the deployment needs that its options cannot say:
 *  - the subjects are the deployment's (`<namespace>.rpc.<pattern>`), known only once the configuration
 *    is read, while `@MessagePattern` patterns are fixed when the class is loaded;
 *  - a drain that stops taking requests and waits for the ones in hand (the transport's own graceful
 *    shutdown waits a fixed time), so a SIGTERM loses no accepted request.
 * Every replica subscribes in the service's queue group, so NATS spreads requests over the replicas
 * with no discovery; a request nobody serves gets "no responders" at once (the gateway's 503).
 */
export class RequestServer extends ServerNats {
  private readonly served: Subscription[] = [];
  private readonly settings: RequestServerOptions;

  constructor(settings: RequestServerOptions) {
    super({
      servers: settings.servers.split(','),
      name: settings.name,
      queue: rpcQueueGroup(settings.subjectPrefix, settings.service),
      // As libs/messaging connectNats: reconnect for ever, start before NATS does, no stack per request.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: true,
      noAsyncTraces: true,
    });
    this.settings = settings;
  }

  override bindEvents(client: NatsConnection): void {
    const queue = rpcQueueGroup(this.settings.subjectPrefix, this.settings.service);
    for (const pattern of this.messageHandlers.keys()) {
      const handle = this.getMessageHandler(pattern) as (err: Error | null, msg: unknown) => void;
      this.served.push(
        client.subscribe(rpcSubject(this.settings.subjectPrefix, pattern), { queue, callback: handle.bind(this) }),
      );
    }
    new Logger('Requests').log(`serving ${this.served.length} request patterns`);
  }

  /**
   * The handler of a pattern, straight from the map: the transport's own lookup first tries the
   * pattern as JSON (for object patterns, which these are not) and throws and catches on every request.
   */
  override getHandlerByPattern(pattern: string) {
    return this.messageHandlers.get(pattern) ?? null;
  }

  /** Stops taking requests (the queue group's other replicas take them) and waits for those in hand. */
  async drain(): Promise<void> {
    await Promise.all(this.served.splice(0).map((s) => s.drain().catch(() => undefined)));
    await this.settings.inFlight.settled();
  }

  override async close(): Promise<void> {
    await this.drain();
    await super.close();
  }
}
