import { distributionOf, exceedsGuideline, excellentAllowed, percentText } from './calibration';

describe('the 优秀 guideline', () => {
  it('counts the grades given, leaving out cadres without one', () => {
    expect(distributionOf(['excellent', 'competent', null, 'excellent', 'incompetent'])).toEqual({
      excellent: 2,
      competent: 1,
      basically_competent: 0,
      incompetent: 1,
      total: 4,
      excellentShare: 0.5,
    });
    expect(distributionOf([null]).excellentShare).toBe(0);
    expect(distributionOf(['excellent', 'competent', 'competent']).excellentShare).toBe(0.3333);
  });

  it('allows floor(total × share) 优秀, at least one, none of nobody', () => {
    expect(excellentAllowed(0, 0.2)).toBe(0);
    expect(excellentAllowed(3, 0.2)).toBe(1);
    expect(excellentAllowed(10, 0.2)).toBe(2);
    expect(excellentAllowed(14, 0.2)).toBe(2);
    expect(excellentAllowed(15, 0.2)).toBe(3); // 15 × 0.2 is 3.0000000000000004 or 2.9999…: still 3
    expect(excellentAllowed(299, 0.2)).toBe(59);
  });

  it('is exceeded only above what it allows', () => {
    expect(exceedsGuideline({ excellent: 1, total: 2 }, 0.2)).toBe(false);
    expect(exceedsGuideline({ excellent: 2, total: 6 }, 0.2)).toBe(true);
    expect(exceedsGuideline({ excellent: 2, total: 10 }, 0.2)).toBe(false);
    expect(exceedsGuideline({ excellent: 3, total: 10 }, 0.2)).toBe(true);
    expect(exceedsGuideline({ excellent: 0, total: 0 }, 0)).toBe(false);
  });

  it('shows a share in percent', () => {
    expect(percentText(0.3333)).toBe('33.3%');
    expect(percentText(0.2)).toBe('20%');
  });
});
