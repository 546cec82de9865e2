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
 * review.ballot.cast — ballots were cast. Version 2: one event per written batch of ballots and campaign
 * (version 1, one event per ballot, is only found in older stream history). Deliberately coarse so that
 * it cannot be tied to a voter: no voter identity, no token, no ballot id, no content, and only the
 * calendar day. Publishers set the envelope's `actor` to null and its `occurredAt` to the start of that
 * day (UTC). aggregateId = campaignId.
 */
export interface BallotCastV2 {
  campaignId: string;
  cycleId: string;
  /** How many ballots of the campaign the batch wrote (at least 1). */
  ballots: number;
  /** Every target rated on at least one of these ballots (cadre or unit ids of the campaign), each once. */
  targetIds: string[];
  /** How many of these ballots came from each voter group of the campaign's voter list, e.g. "班子成员". */
  voterGroups: Array<{ group: string; ballots: number }>;
  /** Calendar date `YYYY-MM-DD` of the cast. */
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
 * review.results.updated — the campaign's results after new ballots (debounced by the publisher; the
 * payload is the whole current result, so a consumer replaces what it holds). aggregateId = campaignId.
 */
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
  'review.ballot.cast': BallotCastV2;
  'review.results.updated': ResultsUpdatedV1;
}
