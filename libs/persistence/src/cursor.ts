import { isStorableText } from '@cadre/contracts';

/**
 * Opaque list cursors (`?cursor=`): the sort key of the last item, base64url-encoded JSON.
 * A cursor that does not decode to the key its list makes is a client error, reported on the
 * `cursor` field. The key's every position is checked against the list's shape: a forged cursor
 * of the right length but the wrong types (`["x","y"]` where a timestamp and a uuid go) used to
 * reach the SQL cast and come back as a 500.
 */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A check of one position of a cursor's key; its type is what the caller gets back. */
export type CursorPart<T> = (value: unknown) => value is T;

export type KeyOf<Shape extends readonly CursorPart<unknown>[]> = {
  -readonly [K in keyof Shape]: Shape[K] extends CursorPart<infer T> ? T : never;
};

/** The key of `cursor` when it has exactly the shape given (one check per position), else null. */
export function decodeCursor<const Shape extends readonly CursorPart<unknown>[]>(
  cursor: string,
  shape: Shape,
): KeyOf<Shape> | null {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(key) || key.length !== shape.length) return null;
  return shape.every((isPart, i) => isPart(key[i])) ? (key as KeyOf<Shape>) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** toISOString() and Postgres' text output of timestamptz ('2026-12-01 22:14:36.123456+00'); a zone is required. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;

/** A real calendar day of years 1–9999 (Postgres has no year 0; February 30 is not cast, it fails). */
function isDay(year: number, month: number, day: number): boolean {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The checks lists use for their keys; each accepts exactly what the list's SQL cast accepts from its own cursors. */
export const cursorPart = {
  uuid: ((value: unknown) => typeof value === 'string' && UUID.test(value)) as CursorPart<string>,
  /** Text compared as text: any string a column can hold (no NUL, no lone surrogate). */
  text: ((value: unknown) =>
    typeof value === 'string' && value.length <= 1000 && isStorableText(value)) as CursorPart<string>,
  /** A calendar date 'YYYY-MM-DD'. */
  date: ((value: unknown) => {
    const m = typeof value === 'string' ? DATE.exec(value) : null;
    return m !== null && isDay(Number(m[1]), Number(m[2]), Number(m[3]));
  }) as CursorPart<string>,
  /** A point in time with its zone, as toISOString() or Postgres writes it. */
  timestamp: ((value: unknown) => {
    const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
    if (m === null || !isDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
    const [hour, minute, second, zoneHours, zoneMinutes] = [m[4], m[5], m[6], m[7] ?? '0', m[8] ?? '0'].map(Number);
    return hour <= 23 && minute <= 59 && second <= 59 && zoneHours <= 15 && zoneMinutes <= 59;
  }) as CursorPart<string>,
  /** A finite number (a score, a gap). */
  number: ((value: unknown) => typeof value === 'number' && Number.isFinite(value)) as CursorPart<number>,
  /** An integer (a rank, a version number, a year). */
  int: ((value: unknown) => typeof value === 'number' && Number.isSafeInteger(value)) as CursorPart<number>,
  /** Exactly this value (e.g. the sort a cursor was made for). */
  literal: <T extends string>(expected: T): CursorPart<T> => ((value: unknown) => value === expected) as CursorPart<T>,
};

export const DEFAULT_PAGE_SIZE = 50;
/** The convention of every list (docs/api.md "Lists"): `limit` 1–200, 50 when not given. */
export const MAX_PAGE_SIZE = 200;

export function pageSize(limit: number | undefined): number {
  if (!limit || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_PAGE_SIZE);
}
