/**
 * Answers of the public API that no request or event file describes yet: the gateway's own login, and
 * the analytics service's mechanisms (选拔 candidates, 考管联动, 选配沙盘, 正向激励 awards), whose shapes
 * were written only in its services. The console reads them from here (it imports types only), so
 * the screens and the services share one description instead of a copy that drifts.
 */
import type { Role } from './enums';
import type { RankingExclusion } from './analytics.events';
import type { Grade } from './appraisal.events';
import type { CoordinatePoint, Quadrant, RankingItemView, TeamMetrics } from './analytics.requests';
import type { ApplyContent, AskContent, ListenContent, LookContent } from './appraisal.requests';
import type { Page } from './requests';

/** `POST /auth/login`. */
export interface LoginView {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds. */
  expiresIn: number;
  user: { id: string; username: string; roles: Role[] };
}

/** `GET /cycles/:id/rankings`: one scope's ranking as last computed. */
/** A page of one ranking list; the cursor is of its revision (a recomputation restarts the reading). */
export interface RankingsView extends Page<RankingItemView> {
  /** Counts the recomputations of the cycle's rankings. */
  revision: number;
  computedAt: string | null;
}

/** `GET /cycles/:id/coordinates`: 年度综合评价坐标系. */
export interface CoordinatesView {
  points: CoordinatePoint[];
}

/**
 * A leadership team on the cycle's coordinate map (`?subject=team`): x its percentile in its field
 * (as its rank), y its percentile among all the cycle's teams. A team has no "inside the team", so the
 * second axis is the whole district: `team_anchor` then reads "strong district-wide, behind in its
 * field", `field_strong` "ahead in a weaker field".
 */
export interface TeamCoordinatePoint {
  teamId: string;
  name: string;
  unitId: string;
  fieldId: string | null;
  composite: number;
  x: number;
  y: number;
  quadrant: Quadrant;
}

export interface TeamCoordinatesView {
  subject: 'team';
  points: TeamCoordinatePoint[];
}

/** Tags of a selection candidate (考用结合). */
export type SelectionTag = 'young' | 'female' | 'wartime_distinguished' | 'excellent';

export interface SelectionCandidateView {
  cadreId: string;
  name: string;
  composite: number;
  horizontalPercentile: number;
  verticalRank: number | null;
  tags: SelectionTag[];
}

/** `GET /cycles/:id/selection-candidates`: the top of each field who pass the political gate. */
export interface SelectionView extends Page<SelectionCandidateView> {
  cycleId: string;
  /** The rule in words, e.g. 横向排名前 20%、政治体检通过. */
  rule: string;
  /** Shares of all the candidates (every page) in percent, one decimal (22.5 = 22.5%). */
  stats: { candidates: number; youngShare: number; femaleShare: number; wartimeDistinguishedShare: number };
}

/** Why a cadre needs a talk (考管联动). */
export type UnderperformerReason =
  'political_gate' | 'bottom_decile' | 'falling' | `grade_${Extract<Grade, 'basically_competent' | 'incompetent'>}`;

export interface UnderperformerView {
  cadreId: string;
  name: string;
  teamId: string | null;
  composite: number;
  horizontalPercentile: number | null;
  excluded: RankingExclusion | null;
  /** The grade concluded in the cycle's apply step, null before it. */
  grade: Grade | null;
  /** Whether a talk with the cadre was held for this cycle (or after it closed). */
  talked: boolean;
  fallingCycles: number;
  reasons: UnderperformerReason[];
}

/** `GET /cycles/:id/underperformers`: most reasons first, then the lowest composite. */
export interface UnderperformersView extends Page<UnderperformerView> {
  cycleId: string;
}

/** Why a leadership team needs a collective talk (`?subject=team`). */
export type TeamUnderperformerReason = 'bottom_decile' | 'falling';

/**
 * A leadership team that needs following up (`GET /cycles/:id/underperformers?subject=team`): its
 * composite in the field's bottom decile, or falling two cycles or more — the seed's "工作不温不火的班子",
 * with its principal (主要负责人) for the talk.
 */
export interface TeamUnderperformerView {
  teamId: string;
  name: string;
  unitId: string;
  fieldId: string | null;
  composite: number;
  percentile: number;
  /** The team's 主要负责人 in the roster now (whom a talk is held with); null when the post is vacant. */
  principal: { cadreId: string; name: string } | null;
  /** Whether a talk with the principal was held for this cycle (or after it closed), e.g. a collective talk. */
  talked: boolean;
  fallingCycles: number;
  reasons: TeamUnderperformerReason[];
}

export interface TeamUnderperformersView extends Page<TeamUnderperformerView> {
  cycleId: string;
  subject: 'team';
}

/** `POST /sandbox`: the teams touched by the moves, before and after. */
export interface SandboxView {
  before: TeamMetrics[];
  after: TeamMetrics[];
}

/** 干事创业好班子 (teams, by their unit), 担当作为好干部, 重点工作先进个人. */
export type AwardKind = 'good_team' | 'good_cadre' | 'advanced_individual';
export type AwardStatus = 'nominating' | 'decided' | 'published';

/** An award campaign (正向激励), as `GET /awards` lists it. */
export interface AwardView {
  id: string;
  kind: AwardKind;
  name: string;
  cycleId: string;
  quota: number;
  /** Share of the places reserved for grassroots units (向基层倾斜), 0..1. */
  grassrootsMin: number;
  /** The recommendation campaign the nominees come from; null: from the cycle's composite. */
  campaignId: string | null;
  /** Share of the places reserved for the key units and fields (扛标), 0..1; 0 when none are named. */
  keyMin: number;
  keyUnitIds: string[];
  keyFieldIds: string[];
  /** 民主推荐 ballots issued for the award: open while voters pick, closed once tallied; null if none. */
  recommendation: AwardRecommendationView | null;
  status: AwardStatus;
  createdAt: string;
  decidedAt: string | null;
  publishedAt: string | null;
}

export interface AwardRecommendationView {
  maxPicks: number;
  status: 'open' | 'closed';
  /** Ballots cast, once closed. */
  ballots: number | null;
  /** Fewer ballots than the anonymity threshold: no counts shown, the composite orders alone. */
  suppressed: boolean | null;
}

export interface AwardNomineeView {
  /** A cadre, or a team for `good_team`. */
  targetId: string;
  name: string;
  /** Of a town, street or zone. */
  grassroots: boolean;
  /** Democratic recommendation: excellent rate 0..1 when a campaign is named, else null. */
  recommendation: number | null;
  /** Recommendation score or composite: the order. */
  score: number | null;
  /** Of a key unit or field (扛标) named by the award. */
  key: boolean;
  /** Picks in the award's recommendation ballots once tallied (shown from the threshold on); else null. */
  picks: number | null;
}

export interface AwardWinnerView {
  targetId: string;
  name: string | null;
  place: number;
  grassroots: boolean;
  storyTitle: string | null;
  storyText: string | null;
}

/** `GET /awards/:id`: while nominating the proposal; once decided the winners (and their stories). */
export interface AwardDetailView extends AwardView {
  title: string;
  proposal: Array<AwardNomineeView & { place: number }>;
  /** Everyone eligible, best first; empty once published. */
  nominees: AwardNomineeView[];
  winners: AwardWinnerView[];
}

/**
 * The content of each of the four steps by its name: {@link AppraisalView}'s `steps` holds any step's
 * content under every key, so a reader takes the one of the step it looks at from here.
 */
export interface StepContents {
  look: LookContent;
  listen: ListenContent;
  ask: AskContent;
  apply: ApplyContent;
}
