import { isStorableText, quoted } from './text';

describe('text', () => {
  it('quotes short text whole and cuts long text by characters, not UTF-16 units', () => {
    expect(quoted('look')).toBe('look');
    expect(quoted('x'.repeat(8_000))).toBe(`${'x'.repeat(40)}…`);
    const emoji = '😀'.repeat(41);
    expect(quoted(emoji)).toBe(`${'😀'.repeat(40)}…`);
    expect(isStorableText(quoted(emoji))).toBe(true);
  });
});
