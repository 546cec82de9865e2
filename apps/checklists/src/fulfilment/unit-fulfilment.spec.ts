import { unitFulfilment } from './unit-fulfilment.service';

describe('what a unit’s cadres report (含金量)', () => {
  it('averages the cadres’ task completion and responsibility fulfilment, leaving out a cadre without a list', () => {
    const cadres = [
      { id: 'a', unitId: 'u1' },
      { id: 'b', unitId: 'u1' },
      { id: 'c', unitId: 'u2' },
    ];
    const tasks = new Map([
      ['a', [{ weight: 1, target: 10, actual: 10 }]],
      [
        'b',
        [
          { weight: 1, target: 10, actual: 5 },
          { weight: 3, target: 4, actual: 8 },
        ],
      ],
    ]);
    const duties = new Map([
      [
        'a',
        [
          { target: 2, actual: 2 },
          { target: 4, actual: null },
        ],
      ],
    ]);
    expect(unitFulfilment(['u1', 'u2', 'u3'], cadres, tasks, duties)).toEqual([
      // a: 100; b: 100 × (0.5 + 3) / 4 = 87.5 → 93.75 → 93.8. Duties: a only, (1 + 0) / 2.
      { unitId: 'u1', cadres: 2, taskCompletion: 93.8, responsibilityFulfilment: 0.5 },
      { unitId: 'u2', cadres: 1, taskCompletion: null, responsibilityFulfilment: null },
      { unitId: 'u3', cadres: 0, taskCompletion: null, responsibilityFulfilment: null },
    ]);
  });
});
