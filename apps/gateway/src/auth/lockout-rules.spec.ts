import { accountKey } from './lockout-rules';

describe('accountKey', () => {
  it('keeps tenant and username apart whatever they contain', () => {
    expect(accountKey('a/b', 'c')).not.toBe(accountKey('a', 'b/c'));
    expect(accountKey('lvyuan', 'officer')).toBe('lvyuan/officer');
    expect(accountKey('x', 'a:b*')).toBe('x/a%3Ab*');
  });
});
