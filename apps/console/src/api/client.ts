// The only way the console reaches the platform: fetch to the public API under /api/v1 with the
// bearer token from login. Errors arrive as problem+json and leave as ApiError with every field named.

import type { FieldError, Problem } from '@cadre/contracts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    /** The whole answer (some 422 answers carry a result, e.g. the import's bad cells). */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

let bearer: string | null = null;
let onUnauthorized: () => void = () => undefined;

export function setBearer(token: string | null): void {
  bearer = token;
}

/** Called when the API answers 401 to a logged-in request (the token expired): back to login. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export const API_BASE = '/api/v1';

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${API_BASE}${path}`, { method, headers, body: payload });
  const text = await res.text();
  const data = text ? safeJson(text) : null;
  if (!res.ok) {
    if (res.status === 401 && bearer) onUnauthorized();
    const problem = (data ?? {}) as Partial<Problem>;
    const fieldErrors = (problem.errors ?? []).filter((e) => e && typeof e.field === 'string');
    throw new ApiError(res.status, problem.detail ?? problem.title ?? `HTTP ${res.status}`, fieldErrors, data);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

/** Query string from the defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}

/** Every page of a `{ items, nextCursor }` list (at most `max` items). */
export async function all<T>(path: string, max = 2000): Promise<T[]> {
  return (await allPages<{ items: T[]; nextCursor: string | null }>(path, max)).items;
}

/**
 * Every page of a list as one answer: what its first page says besides the items (a ranking's
 * revision, a summary's stats: the same on every page) with the items of all of them, `nextCursor`
 * null unless `max` items stopped the reading. Pages of 200, the most a list gives.
 */
export async function allPages<P extends { items: unknown[]; nextCursor: string | null }>(
  path: string,
  max = 2000,
): Promise<P> {
  const sep = path.includes('?') ? '&' : '?';
  const read = (cursor: string | null) =>
    get<P>(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  const first = await read(null);
  const items = [...first.items];
  let cursor = first.nextCursor;
  while (cursor && items.length < max) {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  return { ...first, items, nextCursor: cursor };
}
