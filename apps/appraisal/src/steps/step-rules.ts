import type { AppraisalView, ApplyContent, ApplyResultV1, Grade, PoliticalVerdict } from '@cadre/contracts';
import { nextStep } from '../cycles/cycle-rules';
import type { AppraisalRow, DemocraticRow, StepRow } from './steps.repository';

export const VERDICT_NAMES = { pass: '通过', attention: '需关注', fail: '不通过' } as const;

/** The political gate (首关不过,余关莫论): `excellent` only while the political verdict is `pass`. */
export function gateRefuses(grade: Grade, verdict: PoliticalVerdict): boolean {
  return grade === 'excellent' && verdict !== 'pass';
}

/** What the step event carries of the 切 result: its fields of ApplyResultV1 (not the note on the suggestion). */
export function resultOf(result: ApplyContent | null): ApplyResultV1 | null {
  return result
    ? {
        score: result.score,
        grade: result.grade,
        strengths: result.strengths,
        weaknesses: result.weaknesses,
        traits: result.traits,
        suggestion: result.suggestion,
      }
    : null;
}

/**
 * The views of the cadres' appraisals, in the order of `rows`: a cadre with no appraisal yet has
 * no steps; a cadre with no political file counts as `pass`.
 */
export function appraisalViews(
  cycleId: string,
  rows: AppraisalRow[],
  steps: StepRow[],
  democratic: DemocraticRow[],
): AppraisalView[] {
  return rows.map((r) => {
    const completed = r.completedSteps ?? [];
    const mine = steps.filter((s) => s.appraisalId === r.id);
    return {
      id: r.id,
      cycleId,
      cadreId: r.cadreId,
      cadreName: r.cadreName,
      completedSteps: completed,
      nextStep: nextStep(completed),
      steps: Object.fromEntries(
        mine.map((s) => [
          s.step,
          { content: s.content, recordedBy: s.recordedBy, recordedAt: s.recordedAt.toISOString() },
        ]),
      ),
      democratic: democratic.filter((d) => d.cadreId === r.cadreId).map(({ cadreId: _c, ...d }) => d),
      politicalVerdict: r.verdict ?? 'pass',
    } as AppraisalView;
  });
}
