import { selectionTags, share, underperformerReasons } from './follow-up';

describe('selection and follow-up rules', () => {
  it('tags a candidate young, female, distinguished in wartime and excellent as of the cycle year', () => {
    expect(
      selectionTags({ birthDate: '1990-03-01', gender: 'female', distinguished: true, grade: 'excellent' }, 2025),
    ).toEqual(['young', 'female', 'wartime_distinguished', 'excellent']);
    expect(
      selectionTags({ birthDate: '1970-03-01', gender: 'male', distinguished: false, grade: 'competent' }, 2025),
    ).toEqual([]);
  });

  it('names every reason for a talk, and none for a cadre doing well', () => {
    const falling = { warning: { fallingCycles: 2, bottomDecile: false } };
    expect(
      underperformerReasons({ excluded: 'political_gate', horizontalPercentile: 5, grade: 'incompetent' }, falling),
    ).toEqual(['political_gate', 'bottom_decile', 'falling', 'grade_incompetent']);
    expect(
      underperformerReasons(
        { excluded: null, horizontalPercentile: 10, grade: 'basically_competent' },
        { warning: null },
      ),
    ).toEqual(['bottom_decile', 'grade_basically_competent']);
    expect(
      underperformerReasons(
        { excluded: null, horizontalPercentile: 60, grade: 'excellent' },
        { warning: { fallingCycles: 1, bottomDecile: false } },
      ),
    ).toEqual([]);
  });

  it('gives shares in percent with one decimal, 0 of nothing', () => {
    expect(share(1, 3)).toBe(33.3);
    expect(share(0, 0)).toBe(0);
  });
});
