import type {
  AppraisalStep,
  ApplyResultV1,
  CycleKind,
  CycleStatus,
  Grade,
  RandomTopic,
  TeamApplyResultV1,
  TeamRunningState,
  QualityGrade,
  WartimePerformance,
  WartimeQualitiesV2,
  WartimeQuality,
} from './appraisal.events';
import type { ByCadre, ById, NoPayload, Page, PageQuery } from './requests';

/** A group's changes, the latest first, a page at a time. */
export interface GroupChangesQuery extends ById, PageQuery {}

/** Request-reply patterns the gateway uses to reach the appraisal service. */
export const APPRAISAL_REQUESTS = {
  createCycle: 'appraisal.cycles.create',
  listCycles: 'appraisal.cycles.list',
  getCycle: 'appraisal.cycles.get',
  transition: 'appraisal.cycles.transition',
  getSchedule: 'appraisal.schedule.get',
  putSchedule: 'appraisal.schedule.put',
  createGroup: 'appraisal.groups.create',
  updateGroup: 'appraisal.groups.update',
  listGroups: 'appraisal.groups.list',
  groupChanges: 'appraisal.groups.changes',
  recordStep: 'appraisal.steps.record',
  listAppraisals: 'appraisal.appraisals.list',
  recordTeamStep: 'appraisal.team-steps.record',
  listTeamAppraisals: 'appraisal.team-appraisals.list',
  addWartime: 'appraisal.wartime.add',
  wartimeFile: 'appraisal.wartime.file',
  notifications: 'appraisal.notifications.list',
  markRead: 'appraisal.notifications.read',
  getChannels: 'appraisal.channels.get',
  putChannels: 'appraisal.channels.put',
} as const;

/** What a hand transition does: `open`, `close` or `publish`. */
export const CYCLE_ACTIONS = ['open', 'close', 'publish'] as const;
export type CycleAction = (typeof CYCLE_ACTIONS)[number];

/** 使用建议 of the apply step: keep 留任, promote 提拔, rotate 轮岗交流, talk 谈话提醒, adjust 组织调整. */
export const SUGGESTIONS = ['keep', 'promote', 'rotate', 'talk', 'adjust'] as const;
export type Suggestion = (typeof SUGGESTIONS)[number];

/** Severity of a problem found in interviews (问). */
export const PROBLEM_SEVERITIES = ['minor', 'moderate', 'serious'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

export interface CreateCycleCommand {
  kind: CycleKind;
  name: string;
  year: number;
  half?: 1 | 2;
  topic?: RandomTopic;
  opensAt: string;
  closesAt: string;
  unitIds?: string[];
  /** Hours before `closesAt` at which unfinished work is reminded; fractions allowed. */
  reminderOffsetsHours?: number[];
}

export interface CycleView {
  id: string;
  kind: CycleKind;
  name: string;
  year: number;
  half: 1 | 2 | null;
  topic: RandomTopic | null;
  opensAt: string;
  closesAt: string;
  unitIds: string[] | null;
  reminderOffsetsHours: number[];
  status: CycleStatus;
  openedAt: string | null;
  closedAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  /** Progress of the four steps in a periodic cycle: cadres in scope and appraisals with all four steps. */
  progress?: { cadres: number; completed: number };
}

export interface ListCyclesQuery {
  status?: CycleStatus;
  kind?: CycleKind;
  year?: number;
  limit?: number;
  cursor?: string;
}

export interface ScheduleWindow {
  half: 1 | 2;
  /** `MM-DD`, in the tenant's time zone, 00:00. */
  opens: string;
  /** `MM-DD`, in the tenant's time zone, end of day; earlier than `opens` means the next year. */
  closes: string;
}

export interface CycleScheduleCommand {
  enabled: boolean;
  windows: ScheduleWindow[];
  reminderOffsetsHours?: number[];
  /** Filled in by the gateway from the tenant. */
  timezone: string;
}

export interface CycleScheduleView extends CycleScheduleCommand {
  /** How many days before a window opens its cycle is created. */
  leadDays: number;
  /** The next cycle the schedule will create (or has created), in the tenant's time zone. */
  next: { year: number; half: 1 | 2; opensAt: string; closesAt: string; cycleId: string | null } | null;
  updatedAt: string | null;
}

export interface AssessmentGroupCommand {
  name: string;
  assessorUserIds: string[];
  cadreIds: string[];
}

export interface UpdateAssessmentGroupCommand extends AssessmentGroupCommand {
  id: string;
  /** Why the group changed: it is kept the same across cycles unless changed on purpose. */
  reason: string;
}

export interface AssessmentGroupView extends AssessmentGroupCommand {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface AssessmentGroupChangeView {
  id: string;
  reason: string;
  changedBy: string;
  changedAt: string;
  assessorsAdded: string[];
  assessorsRemoved: string[];
  cadresAdded: string[];
  cadresRemoved: string[];
}

export interface ReportRef {
  /** 述职报告 / 工作总结 / 其他材料. */
  kind: 'report' | 'summary' | 'other';
  title: string;
  /** A link to the file (intranet document system); absent when the text is given. */
  url?: string;
  text?: string;
}

export interface LookContent {
  reports: ReportRef[];
  notes: string;
}

export interface ListenContent {
  notes: string;
}

export interface ProblemFound {
  description: string;
  severity: ProblemSeverity;
  followUp: string;
}

export interface AskContent {
  problems: ProblemFound[];
  notes?: string;
}

export interface ApplyContent extends ApplyResultV1 {
  suggestion: Suggestion;
  suggestionNote?: string;
}

export type StepContent = LookContent | ListenContent | AskContent | ApplyContent;

export interface RecordStepCommand {
  cycleId: string;
  cadreId: string;
  step: AppraisalStep;
  content: StepContent;
}

/** 切 of a team (班子考核): the team's score and 班子运行状态, its problems, what to rectify, the suggestion. */
export type TeamApplyContent = TeamApplyResultV1;

/** A team's 望, 闻 and 问 take what a cadre's do. */
export type TeamStepContent = LookContent | ListenContent | AskContent | TeamApplyContent;

export interface RecordTeamStepCommand {
  cycleId: string;
  teamId: string;
  step: AppraisalStep;
  content: TeamStepContent;
}

/** A leadership team's appraisal in a periodic cycle (none yet: `id` null, no steps). */
export interface TeamAppraisalView {
  id: string | null;
  cycleId: string;
  teamId: string;
  teamName: string;
  unitId: string;
  completedSteps: AppraisalStep[];
  nextStep: AppraisalStep | null;
  steps: Partial<Record<AppraisalStep, { content: TeamStepContent; recordedBy: string; recordedAt: string }>>;
  /** From the apply step: null before it. */
  score: number | null;
  runningState: TeamRunningState | null;
}

export interface ListTeamAppraisalsQuery {
  cycleId: string;
  teamId?: string;
  limit?: number;
  cursor?: string;
}

/** Democratic evaluation of the cadre in the cycle, as review last published it (闻). */
export interface DemocraticResultView {
  campaignId: string;
  ballots: number;
  excellentRate: number;
  score: number | null;
  gradeCounts: Record<Grade, number>;
}

export interface AppraisalView {
  id: string | null;
  cycleId: string;
  cadreId: string;
  cadreName: string;
  completedSteps: AppraisalStep[];
  /** The next step an assessor may record, null when all four are done. */
  nextStep: AppraisalStep | null;
  steps: Partial<Record<AppraisalStep, { content: StepContent; recordedBy: string; recordedAt: string }>>;
  democratic: DemocraticResultView[];
  politicalVerdict: 'pass' | 'attention' | 'fail';
}

export interface WartimeRecordCommand {
  cycleId: string;
  cadreId: string;
  date: string;
  role: string;
  volunteered: boolean;
  dutyHours: number;
  performance: WartimePerformance;
  note?: string;
  commendation?: string;
  penalty?: string;
  /** The six qualities, each graded with the fact it rests on (all six, or none: an older kind of record). */
  qualities?: WartimeQualitiesV2;
  /** Tasks of the cadre's signed task list of the cycle's year followed on the spot. */
  tasks?: Array<{ taskId: string; progressChecked: number; note?: string }>;
}

/** A task followed in a wartime record, with its title as the task list had it. */
export interface WartimeTaskCheckView {
  taskId: string;
  title: string;
  progressChecked: number;
  note: string | null;
}

export interface WartimeRecordView extends Omit<
  WartimeRecordCommand,
  'note' | 'commendation' | 'penalty' | 'qualities' | 'tasks'
> {
  id: string;
  cycleName: string;
  topic: RandomTopic | null;
  note: string | null;
  commendation: string | null;
  penalty: string | null;
  /** Null on a record that judged no qualities (written before they were asked for). */
  qualities: WartimeQualitiesV2 | null;
  tasks: WartimeTaskCheckView[];
  /** The record's points, 0..100: the mean of its qualities' points, else its performance's. */
  points: number;
  recordedAt: string;
}

/** One quality of a cadre over the records of a topic, in date order. */
export interface WartimeQualitySeriesView {
  quality: WartimeQuality;
  /** 政治素质, 大局观念 … */
  name: string;
  points: Array<{ date: string; recordId: string; grade: QualityGrade; points: number }>;
  /** Mean points of the series; null without any judgement. */
  mean: number | null;
}

/**
 * The long run (长期的"战斗劲头"), not the moment's courage (一时的"请战之勇"): over the weeks of the
 * topic's events, how many the cadre was there in, how long without a break, and how well.
 */
export interface WartimeLongRunView {
  /** Weeks the topic's events ran: from the week each opened to the week of its latest record (any cadre's). */
  eventWeeks: number;
  /** Of those, weeks with at least one record of the cadre. */
  weeksPresent: number;
  /** weeksPresent / eventWeeks, 0..1. */
  participation: number;
  /** The longest run of consecutive event weeks with a record. */
  longestStreak: number;
  /** Mean of the cadre's weekly points (each week the mean of its records' points), 0..100. */
  performance: number;
  /** participation × performance, 0..100: high only for who kept going, and kept doing well. */
  score: number;
}

/** A cadre's wartime file for one topic (疫情防控, 抢险救灾 …). */
export interface WartimeTopicView {
  topic: RandomTopic | null;
  events: number;
  records: number;
  volunteered: number;
  qualities: WartimeQualitySeriesView[];
  longRun: WartimeLongRunView;
}

export interface WartimeWeekView {
  /** ISO week `YYYY-Www`. */
  week: string;
  records: number;
  dutyHours: number;
  volunteered: number;
  /** Mean performance this week, 0..100 (outstanding 100, good 80, fair 60, poor 30). */
  spirit: number;
}

export interface WartimeFileView {
  cadreId: string;
  records: WartimeRecordView[];
  summary: {
    events: number;
    records: number;
    firstVolunteeredOn: string | null;
    volunteered: number;
    totalDutyHours: number;
    outstanding: number;
    commendations: number;
    penalties: number;
    /** Mean of the weekly spirit, 0..100; null without records. */
    spirit: number | null;
    /** Whether the spirit held up: the last quarter of weeks against the first. */
    trend: 'rising' | 'falling' | 'stable' | null;
  };
  weekly: WartimeWeekView[];
  /** Per topic: the qualities over time and the long-run measure. */
  byTopic: WartimeTopicView[];
}

export const NOTIFICATION_KINDS = [
  'step_reminder',
  'ballot_reminder',
  'tasklist_reminder',
  'cycle_opened',
  /** A rectification item of a two-way review opinion passed its deadline (review.rectification.overdue). */
  'rectification_overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  cycleId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface ChannelsCommand {
  webhook?: { url: string; secret: string; enabled: boolean } | null;
  smtp?: {
    host: string;
    port: number;
    secure: boolean;
    user?: string;
    password?: string;
    from: string;
    to: string[];
    enabled: boolean;
  } | null;
}

export interface CycleTransitionCommand {
  id: string;
  action: CycleAction;
  /** `publish` only: why the cycle is published although its 优秀 share is over the guideline (kept in the trail). */
  overrideReason?: string;
}

export interface ListAppraisalsQuery {
  cycleId: string;
  cadreId?: string;
  limit?: number;
  cursor?: string;
}

export interface ListNotificationsQuery {
  /** true: only the unread ones. */
  unread?: boolean;
  limit?: number;
  cursor?: string;
}

export interface NotificationsPage extends Page<NotificationView> {
  /** Unread notifications of the caller in all, not only on this page. */
  unread: number;
}

export interface MarkReadCommand {
  /** One notification; without it, all of the caller's. */
  id?: string;
}

export interface MarkReadResult {
  marked: number;
}

/** What each pattern of {@link APPRAISAL_REQUESTS} takes and answers (merged into `RequestMap`, requests.ts). */
export interface AppraisalRequests {
  [APPRAISAL_REQUESTS.createCycle]: { payload: CreateCycleCommand; reply: CycleView };
  [APPRAISAL_REQUESTS.listCycles]: { payload: ListCyclesQuery; reply: Page<CycleView> };
  [APPRAISAL_REQUESTS.getCycle]: { payload: ById; reply: CycleView };
  [APPRAISAL_REQUESTS.transition]: { payload: CycleTransitionCommand; reply: CycleView };
  [APPRAISAL_REQUESTS.getSchedule]: { payload: NoPayload; reply: CycleScheduleView };
  [APPRAISAL_REQUESTS.putSchedule]: { payload: CycleScheduleCommand; reply: CycleScheduleView };
  [APPRAISAL_REQUESTS.createGroup]: { payload: AssessmentGroupCommand; reply: AssessmentGroupView };
  [APPRAISAL_REQUESTS.updateGroup]: { payload: UpdateAssessmentGroupCommand; reply: AssessmentGroupView };
  [APPRAISAL_REQUESTS.listGroups]: { payload: PageQuery; reply: Page<AssessmentGroupView> };
  [APPRAISAL_REQUESTS.groupChanges]: { payload: GroupChangesQuery; reply: Page<AssessmentGroupChangeView> };
  [APPRAISAL_REQUESTS.recordStep]: { payload: RecordStepCommand; reply: AppraisalView };
  [APPRAISAL_REQUESTS.listAppraisals]: { payload: ListAppraisalsQuery; reply: Page<AppraisalView> };
  [APPRAISAL_REQUESTS.recordTeamStep]: { payload: RecordTeamStepCommand; reply: TeamAppraisalView };
  [APPRAISAL_REQUESTS.listTeamAppraisals]: { payload: ListTeamAppraisalsQuery; reply: Page<TeamAppraisalView> };
  [APPRAISAL_REQUESTS.addWartime]: { payload: WartimeRecordCommand; reply: WartimeRecordView };
  [APPRAISAL_REQUESTS.wartimeFile]: { payload: ByCadre; reply: WartimeFileView };
  [APPRAISAL_REQUESTS.notifications]: { payload: ListNotificationsQuery; reply: NotificationsPage };
  [APPRAISAL_REQUESTS.markRead]: { payload: MarkReadCommand; reply: MarkReadResult };
  [APPRAISAL_REQUESTS.getChannels]: { payload: NoPayload; reply: ChannelsCommand };
  [APPRAISAL_REQUESTS.putChannels]: { payload: ChannelsCommand; reply: ChannelsCommand };
}
