/**
 * Events of the `analytics` service: 比对考核 rankings.
 */

/** `vertical`: inside a team (纵向); `horizontal`: inside a field (横向). Persisted: never rename. */
export const RANKING_SCOPES = ['vertical', 'horizontal'] as const;
export type RankingScope = (typeof RANKING_SCOPES)[number];

/** Why a cadre is listed without a rank (首关不过,余关莫论). */
export const RANKING_EXCLUSIONS = ['political_gate'] as const;
export type RankingExclusion = (typeof RANKING_EXCLUSIONS)[number];

export interface RankingItemV1 {
  cadreId: string;
  /** Weighted mean of the parts present, 0..100. */
  composite: number;
  /** 1-based; ties share a rank (1, 2, 2, 4). Null when excluded. */
  rank: number | null;
  /** 100·(n−rank)/(n−1) over the n ranked cadres (100 when n = 1). Null when excluded. */
  percentile: number | null;
  excluded: RankingExclusion | null;
}

/**
 * analytics.rankings.recomputed — the ranking of one scope of a cycle after a recomputation: one
 * event per team (vertical) and per field (horizontal) so that every message stays small. The
 * payload is the whole ranking of that scope, as `GET /cycles/:id/rankings` answers it.
 * aggregateId = cycleId.
 */
export interface RankingsRecomputedV1 {
  cycleId: string;
  scope: RankingScope;
  /** The team id for `vertical`, the field id for `horizontal`. */
  scopeId: string;
  /**
   * Increases with every recomputation of the cycle; every event of one recomputation has the same
   * value. A consumer ignores an event whose revision is below the one it holds for the scope.
   */
  revision: number;
  computedAt: string;
  /** Ranked cadres by rank, then the excluded ones. */
  items: RankingItemV1[];
}

export interface AnalyticsEventPayloads {
  'analytics.rankings.recomputed': RankingsRecomputedV1;
}
