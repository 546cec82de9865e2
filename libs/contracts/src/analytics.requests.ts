import type { CalibrationField, RankingExclusion, RankingScope } from './analytics.events';
import type { GradeDistribution } from './calibration';
import type { Grade, TeamRunningState } from './appraisal.events';
import type { PoliticalDimensionStateV1, PoliticalVerdict } from './checklists.events';
import type { UnitKind } from './enums';
import type { ByCadre, ByCycle, ById, NoPayload, Page, PageQuery } from './requests';
import type { CampaignDirection } from './review.events';
import type { UnitWorthView } from './review.requests';
import type { CadreStatus, Gender, TeamRole } from './roster.events';
import type {
  AwardDetailView,
  AwardKind,
  AwardView,
  CoordinatesView,
  RankingsView,
  TeamCoordinatePoint,
  TeamCoordinatesView,
  TeamUnderperformersView,
  SandboxView,
  SelectionView,
  UnderperformersView,
} from './views';

/** Request-reply patterns the gateway uses to reach the analytics service. */
export const ANALYTICS_REQUESTS = {
  rankings: 'analytics.rankings.get',
  coordinates: 'analytics.coordinates.get',
  trend: 'analytics.trend.get',
  weights: 'analytics.weights.get',
  putWeights: 'analytics.weights.put',
  cadreDossier: 'analytics.dossier.cadre',
  teamDossier: 'analytics.dossier.team',
  fieldDossierTeams: 'analytics.dossier.field_teams',
  selection: 'analytics.selection.candidates',
  underperformers: 'analytics.underperformers',
  sandbox: 'analytics.sandbox',
  addBatch: 'analytics.batches.add',
  batches: 'analytics.batches.list',
  batch: 'analytics.batches.get',
  decideBatch: 'analytics.batches.decide',
  selectionStatistics: 'analytics.selection.statistics',
  saveScenario: 'analytics.sandbox.scenarios.save',
  scenarios: 'analytics.sandbox.scenarios.list',
  scenario: 'analytics.sandbox.scenarios.get',
  scenarioBatch: 'analytics.sandbox.scenarios.batch',
  addTalk: 'analytics.talks.add',
  talks: 'analytics.talks.list',
  createAward: 'analytics.awards.create',
  awards: 'analytics.awards.list',
  award: 'analytics.awards.get',
  decideAward: 'analytics.awards.decide',
  awardStory: 'analytics.awards.story',
  publishAward: 'analytics.awards.publish',
  issueRecommendation: 'analytics.awards.recommendation.issue',
  closeRecommendation: 'analytics.awards.recommendation.close',
  /** No login (the gateway's public honours page): a tenant's published winners. */
  publicHonours: 'analytics.awards.public',
  recompute: 'analytics.recompute',
  calibration: 'analytics.calibration.get',
  adjustCalibration: 'analytics.calibration.adjust',
  putCycleGuideline: 'analytics.calibration.guideline.put',
  gradeGuideline: 'analytics.grade-guideline.get',
  putGradeGuideline: 'analytics.grade-guideline.put',
  record: 'analytics.records.get',
  verifyRecords: 'analytics.records.verify',
  teamRankings: 'analytics.team-rankings.get',
  teamTrend: 'analytics.team-trend.get',
  evaluateAnnual: 'analytics.annual.evaluate',
  annualEvaluation: 'analytics.annual.get',
  annualRankings: 'analytics.annual.rankings',
  annualCoordinates: 'analytics.annual.coordinates',
  annualRecord: 'analytics.annual.record',
  annualWeights: 'analytics.annual.weights.get',
  putAnnualWeights: 'analytics.annual.weights.put',
  teamCoordinates: 'analytics.team-coordinates.get',
  teamUnderperformers: 'analytics.team-underperformers',
  teamWeights: 'analytics.team-weights.get',
  putTeamWeights: 'analytics.team-weights.put',
} as const;

/** Weights of the composite's parts (per tenant). Defaults: 0.4, 0.3, 0.2, 0.1. */
export interface CompositeWeights {
  periodic: number;
  democratic: number;
  task: number;
  wartime: number;
}

export const DEFAULT_COMPOSITE_WEIGHTS: CompositeWeights = { periodic: 0.4, democratic: 0.3, task: 0.2, wartime: 0.1 };

/**
 * Weights of a leadership team's composite (班子综合得分): the team's own 切 score, its democratic
 * evaluation as a whole, the unit's bottom-up score from two-way review (departments), and the mean
 * composite of its members. Renormalised over the parts present, as for cadres.
 */
export interface TeamCompositeWeights {
  apply: number;
  democratic: number;
  bottomUp: number;
  members: number;
}

export const DEFAULT_TEAM_COMPOSITE_WEIGHTS: TeamCompositeWeights = {
  apply: 0.4,
  democratic: 0.3,
  bottomUp: 0.1,
  members: 0.2,
};

/** A team's parts in a cycle; null where the part is missing (no 切 yet, no shown ballots, not a department). */
export interface TeamRankingParts {
  apply: number | null;
  democratic: number | null;
  bottomUp: number | null;
  members: number | null;
}

/** One team in its field's ranking: ties share a rank, as for cadres. */
export interface TeamRankingItem {
  teamId: string;
  name: string;
  unitId: string;
  fieldId: string | null;
  composite: number;
  rank: number;
  n: number;
  percentile: number;
  parts: TeamRankingParts;
  /**
   * 配合度: the team's democratic score on the 团结协作 item (`unity`) of the team template; null without
   * shown item scores. Shown beside the parts, not weighted into the composite.
   */
  cooperation: number | null;
}

export interface TeamRankingsQuery extends PageQuery {
  cycleId: string;
  fieldId?: string;
}

export interface TeamRankingsView {
  cycleId: string;
  items: TeamRankingItem[];
  nextCursor: string | null;
}

/** A team's composite and rank in each published periodic cycle, oldest first. */
export interface TeamTrendView {
  teamId: string;
  name: string;
  points: Array<{
    cycleId: string;
    year: number;
    half: number | null;
    composite: number;
    rank: number;
    n: number;
    percentile: number;
  }>;
}

export interface RankingsQuery extends PageQuery {
  cycleId: string;
  scope: RankingScope;
  teamId?: string;
  fieldId?: string;
}

export interface RankingItemView {
  cadreId: string;
  name: string;
  composite: number;
  rank: number | null;
  percentile: number | null;
  excluded?: RankingExclusion;
  parts: { periodic: number | null; democratic: number | null; task: number | null; wartime: number | null };
}

/** 坐标系 quadrants: x horizontal (in the field), y vertical (in the team), split at 50. */
export const QUADRANTS = ['leading', 'team_anchor', 'field_strong', 'lagging'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export interface CoordinatePoint {
  cadreId: string;
  name: string;
  teamId: string | null;
  fieldId: string | null;
  composite: number;
  x: number;
  y: number;
  quadrant: Quadrant;
}

export type TrendDirection = 'rising' | 'falling' | 'stable';

export interface TrendPoint {
  cycleId: string;
  year: number;
  half: 1 | 2 | null;
  composite: number | null;
  verticalRank: number | null;
  horizontalRank: number | null;
  horizontalPercentile: number | null;
}

export interface TrendView {
  cadreId: string;
  points: TrendPoint[];
  direction: TrendDirection;
  /** 躺平 warning: falling two cycles or more, or in the bottom decile of the field in the latest cycle. */
  warning: { fallingCycles: number; bottomDecile: boolean } | null;
}

export interface SandboxMove {
  cadreId: string;
  toTeamId: string;
}

export interface TeamMetrics {
  teamId: string;
  name: string;
  members: number;
  averageComposite: number | null;
  spread: number | null;
  fieldsCovered: number;
  averageAge: number | null;
  ageBands: Record<string, number>;
  female: number;
  young: number;
  strengths: string[];
  /** 配合度: the team's democratic score on 团结协作 in its latest periodic cycle that has one; null without. */
  cooperation: number | null;
}

export interface RecomputeResult {
  revision: number;
  ranked: number;
}

export const DOSSIER_FORMATS = ['json', 'html'] as const;
export type DossierFormat = (typeof DOSSIER_FORMATS)[number];

export interface CadreDossierQuery {
  cadreId: string;
  /** `json` by default; `html` answers {@link DossierHtml}. */
  format?: DossierFormat;
}

export interface TeamDossierQuery {
  teamId: string;
  format?: DossierFormat;
  /** With `html`: the team's report followed by each member's the reader may read (一班子一档案 with its cadres). */
  members?: boolean;
}

/** The teams of a field whose dossiers go into the department's archive (a ZIP, one PDF per team). */
export interface FieldDossierTeamsQuery {
  fieldId: string;
}

export interface FieldDossierTeamsView {
  fieldId: string;
  name: string;
  teams: Array<{ id: string; name: string; unitName: string }>;
}

/** A dossier asked for as `html`: the printable Chinese report. */
export interface DossierHtml {
  html: string;
}

/** 一干部一档案 as JSON. */
export interface CadreDossierView {
  cadre: {
    id: string;
    name: string;
    gender: Gender;
    birthDate: string;
    age: number;
    position: string;
    education: string | null;
    partyMember: boolean;
    status: CadreStatus;
    teamRole: TeamRole | null;
    since: string;
    unitId: string;
    unitName: string;
    teamId: string | null;
    teamName: string | null;
    fieldId: string | null;
    fieldName: string | null;
  };
  /** The cadre's versions as the roster's events told them. */
  history: Array<{
    versionNo: number;
    type: string;
    occurredAt: string;
    summary: { position: string; unitId: string; teamId: string | null; status: CadreStatus; changed: string[] | null };
  }>;
  /** Null for a reader who may not learn the verdict (a reader of political files sees it). */
  political: { verdict: PoliticalVerdict; dimensions: PoliticalDimensionStateV1[]; updatedAt: string | null } | null;
  tasks: Array<{ year: number; completion: number; signed: boolean; overdue: number }>;
  appraisals: Array<{
    cycleId: string;
    cycleName: string;
    year: number;
    half: 1 | 2 | null;
    score: number;
    grade: Grade;
    strengths: string;
    weaknesses: string;
    traits: string[];
    suggestion: string;
  }>;
  wartime: {
    records: number;
    events: number;
    outstanding: number;
    volunteered: number;
    dutyHours: number;
    firstVolunteeredOn: string | null;
    spirit: number | null;
  };
  democratic: Array<{
    cycleId: string;
    cycleName: string;
    campaignId: string;
    direction: CampaignDirection;
    score: number | null;
    ballots: number;
    excellentRate: number;
  }>;
  trend: TrendView;
  strengths: string[];
  weaknesses: string[];
  /** 性格特点: every trait a conclusion named, with the number of cycles that named it, most named first. */
  traits: CountedName[];
  /** 擅长领域 and 短板不足 counted over every cycle, and as the latest conclusion names them. */
  areas: { strengths: CountedName[]; weaknesses: CountedName[]; latestStrengths: string[]; latestWeaknesses: string[] };
  /** The problems found in the 问 step of each cycle, oldest cycle first. */
  problems: Array<{ cycleId: string; cycleName: string; description: string; severity: string; followUp: string }>;
  /** 责任清单: 岗位职责、目标、实效, with the mean fulfilment rate (null without duties). */
  responsibilities: {
    items: Array<{
      id: string;
      year: number;
      duty: string;
      target: { metric: string; target: number; unit: string };
      measures: string;
      actual: number | null;
      fulfillmentRate: number;
      rating: string | null;
    }>;
    fulfillmentRate: number | null;
  };
  /** The wartime file per random cycle, oldest first: the long-term 战斗劲头. */
  wartimeTrend: {
    points: Array<{
      cycleId: string;
      cycleName: string;
      topic: string | null;
      from: string;
      records: number;
      outstanding: number;
      spirit: number;
    }>;
    direction: TrendDirection;
  };
  talks: Array<{ id: string; heldOn: string; kind: 'collective' | 'individual'; topic: string }>;
  awards: Array<{ awardId: string; name: string; kind: string; place: number; status: string }>;
  /** Where the cadre stands in the latest ranked periodic cycle: ranks and the coordinate map. */
  position: {
    cycleId: string;
    cycleName: string;
    composite: number;
    verticalRank: number | null;
    verticalN: number | null;
    horizontalRank: number | null;
    horizontalN: number | null;
    x: number | null;
    y: number | null;
    quadrant: Quadrant | null;
  } | null;
  /** The field's coordinate map of that cycle as the reader may see it (this cadre marked). */
  map: DossierMapPoint[];
  /** 综合分析: sentences generated from the data by rules (apps/analytics/src/dossier/dossier-rules.ts). */
  summary: string[];
  generatedAt: string;
}

export interface CountedName {
  name: string;
  count: number;
}

export interface DossierMapPoint {
  cadreId: string;
  name: string;
  x: number;
  y: number;
  /** The dossier's cadre, or a member of the dossier's team. */
  marked: boolean;
}

/** 一班子一档案 as JSON. */
export interface TeamDossierView {
  team: {
    id: string;
    name: string;
    unitId: string;
    unitName: string;
    unitKind: UnitKind;
    fieldId: string | null;
    fieldName: string | null;
  };
  members: Array<{
    cadreId: string;
    name: string;
    position: string;
    teamRole: TeamRole | null;
    age: number;
    gender: Gender;
    /** Null also for a member whose verdict the reader may not learn and who was stopped at the gate. */
    composite: number | null;
    verticalRank: number | null;
    horizontalRank: number | null;
    excluded: RankingExclusion | null;
    direction: TrendDirection;
  }>;
  structure: TeamMetrics & {
    ageBandOf: Record<string, string>;
    education: Record<string, number>;
    averageTenureYears: number | null;
    /** The tenant's 年轻干部 limit and the members under it by their age today. */
    youngAgeLimit: number;
    youngByLimit: number;
    youngShare: number | null;
    gender: { male: number; female: number };
    principal: { cadreId: string; name: string; position: string } | null;
    /** The roster keeps no establishment (职数): a vacant principal post and the posts members left. */
    vacancies: {
      principal: boolean;
      vacated: Array<{ cadreId: string; name: string; position: string; leftOn: string }>;
    };
  };
  /** 班子运行状态 and the 切's problems and rectification requirement, per cycle, oldest first. */
  cycles: Array<{
    cycleId: string;
    cycleName: string;
    score: number;
    runningState: TeamRunningState;
    problems: string | null;
    rectification: string | null;
  }>;
  /**
   * Two-way review's rectification items on the team's unit: for the department every item as review
   * holds it (open, in progress, overdue, done); for other readers, or while review cannot say, the
   * overdue and done ones as their events told them.
   */
  rectifications: Array<{
    id: string;
    title: string;
    deadline: string;
    state: 'open' | 'in_progress' | 'overdue' | 'done';
    doneOn: string | null;
    late: boolean | null;
  }>;
  /** The team composite per cycle (班子排名). */
  trend: Array<{ cycleId: string; year: number; half: number | null; composite: number; rank: number; n: number }>;
  /** 双向考核: the democratic results on the unit, both directions, oldest first; bottom_up from the team ranking. */
  twoWay: Array<{
    cycleName: string;
    direction: CampaignDirection;
    score: number | null;
    ballots: number;
    excellentRate: number;
  }>;
  /** 配合度 of the latest team ranking; null while the team ranking has no such part. */
  cooperation: number | null;
  /**
   * 含金量 of the unit's reported results in its latest cycle rated from below, as two-way review
   * computes it (the department only; null for other readers, without a bottom-up result, or while
   * review or checklists cannot say).
   */
  worth: (UnitWorthView & { cycleId: string; cycleName: string }) | null;
  map: DossierMapPoint[];
  summary: string[];
  democratic: {
    direction: CampaignDirection;
    score: number | null;
    ballots: number;
    excellentRate: number;
    cycleName: string;
  } | null;
  issues: string[];
  /** The teams of the same field by the mean composite of their members. */
  peers: Array<{ teamId: string; name: string; averageComposite: number; members: number; rank: number }>;
  generatedAt: string;
}

export interface SandboxCommand {
  moves: SandboxMove[];
}

/** 提拔 · 调任 (another unit) · 交流 (exchange between units or posts) · 调整 (team or post). */
export const ADJUSTMENT_KINDS = ['promote', 'transfer', 'exchange', 'adjust'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** One move of a batch: where the cadre goes (what is not given stays as it is) and from when. */
export interface AdjustmentMove {
  cadreId: string;
  kind: AdjustmentKind;
  toUnitId?: string;
  toTeamId?: string;
  toPosition?: string;
  effectiveDate: string;
}

/** A batch names its moves; one recorded before moves existed named only its cadres (`cadreIds`). */
export interface AdjustmentBatchInput {
  name: string;
  decidedOn: string;
  moves?: AdjustmentMove[];
  /** The old form: who was adjusted, without where to (such a batch cannot be decided). */
  cadreIds?: string[];
  note?: string;
  /** The sandbox scenario it is made from (set by `POST /sandbox/scenarios/:id/batch`). */
  scenarioId?: string;
}

/** recorded: ids only (the old form) · draft: moves not yet carried out · decided: moved in the roster. */
export type AdjustmentBatchStatus = 'recorded' | 'draft' | 'decided';

/** What a set of adjusted cadres adds up to (考用结合); shares in percent, one decimal. */
export interface SelectionFigures {
  cadres: number;
  young: number;
  youngShare: number;
  excellentYoung: number;
  excellentYoungShare: number;
  /** Distinguished (战时表现突出) in the topic asked for; 0 without one. */
  distinguished: number;
  distinguishedShare: number;
}

export interface SelectionStatistics extends SelectionFigures {
  /** The tenant's age limit of 年轻干部 (roster settings), applied on each move's effective date. */
  youngAgeLimit: number;
  /** The latest published periodic cycle whose 优秀 counts, null when none is published. */
  excellenceCycleId: string | null;
  topic: string | null;
  /** The same figures for the cadres going to units of each kind (department, town, street, zone). */
  byUnitKind: Partial<Record<UnitKind, SelectionFigures>>;
}

export interface AdjustmentBatchView {
  id: string;
  name: string;
  decidedOn: string;
  /** Cadres of the batch (distinct). */
  cadres: number;
  /** Young (under the tenant's youngAgeLimit on the effective date) among them. */
  young: number;
  /** Distinguished in wartime (any topic) among them. */
  distinguished: number;
  note: string | null;
  status: AdjustmentBatchStatus;
  /** The moves; null for a batch of the old form. */
  moves: AdjustmentMove[] | null;
  /** The sandbox scenario (选配沙盘) it was made from. */
  scenarioId: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
}

export interface AdjustmentBatchesView extends Page<AdjustmentBatchView> {
  /** Over all the cadres moved in any batch; shares in percent, one decimal. */
  stats: { batches: number; cadres: number; youngShare: number; wartimeDistinguishedShare: number };
}

export interface AdjustmentBatchDetailView extends AdjustmentBatchView {
  /** The batch's figures, distinguished in `topic` when asked (`?topic=`). */
  statistics: SelectionStatistics;
}

export interface BatchQuery extends ById {
  topic?: string;
}

/** `from`/`to`: effective dates (of moves; decidedOn of an old batch), both inclusive. */
export interface SelectionStatisticsQuery {
  from: string;
  to: string;
  topic?: string;
}

export interface SelectionPeriodView extends SelectionStatistics {
  from: string;
  to: string;
  /** Batches with a move in the period. */
  batches: number;
}

/** 选配沙盘 scenario: the moves tried, kept by name. */
export interface ScenarioInput {
  name: string;
  moves: SandboxMove[];
  note?: string;
}

export interface ScenarioView {
  id: string;
  name: string;
  moves: SandboxMove[];
  note: string | null;
  createdBy: string;
  createdAt: string;
  /** The batches made from it. */
  batchIds: string[];
}

/** A scenario turned into a batch: each move an `adjust` (or `kind`) into its team, from `effectiveDate`. */
export interface ScenarioBatchCommand {
  id: string;
  name: string;
  decidedOn: string;
  effectiveDate: string;
  kind?: AdjustmentKind;
  note?: string;
}

export type TalkKind = 'collective' | 'individual';

export interface TalkInput {
  heldOn: string;
  kind: TalkKind;
  topic: string;
  cadreIds: string[];
  notes?: string;
  cycleId?: string;
}

/** A talk as recorded: what was sent, the cadres once each. */
export interface RecordedTalkView extends TalkInput {
  id: string;
}

export interface TalkView {
  id: string;
  heldOn: string;
  kind: TalkKind;
  topic: string;
  cadreIds: string[];
  notes: string | null;
  cycleId: string | null;
  createdBy: string;
}

export interface TalksQuery extends PageQuery {
  cadreId?: string;
}

/** A list of a cycle's, a page at a time (selection candidates, underperformers). */
export interface CyclePageQuery extends ByCycle, PageQuery {}

export interface AwardInput {
  kind: AwardKind;
  name?: string;
  cycleId: string;
  quota: number;
  /** Share of the places reserved for grassroots units (向基层倾斜), 0..1; 0.3 by default. */
  grassrootsMin?: number;
  campaignId?: string;
  /** Share of the places reserved for the key units and fields (扛标), 0..1; 0 by default. */
  keyMin?: number;
  keyUnitIds?: string[];
  keyFieldIds?: string[];
}

/** 民主推荐: ballots for the award's nominees, each voter picking up to `maxPicks`. */
export interface IssueRecommendationCommand {
  id: string;
  maxPicks: number;
  voters: Array<{ name: string; unitId: string; group?: string }>;
}

export interface IssuedRecommendationView {
  awardId: string;
  maxPicks: number;
  /** One-time tokens, shown only here; each voter casts at /recommendation-ballots/:token. */
  tokens: Array<{ voter: { name: string; unitId: string; group: string }; token: string }>;
}

/** The published awards' winners of a tenant, as the public honours page shows them (公示). */
export interface PublicHonoursView {
  tenantName: string;
  awards: Array<{
    id: string;
    title: string;
    name: string;
    publishedAt: string;
    winners: Array<{
      place: number;
      name: string;
      unit: string;
      position: string | null;
      storyTitle: string | null;
      storyText: string | null;
    }>;
  }>;
}

export interface DecideAwardCommand {
  id: string;
  /** Without them: the proposal. */
  targetIds?: string[];
}

export interface AwardStoryCommand {
  id: string;
  targetId: string;
  title: string;
  text: string;
}

/** The 优秀 guideline: the highest share of 优秀 among those appraised (0.2 until the tenant sets one). */
export interface GradeGuideline {
  excellentMaxShare: number;
}

/** A cycle's own guideline, in force instead of the tenant's for this cycle. */
export interface CycleGuidelineCommand {
  cycleId: string;
  excellentMaxShare: number;
  reason: string;
}

/** One calibration (校准): one value of one cadre, with its reason. */
export interface CalibrationAdjustmentInput {
  cycleId: string;
  cadreId: string;
  grade?: Grade;
  composite?: number;
  reason?: string;
}

/** A kind of entry in the calibration trail: a calibrated value, the cycle's guideline, a publish over it. */
export type CalibrationChangeField = CalibrationField | 'guideline' | 'publish_override';

/** An entry of the calibration trail: who changed what, when, from what to what, and why. */
export interface CalibrationChangeView {
  id: string;
  /** Null for the entries about the whole cycle (guideline, publish_override). */
  cadreId: string | null;
  field: CalibrationChangeField;
  from: string | number | null;
  to: string | number | null;
  reason: string;
  actor: string;
  at: string;
}

export interface CalibrationItemView {
  cadreId: string;
  name: string;
  teamId: string | null;
  fieldId: string | null;
  /** As computed (the original), never overwritten by a calibration. */
  composite: number;
  grade: Grade | null;
  calibrated: { composite?: number; grade?: Grade } | null;
}

/** One cycle's calibration table. */
export interface CalibrationView {
  cycleId: string;
  guideline: GradeGuideline & { source: 'default' | 'tenant' | 'cycle' };
  /** Over the calibrated grades (a calibrated grade, else the original). */
  distribution: GradeDistribution;
  items: CalibrationItemView[];
  changes: CalibrationChangeView[];
}

/** One row of a sealed record: everything the cycle's results were, as published. */
export interface RecordRowView {
  cadreId: string;
  teamId: string | null;
  fieldId: string | null;
  parts: { periodic: number | null; democratic: number | null; task: number | null; wartime: number | null };
  composite: number;
  excluded: RankingExclusion | null;
  vertical: { rank: number | null; n: number | null; percentile: number | null };
  horizontal: { rank: number | null; n: number | null; percentile: number | null };
  grade: Grade | null;
  calibration: { composite: number | null; grade: Grade | null; computedComposite: number | null } | null;
}

/** A cadre's inputs frozen at the cycle's close (docs/records.md), as the record holds them. */
export interface RecordSnapshotView {
  cadreId: string;
  unitId: string;
  teamId: string | null;
  teamRole: TeamRole | null;
  fieldId: string | null;
  status: CadreStatus;
  /** Null: no political file at the close (counts as pass). */
  verdict: PoliticalVerdict | null;
  task: number | null;
}

/** A leadership team's row of the cycle (班子排名), as the record holds it. */
export interface RecordTeamRowView {
  teamId: string;
  unitId: string;
  fieldId: string | null;
  parts: TeamRankingParts;
  composite: number;
  rank: number;
  n: number;
  percentile: number;
}

/** A published cycle's sealed record (考核记录). */
export interface SealedRecordView {
  cycleId: string;
  sequence: number;
  publishedAt: string | null;
  sealedAt: string;
  digest: string;
  previousDigest: string | null;
  weights: CompositeWeights;
  rows: RecordRowView[];
  /** Records sealed in format 2 and later: the snapshot taken at close, and the teams' rows. */
  snapshot?: RecordSnapshotView[];
  teams?: RecordTeamRowView[];
}

export interface RecordsVerifyView {
  ok: boolean;
  checked: number;
  /** An annual record's mismatch also names its kind and year; its `cycleId` is the annual evaluation's id. */
  mismatches: Array<{ cycleId: string; expected: string; actual: string; kind?: 'annual'; year?: number }>;
}

/**
 * Weights of the annual composite (年度综合评价): the mean of the year's published periodic cycles'
 * composites, the year's random appraisals (their wartime part) and its democratic evaluations.
 * Per tenant; renormalised over the parts present. Defaults: 0.6, 0.2, 0.2.
 */
export interface AnnualWeights {
  periodic: number;
  random: number;
  democratic: number;
}

export const DEFAULT_ANNUAL_WEIGHTS: AnnualWeights = { periodic: 0.6, random: 0.2, democratic: 0.2 };

/** The parts of a cadre's annual composite; null where the year has none for the cadre. */
export interface AnnualParts {
  periodic: number | null;
  random: number | null;
  democratic: number | null;
}

/** The parts of a team's annual composite (a team has no random appraisal of its own). */
export interface AnnualTeamParts {
  periodic: number | null;
  democratic: number | null;
}

export interface AnnualYear {
  year: number;
}

/** `POST /annual/:year/evaluation` and `GET /annual/:year/evaluation`. */
export interface AnnualEvaluationView {
  id: string;
  year: number;
  /** What made it: the publish of the year's last periodic cycle (or the year's end after it), or a hand. */
  source: 'publish' | 'hand';
  cycleIds: string[];
  randomCycleIds: string[];
  weights: AnnualWeights;
  /** The political gate as of this instant (the year's end). */
  gateAsOf: string;
  cadres: number;
  teams: number;
  publishedAt: string;
  sequence: number;
  digest: string;
  previousDigest: string | null;
}

export interface AnnualRankingsQuery extends PageQuery {
  year: number;
  scope: RankingScope;
  teamId?: string;
  fieldId?: string;
}

export interface AnnualRankingItemView {
  cadreId: string;
  name: string;
  composite: number;
  rank: number | null;
  percentile: number | null;
  excluded?: RankingExclusion;
  parts: AnnualParts;
}

/** One scope's annual ranking: the same list convention and tie rule as a cycle's. */
export interface AnnualRankingsView extends Page<AnnualRankingItemView> {
  year: number;
  publishedAt: string;
}

export interface AnnualCoordinatesQuery {
  year: number;
  subject?: 'cadre' | 'team';
}

/**
 * 年度综合评价坐标系, in the shapes of a cycle's map: cadres (x the horizontal percentile, in the field;
 * y the vertical, in the team), or with `subject: team` the teams (x in the field, y among all teams).
 */
export type AnnualCoordinatesView =
  | { year: number; subject: 'cadre'; points: CoordinatePoint[] }
  | { year: number; subject: 'team'; points: TeamCoordinatePoint[] };

export interface TrendQuery extends ByCadre {
  /** `year`: one point per annual evaluation instead of one per cycle. */
  by?: 'year';
}

export interface AnnualTrendPoint {
  year: number;
  composite: number;
  verticalRank: number | null;
  horizontalRank: number | null;
  horizontalPercentile: number | null;
}

/** `GET /cadres/:id/trend?by=year`: the cadre's annual points over all years, oldest first. */
export interface AnnualTrendView {
  cadreId: string;
  by: 'year';
  points: AnnualTrendPoint[];
  direction: TrendDirection;
  warning: { fallingCycles: number; bottomDecile: boolean } | null;
}

/** A cadre's row of an annual record. */
export interface AnnualRecordRowView {
  cadreId: string;
  unitId: string | null;
  teamId: string | null;
  fieldId: string | null;
  parts: AnnualParts;
  composite: number;
  excluded: RankingExclusion | null;
  vertical: { rank: number | null; n: number | null; percentile: number | null };
  horizontal: { rank: number | null; n: number | null; percentile: number | null };
}

export interface AnnualRecordTeamRowView {
  teamId: string;
  unitId: string;
  fieldId: string | null;
  parts: AnnualTeamParts;
  composite: number;
  horizontal: { rank: number; n: number; percentile: number };
  overall: { rank: number; n: number; percentile: number };
}

/** `GET /annual/:year/record`: the annual record as sealed in the tenant's chain (kind `annual`). */
export interface AnnualRecordView {
  kind: 'annual';
  annualId: string;
  year: number;
  format: number;
  sequence: number;
  publishedAt: string;
  sealedAt: string;
  digest: string;
  previousDigest: string | null;
  weights: AnnualWeights;
  gateAsOf: string;
  cycleIds: string[];
  randomCycleIds: string[];
  rows: AnnualRecordRowView[];
  teams: AnnualRecordTeamRowView[];
}

/** What each pattern of {@link ANALYTICS_REQUESTS} takes and answers (merged into `RequestMap`, requests.ts). */
export interface AnalyticsRequests {
  [ANALYTICS_REQUESTS.teamRankings]: { payload: TeamRankingsQuery; reply: TeamRankingsView };
  [ANALYTICS_REQUESTS.teamTrend]: { payload: ById; reply: TeamTrendView };
  [ANALYTICS_REQUESTS.teamCoordinates]: { payload: ByCycle; reply: TeamCoordinatesView };
  [ANALYTICS_REQUESTS.teamUnderperformers]: { payload: CyclePageQuery; reply: TeamUnderperformersView };
  [ANALYTICS_REQUESTS.teamWeights]: { payload: NoPayload; reply: TeamCompositeWeights };
  [ANALYTICS_REQUESTS.putTeamWeights]: { payload: TeamCompositeWeights; reply: TeamCompositeWeights };
  [ANALYTICS_REQUESTS.rankings]: { payload: RankingsQuery; reply: RankingsView };
  [ANALYTICS_REQUESTS.coordinates]: { payload: ByCycle; reply: CoordinatesView };
  [ANALYTICS_REQUESTS.trend]: { payload: TrendQuery; reply: TrendView | AnnualTrendView };
  [ANALYTICS_REQUESTS.evaluateAnnual]: { payload: AnnualYear; reply: AnnualEvaluationView };
  [ANALYTICS_REQUESTS.annualEvaluation]: { payload: AnnualYear; reply: AnnualEvaluationView };
  [ANALYTICS_REQUESTS.annualRankings]: { payload: AnnualRankingsQuery; reply: AnnualRankingsView };
  [ANALYTICS_REQUESTS.annualCoordinates]: { payload: AnnualCoordinatesQuery; reply: AnnualCoordinatesView };
  [ANALYTICS_REQUESTS.annualRecord]: { payload: AnnualYear; reply: AnnualRecordView };
  [ANALYTICS_REQUESTS.annualWeights]: { payload: NoPayload; reply: AnnualWeights };
  [ANALYTICS_REQUESTS.putAnnualWeights]: { payload: AnnualWeights; reply: AnnualWeights };
  [ANALYTICS_REQUESTS.weights]: { payload: NoPayload; reply: CompositeWeights };
  [ANALYTICS_REQUESTS.putWeights]: { payload: CompositeWeights; reply: CompositeWeights };
  [ANALYTICS_REQUESTS.cadreDossier]: { payload: CadreDossierQuery; reply: CadreDossierView | DossierHtml };
  [ANALYTICS_REQUESTS.teamDossier]: { payload: TeamDossierQuery; reply: TeamDossierView | DossierHtml };
  [ANALYTICS_REQUESTS.fieldDossierTeams]: { payload: FieldDossierTeamsQuery; reply: FieldDossierTeamsView };
  [ANALYTICS_REQUESTS.selection]: { payload: CyclePageQuery; reply: SelectionView };
  [ANALYTICS_REQUESTS.underperformers]: { payload: CyclePageQuery; reply: UnderperformersView };
  [ANALYTICS_REQUESTS.sandbox]: { payload: SandboxCommand; reply: SandboxView };
  [ANALYTICS_REQUESTS.addBatch]: { payload: AdjustmentBatchInput; reply: AdjustmentBatchDetailView };
  [ANALYTICS_REQUESTS.batches]: { payload: PageQuery; reply: AdjustmentBatchesView };
  [ANALYTICS_REQUESTS.batch]: { payload: BatchQuery; reply: AdjustmentBatchDetailView };
  [ANALYTICS_REQUESTS.decideBatch]: { payload: ById; reply: AdjustmentBatchDetailView };
  [ANALYTICS_REQUESTS.selectionStatistics]: { payload: SelectionStatisticsQuery; reply: SelectionPeriodView };
  [ANALYTICS_REQUESTS.saveScenario]: { payload: ScenarioInput; reply: ScenarioView };
  [ANALYTICS_REQUESTS.scenarios]: { payload: PageQuery; reply: Page<ScenarioView> };
  [ANALYTICS_REQUESTS.scenario]: { payload: ById; reply: ScenarioView };
  [ANALYTICS_REQUESTS.scenarioBatch]: { payload: ScenarioBatchCommand; reply: AdjustmentBatchDetailView };
  [ANALYTICS_REQUESTS.addTalk]: { payload: TalkInput; reply: RecordedTalkView };
  [ANALYTICS_REQUESTS.talks]: { payload: TalksQuery; reply: Page<TalkView> };
  [ANALYTICS_REQUESTS.createAward]: { payload: AwardInput; reply: AwardDetailView };
  [ANALYTICS_REQUESTS.awards]: { payload: PageQuery; reply: Page<AwardView> };
  [ANALYTICS_REQUESTS.award]: { payload: ById; reply: AwardDetailView };
  [ANALYTICS_REQUESTS.decideAward]: { payload: DecideAwardCommand; reply: AwardDetailView };
  [ANALYTICS_REQUESTS.awardStory]: { payload: AwardStoryCommand; reply: AwardDetailView };
  [ANALYTICS_REQUESTS.publishAward]: { payload: ById; reply: AwardDetailView };
  [ANALYTICS_REQUESTS.issueRecommendation]: { payload: IssueRecommendationCommand; reply: IssuedRecommendationView };
  [ANALYTICS_REQUESTS.closeRecommendation]: { payload: ById; reply: AwardDetailView };
  [ANALYTICS_REQUESTS.publicHonours]: { payload: { tenantName: string }; reply: PublicHonoursView };
  [ANALYTICS_REQUESTS.recompute]: { payload: ByCycle; reply: RecomputeResult };
  [ANALYTICS_REQUESTS.calibration]: { payload: ByCycle; reply: CalibrationView };
  [ANALYTICS_REQUESTS.adjustCalibration]: { payload: CalibrationAdjustmentInput; reply: CalibrationChangeView };
  [ANALYTICS_REQUESTS.putCycleGuideline]: { payload: CycleGuidelineCommand; reply: CalibrationView['guideline'] };
  [ANALYTICS_REQUESTS.gradeGuideline]: { payload: NoPayload; reply: GradeGuideline };
  [ANALYTICS_REQUESTS.putGradeGuideline]: { payload: GradeGuideline; reply: GradeGuideline };
  [ANALYTICS_REQUESTS.record]: { payload: ByCycle; reply: SealedRecordView };
  [ANALYTICS_REQUESTS.verifyRecords]: { payload: NoPayload; reply: RecordsVerifyView };
}
