/**
 * The runtime catalog of every domain event: version, summaries, publisher, the JSON Schema
 * (draft-07) of the payload (`data` of the envelope) and a valid example. The compiler forces one
 * entry per EventType and checks each example against the payload's TypeScript type; a unit test
 * checks each example against its schema. The AsyncAPI document (asyncapi.ts) is built from this.
 *
 * Schemas are written for tolerant readers: they name every property and require the ones always
 * present, but do not forbid additional properties, so adding an optional property stays version 1.
 * A breaking change adds a new version, never edits one.
 */
import { UNIT_KINDS } from './enums';
import type { EventEnvelope, EventPayloads, EventType } from './events';
import { CADRE_STATUSES, GENDERS, TEAM_ROLES } from './roster.events';
import {
  DIMENSION_STATUSES,
  POLITICAL_DIMENSIONS,
  POLITICAL_VERDICTS,
  TASK_STATUSES,
} from './checklists.events';
import {
  APPRAISAL_STEPS,
  CYCLE_KINDS,
  CYCLE_STATUSES,
  GRADES,
  RANDOM_TOPICS,
  WARTIME_PERFORMANCES,
} from './appraisal.events';
import { CAMPAIGN_DIRECTIONS, CAMPAIGN_SUBJECTS } from './review.events';
import { RANKING_EXCLUSIONS, RANKING_SCOPES } from './analytics.events';

export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** The subset of JSON Schema draft-07 the catalog uses. */
export interface JsonSchema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: JsonSchemaType | JsonSchemaType[];
  enum?: readonly unknown[];
  const?: unknown;
  format?: 'uuid' | 'date' | 'date-time';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  examples?: unknown[];
}

/** The services that publish events (DESIGN.md "Services"); an event type starts with its publisher. */
export const EVENT_PUBLISHERS = ['roster', 'checklists', 'appraisal', 'review', 'analytics'] as const;
export type EventPublisher = (typeof EVENT_PUBLISHERS)[number];

export const EVENT_PUBLISHER_DESCRIPTIONS: Record<EventPublisher, { en: string; zh: string }> = {
  roster: { en: 'Fields, units, leadership teams and cadres (roster history).', zh: '干部队伍动态数据库：领域、单位、领导班子、干部' },
  checklists: { en: 'Political files and gate verdicts, task lists, responsibility lists.', zh: '三张清单：政治清单、责任清单、任务清单' },
  appraisal: { en: 'Appraisal cycles, the four steps look/listen/ask/apply, wartime files.', zh: '定期考核（望闻问切）、随机考核与战时档案' },
  review: { en: 'Two-way review and democratic evaluation (anonymous ballots).', zh: '双向考核与民主测评（匿名投票）' },
  analytics: { en: 'Comparative appraisal: composite scores and rankings.', zh: '比对考核：综合得分与排名' },
};

export interface EventSpec<T = unknown> {
  /** Version of the payload schema; the envelope's `version`. */
  version: number;
  summary: string;
  summaryZh: string;
  publisher: EventPublisher;
  /** What the envelope's `aggregateId` identifies; events of one aggregate are published in order. */
  aggregate: string;
  /** The property of the payload that the envelope's `aggregateId` equals. */
  aggregateKey: Extract<keyof T, string>;
  /** JSON Schema (draft-07) of the envelope's `data`. */
  payload: JsonSchema;
  /** A valid payload. */
  example: T;
}

export type EventCatalog = { readonly [K in EventType]: EventSpec<EventPayloads[K]> };
/** The spec of some event type. */
export type AnyEventSpec = EventCatalog[EventType];

// ---------------------------------------------------------------------------------------------
// Schema building blocks

const uuid = (description?: string): JsonSchema => ({ type: 'string', format: 'uuid', ...desc(description) });
const dateTime = (description?: string): JsonSchema => ({ type: 'string', format: 'date-time', ...desc(description) });
const date = (description?: string): JsonSchema => ({ type: 'string', format: 'date', ...desc(description) });
const name = (description?: string): JsonSchema => ({ type: 'string', minLength: 1, ...desc(description) });
const text = (description?: string): JsonSchema => ({ type: 'string', ...desc(description) });
const bool = (description?: string): JsonSchema => ({ type: 'boolean', ...desc(description) });
const count = (description?: string): JsonSchema => ({ type: 'integer', minimum: 0, ...desc(description) });
const score = (description?: string): JsonSchema => ({ type: 'number', minimum: 0, maximum: 100, ...desc(description) });
const rate = (description?: string): JsonSchema => ({ type: 'number', minimum: 0, maximum: 1, ...desc(description) });
const year = (): JsonSchema => ({ type: 'integer', minimum: 2000, maximum: 2100, description: 'Calendar year.' });
const oneOfValues = (values: readonly string[], description?: string): JsonSchema => ({
  type: 'string',
  enum: [...values],
  ...desc(description),
});
const constant = (value: string, description?: string): JsonSchema => ({ type: 'string', const: value, ...desc(description) });
const changed = (): JsonSchema => ({
  type: 'array',
  items: { type: 'string', minLength: 1 },
  minItems: 1,
  uniqueItems: true,
  description: 'Names of the properties that changed.',
});

/** The same schema that also admits null (`type: [t, 'null']`, and null in `enum` if any). */
function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string' && schema.type !== 'object' && schema.type !== 'array' && !('const' in schema)) {
    return { ...schema, type: [schema.type, 'null'], ...(schema.enum ? { enum: [...schema.enum, null] } : {}) };
  }
  const { description, ...rest } = schema;
  return { ...desc(description), anyOf: [rest, { type: 'null' }] };
}

/** An object whose properties are all required except those named in `optional`. */
function object(properties: Record<string, JsonSchema>, optional: string[] = [], description?: string): JsonSchema {
  return {
    type: 'object',
    ...desc(description),
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
  };
}

function arrayOf(items: JsonSchema, description?: string, extra: Partial<JsonSchema> = {}): JsonSchema {
  return { type: 'array', items, ...desc(description), ...extra };
}

function desc(description?: string): { description?: string } {
  return description ? { description } : {};
}

// Roster ---------------------------------------------------------------------------------------

const unitProperties: Record<string, JsonSchema> = {
  id: uuid('Unit id.'),
  code: name('Unit code, unique per tenant.'),
  name: name('单位名称.'),
  kind: oneOfValues(UNIT_KINDS, '区直部门 department, 镇 town, 街道 street, 开发区 zone.'),
  fieldId: nullable(uuid('领域 of the unit.')),
};

const teamProperties: Record<string, JsonSchema> = {
  id: uuid('Team id.'),
  unitId: uuid('The unit whose leadership team this is.'),
  name: name('领导班子名称.'),
};

const cadreProperties: Record<string, JsonSchema> = {
  id: uuid('Cadre id.'),
  personnelNo: name('人员编号, unique per tenant.'),
  name: name('姓名.'),
  gender: oneOfValues(GENDERS),
  birthDate: date('出生日期.'),
  unitId: uuid(),
  teamId: nullable(uuid('领导班子 the cadre belongs to.')),
  teamRole: nullable(oneOfValues(TEAM_ROLES, 'Role in the team: principal 主要负责人, deputy 副职, member 成员.')),
  fieldId: nullable(uuid('领域; defaults to the unit’s field.')),
  position: name('职务.'),
  rank: nullable(text('职级.')),
  isPrincipal: bool('主要负责人.'),
  partyMember: bool('中共党员.'),
  education: nullable(text('学历.')),
  status: oneOfValues(CADRE_STATUSES, 'active is appraised; the others are kept for history.'),
  versionNo: {
    type: 'integer',
    minimum: 1,
    description: 'Number of this version in the roster history: 1 when created, +1 on every change.',
  },
};

const placement = object(
  {
    unitId: uuid(),
    teamId: nullable(uuid()),
    fieldId: nullable(uuid()),
    position: name(),
  },
  [],
  'Where the cadre sat before the transfer.',
);

// Checklists -----------------------------------------------------------------------------------

const indicator = object(
  {
    metric: name('What is measured.'),
    target: { type: 'number', exclusiveMinimum: 0, description: 'Quantified target.' },
    unit: text('Unit of the metric.'),
  },
  [],
  'A quantified target (目标任务量化).',
);

const completionScore = score('100 × Σ weight·min(actual/target, 1) / Σ weight of the whole list.');
const weight: JsonSchema = { type: 'number', exclusiveMinimum: 0, description: 'Weight of the task in the list.' };

const taskSnapshot = object({
  id: uuid('Task id.'),
  title: name(),
  measures: text('措施.'),
  indicator,
  deadline: date(),
  weight,
  status: oneOfValues(TASK_STATUSES),
  actual: nullable({ type: 'number', description: 'Latest reported value; null before any progress.' }),
});

/** What both task events (progressed, overdue) say about the task (TaskEventBaseV1). */
const taskEventBase: Record<string, JsonSchema> = {
  taskId: uuid(),
  taskListId: uuid(),
  cadreId: uuid(),
  year: year(),
  title: name(),
  indicator,
  weight,
  completionScore,
};

// Appraisal ------------------------------------------------------------------------------------

function cycleProperties(status: (typeof CYCLE_STATUSES)[number]): Record<string, JsonSchema> {
  return {
    id: uuid('Cycle id.'),
    kind: oneOfValues(CYCLE_KINDS, 'periodic 定期考核 or random 随机考核.'),
    name: name(),
    year: year(),
    half: { type: ['integer', 'null'], enum: [1, 2, null], description: '1 or 2 for a periodic cycle; null for a random one.' },
    topic: nullable(oneOfValues(RANDOM_TOPICS, 'Topic of a random cycle; null for a periodic one.')),
    opensAt: dateTime(),
    closesAt: dateTime(),
    unitIds: nullable(arrayOf(uuid(), 'Units appraised; null means every unit of the tenant.', { uniqueItems: true })),
    status: constant(status, `Cycle status (${CYCLE_STATUSES.join(' → ')}); always \`${status}\` in this event.`),
  };
}

const applyResult = object(
  {
    score: score(),
    grade: oneOfValues(GRADES, '优秀 / 称职 / 基本称职 / 不称职.'),
    strengths: text('优点.'),
    weaknesses: text('不足.'),
    traits: arrayOf({ type: 'string', minLength: 1 }, '干部画像 traits.'),
    suggestion: text('使用建议.'),
  },
  [],
  'The conclusion of the apply (切) step.',
);

// Analytics ------------------------------------------------------------------------------------

const rankingItem = object({
  cadreId: uuid(),
  composite: score('Weighted mean of the parts present.'),
  rank: nullable({ type: 'integer', minimum: 1, description: 'Ties share a rank; null when excluded.' }),
  percentile: nullable(score('100·(n−rank)/(n−1) over the n ranked cadres; null when excluded.')),
  excluded: nullable(oneOfValues(RANKING_EXCLUSIONS, 'Why the cadre has no rank; null when ranked.')),
});

// Example ids ----------------------------------------------------------------------------------

const ID = {
  field: '0b8e6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a51',
  field2: '0b8e6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a52',
  unit: '1a7c3e2b-4d5f-4a6b-9c8d-7e6f5a4b3c21',
  unit2: '1a7c3e2b-4d5f-4a6b-9c8d-7e6f5a4b3c22',
  team: '2c9d4f3e-5a6b-4c7d-8e9f-0a1b2c3d4e61',
  team2: '2c9d4f3e-5a6b-4c7d-8e9f-0a1b2c3d4e62',
  cadre: '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f71',
  cadre2: '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f72',
  cadre3: '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f73',
  taskList: '4e1f6b5a-7c8d-4e9f-8a0b-2c3d4e5f6a81',
  task: '5f2a7c6b-8d9e-4f0a-9b1c-3d4e5f6a7b91',
  task2: '5f2a7c6b-8d9e-4f0a-9b1c-3d4e5f6a7b92',
  cycle: '6a3b8d7c-9e0f-4a1b-8c2d-4e5f6a7b8c01',
  randomCycle: '6a3b8d7c-9e0f-4a1b-8c2d-4e5f6a7b8c02',
  appraisal: '7b4c9e8d-0f1a-4b2c-9d3e-5f6a7b8c9d11',
  wartime: '8c5d0f9e-1a2b-4c3d-8e4f-6a7b8c9d0e21',
  campaign: '9d6e1a0f-2b3c-4d4e-9f5a-7b8c9d0e1f31',
} as const;

const cadreExample = {
  id: ID.cadre,
  personnelNo: 'LY2021-0137',
  name: '张伟',
  gender: 'male',
  birthDate: '1983-06-14',
  unitId: ID.unit,
  teamId: ID.team,
  teamRole: 'deputy',
  fieldId: ID.field,
  position: '副局长',
  rank: '副科级',
  isPrincipal: false,
  partyMember: true,
  education: '研究生',
  status: 'active',
  versionNo: 1,
} as const;

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

/** The cycle events carry the whole cycle; they differ only in its status. */
function cycleEvent<S extends 'scheduled' | 'open' | 'closed' | 'published'>(status: S, summary: string, summaryZh: string) {
  return {
    version: 1,
    summary,
    summaryZh,
    publisher: 'appraisal' as const,
    aggregate: 'cycle id',
    aggregateKey: 'id' as const,
    payload: object(cycleProperties(status)),
    example: { ...cycleExample, status },
  };
}

const indicatorExample = { metric: '新增市场主体', target: 120, unit: '户' };

// ---------------------------------------------------------------------------------------------

export const EVENT_CATALOG: EventCatalog = {
  'roster.field.created': {
    version: 1,
    summary: 'A field (line of work used for horizontal comparison) was created.',
    summaryZh: '新增领域（系统）',
    publisher: 'roster',
    aggregate: 'field id',
    aggregateKey: 'id',
    payload: object({ id: uuid('Field id.'), code: name(), name: name('领域名称, e.g. 经济, 党群, 政法.') }),
    example: { id: ID.field, code: 'economy', name: '经济' },
  },
  'roster.unit.created': {
    version: 1,
    summary: 'A unit was created; carries the whole unit.',
    summaryZh: '新增单位',
    publisher: 'roster',
    aggregate: 'unit id',
    aggregateKey: 'id',
    payload: object(unitProperties),
    example: { id: ID.unit, code: 'fgj', name: '区发展和改革局', kind: 'department', fieldId: ID.field },
  },
  'roster.unit.updated': {
    version: 1,
    summary: 'A unit changed; carries the whole unit after the change and the names of the changed properties.',
    summaryZh: '单位信息变更',
    publisher: 'roster',
    aggregate: 'unit id',
    aggregateKey: 'id',
    payload: object({ ...unitProperties, changed: changed() }),
    example: {
      id: ID.unit,
      code: 'fgj',
      name: '区发展和改革局（区粮食和物资储备局）',
      kind: 'department',
      fieldId: ID.field,
      changed: ['name'],
    },
  },
  'roster.team.created': {
    version: 1,
    summary: 'A leadership team of a unit was created. Its members are the cadres whose teamId is the team.',
    summaryZh: '新建领导班子',
    publisher: 'roster',
    aggregate: 'team id',
    aggregateKey: 'id',
    payload: object(teamProperties),
    example: { id: ID.team, unitId: ID.unit, name: '区发展和改革局领导班子' },
  },
  'roster.team.updated': {
    version: 1,
    summary: 'A leadership team changed; carries the whole team after the change.',
    summaryZh: '领导班子信息变更',
    publisher: 'roster',
    aggregate: 'team id',
    aggregateKey: 'id',
    payload: object({ ...teamProperties, changed: changed() }),
    example: { id: ID.team, unitId: ID.unit, name: '区发改局领导班子', changed: ['name'] },
  },
  'roster.cadre.created': {
    version: 1,
    summary: 'A cadre was added to the roster; carries the whole cadre (version 1 of its history).',
    summaryZh: '新增干部（建立干部动态档案）',
    publisher: 'roster',
    aggregate: 'cadre id',
    aggregateKey: 'id',
    payload: object(cadreProperties),
    example: { ...cadreExample },
  },
  'roster.cadre.updated': {
    version: 1,
    summary: 'A cadre changed (a new version in the roster history); carries the whole cadre after the change.',
    summaryZh: '干部信息变更（形成新的历史版本）',
    publisher: 'roster',
    aggregate: 'cadre id',
    aggregateKey: 'id',
    payload: object({ ...cadreProperties, changed: changed() }),
    example: { ...cadreExample, rank: '正科级', versionNo: 2, changed: ['rank'] },
  },
  'roster.cadre.transferred': {
    version: 1,
    summary: 'A cadre was transferred to another unit, team or position; carries the cadre after the transfer and where it came from.',
    summaryZh: '干部调动（交流任职）',
    publisher: 'roster',
    aggregate: 'cadre id',
    aggregateKey: 'id',
    payload: object({ ...cadreProperties, from: placement, effectiveDate: date('Date the transfer takes effect.') }),
    example: {
      ...cadreExample,
      unitId: ID.unit2,
      teamId: ID.team2,
      fieldId: ID.field2,
      position: '党委副书记',
      versionNo: 3,
      from: { unitId: ID.unit, teamId: ID.team, fieldId: ID.field, position: '副局长' },
      effectiveDate: '2025-03-01',
    },
  },

  'checklists.political.verdict_changed': {
    version: 1,
    summary:
      'The gate verdict of a cadre’s political file changed (a fail removes the cadre from ranking and excellence); carries all 6 dimensions.',
    summaryZh: '政治体检档案结论变化（首关不过，余关莫论）',
    publisher: 'checklists',
    aggregate: 'cadre id',
    aggregateKey: 'cadreId',
    payload: object({
      cadreId: uuid(),
      from: nullable(oneOfValues(POLITICAL_VERDICTS, 'Verdict before; null when the cadre had no file yet (counts as pass).')),
      to: oneOfValues(POLITICAL_VERDICTS, 'Verdict after.'),
      dimensions: arrayOf(
        object({
          key: oneOfValues(POLITICAL_DIMENSIONS),
          status: oneOfValues(DIMENSION_STATUSES),
          positives: count('Positive observations counted by the rule.'),
          negatives: count('Negative observations counted by the rule.'),
        }),
        'All 6 dimensions after the change.',
        { minItems: POLITICAL_DIMENSIONS.length, maxItems: POLITICAL_DIMENSIONS.length },
      ),
    }),
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
  },
  'checklists.tasklist.signed': {
    version: 1,
    summary: 'A cadre signed the commitment of an approved annual task list; carries every task.',
    summaryZh: '任务清单签订承诺书（军令状）',
    publisher: 'checklists',
    aggregate: 'task list id',
    aggregateKey: 'taskListId',
    payload: object({
      taskListId: uuid(),
      cadreId: uuid(),
      year: year(),
      status: constant('signed'),
      signedAt: dateTime(),
      tasks: arrayOf(taskSnapshot, 'Every task of the list.', { minItems: 1 }),
      completionScore,
    }),
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
  },
  'checklists.task.progressed': {
    version: 1,
    summary: 'Progress was reported on a task; carries the task and the completion score of its list after the report.',
    summaryZh: '任务进展填报',
    publisher: 'checklists',
    aggregate: 'task list id',
    aggregateKey: 'taskListId',
    payload: object({
      ...taskEventBase,
      actual: { type: 'number', description: 'The value reported.' },
      note: nullable(text()),
      status: oneOfValues(TASK_STATUSES, 'Status of the task after this report.'),
    }),
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
  },
  'checklists.task.overdue': {
    version: 1,
    summary: 'A task passed its deadline without being completed.',
    summaryZh: '任务逾期未完成',
    publisher: 'checklists',
    aggregate: 'task list id',
    aggregateKey: 'taskListId',
    payload: object({
      ...taskEventBase,
      deadline: date(),
      actual: nullable({ type: 'number', description: 'Latest reported value; null when none.' }),
      status: constant('overdue'),
    }),
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
  },

  'appraisal.cycle.scheduled': cycleEvent(
    'scheduled',
    'An appraisal cycle was created, or changed while still scheduled; carries the whole cycle.',
    '考核周期已创建（待开启）',
  ),
  'appraisal.cycle.opened': cycleEvent('open', 'An appraisal cycle opened (by the job at opensAt, actor null, or by hand); carries the whole cycle.', '考核周期开启'),
  'appraisal.cycle.closed': cycleEvent('closed', 'An appraisal cycle closed; no more records or ballots are accepted.', '考核周期关闭'),
  'appraisal.cycle.published': cycleEvent(
    'published',
    'The results of an appraisal cycle were published and may be used (selection, awards, follow-up).',
    '考核结果发布（考用结合）',
  ),
  'appraisal.step.recorded': {
    version: 1,
    summary:
      'A step of a cadre’s appraisal (look, listen, ask, apply) was recorded; the apply step carries the score, grade and conclusion.',
    summaryZh: '望闻问切考核环节记录',
    publisher: 'appraisal',
    aggregate: 'appraisal id (one per cycle and cadre)',
    aggregateKey: 'appraisalId',
    payload: {
      ...object({
        appraisalId: uuid(),
        cycleId: uuid(),
        cycleKind: oneOfValues(CYCLE_KINDS),
        cadreId: uuid(),
        step: oneOfValues(APPRAISAL_STEPS, '望 look, 闻 listen, 问 ask, 切 apply.'),
        completedSteps: arrayOf(oneOfValues(APPRAISAL_STEPS), 'Steps recorded so far, in 望闻问切 order.', {
          minItems: 1,
          uniqueItems: true,
        }),
        result: nullable(applyResult),
      }),
      if: { properties: { step: { const: 'apply' } } },
      then: { properties: { result: { type: 'object' } } },
      else: { properties: { result: { type: 'null' } } },
    },
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
  },
  'appraisal.wartime.recorded': {
    version: 1,
    summary: 'A dated record of a cadre’s conduct during a random cycle (wartime file) was added.',
    summaryZh: '战时档案记录',
    publisher: 'appraisal',
    aggregate: 'cadre id (the cadre’s wartime file)',
    aggregateKey: 'cadreId',
    payload: object({
      recordId: uuid(),
      cycleId: uuid(),
      topic: nullable(oneOfValues(RANDOM_TOPICS)),
      cadreId: uuid(),
      date: date(),
      role: name('Role held, e.g. 防控专班组长.'),
      volunteered: bool('主动请战.'),
      dutyHours: { type: 'number', minimum: 0 },
      performance: oneOfValues(WARTIME_PERFORMANCES),
      note: nullable(text()),
    }),
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
    },
  },
  'appraisal.group.updated': {
    version: 1,
    summary: 'An assessment group changed: its assessors (user ids) and the cadres they appraise, as they stand now.',
    summaryZh: '考核组成员或考核对象变更',
    publisher: 'appraisal',
    aggregate: 'assessment group id',
    aggregateKey: 'groupId',
    payload: object({
      groupId: uuid(),
      name: name('考核组名称.'),
      assessorUserIds: arrayOf(uuid(), 'Users who assess (role assessor).'),
      cadreIds: arrayOf(uuid(), 'Cadres the group appraises.'),
    }),
    example: {
      groupId: '7b4c9e2d-3a1f-4e5b-8c6d-2f1e0a9b8c71',
      name: '第一考核组',
      assessorUserIds: ['f1b2c3d4-e5f6-4a70-9b8c-0d1e2f3a4b5c'],
      cadreIds: [ID.cadre],
    },
  },

  'review.ballot.cast': {
    version: 3,
    summary:
      'Ballots were cast: one event per campaign once its cycle has closed, counting all its ballots (version 2 was one per written batch, version 1 one per ballot: their times ordered the batches). Anonymous by design: no voter identity, token, ballot id or content, only counts and the day; the envelope has actor null and occurredAt at the start of that day.',
    summaryZh: '民主测评投票汇总（周期关闭后按测评活动一次，匿名，不含投票人信息）',
    publisher: 'review',
    aggregate: 'campaign id',
    aggregateKey: 'campaignId',
    payload: object({
      campaignId: uuid(),
      cycleId: uuid(),
      ballots: { ...count('Ballots cast in the campaign.'), minimum: 1 },
      targetIds: arrayOf(uuid(), 'Every target rated on at least one of these ballots.', { minItems: 1, uniqueItems: true }),
      voterGroups: arrayOf(
        object({ group: name('Voter group of the campaign’s voter list.'), ballots: { ...count('Ballots from this group.'), minimum: 1 } }),
        'Ballots per voter group.',
        { minItems: 1 },
      ),
      day: date('Calendar day the count was taken (after the cycle closed).'),
    }),
    example: {
      campaignId: ID.campaign,
      cycleId: ID.cycle,
      ballots: 12,
      targetIds: [ID.cadre, ID.cadre2, ID.cadre3],
      voterGroups: [
        { group: '中层干部', ballots: 9 },
        { group: '班子成员', ballots: 3 },
      ],
      day: '2025-06-25',
    },
  },
  'review.results.updated': {
    version: 2,
    summary:
      'The final results of a review campaign, published once its cycle has closed; carries the whole result and participation. Version 2: a target with fewer ballots than the tenant’s minGroupSize is suppressed (its numbers null).',
    summaryZh: '测评结果（周期关闭后发布，样本不足的对象不予显示，含参评率）',
    publisher: 'review',
    aggregate: 'campaign id',
    aggregateKey: 'campaignId',
    payload: object({
      campaignId: uuid(),
      cycleId: uuid(),
      direction: oneOfValues(CAMPAIGN_DIRECTIONS, 'top_down, bottom_up (towns/streets/zones rate departments) or peer.'),
      subject: oneOfValues(CAMPAIGN_SUBJECTS, 'Targets are cadres or units.'),
      participation: object({ issued: count('Tokens issued.'), cast: count('Ballots cast.'), rate: rate('cast / issued.') }),
      results: arrayOf(
        object({
          targetId: uuid(),
          ballots: count(),
          suppressed: { type: 'boolean', description: 'Fewer ballots than minGroupSize: the numbers are null; treat as no result.' },
          gradeCounts: nullable(object(Object.fromEntries(GRADES.map((grade) => [grade, count()])))),
          excellentRate: nullable(rate('Share of excellent grades; null when suppressed.')),
          score: nullable(score('Trimmed mean of ballot values (weighted by shown voter groups when the campaign has weights); null when suppressed or without a score.')),
        }),
        'One entry per target of the campaign.',
      ),
    }),
    example: {
      campaignId: ID.campaign,
      cycleId: ID.cycle,
      direction: 'top_down',
      subject: 'cadre',
      participation: { issued: 40, cast: 32, rate: 0.8 },
      results: [
        {
          targetId: ID.cadre,
          ballots: 32,
          suppressed: false,
          gradeCounts: { excellent: 20, competent: 11, basically_competent: 1, incompetent: 0 },
          excellentRate: 0.625,
          score: 88.4,
        },
        {
          targetId: ID.cadre2,
          ballots: 3,
          suppressed: true,
          gradeCounts: null,
          excellentRate: null,
          score: null,
        },
      ],
    },
  },

  'analytics.rankings.recomputed': {
    version: 1,
    summary:
      'The ranking of one scope (a team, vertical; a field, horizontal) of a cycle was recomputed; one event per scope, carrying its whole ranking.',
    summaryZh: '比对考核排名重新计算',
    publisher: 'analytics',
    aggregate: 'cycle id',
    aggregateKey: 'cycleId',
    payload: object({
      cycleId: uuid(),
      scope: oneOfValues(RANKING_SCOPES, 'vertical: inside a team; horizontal: inside a field.'),
      scopeId: uuid('The team id for vertical, the field id for horizontal.'),
      revision: { type: 'integer', minimum: 1, description: 'Increases with every recomputation of the cycle.' },
      computedAt: dateTime(),
      items: arrayOf(rankingItem, 'Ranked cadres by rank, then the excluded ones.'),
    }),
    example: {
      cycleId: ID.cycle,
      scope: 'vertical',
      scopeId: ID.team,
      revision: 3,
      computedAt: '2025-07-11T02:00:05+08:00',
      items: [
        { cadreId: ID.cadre2, composite: 90.2, rank: 1, percentile: 100, excluded: null },
        { cadreId: ID.cadre, composite: 87.6, rank: 2, percentile: 0, excluded: null },
        { cadreId: ID.cadre3, composite: 85.1, rank: null, percentile: null, excluded: 'political_gate' },
      ],
    },
  },
} satisfies EventCatalog;

/** Every event type, in catalog order. */
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, value);
}

/** The payload schema of a type as a standalone draft-07 document (with `$schema`). */
export function eventPayloadSchema(type: EventType): JsonSchema {
  return { $schema: JSON_SCHEMA_DRAFT_07, title: `${type} v${EVENT_CATALOG[type].version}`, ...EVENT_CATALOG[type].payload };
}

/** The envelope's `aggregateId` for a payload of this type (the payload's `aggregateKey` property). */
export function eventAggregateId<T extends EventType>(type: T, data: EventPayloads[T]): string {
  const key = EVENT_CATALOG[type].aggregateKey as keyof EventPayloads[T];
  return String(data[key]);
}

const actorSchema: JsonSchema = nullable(
  object(
    {
      userId: uuid('The user who caused the event.'),
      username: name(),
    },
    ['username'],
    'Who caused the event; null when a job or the system did.',
  ),
);

/**
 * JSON Schema (draft-07) of the whole envelope of one event type, `data` being that type's payload:
 * `{ id, type, version, tenantId, occurredAt, actor, aggregateId, data }`.
 */
export function eventEnvelopeSchema(type: EventType): JsonSchema {
  const spec: AnyEventSpec = EVENT_CATALOG[type];
  return object(
    {
      id: uuid('Event id; also the Nats-Msg-Id header. Consumers dedupe by it.'),
      type: constant(type, 'Event type; the subject is `evt.<type>`.'),
      version: { type: 'integer', const: spec.version, description: 'Version of the payload schema.' },
      tenantId: uuid('The tenant (组织部) the event belongs to.'),
      occurredAt: dateTime('When the change happened (ISO 8601 with offset).'),
      actor: actorSchema,
      aggregateId: uuid(`Id of the aggregate: the ${spec.aggregate} (equals data.${spec.aggregateKey}).`),
      data: { ...spec.payload, description: spec.summary },
    },
    [],
    `Envelope of ${type} v${spec.version}.`,
  );
}

/** Ids used by example envelopes. */
export const EXAMPLE_TENANT_ID = 'e0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b';
const EXAMPLE_USER_ID = 'f1b2c3d4-e5f6-4a70-9b8c-0d1e2f3a4b5c';

/** A valid envelope around the catalog's example payload of a type. */
export function exampleEnvelope<T extends EventType>(type: T): EventEnvelope<T> {
  const spec = EVENT_CATALOG[type] as EventSpec<EventPayloads[T]>;
  const index = EVENT_TYPES.indexOf(type) + 1;
  const bySystem = type === 'appraisal.cycle.opened' || type === 'analytics.rankings.recomputed';
  const anonymous = type === 'review.ballot.cast';
  const data = spec.example;
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    type,
    version: spec.version,
    tenantId: EXAMPLE_TENANT_ID,
    occurredAt: anonymous
      ? `${(data as EventPayloads['review.ballot.cast']).day}T00:00:00Z`
      : '2025-07-01T10:15:30+08:00',
    actor: bySystem || anonymous ? null : { userId: EXAMPLE_USER_ID, username: 'officer' },
    aggregateId: eventAggregateId(type, data),
    data,
  };
}
