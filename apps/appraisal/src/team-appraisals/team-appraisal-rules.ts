import type { TeamAppraisalView, TeamApplyContent, TeamApplyResultV1, TeamStepContent } from '@cadre/contracts';
import { nextStep } from '../cycles/cycle-rules';
import type { TeamAppraisalRow, TeamStepRow } from './team-appraisals.repository';

/** What the step event carries of a team's 切: its conclusion, as recorded. */
export function teamResultOf(content: TeamStepContent, step: string): TeamApplyResultV1 | null {
  if (step !== 'apply') return null;
  const c = content as TeamApplyContent;
  return {
    score: c.score,
    runningState: c.runningState,
    problems: c.problems,
    rectification: c.rectification,
    suggestion: c.suggestion,
  };
}

/** The views of the teams' appraisals, in the order of `rows`: a team with no appraisal yet has no steps. */
export function teamAppraisalViews(
  cycleId: string,
  rows: TeamAppraisalRow[],
  steps: TeamStepRow[],
): TeamAppraisalView[] {
  return rows.map((r) => {
    const completed = r.completedSteps ?? [];
    return {
      id: r.id,
      cycleId,
      teamId: r.teamId,
      teamName: r.teamName,
      unitId: r.unitId,
      completedSteps: completed,
      nextStep: nextStep(completed),
      steps: Object.fromEntries(
        steps
          .filter((s) => s.teamAppraisalId === r.id)
          .map((s) => [
            s.step,
            { content: s.content, recordedBy: s.recordedBy, recordedAt: s.recordedAt.toISOString() },
          ]),
      ),
      score: r.score,
      runningState: r.runningState,
    };
  });
}
