import { prototypeKeys } from './prototype-keys';

describe('prototypeKeys', () => {
  it('names __proto__, constructor and prototype keys at any depth, as JSON.parse leaves them', () => {
    const body = JSON.parse(
      '{"ratings":[{"scores":{"__proto__":{"x":1}}}],"groupWeights":{"constructor":{"prototype":{}}},"ok":{"a":1}}',
    );
    expect(prototypeKeys(body).map((e) => e.field)).toEqual([
      'ratings[0].scores.__proto__',
      'groupWeights.constructor',
    ]);
  });

  it('lets ordinary keys and values through', () => {
    expect(prototypeKeys({ morality: 90, name: '__proto__', list: ['constructor'], nested: { proto: 1 } })).toEqual([]);
  });
});
