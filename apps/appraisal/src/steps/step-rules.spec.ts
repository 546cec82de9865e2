import { appraisalViews, gateRefuses, resultOf } from './step-rules';

describe('step rules', () => {
  it('refuses excellent unless the political verdict is pass (首关不过，余关莫论)', () => {
    expect(gateRefuses('excellent', 'pass')).toBe(false);
    expect(gateRefuses('excellent', 'attention')).toBe(true);
    expect(gateRefuses('excellent', 'fail')).toBe(true);
    expect(gateRefuses('competent', 'fail')).toBe(false);
  });

  it('puts the 切 result in the event without the note on the suggestion', () => {
    const apply = {
      score: 91,
      grade: 'excellent' as const,
      strengths: '敢于担当',
      weaknesses: '统筹不足',
      traits: ['善于攻坚'],
      suggestion: 'promote' as never,
      suggestionNote: '内部备注',
    };
    expect(resultOf(apply)).toEqual({
      score: 91,
      grade: 'excellent',
      strengths: '敢于担当',
      weaknesses: '统筹不足',
      traits: ['善于攻坚'],
      suggestion: 'promote',
    });
    expect(resultOf(null)).toBeNull();
  });

  it('shows each cadre in order with their steps and democratic results, a missing appraisal as none done', () => {
    const at = new Date('2026-06-20T08:00:00Z');
    const views = appraisalViews(
      'cy1',
      [
        { id: 'a1', cadreId: 'c1', cadreName: '张三', completedSteps: ['look'], verdict: 'attention' },
        { id: null, cadreId: 'c2', cadreName: '李四', completedSteps: null, verdict: null },
      ],
      [
        {
          appraisalId: 'a1',
          step: 'look',
          content: { summary: '述职' } as never,
          recordedBy: 'assessor',
          recordedAt: at,
        },
      ],
      [
        {
          cadreId: 'c1',
          campaignId: 'k1',
          ballots: 10,
          excellentRate: 0.5,
          score: 88,
          gradeCounts: { excellent: 5, competent: 5, basically_competent: 0, incompetent: 0 },
        },
      ],
    );
    expect(views[0]).toMatchObject({
      id: 'a1',
      cycleId: 'cy1',
      cadreId: 'c1',
      completedSteps: ['look'],
      nextStep: 'listen',
      politicalVerdict: 'attention',
    });
    expect(views[0].steps.look).toEqual({
      content: { summary: '述职' },
      recordedBy: 'assessor',
      recordedAt: at.toISOString(),
    });
    expect(views[0].democratic).toEqual([
      {
        campaignId: 'k1',
        ballots: 10,
        excellentRate: 0.5,
        score: 88,
        gradeCounts: { excellent: 5, competent: 5, basically_competent: 0, incompetent: 0 },
      },
    ]);
    expect(views[1]).toMatchObject({
      id: null,
      cadreId: 'c2',
      completedSteps: [],
      nextStep: 'look',
      steps: {},
      democratic: [],
      politicalVerdict: 'pass',
    });
  });
});
