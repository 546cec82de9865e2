import { DEFAULT_EXCELLENT_MAX_SHARE } from '@cadre/contracts';
import type { CalibrationAdjustmentInput, CalibrationView, Grade, PoliticalVerdict } from '@cadre/contracts';
import type { GuidelineRows } from './calibration.repository';

type FieldProblem = { field: string; message: string };

/** The guideline in force for a cycle: its own, else the tenant's, else the default (0.2). */
export function guidelineOf(rows: GuidelineRows): CalibrationView['guideline'] {
  if (rows.cycle !== null) return { excellentMaxShare: rows.cycle, source: 'cycle' };
  if (rows.tenant !== null) return { excellentMaxShare: rows.tenant, source: 'tenant' };
  return { excellentMaxShare: DEFAULT_EXCELLENT_MAX_SHARE, source: 'default' };
}

/** What is wrong with an adjustment before anything is looked up: a reason, exactly one value. */
export function adjustmentProblems(input: CalibrationAdjustmentInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.reason || input.reason.trim() === '') problems.push({ field: 'reason', message: '校准必须说明理由' });
  const given = (input.grade !== undefined ? 1 : 0) + (input.composite !== undefined ? 1 : 0);
  if (given !== 1)
    problems.push({ field: 'grade', message: '每次校准调整一项：给出 grade（等次）或 composite（综合得分）之一' });
  return problems;
}

/** 首关不过,余关莫论: no 优秀 while the political verdict is not pass — as the 切 step refuses it. */
export function excellentRefused(grade: Grade | undefined, verdict: PoliticalVerdict | null): boolean {
  return grade === 'excellent' && (verdict === 'fail' || verdict === 'attention');
}

/** Why a cycle in this status may not be calibrated; null when it may (closed, not yet published). */
export function calibrationClosedReason(status: string): string | null {
  if (status === 'closed') return null;
  if (status === 'published') return '考核周期已发布，结果已封存，不能再校准';
  return '考核周期尚未结束，结束后、发布前才能校准';
}
