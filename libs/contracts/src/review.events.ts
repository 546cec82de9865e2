/**
 * Events of the `review` service: 双向考核 and 民主测评. Ballots are anonymous: no event ever carries
 * who voted, a token, the voter's name or unit, or the ballot's content.
 */
/** 自上而下 / 自下而上 (towns/streets/zones rate district departments) / 同级互评. Persisted: never rename. */
export const CAMPAIGN_DIRECTIONS = ['top_down', 'bottom_up', 'peer'] as const;
export type CampaignDirection = (typeof CAMPAIGN_DIRECTIONS)[number];

/** What a campaign rates: cadres or units. Persisted: never rename. */
export const CAMPAIGN_SUBJECTS = ['cadre', 'unit'] as const;
export type CampaignSubject = (typeof CAMPAIGN_SUBJECTS)[number];

/**
 * review.ballot.cast — ballots were cast. Version 3: one event per campaign, once its cycle has closed,
 * counting all its ballots (version 2, one event per written batch, and version 1, one per ballot, are
 * only found in older stream history: a per-batch outbox row stamped to the microsecond let the
 * database administrator order the batches in time, docs/anonymity.md). Deliberately coarse so that it
 * cannot be tied to a voter: no voter identity, no token, no ballot id, no content, and only a calendar
 * day. Publishers set the envelope's `actor` to null and its `occurredAt` to the start of that day (UTC).
 * aggregateId = campaignId.
 */
export interface BallotCastV3 {
  campaignId: string;
  cycleId: string;
  /** How many ballots of the campaign were cast (at least 1). */
  ballots: number;
  /** Every target rated on at least one of these ballots (cadre or unit ids of the campaign), each once. */
  targetIds: string[];
  /** How many of these ballots came from each voter group of the campaign's voter list, e.g. "班子成员". */
  voterGroups: Array<{ group: string; ballots: number }>;
  /** Calendar date `YYYY-MM-DD` on which the count was taken (after the cycle closed). */
  day: string;
}

export interface GradeCountsV1 {
  excellent: number;
  competent: number;
  basically_competent: number;
  incompetent: number;
}

/** Results for one target, as `GET /campaigns/:id/results` answers them. */
export interface TargetResultV1 {
  targetId: string;
  ballots: number;
  gradeCounts: GradeCountsV1;
  /** Share of `excellent` grades, 0..1. */
  excellentRate: number;
  /** 0..100 (trimmed mean of ballot values); null while the target has no ballot. */
  score: number | null;
}

/**
 * One target's results in review.results.updated v2: a target with fewer ballots than the tenant's
 * `minGroupSize` is `suppressed` and carries its ballot count only (the count reveals no grade); a
 * consumer treats it as having no democratic result. v1 entries (no `suppressed`) were all shown.
 */
export interface TargetResultV2 {
  targetId: string;
  ballots: number;
  suppressed: boolean;
  gradeCounts: GradeCountsV1 | null;
  /** Share of `excellent` grades, 0..1; null when suppressed. */
  excellentRate: number | null;
  /** 0..100; null when suppressed, without ballots, or (with group weights) without a shown weighted group. */
  score: number | null;
}

/**
 * review.results.updated — the campaign's final results, published once its cycle has closed (never
 * while it is open: results polled as ballots arrive would isolate each ballot). The payload is the
 * whole result, so a consumer replaces what it holds. Version 2: entries may be `suppressed` with null
 * numbers (docs/anonymity.md). aggregateId = campaignId.
 */
export interface ResultsUpdatedV2 {
  campaignId: string;
  cycleId: string;
  direction: CampaignDirection;
  subject: CampaignSubject;
  participation: {
    issued: number;
    cast: number;
    /** cast / issued, 0..1. */
    rate: number;
  };
  results: TargetResultV2[];
}

/** The first version: every target shown, whatever its number of ballots. Older stream history only. */
export interface ResultsUpdatedV1 {
  campaignId: string;
  cycleId: string;
  direction: CampaignDirection;
  subject: CampaignSubject;
  participation: {
    issued: number;
    cast: number;
    /** cast / issued, 0..1. */
    rate: number;
  };
  results: TargetResultV1[];
}

export interface ReviewEventPayloads {
  'review.ballot.cast': BallotCastV3;
  'review.results.updated': ResultsUpdatedV2;
}
