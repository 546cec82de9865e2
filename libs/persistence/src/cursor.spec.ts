import { decodeCursor, encodeCursor, pageSize } from './cursor';

describe('list cursors', () => {
  it('round-trips a sort key', () => {
    const key = ['LY-001', '0b7e1f4e-1c1e-4a55-9e5c-0d6c2b3f1a11'];
    expect(decodeCursor(encodeCursor(key), 2)).toEqual(key);
  });

  it('refuses what it did not make', () => {
    expect(decodeCursor('@@@', 2)).toBeNull();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'), 2)).toBeNull();
    expect(decodeCursor(encodeCursor(['only-one']), 2)).toBeNull();
  });

  it('bounds the page size', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(0)).toBe(50);
    expect(pageSize(-3)).toBe(1);
    expect(pageSize(10_000)).toBe(500);
    expect(pageSize(20.7)).toBe(20);
  });
});
