import { fulfilment, meanFulfillmentRate } from './responsibility-rules';

describe('responsibility rules', () => {
  it('counts the latest report of a duty, capped at its target', () => {
    expect(fulfilment(4, [])).toEqual({ actual: null, rate: 0 });
    expect(fulfilment(4, [1, 3])).toEqual({ actual: 3, rate: 0.75 });
    expect(fulfilment(4, [6, 2])).toEqual({ actual: 2, rate: 0.5 }); // a correction downwards counts too
    expect(fulfilment(4, [9])).toEqual({ actual: 9, rate: 1 });
  });

  it('rates the list as the mean of its duties, to three places', () => {
    expect(meanFulfillmentRate([])).toBe(0);
    expect(meanFulfillmentRate([1, 0.5])).toBe(0.75);
    expect(meanFulfillmentRate([1, 0, 0])).toBe(0.333);
  });
});
