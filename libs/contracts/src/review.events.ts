/**
 * Events of the `review` service: 双向考核 and 民主测评. Ballots are anonymous: no event ever carries
 * who voted, a token, the voter's name or unit, or the ballot's content.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { GRADES } from './appraisal.events';
import { count, date, EXAMPLE_ID as ID, eventsOf, name, nullable, oneOf, rate, score, uuid } from './schema';
import type { PayloadsOf, VersionsOf } from './schema';

/** 自上而下 / 自下而上 (towns/streets/zones rate district departments) / 同级互评. Persisted: never rename. */
export const CAMPAIGN_DIRECTIONS = ['top_down', 'bottom_up', 'peer'] as const;
export type CampaignDirection = (typeof CAMPAIGN_DIRECTIONS)[number];

/**
 * The voter group of district leaders (区级领导): in top-down review of units they rate the district
 * departments, and only they do (the departments rate the towns, streets and zones). A leader's
 * `unitId` is where the token is handed out; it does not make the leader that unit's voter.
 */
export const DISTRICT_LEADER_GROUP = '区级领导';

/** What a campaign rates: cadres or units. Persisted: never rename. */
export const CAMPAIGN_SUBJECTS = ['cadre', 'unit', 'team'] as const;
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
export const BallotCastV3 = Type.Object({
  campaignId: uuid(),
  cycleId: uuid(),
  ballots: count('Ballots cast in the campaign (at least 1).', 1),
  targetIds: Type.Array(uuid(), {
    description: 'Every target rated on at least one of these ballots, each once.',
    minItems: 1,
    uniqueItems: true,
  }),
  voterGroups: Type.Array(
    Type.Object({
      group: name('Voter group of the campaign’s voter list, e.g. 班子成员.'),
      ballots: count('Ballots from this group.', 1),
    }),
    { description: 'Ballots per voter group.', minItems: 1 },
  ),
  day: date('Calendar day the count was taken (after the cycle closed).'),
});
export type BallotCastV3 = Static<typeof BallotCastV3>;

export const GradeCountsV1 = Type.Object(
  Object.fromEntries(GRADES.map((grade) => [grade, count()])) as Record<
    (typeof GRADES)[number],
    ReturnType<typeof count>
  >,
);
export type GradeCountsV1 = Static<typeof GradeCountsV1>;

const participation = Type.Object({
  issued: count('Tokens issued.'),
  cast: count('Ballots cast.'),
  rate: rate('cast / issued.'),
});

/** Results for one target in review.results.updated v1: every target shown, whatever its number of ballots. */
export const TargetResultV1 = Type.Object({
  targetId: uuid(),
  ballots: count(),
  gradeCounts: GradeCountsV1,
  excellentRate: rate('Share of excellent grades.'),
  score: nullable(score('Trimmed mean of ballot values; null while the target has no ballot.')),
});
export type TargetResultV1 = Static<typeof TargetResultV1>;

/**
 * One target's results in review.results.updated v2: a target with fewer ballots than the tenant's
 * `minGroupSize` is `suppressed` and carries its ballot count only (the count reveals no grade); a
 * consumer treats it as having no democratic result.
 */
export const TargetResultV2 = Type.Object({
  targetId: uuid(),
  ballots: count(),
  suppressed: Type.Boolean({
    description: 'Fewer ballots than minGroupSize: the numbers are null; treat as no result.',
  }),
  gradeCounts: nullable(GradeCountsV1),
  excellentRate: nullable(rate('Share of excellent grades; null when suppressed.')),
  score: nullable(
    score(
      'Trimmed mean of ballot values (weighted by shown voter groups when the campaign has weights); null when suppressed or without a score.',
    ),
  ),
  itemScores: Type.Optional(
    Type.Record(Type.String({ maxLength: 64 }), score(), {
      description:
        'Trimmed mean per template item (e.g. unity, 团结协作 — a team’s 配合度) over the ballots that scored it; only items scored on at least minGroupSize ballots; left out when suppressed or without item scores.',
    }),
  ),
});
export type TargetResultV2 = Static<typeof TargetResultV2>;

const resultsProperties = {
  campaignId: uuid(),
  cycleId: uuid(),
  direction: oneOf(CAMPAIGN_DIRECTIONS, 'top_down, bottom_up (towns/streets/zones rate departments) or peer.'),
  subject: oneOf(CAMPAIGN_SUBJECTS, 'Targets are cadres, units or leadership teams (班子).'),
  participation,
};

/**
 * review.results.updated — the campaign's final results, published once its cycle has closed (never
 * while it is open: results polled as ballots arrive would isolate each ballot). The payload is the
 * whole result, so a consumer replaces what it holds. Version 2: entries may be `suppressed` with null
 * numbers (docs/anonymity.md). aggregateId = campaignId.
 */
export const ResultsUpdatedV2 = Type.Object({
  ...resultsProperties,
  results: Type.Array(TargetResultV2, { description: 'One entry per target of the campaign.' }),
});
export type ResultsUpdatedV2 = Static<typeof ResultsUpdatedV2>;

/** The first version: every target shown, whatever its number of ballots. Older stream history only. */
export const ResultsUpdatedV1 = Type.Object({
  ...resultsProperties,
  results: Type.Array(TargetResultV1, { description: 'One entry per target of the campaign.' }),
});
export type ResultsUpdatedV1 = Static<typeof ResultsUpdatedV1>;

/** State of a rectification item (整改事项). Persisted: never rename. */
export const RECTIFICATION_STATUSES = ['open', 'in_progress', 'done'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

const rectificationProperties = {
  rectificationId: uuid('The rectification item (整改事项).'),
  opinionId: uuid('The department’s two-way review opinion (双向考核意见) the item belongs to.'),
  cycleId: uuid('The cycle whose two-way review the opinion concludes.'),
  unitId: uuid('The unit that must rectify.'),
  title: name('What is to be rectified.'),
  deadline: date('Last day (Beijing time) to have it done.'),
};

/**
 * review.rectification.overdue — a rectification item passed its deadline without being done (once per
 * item). `recordedBy`: the user of the organization department who recorded the opinion (the
 * appraisal service notifies them and the unit's leaders). aggregateId = rectificationId.
 */
export const RectificationOverdueV1 = Type.Object({
  ...rectificationProperties,
  status: oneOf(['open', 'in_progress'] as const, 'Where the item stood when its deadline passed.'),
  recordedBy: uuid('User of the organization department who recorded the opinion.'),
});
export type RectificationOverdueV1 = Static<typeof RectificationOverdueV1>;

/** review.rectification.done — the unit or the department reported a rectification item done. aggregateId = rectificationId. */
export const RectificationDoneV1 = Type.Object({
  ...rectificationProperties,
  doneOn: date('Day it was reported done.'),
  late: Type.Boolean({ description: 'Reported done after its deadline had passed (it was overdue).' }),
  note: name('What was done, as reported.'),
});
export type RectificationDoneV1 = Static<typeof RectificationDoneV1>;

const event = eventsOf('review');

const rectificationExample = {
  rectificationId: '0e7f2a1b-3c4d-4e5f-8a6b-8c9d0e1f2a41',
  opinionId: '0e7f2a1b-3c4d-4e5f-8a6b-8c9d0e1f2a42',
  cycleId: ID.cycle,
  unitId: ID.unit,
  title: '压缩审批时限，窗口办件一次办结',
  deadline: '2026-09-30',
};

export const REVIEW_EVENTS = {
  'review.ballot.cast': event({
    version: 3,
    summary:
      'Ballots were cast: one event per campaign once its cycle has closed, counting all its ballots (version 2 was one per written batch, version 1 one per ballot: their times ordered the batches). Anonymous by design: no voter identity, token, ballot id or content, only counts and the day; the envelope has actor null and occurredAt at the start of that day.',
    summaryZh: '民主测评投票汇总（周期关闭后按测评活动一次，匿名，不含投票人信息）',
    aggregate: 'campaign id',
    aggregateKey: 'campaignId',
    payload: BallotCastV3,
    example: {
      campaignId: ID.campaign,
      cycleId: ID.cycle,
      ballots: 12,
      targetIds: [ID.cadre, ID.cadre2, ID.cadre3],
      voterGroups: [
        { group: '中层干部', ballots: 9 },
        { group: '班子成员', ballots: 3 },
      ],
      day: '2025-06-25',
    },
  }),
  'review.results.updated': event({
    version: 2,
    summary:
      'The final results of a review campaign, published once its cycle has closed; carries the whole result and participation. Version 2: a target with fewer ballots than the tenant’s minGroupSize is suppressed (its numbers null).',
    summaryZh: '测评结果（周期关闭后发布，样本不足的对象不予显示，含参评率）',
    aggregate: 'campaign id',
    aggregateKey: 'campaignId',
    payload: ResultsUpdatedV2,
    older: { 1: ResultsUpdatedV1 },
    example: {
      campaignId: ID.campaign,
      cycleId: ID.cycle,
      direction: 'top_down',
      subject: 'cadre',
      participation: { issued: 40, cast: 32, rate: 0.8 },
      results: [
        {
          targetId: ID.cadre,
          ballots: 32,
          suppressed: false,
          gradeCounts: { excellent: 20, competent: 11, basically_competent: 1, incompetent: 0 },
          excellentRate: 0.625,
          score: 88.4,
        },
        { targetId: ID.cadre2, ballots: 3, suppressed: true, gradeCounts: null, excellentRate: null, score: null },
      ],
    },
  }),
  'review.rectification.overdue': event({
    version: 1,
    summary:
      'A rectification item of a two-way review opinion passed its deadline without being done; published once per item. The appraisal service notifies the unit’s leaders and the officer who recorded the opinion.',
    summaryZh: '整改事项逾期未完成（通知单位领导和组织部）',
    aggregate: 'rectification item id',
    aggregateKey: 'rectificationId',
    payload: RectificationOverdueV1,
    example: { ...rectificationExample, status: 'in_progress', recordedBy: '0e7f2a1b-3c4d-4e5f-8a6b-8c9d0e1f2a43' },
  }),
  'review.rectification.done': event({
    version: 1,
    summary:
      'A rectification item of a two-way review opinion was reported done, by the unit’s leader or the department.',
    summaryZh: '整改事项已完成',
    aggregate: 'rectification item id',
    aggregateKey: 'rectificationId',
    payload: RectificationDoneV1,
    example: { ...rectificationExample, doneOn: '2026-09-12', late: false, note: '窗口办件平均时限由5天压缩至2天' },
  }),
};

export type ReviewEventPayloads = PayloadsOf<typeof REVIEW_EVENTS>;
export type ReviewEventVersions = VersionsOf<typeof REVIEW_EVENTS>;
