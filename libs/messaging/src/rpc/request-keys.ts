import type { EntityManager } from 'typeorm';
import { RequestKeysRepository } from './request-keys.repository';

/**
 * A write carried out once per Idempotency-Key, end to end. The gateway keeps the first answer to a
 * key, but when that answer is lost — the service committed and then died, or answered after the
 * gateway's timeout (504) — the gateway cannot know the write happened and lets the retry through.
 * So the service records the (scoped, digested) key in the write's own transaction (Outbox.transaction
 * claims it, and keeps what the transaction returned), keeps the handler's answer beside it once the
 * handler returns, and a repeat of the key finds the row: its transaction rolls back and the first
 * answer is given again. When the process died between its commit and keeping the answer, the handler
 * is run again as a replay: the claiming transaction is not run but gives what it returned the first
 * time, and the handler builds its answer from there (handlers answer with a view read after the write).
 */
export class RequestAlreadyDone extends Error {
  constructor(readonly key: string) {
    super('this request (its Idempotency-Key) was carried out already');
  }
}

const replays = new WeakSet<object>();

/** Marks a request context as the replay of a write carried out before (see above). */
export function markReplay(context: object): void {
  replays.add(context);
}

export function isReplay(context: object | undefined): boolean {
  return !!context && replays.has(context);
}

/** Inside the write's transaction: claims the key, or throws RequestAlreadyDone when an earlier attempt committed it. */
export async function claimRequestKey(manager: EntityManager, key: string): Promise<void> {
  if (!(await RequestKeysRepository.claim(manager, key))) throw new RequestAlreadyDone(key);
}
