import type { Page } from '@cadre/contracts';
import { cursorPart, CursorPart, decodeCursor, encodeCursor, KeyOf, pageSize } from '@cadre/persistence';
import { RpcError } from './rpc-error';

/** `?limit=&cursor=` as a list request carries them (libs/contracts `PageQuery`). */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/** A page to read: how many rows, and the sort key of the row it starts after (none on the first page). */
export interface PageWindow<Key> {
  limit: number;
  after: Key | undefined;
}

/**
 * The one reading of a list's `limit` and `cursor` every service uses: the size clamped to 1–200 (50
 * by default) and the cursor decoded to the list's key. A cursor that is not one this list gave out —
 * forged, truncated, from another list or another sort — is the client's error, a 400 on `cursor`.
 */
export function pageWindow<const Shape extends readonly CursorPart<unknown>[]>(
  query: PageRequest,
  shape: Shape,
): PageWindow<KeyOf<Shape>> {
  const limit = pageSize(query.limit);
  if (query.cursor === undefined || query.cursor === '') return { limit, after: undefined };
  const after = decodeCursor(query.cursor, shape);
  if (!after) throw forged();
  return { limit, after };
}

function forged(): RpcError {
  return new RpcError(400, '分页游标无效', [{ field: 'cursor', message: '不是本列表给出的游标' }]);
}

/**
 * The page of `rows`, read with one row more than `limit` (so a last page is known without a count):
 * `nextCursor` is the key of its last item when more follow, else null.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => unknown[],
  view: (row: Row) => Item,
): Page<Item> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/**
 * A page of a list made in memory (computed from its inputs, e.g. a campaign's results), sorted by `keyOf`
 * (unique, compared position by position): the same cursors and the same answers as a list read from SQL.
 */
export function pageOfList<Item, const Shape extends readonly CursorPart<unknown>[]>(
  items: Item[],
  query: PageRequest,
  shape: Shape,
  keyOf: (item: Item) => KeyOf<Shape>,
): Page<Item> {
  const { limit, after } = pageWindow(query, shape);
  const sorted = [...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const rest = after ? sorted.filter((item) => compareKeys(keyOf(item), after) > 0) : sorted;
  return toPage(rest.slice(0, limit + 1), limit, keyOf, (item) => item);
}

function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** The key of a snapshot's cursor: the list it is of, the version, the position. */
export function snapshotCursor(list: string) {
  return [cursorPart.literal(list), cursorPart.int, cursorPart.int] as const;
}

/**
 * A page of a list computed whole in its own order (a ranking, which the reader's scope then filters),
 * at `version` (the revision it was computed at): the cursor is the list's name, the version and the
 * position. Once the list is computed again its positions mean nothing, and a cursor of the old
 * version is refused (409). (Call pageWindow with snapshotCursor(list) first to refuse a forged
 * cursor before anything else is looked at.)
 */
export function pageOfSnapshot<Item>(items: Item[], query: PageRequest, list: string, version: number): Page<Item> {
  const { limit, after } = pageWindow(query, snapshotCursor(list));
  if (after && after[2] < 0) throw forged();
  if (after && after[1] !== version)
    throw RpcError.conflict('列表已重新计算，请从第一页重新读取', [
      { field: 'cursor', message: '游标属于重新计算之前的列表' },
    ]);
  const start = after ? after[2] + 1 : 0;
  const rows = items.slice(start, start + limit + 1).map((item, i) => ({ item, position: start + i }));
  return toPage(
    rows,
    limit,
    (row) => [list, version, row.position],
    (row) => row.item,
  );
}
