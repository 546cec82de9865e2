/**
 * Events of the `analytics` service: 比对考核 rankings.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { GRADES } from './appraisal.events';
import { dateTime, EXAMPLE_ID as ID, eventsOf, name, nullable, oneOf, rate, score, text, uuid } from './schema';
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

/**
 * analytics.team_rankings.recomputed — the leadership teams' ranking (班子排名) of one field of a
 * periodic cycle after a recomputation: one event per field, carrying its whole ranking, as
 * `GET /cycles/:id/team-rankings?fieldId=` answers it. aggregateId = cycleId.
 */
export const TeamRankingsRecomputedV1 = Type.Object({
  cycleId: uuid(),
  fieldId: nullable(uuid(), 'The field; null for the teams of units without a field.'),
  revision: Type.Integer({
    minimum: 1,
    description: 'The recomputation of the cycle, as in analytics.rankings.recomputed.',
  }),
  computedAt: dateTime(),
  items: Type.Array(
    Type.Object({
      teamId: uuid(),
      composite: score('Weighted mean of the team’s parts present.'),
      rank: Type.Integer({ minimum: 1, description: '1-based inside the field; ties share a rank.' }),
      percentile: score('100·(n−rank)/(n−1) over the field’s n teams (100 when n = 1).'),
    }),
    { description: 'The field’s teams by rank.' },
  ),
});
export type TeamRankingsRecomputedV1 = Static<typeof TeamRankingsRecomputedV1>;

/** What a calibration adjustment changes. Persisted: never rename. */
export const CALIBRATION_FIELDS = ['grade', 'composite'] as const;
export type CalibrationField = (typeof CALIBRATION_FIELDS)[number];

/**
 * analytics.calibration.adjusted — the organization department calibrated (校准) one cadre's grade or
 * composite in a closed cycle, with its reason; the original stays in the ranking. The appraisal
 * service keeps the calibrated grades to check the 优秀 share when the cycle is published.
 * aggregateId = cycleId.
 */
export const CalibrationAdjustedV1 = Type.Object({
  cycleId: uuid(),
  changeId: uuid('Id of the change in the calibration trail.'),
  cadreId: uuid(),
  field: oneOf(CALIBRATION_FIELDS, 'grade: the 切 grade; composite: the composite score.'),
  from: nullable(
    Type.Union([oneOf(GRADES), score()]),
    'The value before (the original or the previous calibration); null: the cadre had no grade.',
  ),
  to: Type.Union([oneOf(GRADES), score()], { description: 'The calibrated value.' }),
  reason: name('Why (kept in the trail).'),
  at: dateTime(),
});
export type CalibrationAdjustedV1 = Static<typeof CalibrationAdjustedV1>;

/**
 * analytics.grade_guideline.updated — the 优秀 guideline (the highest share of 优秀 among those
 * appraised) of the tenant, or of one cycle (overriding the tenant's). aggregateId = tenantId.
 */
export const GradeGuidelineUpdatedV1 = Type.Object({
  tenantId: uuid(),
  cycleId: nullable(uuid(), 'The cycle the override is for; null for the tenant’s own guideline.'),
  excellentMaxShare: nullable(rate(), 'The highest share of 优秀; null: a cycle’s override was removed.'),
});
export type GradeGuidelineUpdatedV1 = Static<typeof GradeGuidelineUpdatedV1>;

/**
 * analytics.record.sealed — a published cycle's record (考核记录) was sealed: its canonical
 * serialisation hashed (sha256), chained to the tenant's previous record. A subscriber keeping the
 * digests can check the chain itself (docs/records.md). aggregateId = cycleId.
 */
export const RecordSealedV1 = Type.Object({
  cycleId: uuid(),
  sequence: Type.Integer({ minimum: 1, description: 'Place of the record in the tenant’s chain, from 1.' }),
  publishedAt: nullable(dateTime(), 'When the cycle was published; null for records sealed on upgrade.'),
  digest: text('sha256 of the record’s canonical serialisation, lowercase hex.'),
  previousDigest: nullable(text(), 'The digest of the tenant’s previous record; null for the first.'),
  sealedAt: dateTime(),
});
export type RecordSealedV1 = Static<typeof RecordSealedV1>;

/**
 * analytics.annual.published — a tenant's annual evaluation (年度综合评价) of one year was computed from
 * the year's published periodic cycles, its random appraisals and its democratic evaluations, frozen
 * and sealed in the tenant's chain of records (docs/records.md). aggregateId = the annual evaluation's id.
 */
export const AnnualPublishedV1 = Type.Object({
  annualId: uuid(),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  cycleIds: Type.Array(uuid(), { description: 'The published periodic cycles the year is built from.' }),
  cadres: Type.Integer({ minimum: 0, description: 'Cadres with an annual composite.' }),
  teams: Type.Integer({ minimum: 0, description: 'Leadership teams with an annual composite.' }),
  sequence: Type.Integer({ minimum: 1, description: 'Place of the annual record in the tenant’s chain.' }),
  digest: text('sha256 of the annual record’s canonical serialisation, lowercase hex.'),
  previousDigest: nullable(text(), 'The digest of the tenant’s previous record; null for the first.'),
  publishedAt: dateTime(),
});
export type AnnualPublishedV1 = Static<typeof AnnualPublishedV1>;

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
  'analytics.team_rankings.recomputed': eventsOf('analytics')({
    version: 1,
    summary:
      'The leadership teams’ ranking of one field of a periodic cycle was recomputed; one event per field, carrying its whole ranking.',
    summaryZh: '班子排名重新计算',
    aggregate: 'cycle id',
    aggregateKey: 'cycleId',
    payload: TeamRankingsRecomputedV1,
    example: {
      cycleId: ID.cycle,
      fieldId: ID.field,
      revision: 3,
      computedAt: '2025-07-11T02:00:05+08:00',
      items: [
        { teamId: ID.team, composite: 86.4, rank: 1, percentile: 100 },
        { teamId: ID.team2, composite: 81.2, rank: 2, percentile: 0 },
      ],
    },
  }),
  'analytics.calibration.adjusted': eventsOf('analytics')({
    version: 1,
    summary: 'A cadre’s grade or composite in a closed cycle was calibrated, with its reason; the original is kept.',
    summaryZh: '考核结果校准',
    aggregate: 'cycle id',
    aggregateKey: 'cycleId',
    payload: CalibrationAdjustedV1,
    example: {
      cycleId: ID.cycle,
      changeId: ID.appraisal,
      cadreId: ID.cadre,
      field: 'grade',
      from: 'excellent',
      to: 'competent',
      reason: '优秀等次超过指导比例，经部务会研究调整',
      at: '2025-07-15T09:30:00+08:00',
    },
  }),
  'analytics.grade_guideline.updated': eventsOf('analytics')({
    version: 1,
    summary: 'The 优秀 guideline (highest share of excellent grades) of the tenant or of one cycle changed.',
    summaryZh: '优秀等次指导比例调整',
    aggregate: 'tenant id',
    aggregateKey: 'tenantId',
    payload: GradeGuidelineUpdatedV1,
    example: { tenantId: 'e0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b', cycleId: null, excellentMaxShare: 0.2 },
  }),
  'analytics.record.sealed': eventsOf('analytics')({
    version: 1,
    summary: 'A published cycle’s record was sealed: its sha256 digest, chained to the tenant’s previous record.',
    summaryZh: '考核记录封存',
    aggregate: 'cycle id',
    aggregateKey: 'cycleId',
    payload: RecordSealedV1,
    example: {
      cycleId: ID.cycle,
      sequence: 2,
      publishedAt: '2025-07-20T10:00:00+08:00',
      digest: '9f2c4e1a7b3d5f6081a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708',
      previousDigest: '1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff001',
      sealedAt: '2025-07-20T10:00:03+08:00',
    },
  }),
  'analytics.annual.published': eventsOf('analytics')({
    version: 1,
    summary:
      'A year’s annual evaluation was computed, frozen and sealed in the tenant’s chain of records: its cadres’ and teams’ annual composites and ranks.',
    summaryZh: '年度综合评价发布',
    aggregate: 'annual evaluation id',
    aggregateKey: 'annualId',
    payload: AnnualPublishedV1,
    example: {
      annualId: 'a7e2c4d6-1b3f-4a5c-8d7e-9f0a1b2c3d41',
      year: 2025,
      cycleIds: [ID.cycle, '6a3b8d7c-9e0f-4a1b-8c2d-4e5f6a7b8c03'],
      cadres: 299,
      teams: 73,
      sequence: 3,
      digest: '5e8a0c2d4f6b8a0c2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d',
      previousDigest: '9f2c4e1a7b3d5f6081a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708',
      publishedAt: '2026-01-20T10:00:04+08:00',
    },
  }),
};

export type AnalyticsEventPayloads = PayloadsOf<typeof ANALYTICS_EVENTS>;
export type AnalyticsEventVersions = VersionsOf<typeof ANALYTICS_EVENTS>;
