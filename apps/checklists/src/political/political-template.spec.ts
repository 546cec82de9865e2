import { POLITICAL_DIMENSIONS } from '@cadre/contracts';
import { DEFAULT_POLITICAL_TEMPLATE, hasEveryDimensionOnce } from './political-template';

describe('political template', () => {
  it('keeps the six dimensions: each key once, in any order', () => {
    expect(hasEveryDimensionOnce(DEFAULT_POLITICAL_TEMPLATE.map((d) => d.key))).toBe(true);
    expect(hasEveryDimensionOnce([...POLITICAL_DIMENSIONS].reverse())).toBe(true);
    expect(hasEveryDimensionOnce(POLITICAL_DIMENSIONS.slice(1))).toBe(false);
    expect(hasEveryDimensionOnce([...POLITICAL_DIMENSIONS, POLITICAL_DIMENSIONS[0]])).toBe(false);
    expect(hasEveryDimensionOnce([...POLITICAL_DIMENSIONS.slice(1), 'loyalty'])).toBe(false);
  });
});
