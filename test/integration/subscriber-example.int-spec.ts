// Runs examples/subscriber.mjs against the real NATS (JetStream) in a namespace of its own:
// a republished event (same Nats-Msg-Id) is handled once, and only acked events are consumed.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { durableName, eventSubject, exampleEnvelope, streamName, subjectPrefix } from '@cadre/contracts';
import type { EventEnvelope, EventType } from '@cadre/contracts';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ROOT = join(__dirname, '..', '..');

function runSubscriber(args: string[], env: Record<string, string>, timeoutMs = 30_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'examples', 'subscriber.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`subscriber did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function envelope<T extends EventType>(type: T): EventEnvelope<T> {
  return { ...exampleEnvelope(type), id: randomUUID(), occurredAt: new Date().toISOString() };
}

describe('examples/subscriber.mjs', () => {
  const namespace = `t${randomBytes(6)
    .toString('hex')
    .replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)])}`;
  const stream = streamName(namespace);
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL, name: `subscriber-example-test ${namespace}` });
    jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: stream,
      subjects: [`${subjectPrefix(namespace)}evt.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
    });
  });

  afterAll(async () => {
    if (jsm) await jsm.streams.delete(stream).catch(() => undefined);
    if (nc) await nc.close();
  });

  it('prints each distinct event once and acks it', async () => {
    const js = jetstream(nc);
    const prefix = subjectPrefix(namespace);
    const first = envelope('roster.cadre.created');
    const second = envelope('checklists.political.verdict_changed');
    const publish = (e: EventEnvelope) => js.publish(eventSubject(prefix, e.type), JSON.stringify(e), { msgID: e.id });

    expect((await publish(first)).duplicate).toBe(false);
    expect((await publish(first)).duplicate).toBe(true); // same Nats-Msg-Id: dropped by the server
    expect((await publish(second)).duplicate).toBe(false);
    expect((await jsm.streams.info(stream)).state.messages).toBe(2);

    const result = await runSubscriber(['--once', '2'], { CADRE_NAMESPACE: namespace, NATS_URL, DURABLE: 'example' });
    expect(result).toMatchObject({ code: 0 });
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { type: first.type, id: first.id, aggregateId: first.aggregateId },
      { type: second.type, id: second.id, aggregateId: second.aggregateId },
    ]);

    // Acked after the work: nothing pending or awaiting an ack on the durable.
    const info = await jsm.consumers.info(stream, durableName(namespace, 'example'));
    expect(info.config.filter_subject).toBe(`${prefix}evt.>`);
    expect(info.config.ack_policy).toBe('explicit');
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
    expect(info.ack_floor.stream_seq).toBe(2);
  });

  it('resumes the durable where it stopped and exits 0 on SIGTERM', async () => {
    const js = jetstream(nc);
    const third = envelope('appraisal.cycle.opened');
    await js.publish(eventSubject(subjectPrefix(namespace), third.type), JSON.stringify(third), { msgID: third.id });

    const child = spawn(process.execPath, [join(ROOT, 'examples', 'subscriber.mjs')], {
      cwd: ROOT,
      env: { ...process.env, CADRE_NAMESPACE: namespace, NATS_URL, DURABLE: 'example' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([{ type: third.type, id: third.id, aggregateId: third.aggregateId }]);
    // The event in hand was finished and acked before the exit.
    const info = await jsm.consumers.info(stream, durableName(namespace, 'example'));
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });

  it('dedupes by envelope id an event that the server stored twice, and acks both copies', async () => {
    const js = jetstream(nc);
    const prefix = subjectPrefix(namespace);
    const repeated = envelope('review.results.updated');
    const other = envelope('review.results.updated');
    const subject = eventSubject(prefix, repeated.type);
    // A republish outside the duplicate window: same envelope, new Nats-Msg-Id, so both copies are stored.
    await js.publish(subject, JSON.stringify(repeated), { msgID: repeated.id });
    await js.publish(subject, JSON.stringify(repeated), { msgID: randomUUID() });
    await js.publish(subject, JSON.stringify(other), { msgID: other.id });

    const result = await runSubscriber(['--once', '2'], {
      CADRE_NAMESPACE: namespace,
      NATS_URL,
      DURABLE: 'dedupe',
      FILTER: 'evt.review.>',
    });
    expect(result).toMatchObject({ code: 0 });
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual([repeated.id, other.id]);
    expect(result.stderr).toContain(`duplicate ${repeated.id}`);
    const info = await jsm.consumers.info(stream, durableName(namespace, 'dedupe'));
    expect(info.config.filter_subject).toBe(`${prefix}evt.review.>`);
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });
});
