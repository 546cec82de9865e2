/**
 * The benchmarks' HTTP client for the gateway: every write carries an `Idempotency-Key`, and a
 * request that meets a service that is away (503/504, a refused or dropped connection, 429, or the
 * gateway's "same key still in progress" 409) is sent again with the same key and body until it gets
 * an answer or `retryForMs` runs out — so a service killed in the middle of a workload only delays it.
 * Counts what it sends and what it retries, per phase, for the report.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  /** Sends of this request (1 when the first answer counted). */
  attempts: number;
}

export interface SendOptions {
  token?: string;
  body?: unknown;
  /** Idempotency key of a write; sent on every attempt. A write without one (but a login) is refused here. */
  key?: string;
  accept?: string;
  /** Raw body (e.g. a PDF): `body` is then the byte length. */
  raw?: boolean;
  /**
   * Statuses the caller expects to change by waiting (a projection catching up: 404, 422, 409),
   * retried until `retryForMs` with a *fresh* key per attempt — the gateway keeps a 4xx as the
   * answer to its key, so the same key would get the same 4xx back for ever.
   */
  waitFor?: (status: number, body: any) => boolean;
}

export interface ClientStats {
  requests: number;
  retries: number;
  statuses: Record<string, number>;
}

const TRANSIENT = new Set([429, 502, 503, 504]);

export class GatewayClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, statuses: {} };

  constructor(
    readonly base: string,
    private readonly options: { retryForMs?: number; log?: (line: string) => void } = {},
  ) {}

  get retryForMs(): number {
    return this.options.retryForMs ?? 180_000;
  }

  async send<T = any>(method: string, url: string, o: SendOptions = {}): Promise<Answer<T>> {
    if (method !== 'GET' && !o.key && url !== '/auth/login')
      throw new Error(`${method} ${url} without an Idempotency-Key`);
    const deadline = Date.now() + this.retryForMs;
    let attempts = 0;
    let fresh = 0;
    let backoff = 100;
    for (;;) {
      attempts += 1;
      this.stats.requests += 1;
      let answer: Answer<any> | null = null;
      let failure = '';
      try {
        const res = await fetch(`${this.base}${url}`, {
          method,
          headers: {
            ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
            ...(o.key ? { 'idempotency-key': fresh ? `${o.key}~${fresh}` : o.key } : {}),
            ...(o.accept ? { accept: o.accept } : {}),
          },
          body: o.body === undefined ? undefined : JSON.stringify(o.body),
          signal: AbortSignal.timeout(120_000),
        });
        let body: any;
        if (o.raw) body = (await res.arrayBuffer()).byteLength;
        else {
          const text = await res.text();
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            body = text;
          }
        }
        answer = { status: res.status, body, headers: res.headers, attempts };
        this.stats.statuses[res.status] = (this.stats.statuses[res.status] ?? 0) + 1;
      } catch (err) {
        // fetch fails with a cause when the connection is refused or dropped, and times out by name; anything else is a bug here.
        if (!(err as Error).cause && (err as Error).name !== 'TimeoutError') throw err;
        failure = (err as Error).cause
          ? String(((err as Error).cause as Error).message ?? (err as Error).cause)
          : (err as Error).message;
        this.stats.statuses.network = (this.stats.statuses.network ?? 0) + 1;
      }
      if (answer) {
        const inProgress =
          answer.status === 409 &&
          typeof answer.body?.detail === 'string' &&
          answer.body.detail.includes('Idempotency-Key');
        const waiting = !TRANSIENT.has(answer.status) && !inProgress && o.waitFor?.(answer.status, answer.body);
        if (!TRANSIENT.has(answer.status) && !inProgress && !waiting) return answer;
        if (waiting) fresh += 1;
        failure = `${answer.status} ${typeof answer.body === 'object' ? (answer.body?.detail ?? answer.body?.title ?? '') : ''}`;
      }
      if (Date.now() > deadline)
        throw new Error(`${method} ${url}: still failing after ${attempts} attempts (${failure})`);
      if (attempts === 1 || attempts % 20 === 0) this.options.log?.(`  retrying ${method} ${url}: ${failure}`);
      this.stats.retries += 1;
      await sleep(backoff);
      backoff = Math.min(2_000, backoff * 2);
    }
  }

  /**
   * Every item of a `{ items, nextCursor }` list, followed page by page (every list takes `limit`, 1–200);
   * `waitFor` as in send (a projection still catching up), for the first page.
   */
  async all<T = any>(
    url: string,
    token: string,
    limit?: number,
    waitFor?: (status: number, body: any) => boolean,
  ): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const params = [limit ? `limit=${limit}` : '', cursor ? `cursor=${encodeURIComponent(cursor)}` : '']
        .filter(Boolean)
        .join('&');
      const res: Answer = await this.send('GET', params ? `${url}${url.includes('?') ? '&' : '?'}${params}` : url, {
        token,
        waitFor: cursor ? undefined : waitFor,
      });
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      items.push(...res.body.items);
      cursor = res.body.nextCursor ?? null;
    } while (cursor);
    return items;
  }
}

/** Runs `work` over `items` with `concurrency` workers; `onChunk` after every `chunk` done (awaited, in order). */
export async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  chunk?: { size: number; after: (done: number) => Promise<void> },
): Promise<void> {
  const size = chunk ? Math.max(1, chunk.size) : items.length || 1;
  for (let start = 0; start < items.length; start += size) {
    const end = Math.min(items.length, start + size);
    let next = start;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, end - start) }, async () => {
        for (let i = next++; i < end; i = next++) await work(items[i], i);
      }),
    );
    if (chunk) await chunk.after(end);
  }
}

export function expectStatus(answer: Answer, ok: number[], what: string): void {
  if (!ok.includes(answer.status))
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
}
