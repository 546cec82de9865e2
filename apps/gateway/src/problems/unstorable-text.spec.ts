import { unstorableText } from './unstorable-text';

describe('unstorableText', () => {
  it('names NUL and lone surrogates wherever they are, keys included', () => {
    const body = {
      name: 'a\u0000b',
      target: { metric: 'x\uD800' },
      voters: [{ group: 'ok' }, { group: '\uDC00y' }],
      scores: { 'k\u0000': 1 },
    };
    expect(unstorableText(body).map((e) => e.field)).toEqual([
      'name',
      'target.metric',
      'voters[1].group',
      'scores.k\u0000',
    ]);
    expect(unstorableText('a\u0000', 'token')).toEqual([{ field: 'token', message: expect.any(String) }]);
  });

  it('lets every well-formed text through: pairs, emoji with ZWJ, RTL marks, combining marks, full-width digits', () => {
    for (const text of ['𠮷野家', '👨‍👩‍👧‍👦', '\u202Eabc', 'e\u0301', '２０２６', "' OR 1=1 --", '<script>'])
      expect(unstorableText({ text })).toEqual([]);
    expect(unstorableText({ n: 1, b: true, none: null, list: [1, 2] })).toEqual([]);
  });
});
