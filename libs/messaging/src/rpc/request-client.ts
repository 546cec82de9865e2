import { ClientNats } from '@nestjs/microservices';
import type { PacketId, ReadPacket, WritePacket } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception.js';
import { createInbox, Msg, NatsConnection, Subscription } from '@nats-io/transport-node';

/**
 * Nest's NATS client with one reply subscription for all its requests, as the NATS client's own
 * request() does: Nest's subscribes an inbox for every request and unsubscribes it after the answer —
 * two more protocol lines and a subscription made and dropped on the server for every request, a
 * measurable share of the gateway's CPU at the rates of the ballot path and the district's cycle
 * (bench/README.md). Answers are routed to their request by the packet id the reply subject ends with.
 * Everything else (packets, serializer, statuses, errors, timeouts) is Nest's.
 */
export class RequestClient extends ClientNats {
  private readonly replyRoot = createInbox();
  private replies?: { nc: NatsConnection; sub: Subscription };

  override async connect(): Promise<NatsConnection> {
    const nc = (await super.connect()) as NatsConnection;
    if (this.replies?.nc !== nc) {
      // A new connection (first, or after close()): its own subscription; reconnects keep it.
      this.replies = {
        nc,
        sub: nc.subscribe(`${this.replyRoot}.*`, { callback: (err, msg) => void this.answer(err, msg) }),
      };
    }
    return nc;
  }

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => unknown): () => void {
    const packet = this.assignPacketId(partialPacket);
    this.routingMap.set(packet.id, callback);
    try {
      const serialized = this.serializer.serialize(packet) as { data: string; headers?: unknown };
      (this.natsClient as NatsConnection).publish(this.normalizePattern(partialPacket.pattern), serialized.data, {
        reply: `${this.replyRoot}.${packet.id}`,
        headers: this.mergeHeaders(serialized.headers),
      });
    } catch (err) {
      this.routingMap.delete(packet.id);
      callback({ err });
      return () => undefined;
    }
    return () => this.routingMap.delete(packet.id);
  }

  /** A reply: to its request's callback, as ClientNats' own subscription handler would give it. */
  private async answer(err: Error | null, msg: Msg): Promise<void> {
    if (err) return;
    const id = msg.subject.slice(this.replyRoot.length + 1);
    const callback = this.routingMap.get(id) as ((packet: WritePacket) => unknown) | undefined;
    if (!callback) return; // late: its request timed out and went
    if (msg.data.length === 0) {
      // NATS' "no responders" status: nobody serves the pattern.
      this.routingMap.delete(id);
      callback({ err: new EmptyResponseException(msg.subject), isDisposed: true });
      return;
    }
    const message = (await this.deserializer.deserialize(msg)) as WritePacket & PacketId;
    if (message.isDisposed || message.err) this.routingMap.delete(id);
    callback({ err: message.err, response: message.response, isDisposed: message.isDisposed || !!message.err });
  }
}
