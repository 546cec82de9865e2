import { ClientNats } from '@nestjs/microservices';
import type { ReadPacket, WritePacket } from '@nestjs/microservices';
import { createInbox, Msg, NatsConnection, Subscription } from '@nats-io/transport-node';

/**
 * Nest's NATS client with one reply subscription for all its requests, as the NATS client's own
 * request() does: Nest's subscribes an inbox for every request and unsubscribes it after the answer —
 * two more protocol lines and a subscription made and dropped on the server for every request, a
 * measurable share of the gateway's CPU at the rates of the ballot path and the district's cycle
 * (bench/README.md). Answers are routed by the packet id the reply subject ends with to the handler
 * ClientNats makes for the request (createSubscriptionHandler: "no responders", errors, disposal), so
 * everything but the subscription (packets, serializer, statuses, errors, timeouts) is Nest's.
 */
export class RequestClient extends ClientNats {
  private readonly replyRoot = createInbox();
  private replies?: { nc: NatsConnection; sub: Subscription };
  /** Each pending request's reply handler, by packet id (until its teardown). */
  private readonly handlers = new Map<string, (err: Error | null, msg: Msg) => unknown>();

  override async connect(): Promise<NatsConnection> {
    const nc = (await super.connect()) as NatsConnection;
    if (this.replies?.nc !== nc) {
      // A new connection (first, or after close()): its own subscription; reconnects keep it.
      this.replies = {
        nc,
        sub: nc.subscribe(`${this.replyRoot}.*`, {
          // A subscription error has no message to route (and no request to fail): as before, ignored.
          callback: (err, msg) => {
            if (!err) void this.handlers.get(msg.subject.slice(this.replyRoot.length + 1))?.(null, msg);
          },
        }),
      };
    }
    return nc;
  }

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => unknown): () => void {
    const packet = this.assignPacketId(partialPacket);
    this.routingMap.set(packet.id, callback);
    this.handlers.set(packet.id, this.createSubscriptionHandler(packet, callback));
    const teardown = () => {
      this.routingMap.delete(packet.id);
      this.handlers.delete(packet.id);
    };
    try {
      const serialized = this.serializer.serialize(packet) as { data: string; headers?: unknown };
      (this.natsClient as NatsConnection).publish(this.normalizePattern(partialPacket.pattern), serialized.data, {
        reply: `${this.replyRoot}.${packet.id}`,
        headers: this.mergeHeaders(serialized.headers),
      });
    } catch (err) {
      teardown();
      callback({ err });
      return () => undefined;
    }
    return teardown;
  }
}
