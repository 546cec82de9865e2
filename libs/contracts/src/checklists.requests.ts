import type {
  IndicatorV1,
  PoliticalDimension,
  PoliticalDimensionStateV1,
  PoliticalVerdict,
  TaskListStatus,
  TaskSnapshotV1,
} from './checklists.events';
import type { ByCadre, NoPayload, Page, PageQuery } from './requests';

export const CHECKLISTS_REQUESTS = {
  dimensions: 'checklists.political.dimensions',
  updateDimensions: 'checklists.political.dimensions.update',
  rule: 'checklists.political.rule',
  updateRule: 'checklists.political.rule.update',
  observe: 'checklists.political.observe',
  politicalFile: 'checklists.political.file',
  addResponsibility: 'checklists.responsibilities.add',
  listResponsibilities: 'checklists.responsibilities.list',
  fulfil: 'checklists.responsibilities.fulfil',
  rate: 'checklists.responsibilities.rate',
  priorities: 'checklists.priorities.list',
  updatePriorities: 'checklists.priorities.update',
  addTask: 'checklists.tasks.add',
  taskList: 'checklists.tasklists.get',
  transition: 'checklists.tasklists.transition',
  progress: 'checklists.tasks.progress',
  overdueTasks: 'checklists.tasks.overdue',
  /** Per unit, its active cadres' task completion and responsibility fulfilment of a year (review's 含金量 cross-check). */
  unitFulfilment: 'checklists.units.fulfilment',
} as const;

export interface UnitFulfilmentQuery {
  year: number;
  unitIds: string[];
}

export interface UnitFulfilmentView {
  unitId: string;
  /** Active cadres of the unit. */
  cadres: number;
  /** Mean completion score (0..100) of the cadres' approved or signed task lists of the year; null without any. */
  taskCompletion: number | null;
  /** Mean fulfilment rate (0..1) of the cadres' responsibilities of the year; null without any. */
  responsibilityFulfilment: number | null;
}

export interface DimensionTemplateView {
  key: PoliticalDimension;
  name: string;
  description: string;
  indicators: string[];
}

export interface VerdictRuleView {
  windowMonths: number;
  badRedLines: number;
  badMajors: number;
  watchMajors: number;
  watchMinors: number;
}

export interface ObservationInput {
  cadreId: string;
  dimension: PoliticalDimension;
  polarity: 'positive' | 'negative';
  severity: 'minor' | 'major' | 'red_line';
  evidence: string;
  occurredAt: string;
  source: string;
}

export interface ObservationView extends Omit<ObservationInput, 'cadreId'> {
  id: string;
  recordedBy: string;
  recordedAt: string;
}

export interface PoliticalFileView {
  cadreId: string;
  verdict: PoliticalVerdict;
  dimensions: Array<PoliticalDimensionStateV1 & { name: string }>;
  observations: ObservationView[];
  updatedAt: string | null;
}

export interface ResponsibilityInput {
  cadreId: string;
  year: number;
  duty: string;
  target: IndicatorV1;
  measures: string;
}

export interface ResponsibilityView extends Omit<ResponsibilityInput, 'cadreId'> {
  id: string;
  cadreId: string;
  actual: number | null;
  /** min(actual / target, 1), 0..1; 0 before any fulfilment. */
  fulfillmentRate: number;
  fulfillments: Array<{ actual: number; evidence: string; recordedBy: string; recordedAt: string }>;
  rating: {
    grade: 'excellent' | 'good' | 'fair' | 'poor';
    comment: string | null;
    ratedBy: string;
    ratedAt: string;
  } | null;
}

/** A page of the cadre's duties; the rate is of all of them (every page), not of the page. */
export interface ResponsibilitiesView extends Page<ResponsibilityView> {
  cadreId: string;
  year: number | null;
  /** Mean fulfilment rate of the items, 0..1. */
  fulfillmentRate: number;
}

export interface PriorityView {
  code: string;
  name: string;
}

export interface TaskInput {
  cadreId: string;
  year: number;
  title: string;
  priority?: string | null;
  /** The cadre's post duty (an item of their responsibility list of that year) the task serves. */
  responsibilityId?: string | null;
  measures: string;
  indicator: IndicatorV1;
  deadline: string;
  weight: number;
}

/** A task as the API shows it: the event's snapshot and the annual priority it is linked to. */
export interface TaskView extends TaskSnapshotV1 {
  priority: string | null;
  responsibilityId: string | null;
}

export const TASK_LIST_ACTIONS = ['submit', 'approve', 'return', 'sign', 'amend'] as const;
export type TaskListAction = (typeof TASK_LIST_ACTIONS)[number];

export interface TaskListTransition {
  cadreId: string;
  year: number;
  action: TaskListAction;
  reason?: string;
}

/** A task past its deadline and not done, for the organization department's warnings. */
export interface OverdueTaskView {
  id: string;
  cadreId: string;
  cadreName: string | null;
  year: number;
  title: string;
  deadline: string;
  indicator: IndicatorV1;
  actual: number | null;
}

export interface TaskListView {
  id: string | null;
  cadreId: string;
  year: number;
  status: TaskListStatus;
  signedAt: string | null;
  returnedReason: string | null;
  amendments: number;
  tasks: TaskView[];
  completionScore: number;
  history: Array<{ action: string; by: string; reason: string | null; at: string }>;
}

export interface ProgressInput {
  taskId: string;
  actual: number;
  note?: string | null;
}

export interface UpdateDimensionsCommand {
  dimensions: DimensionTemplateView[];
}

export interface ListResponsibilitiesQuery extends PageQuery {
  cadreId: string;
  /** Without it: every year of the cadre. */
  year?: number;
}

export interface FulfilmentInput {
  responsibilityId: string;
  actual: number;
  evidence: string;
}

export type ResponsibilityGrade = NonNullable<ResponsibilityView['rating']>['grade'];

export interface ResponsibilityRatingInput {
  responsibilityId: string;
  grade: ResponsibilityGrade;
  comment?: string | null;
}

export interface PrioritiesQuery {
  year: number;
}

export interface UpdatePrioritiesCommand {
  year: number;
  items: PriorityView[];
}

export interface TaskListQuery {
  cadreId: string;
  year: number;
}

export type OverdueTasksQuery = PageQuery;

/** What each pattern of {@link CHECKLISTS_REQUESTS} takes and answers (merged into `RequestMap`, requests.ts). */
export interface ChecklistsRequests {
  [CHECKLISTS_REQUESTS.dimensions]: { payload: NoPayload; reply: DimensionTemplateView[] };
  [CHECKLISTS_REQUESTS.updateDimensions]: { payload: UpdateDimensionsCommand; reply: DimensionTemplateView[] };
  [CHECKLISTS_REQUESTS.rule]: { payload: NoPayload; reply: VerdictRuleView };
  [CHECKLISTS_REQUESTS.updateRule]: { payload: VerdictRuleView; reply: VerdictRuleView };
  [CHECKLISTS_REQUESTS.observe]: { payload: ObservationInput; reply: PoliticalFileView };
  [CHECKLISTS_REQUESTS.politicalFile]: { payload: ByCadre; reply: PoliticalFileView };
  [CHECKLISTS_REQUESTS.addResponsibility]: { payload: ResponsibilityInput; reply: ResponsibilityView };
  [CHECKLISTS_REQUESTS.listResponsibilities]: { payload: ListResponsibilitiesQuery; reply: ResponsibilitiesView };
  [CHECKLISTS_REQUESTS.fulfil]: { payload: FulfilmentInput; reply: ResponsibilityView };
  [CHECKLISTS_REQUESTS.rate]: { payload: ResponsibilityRatingInput; reply: ResponsibilityView };
  [CHECKLISTS_REQUESTS.priorities]: { payload: PrioritiesQuery; reply: PriorityView[] };
  [CHECKLISTS_REQUESTS.updatePriorities]: { payload: UpdatePrioritiesCommand; reply: PriorityView[] };
  [CHECKLISTS_REQUESTS.addTask]: { payload: TaskInput; reply: TaskListView };
  [CHECKLISTS_REQUESTS.taskList]: { payload: TaskListQuery; reply: TaskListView };
  [CHECKLISTS_REQUESTS.transition]: { payload: TaskListTransition; reply: TaskListView };
  [CHECKLISTS_REQUESTS.progress]: { payload: ProgressInput; reply: TaskListView };
  [CHECKLISTS_REQUESTS.overdueTasks]: { payload: OverdueTasksQuery; reply: Page<OverdueTaskView> };
  [CHECKLISTS_REQUESTS.unitFulfilment]: { payload: UnitFulfilmentQuery; reply: { items: UnitFulfilmentView[] } };
}
