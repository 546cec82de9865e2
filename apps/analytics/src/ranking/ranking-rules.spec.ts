import { splitFieldParts } from './ranking-rules';

describe('splitFieldParts (the fields of a recompute in parallel parts)', () => {
  const strip = (parts: ReturnType<typeof splitFieldParts>) =>
    parts.map(({ fields, withoutField }) => ({ fields, withoutField }));

  it('gives each field, largest first, to the lightest part', () => {
    const sizes = [
      { fieldId: 'a', n: 50 },
      { fieldId: 'b', n: 30 },
      { fieldId: 'c', n: 25 },
      { fieldId: null, n: 10 },
    ];
    expect(strip(splitFieldParts(sizes, 2))).toEqual([
      { fields: ['a'], withoutField: true },
      { fields: ['b', 'c'], withoutField: false },
    ]);
  });

  it('drops empty parts but the first, which still clears fields left without cadres', () => {
    expect(strip(splitFieldParts([{ fieldId: 'a', n: 5 }], 2))).toEqual([{ fields: ['a'], withoutField: false }]);
    expect(strip(splitFieldParts([], 2))).toEqual([{ fields: [], withoutField: false }]);
  });
});
