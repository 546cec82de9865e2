import { cursorPart, encodeCursor } from '@cadre/persistence';
import { pageOfList, pageOfSnapshot, pageWindow, toPage } from './page';
import { RpcError } from './rpc-error';

const UUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function refusal(run: () => unknown): RpcError {
  try {
    run();
  } catch (err) {
    if (err instanceof RpcError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('list pages', () => {
  it('reads limit as 1–200, 50 by default, and the cursor as the key of the list', () => {
    expect(pageWindow({}, [cursorPart.uuid])).toEqual({ limit: 50, after: undefined });
    expect(pageWindow({ limit: 500 }, [cursorPart.uuid]).limit).toBe(200);
    expect(pageWindow({ cursor: encodeCursor([UUID(1)]) }, [cursorPart.uuid]).after).toEqual([UUID(1)]);
  });

  it('refuses a cursor the list did not give: 400 on cursor', () => {
    for (const cursor of ['nope', encodeCursor(['x']), encodeCursor([UUID(1), 1]), encodeCursor([])]) {
      const err = refusal(() => pageWindow({ cursor }, [cursorPart.uuid]));
      expect(err.status).toBe(400);
      expect(err.errors).toEqual([{ field: 'cursor', message: '不是本列表给出的游标' }]);
    }
  });

  it('gives the next cursor only when a row more than the page was read', () => {
    const rows = [1, 2, 3].map((n) => ({ id: UUID(n) }));
    expect(
      toPage(
        rows,
        2,
        (r) => [r.id],
        (r) => r.id,
      ),
    ).toEqual({
      items: [UUID(1), UUID(2)],
      nextCursor: encodeCursor([UUID(2)]),
    });
    expect(
      toPage(
        rows.slice(0, 2),
        2,
        (r) => [r.id],
        (r) => r.id,
      ).nextCursor,
    ).toBeNull();
  });

  it('pages a computed list by its key: every item once', () => {
    const items = [5, 3, 9, 1, 7].map((n) => ({ n, id: UUID(n) }));
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = pageOfList(items, { limit: 2, cursor }, [cursorPart.int, cursorPart.uuid], (i) => [i.n, i.id]);
      seen.push(...page.items.map((i) => i.n));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([1, 3, 5, 7, 9]);
  });

  it('pages a snapshot by position at its version; a cursor of another version is 409', () => {
    const items = ['a', 'b', 'c'];
    const first = pageOfSnapshot(items, { limit: 2 }, 'ranking', 7);
    expect(first.items).toEqual(['a', 'b']);
    expect(pageOfSnapshot(items, { limit: 2, cursor: first.nextCursor! }, 'ranking', 7)).toEqual({
      items: ['c'],
      nextCursor: null,
    });
    expect(refusal(() => pageOfSnapshot(items, { cursor: first.nextCursor! }, 'ranking', 8)).status).toBe(409);
    // Another list's cursor, a negative position, a key without the list's name: forged.
    expect(refusal(() => pageOfSnapshot(items, { cursor: first.nextCursor! }, 'selection', 7)).status).toBe(400);
    const negative = encodeCursor(['ranking', 7, -1]);
    expect(refusal(() => pageOfSnapshot(items, { cursor: negative }, 'ranking', 7)).status).toBe(400);
    expect(refusal(() => pageOfSnapshot(items, { cursor: encodeCursor([1, 2]) }, 'ranking', 7)).status).toBe(400);
  });
});
