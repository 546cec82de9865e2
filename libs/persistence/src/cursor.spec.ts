import { cursorPart, decodeCursor, encodeCursor, pageSize } from './cursor';

const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const ID = '0b7e1f4e-1c1e-4a55-9e5c-0d6c2b3f1a11';

describe('list cursors', () => {
  it('round-trips a sort key', () => {
    const key = ['LY-001', ID];
    expect(decodeCursor(encodeCursor(key), [cursorPart.text, cursorPart.uuid])).toEqual(key);
    const at = [new Date('2026-06-01T00:00:00+08:00').toISOString(), ID];
    expect(decodeCursor(encodeCursor(at), [cursorPart.timestamp, cursorPart.uuid])).toEqual(at);
    // Postgres' text of a timestamptz (the cadre list's updatedAt sort key) and of a date.
    const sorted = ['updatedAt', '2026-12-01 22:14:36.123456+00', ID];
    expect(
      decodeCursor(encodeCursor(sorted), [cursorPart.literal('updatedAt'), cursorPart.timestamp, cursorPart.uuid]),
    ).toEqual(sorted);
    expect(decodeCursor(encodeCursor(['2026-12-01 22:14:36+05:30']), [cursorPart.timestamp])).not.toBeNull();
    expect(decodeCursor(encodeCursor(['1980-02-29']), [cursorPart.date])).toEqual(['1980-02-29']);
  });

  it('refuses what it did not make: not base64url JSON, another length', () => {
    expect(decodeCursor('@@@', [cursorPart.text, cursorPart.uuid])).toBeNull();
    expect(decodeCursor('', [cursorPart.text])).toBeNull();
    expect(decodeCursor(forged({ a: 1 }), [cursorPart.text, cursorPart.uuid])).toBeNull();
    expect(decodeCursor(encodeCursor(['only-one']), [cursorPart.text, cursorPart.uuid])).toBeNull();
  });

  it('refuses a key of the right length with the wrong types or values', () => {
    const timeAndId = [cursorPart.timestamp, cursorPart.uuid] as const;
    for (const key of [
      ['x', 'y'],
      [1, 2],
      [null, null],
      [1e308, 2 ** 53],
      [{}, []],
      ['2026-06-01T00:00:00Z', 'not-a-uuid'],
      [ID, ID],
    ]) {
      expect(decodeCursor(forged(key), timeAndId)).toBeNull();
    }
    // Looks like a timestamp, but the database would not cast it.
    for (const at of [
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '2026-06-01T24:00:00Z',
      '2026-06-01T00:00:00+99',
      '2026-06-01T00:00:00',
      '2026-06-01',
    ]) {
      expect(decodeCursor(forged([at, ID]), timeAndId)).toBeNull();
    }
    for (const day of ['2026-02-29', '1980-1-1', '19800101', '1980-01-01T00:00:00Z'])
      expect(decodeCursor(forged([day]), [cursorPart.date])).toBeNull();
    expect(decodeCursor(forged(['a\u0000b', ID]), [cursorPart.text, cursorPart.uuid])).toBeNull();
    expect(decodeCursor(forged(['x'.repeat(1001), ID]), [cursorPart.text, cursorPart.uuid])).toBeNull();
    expect(
      decodeCursor(forged(['name', 'x', ID]), [cursorPart.literal('birthDate'), cursorPart.date, cursorPart.uuid]),
    ).toBeNull();
  });

  it('bounds the page size', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(0)).toBe(50);
    expect(pageSize(-3)).toBe(1);
    expect(pageSize(10_000)).toBe(200);
    expect(pageSize(20.7)).toBe(20);
  });
});
