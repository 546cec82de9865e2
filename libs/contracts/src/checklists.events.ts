/**
 * Events of the `checklists` service: 政治清单 (political file and gate verdict), 任务清单 (task lists)
 * and 责任清单. Payloads carry what a projection needs, so a consumer never calls back.
 */

/** The 6 dimensions of the 政治清单. Persisted: never rename. */
export const POLITICAL_DIMENSIONS = [
  'belief',
  'truth_seeking',
  'responsibility',
  'principle',
  'discipline',
  'diligence',
] as const;
export type PoliticalDimension = (typeof POLITICAL_DIMENSIONS)[number];

export const POLITICAL_DIMENSION_NAMES: Record<PoliticalDimension, string> = {
  belief: '信念坚定',
  truth_seeking: '实事求是',
  responsibility: '勇于担当',
  principle: '坚持原则',
  discipline: '严守规矩',
  diligence: '勤学苦练',
};

/** Status of one dimension of a political file. Persisted: never rename. */
export const DIMENSION_STATUSES = ['good', 'watch', 'bad'] as const;
export type DimensionStatus = (typeof DIMENSION_STATUSES)[number];

/** Gate verdict of a political file (首关不过,余关莫论: `fail` excludes from ranking). Persisted: never rename. */
export const POLITICAL_VERDICTS = ['pass', 'attention', 'fail'] as const;
export type PoliticalVerdict = (typeof POLITICAL_VERDICTS)[number];

/** Life of a cadre's annual task list. Persisted: never rename. */
export const TASK_LIST_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'signed'] as const;
export type TaskListStatus = (typeof TASK_LIST_STATUSES)[number];

/** Status of one task. Persisted: never rename. */
export const TASK_STATUSES = ['planned', 'in_progress', 'completed', 'overdue'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A quantified target (目标任务量化): e.g. `{ metric: '招商引资额', target: 5000, unit: '万元' }`. */
export interface IndicatorV1 {
  metric: string;
  /** Greater than 0. */
  target: number;
  unit: string;
}

export interface PoliticalDimensionStateV1 {
  key: PoliticalDimension;
  status: DimensionStatus;
  /** Positive observations counted by the rule (last 12 months by default). */
  positives: number;
  /** Negative observations counted by the rule. */
  negatives: number;
}

/**
 * checklists.political.verdict_changed — the gate verdict of a cadre's 政治体检档案 changed.
 * aggregateId = cadreId.
 */
export interface PoliticalVerdictChangedV1 {
  cadreId: string;
  /** The verdict before; null when the cadre had no political file yet (which counts as `pass`). */
  from: PoliticalVerdict | null;
  to: PoliticalVerdict;
  /** All 6 dimensions as they stand after the change. */
  dimensions: PoliticalDimensionStateV1[];
}

/** One task of a task list as it stands when the event is published. */
export interface TaskSnapshotV1 {
  id: string;
  title: string;
  measures: string;
  indicator: IndicatorV1;
  /** Calendar date `YYYY-MM-DD`. */
  deadline: string;
  /** Greater than 0; weights need not sum to 100. */
  weight: number;
  status: TaskStatus;
  /** Latest reported value of the indicator; null before any progress. */
  actual: number | null;
}

/**
 * checklists.tasklist.signed — the cadre signed the commitment (承诺书/军令状) of an approved task list.
 * aggregateId = taskListId.
 */
export interface TaskListSignedV1 {
  taskListId: string;
  cadreId: string;
  year: number;
  status: 'signed';
  signedAt: string;
  tasks: TaskSnapshotV1[];
  /** 100 × Σ weight·min(actual/target, 1) / Σ weight, 0..100. */
  completionScore: number;
}

/** What both task events say about the task: which one, whose, and what it is worth. */
export interface TaskEventBaseV1 {
  taskId: string;
  taskListId: string;
  cadreId: string;
  year: number;
  title: string;
  indicator: IndicatorV1;
  weight: number;
  /** Completion score of the whole list after the change, 0..100. */
  completionScore: number;
}

/** checklists.task.progressed — progress was reported on a task. aggregateId = taskListId. */
export interface TaskProgressedV1 extends TaskEventBaseV1 {
  /** The value reported. */
  actual: number;
  note: string | null;
  /** Status of the task after this report. */
  status: TaskStatus;
}

/** checklists.task.overdue — a task passed its deadline before completion. aggregateId = taskListId. */
export interface TaskOverdueV1 extends TaskEventBaseV1 {
  /** Calendar date `YYYY-MM-DD`. */
  deadline: string;
  actual: number | null;
  status: 'overdue';
}

export interface ChecklistsEventPayloads {
  'checklists.political.verdict_changed': PoliticalVerdictChangedV1;
  'checklists.tasklist.signed': TaskListSignedV1;
  'checklists.task.progressed': TaskProgressedV1;
  'checklists.task.overdue': TaskOverdueV1;
}
