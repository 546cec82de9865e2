import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  count,
  date,
  dateTime,
  EXAMPLE_ID as ID,
  eventsOf,
  name,
  nullable,
  oneOf,
  score,
  text,
  uuid,
  year,
} from './schema';
import type { PayloadsOf, VersionsOf } from './schema';

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
export const IndicatorV1 = Type.Object(
  {
    metric: name('What is measured.'),
    target: Type.Number({ exclusiveMinimum: 0, description: 'Quantified target.' }),
    unit: text('Unit of the metric.'),
  },
  { description: 'A quantified target (目标任务量化).' },
);
export type IndicatorV1 = Static<typeof IndicatorV1>;

export const PoliticalDimensionStateV1 = Type.Object({
  key: oneOf(POLITICAL_DIMENSIONS),
  status: oneOf(DIMENSION_STATUSES),
  positives: count('Positive observations counted by the rule (last 12 months by default).'),
  negatives: count('Negative observations counted by the rule.'),
});
export type PoliticalDimensionStateV1 = Static<typeof PoliticalDimensionStateV1>;

/**
 * checklists.political.verdict_changed — the gate verdict of a cadre's 政治体检档案 changed.
 * aggregateId = cadreId.
 */
export const PoliticalVerdictChangedV1 = Type.Object({
  cadreId: uuid(),
  from: nullable(oneOf(POLITICAL_VERDICTS, 'Verdict before; null when the cadre had no file yet (counts as pass).')),
  to: oneOf(POLITICAL_VERDICTS, 'Verdict after.'),
  dimensions: Type.Array(PoliticalDimensionStateV1, {
    description: 'All 6 dimensions after the change.',
    minItems: POLITICAL_DIMENSIONS.length,
    maxItems: POLITICAL_DIMENSIONS.length,
  }),
});
export type PoliticalVerdictChangedV1 = Static<typeof PoliticalVerdictChangedV1>;

const completionScore = score('100 × Σ weight·min(actual/target, 1) / Σ weight of the whole list.');
const weight = Type.Number({
  exclusiveMinimum: 0,
  description: 'Weight of the task in the list; weights need not sum to 100.',
});

/** One task of a task list as it stands when the event is published. */
export const TaskSnapshotV1 = Type.Object({
  id: uuid('Task id.'),
  title: name(),
  measures: text('措施.'),
  indicator: IndicatorV1,
  deadline: date(),
  weight,
  status: oneOf(TASK_STATUSES),
  actual: nullable(Type.Number({ description: 'Latest reported value; null before any progress.' })),
});
export type TaskSnapshotV1 = Static<typeof TaskSnapshotV1>;

/**
 * checklists.tasklist.signed — the cadre signed the commitment (承诺书/军令状) of an approved task list.
 * aggregateId = taskListId.
 */
export const TaskListSignedV1 = Type.Object({
  taskListId: uuid(),
  cadreId: uuid(),
  year: year(),
  status: Type.Literal('signed'),
  signedAt: dateTime(),
  tasks: Type.Array(TaskSnapshotV1, { description: 'Every task of the list.', minItems: 1 }),
  completionScore,
});
export type TaskListSignedV1 = Static<typeof TaskListSignedV1>;

/** What both task events say about the task: which one, whose, and what it is worth. */
const taskEventBase = {
  taskId: uuid(),
  taskListId: uuid(),
  cadreId: uuid(),
  year: year(),
  title: name(),
  indicator: IndicatorV1,
  weight,
  completionScore,
};
export const TaskEventBaseV1 = Type.Object(taskEventBase);
export type TaskEventBaseV1 = Static<typeof TaskEventBaseV1>;

/** checklists.task.progressed — progress was reported on a task. aggregateId = taskListId. */
export const TaskProgressedV1 = Type.Object({
  ...taskEventBase,
  actual: Type.Number({ description: 'The value reported.' }),
  note: nullable(text()),
  status: oneOf(TASK_STATUSES, 'Status of the task after this report.'),
});
export type TaskProgressedV1 = Static<typeof TaskProgressedV1>;

/** checklists.task.overdue — a task passed its deadline before completion. aggregateId = taskListId. */
export const TaskOverdueV1 = Type.Object({
  ...taskEventBase,
  deadline: date(),
  actual: nullable(Type.Number({ description: 'Latest reported value; null when none.' })),
  status: Type.Literal('overdue'),
});
export type TaskOverdueV1 = Static<typeof TaskOverdueV1>;

/**
 * checklists.responsibility.updated — a duty of a cadre's 责任清单 was added, fulfilled (a result
 * recorded) or rated, as it stands now (岗位职责、目标、实效). aggregateId = responsibilityId.
 */
export const ResponsibilityUpdatedV1 = Type.Object({
  responsibilityId: uuid(),
  cadreId: uuid(),
  year: year(),
  duty: name('岗位职责.'),
  target: IndicatorV1,
  measures: text('措施.'),
  actual: nullable(Type.Number({ description: 'Sum of the results recorded; null before any.' })),
  fulfillmentRate: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'min(actual / target, 1); 0 before any result.',
  }),
  fulfillments: count('How many results were recorded.'),
  rating: nullable(oneOf(['excellent', 'good', 'fair', 'poor'] as const, 'The leadership’s rating of the duty.')),
});
export type ResponsibilityUpdatedV1 = Static<typeof ResponsibilityUpdatedV1>;

const indicatorExample = { metric: '新增市场主体', target: 120, unit: '户' };
const event = eventsOf('checklists');

export const CHECKLISTS_EVENTS = {
  'checklists.political.verdict_changed': event({
    version: 1,
    summary:
      'The gate verdict of a cadre’s political file changed (a fail removes the cadre from ranking and excellence); carries all 6 dimensions.',
    summaryZh: '政治体检档案结论变化（首关不过，余关莫论）',
    aggregate: 'cadre id',
    aggregateKey: 'cadreId',
    payload: PoliticalVerdictChangedV1,
    example: {
      cadreId: ID.cadre,
      from: 'pass',
      to: 'attention',
      dimensions: [
        { key: 'belief', status: 'good', positives: 2, negatives: 0 },
        { key: 'truth_seeking', status: 'good', positives: 0, negatives: 0 },
        { key: 'responsibility', status: 'watch', positives: 1, negatives: 1 },
        { key: 'principle', status: 'good', positives: 0, negatives: 0 },
        { key: 'discipline', status: 'good', positives: 0, negatives: 0 },
        { key: 'diligence', status: 'good', positives: 1, negatives: 0 },
      ],
    },
  }),
  'checklists.tasklist.signed': event({
    version: 1,
    summary: 'A cadre signed the commitment of an approved annual task list; carries every task.',
    summaryZh: '任务清单签订承诺书（军令状）',
    aggregate: 'task list id',
    aggregateKey: 'taskListId',
    payload: TaskListSignedV1,
    example: {
      taskListId: ID.taskList,
      cadreId: ID.cadre,
      year: 2025,
      status: 'signed',
      signedAt: '2025-02-18T10:30:00+08:00',
      tasks: [
        {
          id: ID.task,
          title: '优化营商环境',
          measures: '推行企业开办一日办结',
          indicator: indicatorExample,
          deadline: '2025-12-31',
          weight: 60,
          status: 'planned',
          actual: null,
        },
        {
          id: ID.task2,
          title: '重点项目推进',
          measures: '挂图作战，每月调度',
          indicator: { metric: '开工项目', target: 8, unit: '个' },
          deadline: '2025-10-31',
          weight: 40,
          status: 'planned',
          actual: null,
        },
      ],
      completionScore: 0,
    },
  }),
  'checklists.task.progressed': event({
    version: 1,
    summary: 'Progress was reported on a task; carries the task and the completion score of its list after the report.',
    summaryZh: '任务进展填报',
    aggregate: 'task list id',
    aggregateKey: 'taskListId',
    payload: TaskProgressedV1,
    example: {
      taskId: ID.task,
      taskListId: ID.taskList,
      cadreId: ID.cadre,
      year: 2025,
      title: '优化营商环境',
      indicator: indicatorExample,
      weight: 60,
      actual: 90,
      note: '二季度新增市场主体 42 户',
      status: 'in_progress',
      completionScore: 45,
    },
  }),
  'checklists.responsibility.updated': event({
    version: 1,
    summary:
      'A duty of a cadre’s responsibility list was added, had a result recorded or was rated; carries the duty as it stands now.',
    summaryZh: '责任清单条目新增、实效填报或评定',
    aggregate: 'responsibility id',
    aggregateKey: 'responsibilityId',
    payload: ResponsibilityUpdatedV1,
    example: {
      responsibilityId: '5f2a7c6b-8d9e-4f0a-9b1c-3d4e5f6a7b93',
      cadreId: ID.cadre,
      year: 2025,
      duty: '牵头全镇招商引资工作',
      target: { metric: '引进项目', target: 10, unit: '个' },
      measures: '每月走访重点企业，建立项目台账',
      actual: 8,
      fulfillmentRate: 0.8,
      fulfillments: 2,
      rating: 'good',
    },
  }),
  'checklists.task.overdue': event({
    version: 1,
    summary: 'A task passed its deadline without being completed.',
    summaryZh: '任务逾期未完成',
    aggregate: 'task list id',
    aggregateKey: 'taskListId',
    payload: TaskOverdueV1,
    example: {
      taskId: ID.task2,
      taskListId: ID.taskList,
      cadreId: ID.cadre,
      year: 2025,
      title: '重点项目推进',
      indicator: { metric: '开工项目', target: 8, unit: '个' },
      weight: 40,
      deadline: '2025-10-31',
      actual: 6,
      status: 'overdue',
      completionScore: 75,
    },
  }),
};

export type ChecklistsEventPayloads = PayloadsOf<typeof CHECKLISTS_EVENTS>;
export type ChecklistsEventVersions = VersionsOf<typeof CHECKLISTS_EVENTS>;
