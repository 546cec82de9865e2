/**
 * Events of the `appraisal` service: cycles (定期考核 / 随机考核), the 望闻问切 steps and 战时档案.
 */

/** 定期考核 (half-yearly) or 随机考核 (special appraisal at a critical moment). Persisted: never rename. */
export const CYCLE_KINDS = ['periodic', 'random'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

/** `scheduled → open → closed → published`. Persisted: never rename. */
export const CYCLE_STATUSES = ['scheduled', 'open', 'closed', 'published'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** Topic of a random cycle. Persisted: never rename. */
export const RANDOM_TOPICS = [
  'epidemic',
  'emergency_rescue',
  'disaster_relief',
  'land_acquisition',
  'rural_revitalization',
  'other',
] as const;
export type RandomTopic = (typeof RANDOM_TOPICS)[number];

/** The four steps of a periodic appraisal: 望 look, 闻 listen, 问 ask, 切 apply. Persisted: never rename. */
export const APPRAISAL_STEPS = ['look', 'listen', 'ask', 'apply'] as const;
export type AppraisalStep = (typeof APPRAISAL_STEPS)[number];

/** 优秀 / 称职 / 基本称职 / 不称职 — the grade of an appraisal and of a ballot. Persisted: never rename. */
export const GRADES = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_NAMES: Record<Grade, string> = {
  excellent: '优秀',
  competent: '称职',
  basically_competent: '基本称职',
  incompetent: '不称职',
};

/** Performance of a cadre in one wartime record. Persisted: never rename. */
export const WARTIME_PERFORMANCES = ['outstanding', 'good', 'fair', 'poor'] as const;
export type WartimePerformance = (typeof WARTIME_PERFORMANCES)[number];

/** The whole cycle after the change. */
export interface CycleSnapshotV1 {
  id: string;
  kind: CycleKind;
  name: string;
  year: number;
  /** 1 or 2 for a periodic cycle; null for a random one. */
  half: 1 | 2 | null;
  /** Topic of a random cycle; null for a periodic one. */
  topic: RandomTopic | null;
  opensAt: string;
  closesAt: string;
  /** Units appraised in the cycle; null means every unit of the tenant. */
  unitIds: string[] | null;
  status: CycleStatus;
}

/**
 * appraisal.cycle.scheduled — a cycle was created (or its dates, name or units changed while it is still
 * scheduled). Lets other services prepare for it, e.g. review accepts campaigns before it opens.
 * aggregateId = cycle id.
 */
export interface CycleScheduledV1 extends CycleSnapshotV1 {
  status: 'scheduled';
}

/** appraisal.cycle.opened — by the job at `opensAt` (actor null) or by hand. aggregateId = cycle id. */
export interface CycleOpenedV1 extends CycleSnapshotV1 {
  status: 'open';
}

/** appraisal.cycle.closed. aggregateId = cycle id. */
export interface CycleClosedV1 extends CycleSnapshotV1 {
  status: 'closed';
}

/** appraisal.cycle.published — results may be shown and used (考用结合). aggregateId = cycle id. */
export interface CyclePublishedV1 extends CycleSnapshotV1 {
  status: 'published';
}

/** The conclusion recorded by the `apply` (切) step. */
export interface ApplyResultV1 {
  /** 0..100. */
  score: number;
  grade: Grade;
  strengths: string;
  weaknesses: string;
  /** 干部画像 traits, e.g. ["敢于担当", "善于攻坚"]. */
  traits: string[];
  /** 使用建议. */
  suggestion: string;
}

/**
 * appraisal.step.recorded — one step of a cadre's appraisal in a cycle was recorded (or recorded again).
 * aggregateId = appraisalId (one appraisal per cycle and cadre).
 */
export interface StepRecordedV1 {
  appraisalId: string;
  cycleId: string;
  cycleKind: CycleKind;
  cadreId: string;
  step: AppraisalStep;
  /** Steps recorded so far in this appraisal, in 望闻问切 order. */
  completedSteps: AppraisalStep[];
  /** The conclusion when `step` is `apply`; null for the other steps. */
  result: ApplyResultV1 | null;
}

/**
 * appraisal.wartime.recorded — a dated record of a cadre's conduct during a random cycle (战时档案).
 * aggregateId = cadreId (the cadre's wartime file).
 */
export interface WartimeRecordedV1 {
  recordId: string;
  cycleId: string;
  /** Topic of the cycle; null when the cycle has none. */
  topic: RandomTopic | null;
  cadreId: string;
  /** Calendar date `YYYY-MM-DD`. */
  date: string;
  /** Role the cadre held, e.g. "防控专班组长". */
  role: string;
  volunteered: boolean;
  /** 0 or more. */
  dutyHours: number;
  performance: WartimePerformance;
  note: string | null;
}

/**
 * appraisal.group.updated — an assessment group (考核组) as it stands after a change: its assessors
 * (user ids) and the cadres they appraise. Kept the same across cycles unless changed on purpose.
 * aggregateId = group id. Checklists uses it to let assigned assessors read a political file.
 */
export interface AssessmentGroupUpdatedV1 {
  groupId: string;
  name: string;
  assessorUserIds: string[];
  cadreIds: string[];
}

export interface AppraisalEventPayloads {
  'appraisal.cycle.scheduled': CycleScheduledV1;
  'appraisal.cycle.opened': CycleOpenedV1;
  'appraisal.cycle.closed': CycleClosedV1;
  'appraisal.cycle.published': CyclePublishedV1;
  'appraisal.step.recorded': StepRecordedV1;
  'appraisal.wartime.recorded': WartimeRecordedV1;
  'appraisal.group.updated': AssessmentGroupUpdatedV1;
}
