import { teamAppraisalViews, teamResultOf } from './team-appraisal-rules';

describe('team appraisal rules', () => {
  const apply = {
    score: 72,
    runningState: 'average' as const,
    problems: '作用发挥不明显',
    rectification: '限期整改',
    suggestion: '调整主要负责人',
  };

  it('carries the conclusion only for apply', () => {
    expect(teamResultOf(apply, 'apply')).toEqual(apply);
    expect(teamResultOf({ notes: '已反馈' }, 'listen')).toBeNull();
  });

  it('shows a team with no appraisal yet with no steps, and the next step after those done', () => {
    const [none, some] = teamAppraisalViews(
      'c1',
      [
        {
          id: null,
          teamId: 't1',
          teamName: '甲班子',
          unitId: 'u1',
          completedSteps: null,
          score: null,
          runningState: null,
        },
        {
          id: 'a2',
          teamId: 't2',
          teamName: '乙班子',
          unitId: 'u2',
          completedSteps: ['look'],
          score: null,
          runningState: null,
        },
      ],
      [
        {
          teamAppraisalId: 'a2',
          step: 'look',
          content: { reports: [], notes: '' },
          recordedBy: 'x',
          recordedAt: new Date(0),
        },
      ],
    );
    expect(none).toMatchObject({ completedSteps: [], nextStep: 'look', steps: {} });
    expect(some.nextStep).toBe('listen');
    expect(some.steps.look).toEqual({
      content: { reports: [], notes: '' },
      recordedBy: 'x',
      recordedAt: '1970-01-01T00:00:00.000Z',
    });
  });
});
