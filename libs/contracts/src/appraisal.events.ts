import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  bool,
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

/** 班子运行状态 of a team's apply (切) step: 好 / 较好 / 一般 / 较差. Persisted: never rename. */
export const TEAM_RUNNING_STATES = ['good', 'fairly_good', 'average', 'poor'] as const;
export type TeamRunningState = (typeof TEAM_RUNNING_STATES)[number];

export const TEAM_RUNNING_STATE_NAMES: Record<TeamRunningState, string> = {
  good: '好',
  fairly_good: '较好',
  average: '一般',
  poor: '较差',
};

/** Performance of a cadre in one wartime record. Persisted: never rename. */
export const WARTIME_PERFORMANCES = ['outstanding', 'good', 'fair', 'poor'] as const;
export type WartimePerformance = (typeof WARTIME_PERFORMANCES)[number];

/**
 * The six qualities a random appraisal judges (领导干部的政治素质、大局观念、责任意识、担当精神、斗争本领和
 * 组织领导能力). Persisted: never rename.
 */
export const WARTIME_QUALITIES = [
  'political',
  'overall_view',
  'responsibility',
  'commitment',
  'fighting',
  'leadership',
] as const;
export type WartimeQuality = (typeof WARTIME_QUALITIES)[number];

export const WARTIME_QUALITY_NAMES: Record<WartimeQuality, string> = {
  political: '政治素质',
  overall_view: '大局观念',
  responsibility: '责任意识',
  commitment: '担当精神',
  fighting: '斗争本领',
  leadership: '组织领导能力',
};

/** 优秀 / 良好 / 一般 / 较差 — the grade of one quality in a random appraisal. Persisted: never rename. */
export const QUALITY_GRADES = ['excellent', 'good', 'fair', 'poor'] as const;
export type QualityGrade = (typeof QUALITY_GRADES)[number];

export const QUALITY_GRADE_NAMES: Record<QualityGrade, string> = {
  excellent: '优秀',
  good: '良好',
  fair: '一般',
  poor: '较差',
};

const cycleProperties = {
  id: uuid('Cycle id.'),
  kind: oneOf(CYCLE_KINDS, 'periodic 定期考核 or random 随机考核.'),
  name: name(),
  year: year(),
  half: Type.Union([Type.Literal(1), Type.Literal(2), Type.Null()], {
    description: '1 or 2 for a periodic cycle; null for a random one.',
  }),
  topic: nullable(oneOf(RANDOM_TOPICS, 'Topic of a random cycle; null for a periodic one.')),
  opensAt: dateTime(),
  closesAt: dateTime(),
  unitIds: nullable(Type.Array(uuid(), { uniqueItems: true }), 'Units appraised; null means every unit of the tenant.'),
};

/** The whole cycle after the change. */
export const CycleSnapshotV1 = Type.Object({ ...cycleProperties, status: oneOf(CYCLE_STATUSES) });
export type CycleSnapshotV1 = Static<typeof CycleSnapshotV1>;

/** The cycle events carry the whole cycle; each in one status only. */
function cycleIn<S extends CycleStatus>(status: S) {
  return Type.Object({
    ...cycleProperties,
    status: Type.Literal(status, {
      description: `Cycle status (${CYCLE_STATUSES.join(' → ')}); always \`${status}\` in this event.`,
    }),
  });
}

/**
 * appraisal.cycle.scheduled — a cycle was created (or its dates, name or units changed while it is still
 * scheduled). Lets other services prepare for it, e.g. review accepts campaigns before it opens.
 * aggregateId = cycle id.
 */
export const CycleScheduledV1 = cycleIn('scheduled');
export type CycleScheduledV1 = Static<typeof CycleScheduledV1>;

/** appraisal.cycle.opened — by the job at `opensAt` (actor null) or by hand. aggregateId = cycle id. */
export const CycleOpenedV1 = cycleIn('open');
export type CycleOpenedV1 = Static<typeof CycleOpenedV1>;

/** appraisal.cycle.closed. aggregateId = cycle id. */
export const CycleClosedV1 = cycleIn('closed');
export type CycleClosedV1 = Static<typeof CycleClosedV1>;

/** appraisal.cycle.published — results may be shown and used (考用结合). aggregateId = cycle id. */
export const CyclePublishedV1 = Type.Object({
  ...cycleIn('published').properties,
  override: Type.Optional(
    Type.Object(
      {
        reason: name('Why it was published over the guideline.'),
        excellentShare: Type.Number({ minimum: 0, maximum: 1, description: 'The calibrated 优秀 share at publish.' }),
        excellentMaxShare: Type.Number({ minimum: 0, maximum: 1, description: 'The guideline it was over.' }),
      },
      { description: 'Present when the cycle was published although its 优秀 share was over the guideline.' },
    ),
  ),
});
export type CyclePublishedV1 = Static<typeof CyclePublishedV1>;

/** The conclusion recorded by the `apply` (切) step. */
export const ApplyResultV1 = Type.Object(
  {
    score: score(),
    grade: oneOf(GRADES, '优秀 / 称职 / 基本称职 / 不称职.'),
    strengths: text('优点.'),
    weaknesses: text('不足.'),
    traits: Type.Array(Type.String({ minLength: 1 }), {
      description: '干部画像 traits, e.g. ["敢于担当", "善于攻坚"].',
    }),
    suggestion: text('使用建议.'),
  },
  { description: 'The conclusion of the apply (切) step.' },
);
export type ApplyResultV1 = Static<typeof ApplyResultV1>;

/** A problem found in the ask (问) step: what, how serious, and what follows. */
export const ProblemFoundV1 = Type.Object(
  {
    description: name('存在问题.'),
    severity: oneOf(['minor', 'moderate', 'serious'] as const, '轻微 / 一般 / 严重.'),
    followUp: text('跟进措施.'),
  },
  { description: 'A problem found in the ask (问) step.' },
);
export type ProblemFoundV1 = Static<typeof ProblemFoundV1>;

/**
 * appraisal.step.recorded — one step of a cadre's appraisal in a cycle was recorded (or recorded again).
 * aggregateId = appraisalId (one appraisal per cycle and cadre). `result` is the conclusion when `step`
 * is `apply`, null otherwise: said by if/then/else for JSON Schema readers (TypeBox's checker does not
 * read those keywords; a consumer checks `step` itself).
 */
export const StepRecordedV1 = Type.Object(
  {
    appraisalId: uuid(),
    cycleId: uuid(),
    cycleKind: oneOf(CYCLE_KINDS),
    cadreId: uuid(),
    step: oneOf(APPRAISAL_STEPS, '望 look, 闻 listen, 问 ask, 切 apply.'),
    completedSteps: Type.Array(oneOf(APPRAISAL_STEPS), {
      description: 'Steps recorded so far, in 望闻问切 order.',
      minItems: 1,
      uniqueItems: true,
    }),
    result: nullable(ApplyResultV1),
    problems: Type.Optional(
      Type.Array(ProblemFoundV1, {
        description:
          'The problems found (问) when `step` is `ask`, as recorded now; absent for the other steps (and in events published before it was carried).',
      }),
    ),
  },
  {
    if: { properties: { step: { const: 'apply' } } },
    then: { properties: { result: { type: 'object' } } },
    else: { properties: { result: { type: 'null' } } },
  },
);
export type StepRecordedV1 = Static<typeof StepRecordedV1>;

/** The conclusion of a team's apply (切) step: the check-up of the team as a whole (班子运行状态、存在问题). */
export const TeamApplyResultV1 = Type.Object(
  {
    score: score(),
    runningState: oneOf(TEAM_RUNNING_STATES, '班子运行状态: 好 good / 较好 fairly_good / 一般 average / 较差 poor.'),
    problems: text('存在问题.'),
    rectification: text('整改要求.'),
    suggestion: text('调整建议.'),
  },
  { description: 'The conclusion of a team’s apply (切) step.' },
);
export type TeamApplyResultV1 = Static<typeof TeamApplyResultV1>;

/**
 * appraisal.team_step.recorded — one step of a leadership team's appraisal (班子考核) in a cycle was
 * recorded (or recorded again). aggregateId = teamAppraisalId (one per cycle and team). `result` is the
 * conclusion when `step` is `apply`, null otherwise (as for a cadre's step).
 */
export const TeamStepRecordedV1 = Type.Object(
  {
    teamAppraisalId: uuid(),
    cycleId: uuid(),
    teamId: uuid(),
    unitId: uuid('The team’s unit.'),
    step: oneOf(APPRAISAL_STEPS, '望 look, 闻 listen, 问 ask, 切 apply.'),
    completedSteps: Type.Array(oneOf(APPRAISAL_STEPS), {
      description: 'Steps recorded so far, in 望闻问切 order.',
      minItems: 1,
      uniqueItems: true,
    }),
    result: nullable(TeamApplyResultV1),
  },
  {
    if: { properties: { step: { const: 'apply' } } },
    then: { properties: { result: { type: 'object' } } },
    else: { properties: { result: { type: 'null' } } },
  },
);
export type TeamStepRecordedV1 = Static<typeof TeamStepRecordedV1>;

const wartimeProperties = {
  recordId: uuid(),
  cycleId: uuid(),
  topic: nullable(oneOf(RANDOM_TOPICS), 'Topic of the cycle; null when the cycle has none.'),
  cadreId: uuid(),
  date: date(),
  role: name('Role held, e.g. 防控专班组长.'),
  volunteered: bool('主动请战.'),
  dutyHours: Type.Number({ minimum: 0 }),
  performance: oneOf(WARTIME_PERFORMANCES),
  note: nullable(text()),
};

/** One quality's judgement: its grade and the concrete fact it rests on (具体事、具体表现). */
export const QualityJudgementV2 = Type.Object({
  grade: oneOf(QUALITY_GRADES, '优秀 excellent / 良好 good / 一般 fair / 较差 poor.'),
  fact: text('The concrete fact or conduct the grade rests on (具体事、具体表现).'),
});
export type QualityJudgementV2 = Static<typeof QualityJudgementV2>;

export const WartimeQualitiesV2 = Type.Object(
  Object.fromEntries(WARTIME_QUALITIES.map((q) => [q, QualityJudgementV2])) as Record<
    WartimeQuality,
    typeof QualityJudgementV2
  >,
  { description: 'All six qualities, each graded with its fact.' },
);
export type WartimeQualitiesV2 = Static<typeof WartimeQualitiesV2>;

/** A task of the cadre's task list followed in the appraisal: progress checked on the spot. */
export const WartimeTaskCheckV2 = Type.Object({
  taskId: uuid('A task of the cadre’s task list of the cycle’s year.'),
  progressChecked: Type.Number({ minimum: 0, maximum: 100, description: 'Progress found on the spot, 0..100 %.' }),
  note: nullable(text()),
});
export type WartimeTaskCheckV2 = Static<typeof WartimeTaskCheckV2>;

/**
 * appraisal.wartime.recorded — a dated record of a cadre's conduct during a random cycle (战时档案).
 * Version 2 adds the six qualities (null on a record that judged none) and the task-list tasks the
 * record followed. aggregateId = cadreId (the cadre's wartime file).
 */
export const WartimeRecordedV2 = Type.Object({
  ...wartimeProperties,
  qualities: nullable(WartimeQualitiesV2, 'The six qualities judged; null when the record judged none.'),
  tasks: Type.Array(WartimeTaskCheckV2, { description: 'Task-list tasks followed in this record (may be empty).' }),
});
export type WartimeRecordedV2 = Static<typeof WartimeRecordedV2>;

/** The first version: role, hours, volunteered and one performance. Older stream history only. */
export const WartimeRecordedV1 = Type.Object(wartimeProperties);
export type WartimeRecordedV1 = Static<typeof WartimeRecordedV1>;

/**
 * appraisal.group.updated — an assessment group (考核组) as it stands after a change: its assessors
 * (user ids) and the cadres they appraise. Kept the same across cycles unless changed on purpose.
 * aggregateId = group id. Checklists uses it to let assigned assessors read a political file.
 */
export const AssessmentGroupUpdatedV1 = Type.Object({
  groupId: uuid(),
  name: name('考核组名称.'),
  assessorUserIds: Type.Array(uuid(), { description: 'Users who assess (role assessor).' }),
  cadreIds: Type.Array(uuid(), { description: 'Cadres the group appraises.' }),
});
export type AssessmentGroupUpdatedV1 = Static<typeof AssessmentGroupUpdatedV1>;

const cycleExample = {
  id: ID.cycle,
  kind: 'periodic',
  name: '2025年上半年定期考核',
  year: 2025,
  half: 1,
  topic: null,
  opensAt: '2025-06-20T09:00:00+08:00',
  closesAt: '2025-07-10T18:00:00+08:00',
  unitIds: null,
} as const;

const event = eventsOf('appraisal');

function cycleEvent<P extends ReturnType<typeof cycleIn> | typeof CyclePublishedV1>(
  payload: P,
  example: Static<P>,
  summary: string,
  summaryZh: string,
) {
  // Every cycle payload has `id`; the compiler cannot see it through the generic P.
  const aggregateKey = 'id' as Extract<keyof Static<P>, string>;
  return event({ version: 1, summary, summaryZh, aggregate: 'cycle id', aggregateKey, payload, example });
}

export const APPRAISAL_EVENTS = {
  'appraisal.cycle.scheduled': cycleEvent(
    CycleScheduledV1,
    { ...cycleExample, status: 'scheduled' },
    'An appraisal cycle was created, or changed while still scheduled; carries the whole cycle.',
    '考核周期已创建（待开启）',
  ),
  'appraisal.cycle.opened': cycleEvent(
    CycleOpenedV1,
    { ...cycleExample, status: 'open' },
    'An appraisal cycle opened (by the job at opensAt, actor null, or by hand); carries the whole cycle.',
    '考核周期开启',
  ),
  'appraisal.cycle.closed': cycleEvent(
    CycleClosedV1,
    { ...cycleExample, status: 'closed' },
    'An appraisal cycle closed; no more records or ballots are accepted.',
    '考核周期关闭',
  ),
  'appraisal.cycle.published': cycleEvent(
    CyclePublishedV1,
    { ...cycleExample, status: 'published' },
    'The results of an appraisal cycle were published and may be used (selection, awards, follow-up).',
    '考核结果发布（考用结合）',
  ),
  'appraisal.step.recorded': event({
    version: 1,
    summary:
      'A step of a cadre’s appraisal (look, listen, ask, apply) was recorded; the apply step carries the score, grade and conclusion.',
    summaryZh: '望闻问切考核环节记录',
    aggregate: 'appraisal id (one per cycle and cadre)',
    aggregateKey: 'appraisalId',
    payload: StepRecordedV1,
    example: {
      appraisalId: ID.appraisal,
      cycleId: ID.cycle,
      cycleKind: 'periodic',
      cadreId: ID.cadre,
      step: 'apply',
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: {
        score: 91.5,
        grade: 'excellent',
        strengths: '政治站位高，抓落实有力',
        weaknesses: '统筹协调能力有待加强',
        traits: ['敢于担当', '善于攻坚'],
        suggestion: '可提拔使用',
      },
    },
  }),
  'appraisal.team_step.recorded': event({
    version: 1,
    summary:
      'A step of a leadership team’s appraisal (look, listen, ask, apply) was recorded; the apply step carries the score, running state and problems.',
    summaryZh: '班子考核望闻问切环节记录',
    aggregate: 'team appraisal id (one per cycle and team)',
    aggregateKey: 'teamAppraisalId',
    payload: TeamStepRecordedV1,
    example: {
      teamAppraisalId: '7b4c9e8d-0f1a-4b2c-9d3e-5f6a7b8c9d12',
      cycleId: ID.cycle,
      teamId: ID.team,
      unitId: ID.unit,
      step: 'apply',
      completedSteps: ['look', 'listen', 'ask', 'apply'],
      result: {
        score: 88,
        runningState: 'fairly_good',
        problems: '班子成员之间沟通协调不够，重点项目推进合力不足',
        rectification: '建立班子例会制度，每月专题研究重点项目',
        suggestion: '保持班子稳定，加强主要负责人统筹',
      },
    },
  }),
  'appraisal.wartime.recorded': event({
    version: 2,
    summary:
      'A dated record of a cadre’s conduct during a random cycle (wartime file) was added. Version 2: the six qualities judged (each with its grade and fact; null when none) and the task-list tasks followed.',
    summaryZh: '战时档案记录（随机考核：六项素质评价及任务清单跟踪）',
    aggregate: 'cadre id (the cadre’s wartime file)',
    aggregateKey: 'cadreId',
    payload: WartimeRecordedV2,
    older: { 1: WartimeRecordedV1 },
    example: {
      recordId: ID.wartime,
      cycleId: ID.randomCycle,
      topic: 'disaster_relief',
      cadreId: ID.cadre,
      date: '2025-07-28',
      role: '防汛抢险突击队队长',
      volunteered: true,
      dutyHours: 36,
      performance: 'outstanding',
      note: '连续两昼夜坚守堤坝',
      qualities: {
        political: { grade: 'excellent', fact: '第一时间传达区委防汛部署，带头签订责任状' },
        overall_view: { grade: 'good', fact: '主动调配本单位物资支援下游街道' },
        responsibility: { grade: 'excellent', fact: '包保堤段连续两昼夜无脱岗' },
        commitment: { grade: 'excellent', fact: '管涌险情出现时带队第一个下水封堵' },
        fighting: { grade: 'good', fact: '组织群众转移 320 人，无一伤亡' },
        leadership: { grade: 'good', fact: '统筹三支突击队轮班值守' },
      },
      tasks: [{ taskId: ID.task, progressChecked: 60, note: '堤防加固工程现场核验完成六成' }],
    },
  }),
  'appraisal.group.updated': event({
    version: 1,
    summary: 'An assessment group changed: its assessors (user ids) and the cadres they appraise, as they stand now.',
    summaryZh: '考核组成员或考核对象变更',
    aggregate: 'assessment group id',
    aggregateKey: 'groupId',
    payload: AssessmentGroupUpdatedV1,
    example: {
      groupId: '7b4c9e2d-3a1f-4e5b-8c6d-2f1e0a9b8c71',
      name: '第一考核组',
      assessorUserIds: ['f1b2c3d4-e5f6-4a70-9b8c-0d1e2f3a4b5c'],
      cadreIds: [ID.cadre],
    },
  }),
};

export type AppraisalEventPayloads = PayloadsOf<typeof APPRAISAL_EVENTS>;
export type AppraisalEventVersions = VersionsOf<typeof APPRAISAL_EVENTS>;
