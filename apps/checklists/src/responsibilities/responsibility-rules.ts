import { progressRatio } from '../progress-ratio';

/** A duty's standing: its latest reported value counts (a later report corrects an earlier one), never the sum. */
export function fulfilment(target: number, actuals: number[]): { actual: number | null; rate: number } {
  const actual = actuals.length ? actuals[actuals.length - 1] : null;
  return { actual, rate: progressRatio(actual, target) };
}

/** The list's fulfilment rate: the mean of its duties' rates, to 0.001; 0 for an empty list. */
export function meanFulfillmentRate(rates: number[]): number {
  const rate = rates.length ? rates.reduce((sum, r) => sum + r, 0) / rates.length : 0;
  return Math.round(rate * 1000) / 1000;
}
