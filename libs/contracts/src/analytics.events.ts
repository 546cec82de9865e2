/**
 * Events of the `analytics` service: 比对考核 rankings.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { dateTime, EXAMPLE_ID as ID, eventsOf, nullable, oneOf, score, uuid } from './schema';
import type { PayloadsOf, VersionsOf } from './schema';

/** `vertical`: inside a team (纵向); `horizontal`: inside a field (横向). Persisted: never rename. */
export const RANKING_SCOPES = ['vertical', 'horizontal'] as const;
export type RankingScope = (typeof RANKING_SCOPES)[number];

/** Why a cadre is listed without a rank (首关不过,余关莫论). */
export const RANKING_EXCLUSIONS = ['political_gate'] as const;
export type RankingExclusion = (typeof RANKING_EXCLUSIONS)[number];

export const RankingItemV1 = Type.Object({
  cadreId: uuid(),
  composite: score('Weighted mean of the parts present.'),
  rank: nullable(
    Type.Integer({ minimum: 1, description: '1-based; ties share a rank (1, 2, 2, 4); null when excluded.' }),
  ),
  percentile: nullable(score('100·(n−rank)/(n−1) over the n ranked cadres (100 when n = 1); null when excluded.')),
  excluded: nullable(oneOf(RANKING_EXCLUSIONS, 'Why the cadre has no rank; null when ranked.')),
});
export type RankingItemV1 = Static<typeof RankingItemV1>;

/**
 * analytics.rankings.recomputed — the ranking of one scope of a cycle after a recomputation: one
 * event per team (vertical) and per field (horizontal) so that every message stays small. The
 * payload is the whole ranking of that scope, as `GET /cycles/:id/rankings` answers it.
 * aggregateId = cycleId.
 */
export const RankingsRecomputedV1 = Type.Object({
  cycleId: uuid(),
  scope: oneOf(RANKING_SCOPES, 'vertical: inside a team; horizontal: inside a field.'),
  scopeId: uuid('The team id for vertical, the field id for horizontal.'),
  revision: Type.Integer({
    minimum: 1,
    description:
      'Increases with every recomputation of the cycle; every event of one recomputation has the same value. A consumer ignores an event whose revision is below the one it holds for the scope.',
  }),
  computedAt: dateTime(),
  items: Type.Array(RankingItemV1, { description: 'Ranked cadres by rank, then the excluded ones.' }),
});
export type RankingsRecomputedV1 = Static<typeof RankingsRecomputedV1>;

export const ANALYTICS_EVENTS = {
  'analytics.rankings.recomputed': eventsOf('analytics')({
    version: 1,
    summary:
      'The ranking of one scope (a team, vertical; a field, horizontal) of a cycle was recomputed; one event per scope, carrying its whole ranking.',
    summaryZh: '比对考核排名重新计算',
    aggregate: 'cycle id',
    aggregateKey: 'cycleId',
    payload: RankingsRecomputedV1,
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
  }),
};

export type AnalyticsEventPayloads = PayloadsOf<typeof ANALYTICS_EVENTS>;
export type AnalyticsEventVersions = VersionsOf<typeof ANALYTICS_EVENTS>;
