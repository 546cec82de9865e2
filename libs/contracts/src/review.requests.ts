import type { Grade } from './appraisal.events';
import type {
  CampaignDirection,
  CampaignSubject,
  GradeCountsV1,
  RectificationStatus,
  TargetResultV2,
} from './review.events';
import type { ByCycle, NoPayload, Page, PageQuery, RpcReply } from './requests';

/**
 * Request-reply patterns of the `review` service that other services use (the gateway's own patterns
 * are added next to these by the review service).
 */
export const REVIEW_REQUESTS = {
  /**
   * Voters of a cycle's campaigns who hold an unused token — for the appraisal service's reminders.
   * Participation is tracked on the token, so this tells who has not voted, never what anyone voted.
   */
  pendingVoters: 'review.voters.pending',
  /** 民主推荐: recommendation ballots for an award's nominees, one token per voter (analytics asks). */
  openRecommendation: 'review.recommendations.open',
  /** Ends an award's recommendation and answers its tally, the same however often asked (analytics asks). */
  closeRecommendation: 'review.recommendations.close',
} as const;

export interface OpenRecommendationInput {
  /** The award (analytics) the recommendation is for: one recommendation per award. */
  awardId: string;
  name: string;
  /** Each voter picks up to this many of the nominees. */
  maxPicks: number;
  /** Cadre or team ids, in the award's order (the voter sees them in it). */
  nominees: Array<{ id: string; name: string }>;
  voters: Array<{ name: string; unitId: string; group?: string }>;
}

export interface OpenedRecommendationView {
  awardId: string;
  maxPicks: number;
  /** One-time tokens, shown only in this answer (only their hashes are kept). */
  tokens: Array<{ voter: { name: string; unitId: string; group: string }; token: string }>;
}

export interface ByAward {
  awardId: string;
}

/**
 * The tally of a closed recommendation: how many ballots, and — only when they are at least the
 * tenant's anonymity threshold — how many picked each nominee (every nominee, 0 included).
 */
export interface RecommendationTallyView {
  awardId: string;
  ballots: number;
  threshold: number;
  suppressed: boolean;
  counts: Array<{ targetId: string; picks: number }> | null;
}

export interface PendingVotersQuery {
  cycleId: string;
}

export interface PendingVoterView {
  campaignId: string;
  /** Name as given in the campaign's voter list. */
  name: string;
  unitId: string;
  /** The platform user of the voter when the campaign's voter list named one; null otherwise. */
  userId: string | null;
}

export interface PendingVotersView {
  voters: PendingVoterView[];
}

/** The gateway's patterns of the `review` service (双向考核与民主测评). */
export const REVIEW_GATEWAY_REQUESTS = {
  templates: 'review.templates.get',
  updateTemplates: 'review.templates.update',
  createCampaign: 'review.campaigns.create',
  listCampaigns: 'review.campaigns.list',
  getCampaign: 'review.campaigns.get',
  participation: 'review.campaigns.participation',
  results: 'review.campaigns.results',
  twoWay: 'review.cycles.two_way',
  /** The tenant's review settings ({@link ReviewSettingsView}): the anonymity threshold. */
  settings: 'review.settings.get',
  updateSettings: 'review.settings.update',
  /** Public (no login): the ballot form of a token. */
  ballotForm: 'review.ballots.form',
  /** Public (no login): casts the ballot of a token ({@link CastBallotInput} → {@link CastBallotResult}). */
  castBallot: 'review.ballots.cast',
  /**
   * Public (no login): casts many ballots in one request ({@link CastBallotsInput} → {@link CastBallotsResult}),
   * one answer per ballot in the same order — each its own 201/404/409/422/400, as if cast alone. The
   * gateway gathers the casts arriving within a moment into one request (at thousands a second, one
   * NATS round trip and one handler call per ballot cost more than the ballot).
   */
  castBallots: 'review.ballots.cast_many',
  /** The department's 双向考核意见 for a unit with its rectification items ({@link RecordOpinionInput} → {@link TwoWayOpinionView}). */
  recordOpinion: 'review.two_way.opinion',
  /** Public (no login): the recommendation form of a token ({@link RecommendationFormView}). */
  recommendationForm: 'review.recommendations.form',
  /** Public (no login): casts a token's recommendation ballot ({@link CastRecommendationInput}). */
  castRecommendation: 'review.recommendations.cast',
  /** Progress on a rectification item, by the unit's leader or the department ({@link RectificationProgressInput}). */
  rectificationProgress: 'review.rectifications.progress',
  /** Rectification items, scoped by role ({@link ListRectificationsQuery} → Page of {@link RectificationView}). */
  listRectifications: 'review.rectifications.list',
} as const;

/** A rated item (德、能、勤、绩、廉 …) of a template. */
export interface RecommendationFormView {
  award: { id: string; name: string };
  maxPicks: number;
  nominees: Array<{ id: string; name: string }>;
}

export interface CastRecommendationInput {
  token: string;
  /** Nominee ids, at most maxPicks, each once; none is an abstention that still counts as a ballot. */
  picks: string[];
}

export interface CastRecommendationResult {
  accepted: true;
  picks: number;
}

export interface ReviewItemView {
  /** Stable key, e.g. `morality`; the key of a ballot's `scores`. */
  key: string;
  /** 中文名称, e.g. 德. */
  name: string;
  description?: string;
}

/**
 * Item templates of a tenant: democratic evaluation of cadres, top-down and bottom-up review, and the
 * democratic evaluation of a leadership team as a whole (班子民主测评).
 */
export interface ReviewTemplatesView {
  democratic: ReviewItemView[];
  top_down: ReviewItemView[];
  bottom_up: ReviewItemView[];
  team: ReviewItemView[];
}

/** The templates to save; `team` came later, and left out keeps the tenant's (or the default). */
export type UpdateReviewTemplatesCommand = Omit<ReviewTemplatesView, 'team'> & { team?: ReviewItemView[] };
export type ReviewTemplateKey = keyof ReviewTemplatesView;

export interface CampaignVoterInput {
  name: string;
  unitId: string;
  /** Voter group, e.g. 班子成员 / 群众代表 / 镇街代表; results are given per group. */
  group: string;
  /** The platform user of the voter, so reminders can reach them; optional. */
  userId?: string;
}

export interface CreateCampaignInput {
  cycleId: string;
  direction: CampaignDirection;
  subject: CampaignSubject;
  name?: string;
  /** Item template; by default `democratic` for cadres, `bottom_up`/`top_down` for units by direction. */
  template?: ReviewTemplateKey;
  targetIds: string[];
  voters: CampaignVoterInput[];
  /** Weight of each voter group in the combined score; without it every ballot counts the same. */
  groupWeights?: Record<string, number>;
}

export interface IssuedTokenView {
  voter: { name: string; unitId: string; group: string; userId: string | null };
  /** The one-time ballot token; shown only in this answer (only its hash is stored). */
  token: string;
}

export interface CampaignView {
  id: string;
  cycleId: string;
  name: string;
  direction: CampaignDirection;
  subject: CampaignSubject;
  items: ReviewItemView[];
  targetIds: string[];
  groupWeights: Record<string, number> | null;
  createdAt: string;
}

export interface CreatedCampaignView extends CampaignView {
  tokens: IssuedTokenView[];
}

export interface ParticipationView {
  issued: number;
  cast: number;
  /** cast / issued, 0..1. */
  rate: number;
  byGroup: Array<{ group: string; issued: number; cast: number; rate: number }>;
}

/** Bounds and default of the anonymity threshold `minGroupSize` (docs/anonymity.md). */
export const MIN_GROUP_SIZE = { min: 3, max: 20, default: 5 } as const;

export interface ReviewSettingsView {
  /**
   * No result is shown for fewer ballots than this: a target's numbers, a voter group's entry, and the
   * remainder hidden from a breakdown are each either empty or at least this many ballots.
   */
  minGroupSize: number;
}

/**
 * One voter group's share of a target's results. `suppressed`: the group has fewer than `minGroupSize`
 * ballots, or showing it would leave fewer than that hidden in the rest of the breakdown; its numbers
 * are null (its ballot count stays: a count reveals no grade).
 */
export interface GroupResultView {
  group: string;
  weight: number | null;
  ballots: number;
  suppressed: boolean;
  gradeCounts: GradeCountsV1 | null;
  excellentRate: number | null;
  competentOrBetterRate: number | null;
  score: number | null;
}

export interface TargetResultView extends TargetResultV2 {
  /** 称职及以上率: share of excellent or competent grades, 0..1; null when suppressed. */
  competentOrBetterRate: number | null;
  byGroup: GroupResultView[];
}

export interface TwoWayUnitView {
  unitId: string;
  /**
   * Score of the unit in the cycle's top-down unit campaigns; null when not rated from above or when
   * every such rating is suppressed (fewer ballots than `minGroupSize`).
   */
  topDown: number | null;
  /** Score of the unit in the cycle's bottom-up unit campaigns (towns, streets, zones rating it). */
  bottomUp: number | null;
  /** topDown − bottomUp; null when either is missing. */
  gap: number | null;
  /** Rated well from above but poorly by the grassroots it serves. */
  flagged: boolean;
  // The fields below are left out when they hold nothing, so a unit's entry shows only what it has.
  /**
   * The voters' written opinions on the unit from the cycle's campaigns whose result of the unit is
   * shown (at least `minGroupSize` ballots), in an order unrelated to when they were cast (by a hash
   * of the text) and without any time. Left out when none is shown — none written, or all of them
   * under the threshold: the view does not tell which.
   */
  opinions?: string[];
  /** The department's 双向考核意见 for the unit in this cycle, with its rectification items; left out before one is recorded. */
  opinion?: TwoWayOpinionView;
  /** The rectification items of the unit's latest earlier cycle with an opinion, and where they stand now; left out without any. */
  previousRectifications?: RectificationView[];
  /** 含金量: what the unit's cadres report beside how the grassroots rate it; left out when the lists could not be read. */
  worth?: UnitWorthView;
}

/**
 * 含金量 cross-check of a unit: its active cadres' task completion and responsibility fulfilment for
 * the cycle's year (checklists) beside its bottom-up score. `flagged`: the reported completion is
 * high (≥ {@link WORTH_RULE}.highCompletion) while the bottom-up score is in the bottom quarter of the
 * cycle's shown bottom-up scores (of at least {@link WORTH_RULE}.minUnits units).
 */
export interface UnitWorthView {
  /** Active cadres of the unit. */
  cadres: number;
  /** Mean completion score (0..100) of the cadres' approved or signed task lists; null without any. */
  taskCompletion: number | null;
  /** Mean fulfilment rate (0..1) of the cadres' responsibility lists; null without any. */
  responsibilityFulfilment: number | null;
  /** The mean of the two above on 0..1 (either alone when the other is missing); null without both. */
  reportedCompletion: number | null;
  /** The unit's bottom-up score is in the bottom quarter of the cycle's. */
  bottomQuarter: boolean;
  /** High reported completion with a bottom-quarter bottom-up score: the results reported may be worth less than they claim. */
  flagged: boolean;
}

/** The thresholds of the 含金量 flag (docs/api.md). */
export const WORTH_RULE = {
  /** Reported completion (0..1) from which it counts as high. */
  highCompletion: 0.9,
  /** Share of the shown bottom-up scores, from the lowest, that is the bottom quarter. */
  bottomShare: 0.25,
  /** Fewer units with a shown bottom-up score make no quarter: nobody is flagged. */
  minUnits: 4,
} as const;

/** Limits of an opinion and its rectification items. */
export const OPINION_SHAPE = {
  maxSummaryLength: 2000,
  maxItems: 30,
  maxTitleLength: 200,
  maxNoteLength: 1000,
} as const;

export interface RectificationItemInput {
  title: string;
  /** YYYY-MM-DD: the item is overdue from the end of that day, Beijing time. */
  deadline: string;
}

export interface RecordOpinionInput {
  cycleId: string;
  unitId: string;
  summary: string;
  items: RectificationItemInput[];
}

export interface RectificationProgressView {
  status: Exclude<RectificationStatus, 'open'>;
  note: string;
  /** Username of who reported it. */
  by: string;
  /** Day it was reported (YYYY-MM-DD, Beijing time). */
  on: string;
}

export interface RectificationView {
  id: string;
  opinionId: string;
  cycleId: string;
  unitId: string;
  title: string;
  deadline: string;
  status: RectificationStatus;
  /** Its deadline passed while it was not done (marked by the overdue job); false once done. */
  overdue: boolean;
  /** Day it was marked overdue; kept after it is done (done late). */
  overdueOn: string | null;
  doneOn: string | null;
  progress: RectificationProgressView[];
}

export interface TwoWayOpinionView {
  id: string;
  cycleId: string;
  unitId: string;
  summary: string;
  /** Username of the officer who recorded it. */
  recordedBy: string;
  /** Day it was recorded (YYYY-MM-DD, Beijing time). */
  recordedOn: string;
  items: RectificationView[];
}

export interface RectificationProgressInput {
  rectificationId: string;
  status: Exclude<RectificationStatus, 'open'>;
  note: string;
}

export interface ListRectificationsQuery {
  unitId?: string;
  status?: RectificationStatus;
  /** true: only items overdue and not done; false: only the others. */
  overdue?: boolean;
  limit?: number;
  cursor?: string;
}

export interface BallotFormView {
  campaign: { id: string; name: string; direction: CampaignDirection; subject: CampaignSubject };
  /** Targets the voter may rate (those of the voter's own unit are left out). */
  targets: Array<{ id: string; name: string }>;
  items: ReviewItemView[];
  grades: Array<{ key: Grade; name: string }>;
}

export interface BallotRatingInput {
  targetId: string;
  grade: Grade;
  scores?: Record<string, number>;
  /** A written opinion on a rated unit (≤ 500 characters); shown only as docs/anonymity.md says. */
  opinion?: string;
}

export interface CastBallotInput {
  token: string;
  ratings: BallotRatingInput[];
}

export interface CastBallotResult {
  accepted: true;
  /** Ratings stored. */
  ratings: number;
}

/** Most ballots in one `castBallots` request (the gateway also keeps a request's size well under NATS's limit). */
export const MAX_BALLOTS_PER_CAST_REQUEST = 256;

export interface CastBallotsInput {
  /**
   * The ballots, each with its token and the body the voter sent (`{ ratings }`) as the gateway parsed
   * and checked it: review checks the shape again, as for a single cast.
   */
  ballots: Array<{ token: string; ballot: { ratings: BallotRatingInput[] } }>;
}

export interface CastBallotsResult {
  /** One per ballot, in the order of the request: the answer the single cast would have given. */
  results: Array<RpcReply<CastBallotResult>>;
}

export interface ByCampaign {
  campaignId: string;
}

/** A cycle's campaigns, oldest first, a page at a time. */
export interface ListCampaignsQuery extends ByCycle, PageQuery {}
/** A campaign's results, by target id, a page at a time. */
export interface CampaignResultsQuery extends ByCampaign, PageQuery {}
/** A cycle's two-way results, by unit id, a page at a time. */
export interface TwoWayQuery extends ByCycle, PageQuery {}

export interface BallotFormQuery {
  token: string;
}

/** The settings to change; each one left out keeps its value. */
export type UpdateReviewSettingsCommand = Partial<ReviewSettingsView>;

/** What each pattern of {@link REVIEW_REQUESTS} and {@link REVIEW_GATEWAY_REQUESTS} takes and answers (merged into `RequestMap`, requests.ts). */
export interface ReviewRequests {
  [REVIEW_REQUESTS.pendingVoters]: { payload: PendingVotersQuery; reply: PendingVotersView };
  [REVIEW_REQUESTS.openRecommendation]: { payload: OpenRecommendationInput; reply: OpenedRecommendationView };
  [REVIEW_REQUESTS.closeRecommendation]: { payload: ByAward; reply: RecommendationTallyView };
  [REVIEW_GATEWAY_REQUESTS.recommendationForm]: { payload: BallotFormQuery; reply: RecommendationFormView };
  [REVIEW_GATEWAY_REQUESTS.castRecommendation]: {
    payload: CastRecommendationInput;
    reply: CastRecommendationResult;
  };
  [REVIEW_GATEWAY_REQUESTS.templates]: { payload: NoPayload; reply: ReviewTemplatesView };
  [REVIEW_GATEWAY_REQUESTS.updateTemplates]: { payload: UpdateReviewTemplatesCommand; reply: ReviewTemplatesView };
  [REVIEW_GATEWAY_REQUESTS.createCampaign]: { payload: CreateCampaignInput; reply: CreatedCampaignView };
  [REVIEW_GATEWAY_REQUESTS.listCampaigns]: { payload: ListCampaignsQuery; reply: Page<CampaignView> };
  [REVIEW_GATEWAY_REQUESTS.getCampaign]: { payload: ByCampaign; reply: CampaignView };
  [REVIEW_GATEWAY_REQUESTS.participation]: { payload: ByCampaign; reply: ParticipationView };
  [REVIEW_GATEWAY_REQUESTS.results]: { payload: CampaignResultsQuery; reply: Page<TargetResultView> };
  [REVIEW_GATEWAY_REQUESTS.twoWay]: { payload: TwoWayQuery; reply: Page<TwoWayUnitView> };
  [REVIEW_GATEWAY_REQUESTS.settings]: { payload: NoPayload; reply: ReviewSettingsView };
  [REVIEW_GATEWAY_REQUESTS.updateSettings]: { payload: UpdateReviewSettingsCommand; reply: ReviewSettingsView };
  [REVIEW_GATEWAY_REQUESTS.ballotForm]: { payload: BallotFormQuery; reply: BallotFormView };
  [REVIEW_GATEWAY_REQUESTS.castBallot]: { payload: CastBallotInput; reply: CastBallotResult };
  [REVIEW_GATEWAY_REQUESTS.castBallots]: { payload: CastBallotsInput; reply: CastBallotsResult };
  [REVIEW_GATEWAY_REQUESTS.recordOpinion]: { payload: RecordOpinionInput; reply: TwoWayOpinionView };
  [REVIEW_GATEWAY_REQUESTS.rectificationProgress]: { payload: RectificationProgressInput; reply: RectificationView };
  [REVIEW_GATEWAY_REQUESTS.listRectifications]: { payload: ListRectificationsQuery; reply: Page<RectificationView> };
}
