#!/usr/bin/env node
// Example subscriber to the platform's domain events (docs/subscribing.md).
//
//   node examples/subscriber.mjs [--once N]
//
// Environment:
//   NATS_URL         nats://127.0.0.1:4222
//   CADRE_NAMESPACE  ''                    namespace of a test run; empty in production
//   DURABLE          example-subscriber    durable consumer name (namespaced like the services')
//   FILTER           evt.>                 subject filter, written WITHOUT the namespace prefix
//
// It creates (or updates) a durable pull consumer with explicit acks on the event stream,
// then for each event does its "work" — printing one JSON line { type, id, aggregateId } on
// stdout — and acks only after the work is done. Logs go to stderr.
//
// Delivery is AT LEAST ONCE: an event can arrive twice (a redelivery after a crash or an ack
// timeout, a republish outside the stream's duplicate window). So the work must be idempotent:
// dedupe by the envelope `id`. This example keeps the ids it has handled in memory, which only
// protects one process run; a real service records the id in an inbox table in the SAME database
// transaction as its work, and acks after that transaction commits.
import { connect, nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';

// Same rules as libs/contracts/src/namespace.ts (kept inline so this file runs with plain node).
const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,30}$/;
const subjectPrefix = (ns) => (ns ? `${ns}.` : '');
const streamName = (ns) => (ns ? `${ns.toUpperCase()}_CADRE_EVENTS` : 'CADRE_EVENTS');
const durableName = (ns, consumer) => (ns ? `${ns}_${consumer}` : consumer).replace(/[^A-Za-z0-9_-]/g, '_');

const ACK_WAIT_MS = 30_000; // unacked for this long → redelivered
const MAX_ACK_PENDING = 1_000;
const REMEMBERED_IDS = 10_000;

function parseArgs(argv) {
  const args = { once: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--once' || arg.startsWith('--once=')) {
      const value = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) fail(`--once needs a positive integer, got ${value}`);
      args.once = n;
    } else if (arg === '--help' || arg === '-h') {
      process.stderr.write(
        'usage: node examples/subscriber.mjs [--once N]   (env NATS_URL, CADRE_NAMESPACE, DURABLE, FILTER)\n',
      );
      process.exit(0);
    } else {
      fail(`unknown argument ${arg}`);
    }
  }
  return args;
}

function fail(message) {
  process.stderr.write(`subscriber: ${message}\n`);
  process.exit(1);
}

const log = (message) => process.stderr.write(`subscriber: ${message}\n`);

async function ensureConsumer(jsm, stream, durable, filter) {
  try {
    await jsm.streams.info(stream);
  } catch (err) {
    if (err?.code === 10059 || /not found/i.test(String(err?.message))) {
      fail(`stream ${stream} not found: start the platform (or create the stream) first`);
    }
    throw err;
  }
  let info;
  try {
    info = await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (!(err?.code === 10014 || /not found/i.test(String(err?.message)))) throw err;
  }
  if (!info) {
    log(`creating durable consumer ${durable} on ${stream} (filter ${filter})`);
    return jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All, // a new consumer replays the stream from the start
      filter_subject: filter, // one filter: filter_subjects (several) needs NATS 2.10
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: MAX_ACK_PENDING,
    });
  }
  // An existing durable keeps its position; a changed FILTER applies from there on.
  const was = info.config.filter_subject || '(none)';
  log(`updating durable consumer ${durable} on ${stream} (filter ${was === filter ? filter : `${was} → ${filter}`})`);
  return jsm.consumers.update(stream, durable, {
    filter_subject: filter,
    ack_wait: nanos(ACK_WAIT_MS),
    max_ack_pending: MAX_ACK_PENDING,
  });
}

/** The "work": a real subscriber would update its projection here, in a transaction. */
async function work(event) {
  process.stdout.write(`${JSON.stringify({ type: event.type, id: event.id, aggregateId: event.aggregateId })}\n`);
}

async function main() {
  const { once } = parseArgs(process.argv.slice(2));
  const url = process.env.NATS_URL || 'nats://127.0.0.1:4222';
  const namespace = process.env.CADRE_NAMESPACE || '';
  if (namespace && !NAMESPACE_PATTERN.test(namespace)) fail(`CADRE_NAMESPACE must match ${NAMESPACE_PATTERN}`);
  const prefix = subjectPrefix(namespace);
  const stream = streamName(namespace);
  const durable = durableName(namespace, process.env.DURABLE || 'example-subscriber');
  const filter = `${prefix}${process.env.FILTER || 'evt.>'}`;

  const nc = await connect({ servers: url.split(','), name: `example-subscriber ${durable}` });
  const jsm = await jetstreamManager(nc);
  await ensureConsumer(jsm, stream, durable, filter);

  const consumer = await jetstream(nc).consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: 64 });

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing the event in hand, then closing`);
    void messages.close(); // ends the loop below after the current event; unacked ones are redelivered
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  void (async () => {
    for await (const s of messages.status()) {
      if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found' || s.type === 'stream_not_found') {
        log(`${s.type}: stopping`);
        stop(s.type);
      } else if (s.type === 'heartbeats_missed') {
        log(`no heartbeat from the server (${s.count} missed); the client keeps retrying`);
      }
    }
  })();

  log(`consuming ${filter} from ${stream} as ${durable}${once ? ` (exit after ${once} events)` : ''}`);
  const seen = new Set(); // ids handled by this process: dedupe within one run only (see top of file)
  let handled = 0;
  for await (const m of messages) {
    let event;
    try {
      event = m.json();
    } catch {
      log(`not JSON at stream sequence ${m.seq}: terminated (never redelivered)`);
      m.term('not json');
      continue;
    }
    if (seen.has(event.id)) {
      log(`duplicate ${event.id} (delivery ${m.info.deliveryCount}): acked without redoing the work`);
      await m.ackAck();
      continue;
    }
    await work(event); // if this throws, the event is not acked and comes back after ack_wait
    seen.add(event.id);
    if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value);
    await m.ackAck(); // ack only after the work; ackAck waits until the server has recorded it
    handled += 1;
    if (once && handled >= once) {
      stopping = true;
      break;
    }
    if (stopping) break;
  }
  await messages.close();
  await nc.drain();
  log(`stopped after ${handled} events`);
}

main().catch((err) => {
  process.stderr.write(`subscriber: ${err?.stack || err}\n`);
  process.exit(1);
});
