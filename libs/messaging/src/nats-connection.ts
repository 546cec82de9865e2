import { connect, NatsConnection } from '@nats-io/transport-node';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

/**
 * Connects and keeps reconnecting for ever: a NATS restart must never need a service restart.
 * `waitOnFirstConnect` lets a service start before NATS does (it is simply not ready until then).
 */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
    // Otherwise every request and JetStream publish builds an Error up front (to keep the caller's
    // stack should it time out): a measurable share of the CPU at thousands of requests a second.
    // Failures are told apart by their type (rpc/service-client.ts), never by the stack.
    noAsyncTraces: true,
  });
}
