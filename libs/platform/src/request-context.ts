import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestContext } from '@cadre/contracts';

/**
 * The request being served, carried through async calls so logs and outgoing NATS messages
 * keep the request id of the HTTP request that caused them.
 */
const storage = new AsyncLocalStorage<Partial<RequestContext>>();

export function runInContext<T>(context: Partial<RequestContext>, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): Partial<RequestContext> | undefined {
  return storage.getStore();
}
