import { takesLateInput } from './cycle-snapshot-rules';

describe('results as of their cycle', () => {
  const closedAt = new Date('2026-07-10T10:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('takes an input that occurred by the close and arrived after it, while the cycle is only closed', () => {
    expect(takesLateInput({ closedAt, publishedAt: null, heldAt: null }, at('2026-07-10T09:59:59Z'))).toBe(true);
    expect(takesLateInput({ closedAt, publishedAt: null, heldAt: null }, closedAt)).toBe(true);
  });

  it('leaves out what occurred after the close: late task progress does not re-rank the first half', () => {
    expect(takesLateInput({ closedAt, publishedAt: null, heldAt: null }, at('2026-07-10T10:00:01Z'))).toBe(false);
    expect(takesLateInput({ closedAt, publishedAt: null, heldAt: null }, at('2026-09-01T00:00:00Z'))).toBe(false);
  });

  it('never moves a published cycle, whatever occurred when', () => {
    const publishedAt = at('2026-07-11T00:00:00Z');
    expect(takesLateInput({ closedAt, publishedAt, heldAt: null }, at('2026-07-01T00:00:00Z'))).toBe(false);
  });

  it('keeps the newer of two values that both occurred before the close', () => {
    const heldAt = at('2026-07-09T00:00:00Z');
    expect(takesLateInput({ closedAt, publishedAt: null, heldAt }, at('2026-07-08T00:00:00Z'))).toBe(false);
    expect(takesLateInput({ closedAt, publishedAt: null, heldAt }, at('2026-07-09T12:00:00Z'))).toBe(true);
  });
});
