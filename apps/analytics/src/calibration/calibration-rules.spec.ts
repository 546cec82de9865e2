import { adjustmentProblems, calibrationClosedReason, excellentRefused, guidelineOf } from './calibration-rules';

describe('calibration rules', () => {
  it('takes the cycle’s guideline, else the tenant’s, else 0.2', () => {
    expect(guidelineOf({ tenant: null, cycle: null })).toEqual({ excellentMaxShare: 0.2, source: 'default' });
    expect(guidelineOf({ tenant: 0.15, cycle: null })).toEqual({ excellentMaxShare: 0.15, source: 'tenant' });
    expect(guidelineOf({ tenant: 0.15, cycle: 0.3 })).toEqual({ excellentMaxShare: 0.3, source: 'cycle' });
    expect(guidelineOf({ tenant: null, cycle: 0 })).toEqual({ excellentMaxShare: 0, source: 'cycle' });
  });

  it('wants a reason and exactly one value', () => {
    const base = { cycleId: 'c', cadreId: 'k' };
    expect(adjustmentProblems({ ...base, grade: 'competent', reason: '部务会研究' })).toEqual([]);
    expect(adjustmentProblems({ ...base, composite: 80, reason: '  ' }).map((p) => p.field)).toEqual(['reason']);
    expect(adjustmentProblems({ ...base, reason: 'x' }).map((p) => p.field)).toEqual(['grade']);
    expect(adjustmentProblems({ ...base, grade: 'competent', composite: 1 }).map((p) => p.field)).toEqual([
      'reason',
      'grade',
    ]);
  });

  it('keeps the gate absolute and calibrates only between close and publish', () => {
    expect(excellentRefused('excellent', 'fail')).toBe(true);
    expect(excellentRefused('excellent', 'attention')).toBe(true);
    expect(excellentRefused('excellent', 'pass')).toBe(false);
    expect(excellentRefused('excellent', null)).toBe(false);
    expect(excellentRefused('competent', 'fail')).toBe(false);
    expect(calibrationClosedReason('closed')).toBeNull();
    expect(calibrationClosedReason('open')).toContain('尚未结束');
    expect(calibrationClosedReason('published')).toContain('已发布');
  });
});
