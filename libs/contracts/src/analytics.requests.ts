import type { RankingExclusion, RankingScope } from './analytics.events';

/** Request-reply patterns the gateway uses to reach the analytics service. */
export const ANALYTICS_REQUESTS = {
  rankings: 'analytics.rankings.get',
  coordinates: 'analytics.coordinates.get',
  trend: 'analytics.trend.get',
  weights: 'analytics.weights.get',
  putWeights: 'analytics.weights.put',
  cadreDossier: 'analytics.dossier.cadre',
  teamDossier: 'analytics.dossier.team',
  selection: 'analytics.selection.candidates',
  underperformers: 'analytics.underperformers',
  sandbox: 'analytics.sandbox',
  addBatch: 'analytics.batches.add',
  batches: 'analytics.batches.list',
  addTalk: 'analytics.talks.add',
  talks: 'analytics.talks.list',
  createAward: 'analytics.awards.create',
  awards: 'analytics.awards.list',
  award: 'analytics.awards.get',
  decideAward: 'analytics.awards.decide',
  awardStory: 'analytics.awards.story',
  publishAward: 'analytics.awards.publish',
  recompute: 'analytics.recompute',
} as const;

/** Weights of the composite's parts (per tenant). Defaults: 0.4, 0.3, 0.2, 0.1. */
export interface CompositeWeights {
  periodic: number;
  democratic: number;
  task: number;
  wartime: number;
}

export const DEFAULT_COMPOSITE_WEIGHTS: CompositeWeights = { periodic: 0.4, democratic: 0.3, task: 0.2, wartime: 0.1 };

export interface RankingsQuery {
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
}
