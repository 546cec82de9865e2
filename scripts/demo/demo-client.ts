import { Answer, expectStatus, GatewayClient, pool } from '../../bench/workloads/gateway-client';

/** Writes of the seed run this many at a time: the services, not the seed, are what takes the time. */
export const CONCURRENCY = 16;

/**
 * The demo's org officer at the gateway: the benchmarks' client (retries while a service is away,
 * an Idempotency-Key on every write), so the seed goes through the same public API a user does.
 * Keys are the tenant and what is written, so a retried write is the same write.
 */
export class DemoClient {
  readonly http: GatewayClient;

  constructor(
    gateway: string,
    readonly tenant: string,
    readonly token: string,
    log?: (line: string) => void,
  ) {
    this.http = new GatewayClient(`${gateway}/api/v1`, { retryForMs: 120_000, log });
  }

  /** A write that must answer one of `ok`; `waitFor` statuses are a projection still catching up. */
  async write<T = any>(
    method: string,
    url: string,
    what: string,
    body: unknown,
    ok: number[] = [200, 201],
    waitFor?: (status: number, body: any) => boolean,
  ): Promise<T> {
    const res = await this.send(method, url, what, body, waitFor);
    expectStatus(res, ok, `${method} ${url}`);
    return res.body;
  }

  /** A write whose answer the caller judges. */
  send(
    method: string,
    url: string,
    what: string,
    body: unknown,
    waitFor?: (status: number, body: any) => boolean,
  ): Promise<Answer> {
    return this.http.send(method, url, { token: this.token, key: key(this.tenant, what), body, waitFor });
  }

  async get<T = any>(url: string, waitFor?: (status: number, body: any) => boolean): Promise<T> {
    const res: Answer<T> = await this.http.send('GET', url, { token: this.token, waitFor });
    expectStatus(res, [200], `GET ${url}`);
    return res.body;
  }

  all<T = any>(url: string, limit?: number): Promise<T[]> {
    return this.http.all<T>(url, this.token, limit);
  }

  /** A multipart upload (the roster import), which the JSON client does not send. */
  async upload<T = any>(url: string, what: string, filename: string, content: string, type: string): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), filename);
    const res = await fetch(`${this.http.base}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'idempotency-key': key(this.tenant, what) },
      body: form,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`POST ${url}: ${res.status} ${text.slice(0, 400)}`);
    return JSON.parse(text);
  }
}

/** Idempotency keys are visible ASCII: what is written may be Chinese. */
function key(tenant: string, what: string): string {
  return `demo:${tenant}:${encodeURIComponent(what)}`.slice(0, 255);
}

export { pool };

/** The demo is already there (or other data is): refused before anything is written, as a 409 would be. */
export class DemoConflict extends Error {
  readonly status = 409;
}

/** A 404 or 422 from a service that has not yet learnt of a cadre, cycle or assessor (its projections catch up). */
export const notProjectedYet = (status: number) => status === 404 || status === 422;
