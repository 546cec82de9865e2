import { recomputeWait, splitFieldParts } from './ranking-rules';

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

describe('recomputeWait (the trailing debounce of a recompute)', () => {
  it('waits until the inputs have been quiet for the debounce', () => {
    expect(recomputeWait({ quietMs: 500, dirtyMs: 500 }, 2_000, 30_000)).toBe(1_500);
    expect(recomputeWait({ quietMs: 1_999.2, dirtyMs: 9_000 }, 2_000, 30_000)).toBe(1);
  });

  it('runs now once they have been quiet long enough', () => {
    expect(recomputeWait({ quietMs: 2_000, dirtyMs: 2_000 }, 2_000, 30_000)).toBe(0);
    expect(recomputeWait({ quietMs: 60_000, dirtyMs: 90_000 }, 2_000, 30_000)).toBe(0);
  });

  it('never waits past the longest wait after the first input, however steady the trickle', () => {
    expect(recomputeWait({ quietMs: 100, dirtyMs: 29_500 }, 2_000, 30_000)).toBe(500);
    expect(recomputeWait({ quietMs: 100, dirtyMs: 30_000 }, 2_000, 30_000)).toBe(0);
  });

  it('does not wait when it does not know when the inputs came (rows from before, a weights change)', () => {
    expect(recomputeWait({ quietMs: null, dirtyMs: null }, 2_000, 30_000)).toBe(0);
    expect(recomputeWait({ quietMs: 100, dirtyMs: null }, 2_000, 30_000)).toBe(1_900);
  });

  it('does not wait with no debounce', () => {
    expect(recomputeWait({ quietMs: 0, dirtyMs: 0 }, 0, 30_000)).toBe(0);
  });
});
