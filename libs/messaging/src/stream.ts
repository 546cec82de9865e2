import { DiscardPolicy, JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { EVENT_SUBJECT_ROOT, streamName, subjectPrefix } from '@cadre/contracts';

/**
 * Window in which JetStream drops a second publish with the same Nats-Msg-Id. The outbox relay
 * retries well inside it; consumers' inboxes catch any repeat that falls outside.
 */
const DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * Creates the event stream if missing (idempotent; every service calls it at start).
 * Limits retention with no age limit: the stream is the log from which projections are rebuilt.
 */
export async function ensureEventStream(jsm: JetStreamManager, namespace: string, replicas = 1): Promise<string> {
  const name = streamName(namespace);
  const subjects = [`${subjectPrefix(namespace)}${EVENT_SUBJECT_ROOT}.>`];
  try {
    await jsm.streams.info(name);
    return name;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await jsm.streams.add({
      name,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      num_replicas: replicas,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
  } catch (err) {
    // Another replica created it between our look and our add.
    if (!/already in use|already exists/i.test(String((err as Error).message))) throw err;
  }
  return name;
}

export function isNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; message?: string; api_error?: { code?: number } };
  return e?.api_error?.code === 404 || /not found/i.test(String(e?.message));
}
