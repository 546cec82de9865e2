import { GRADES } from './appraisal.events';
import type { FieldError } from './problem';
import { isStorableText } from './text';

/**
 * The shape of a cast ballot (`{ ratings: [{ targetId, grade, scores?, opinion? }] }`), written once: the
 * gateway's BallotDto takes its limits from here, the gateway's fast check of the public cast and
 * review's own check of every cast (the gateway is not its only possible caller) both call
 * {@link ballotShapeProblems}. What a campaign allows (its targets, its item keys, the voter's own
 * unit) is review's, not the shape's.
 */
export const BALLOT_SHAPE = {
  minRatings: 1,
  /** Two thousand targets make a campaign; no voter rates more than a few hundred of them. */
  maxRatings: 500,
  /** Item scores of one rating: a template has five to a dozen items. */
  maxScores: 20,
  maxScoreKeyLength: 40,
  minScore: 0,
  maxScore: 100,
  /** A written opinion on a rated unit (双向考核意见 of a voter), in characters. */
  maxOpinionLength: 500,
} as const;

/** A UUID as class-validator's IsUUID() (validator.js `all`) takes it: version 1–8, RFC variant, nil, max. */
export const BALLOT_TARGET_ID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

const RATING_KEYS: ReadonlySet<string> = new Set(['targetId', 'grade', 'scores', 'opinion']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Item scores: an object of at most `maxScores` entries, keys of 1 to `maxScoreKeyLength` characters, finite numbers in [minScore, maxScore]. */
export function isBallotScoreMap(value: unknown): value is Record<string, number> {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length > BALLOT_SHAPE.maxScores) return false;
  for (const k of keys) {
    const v = value[k];
    if (k.length === 0 || k.length > BALLOT_SHAPE.maxScoreKeyLength || !isBallotScore(v)) return false;
  }
  return true;
}

const isBallotScore = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= BALLOT_SHAPE.minScore && v <= BALLOT_SHAPE.maxScore;

/**
 * A written opinion: text of at most `maxOpinionLength` characters (code points, as a reader counts
 * them) that a column can hold (no NUL, no lone surrogate).
 */
export function isBallotOpinion(value: unknown): value is string {
  if (typeof value !== 'string' || !isStorableText(value)) return false;
  // Cheap first: a string of ≤ 500 UTF-16 units has ≤ 500 code points.
  return value.length <= BALLOT_SHAPE.maxOpinionLength || [...value].length <= BALLOT_SHAPE.maxOpinionLength;
}

/**
 * Every field of `value` that breaks the shape of a ballot, named as the gateway's 400 names them
 * (`ratings[2].grade`); none for a well-formed ballot. Unknown keys are refused, as the gateway's
 * pipe refuses them. `scores: null` and `opinion: null` count as none (class-validator's IsOptional).
 */
export function ballotShapeProblems(value: unknown): FieldError[] {
  if (!isObject(value))
    return [{ field: 'ratings', message: `需要 ${BALLOT_SHAPE.minRatings} 至 ${BALLOT_SHAPE.maxRatings} 项评价` }];
  const problems: FieldError[] = [];
  for (const key of Object.keys(value)) if (key !== 'ratings') problems.push({ field: key, message: '不允许的字段' });
  const ratings = value.ratings;
  if (!Array.isArray(ratings) || ratings.length < BALLOT_SHAPE.minRatings || ratings.length > BALLOT_SHAPE.maxRatings) {
    return [
      ...problems,
      { field: 'ratings', message: `需要 ${BALLOT_SHAPE.minRatings} 至 ${BALLOT_SHAPE.maxRatings} 项评价` },
    ];
  }
  // Every cast passes here twice (the gateway's fast check, review's own): the field names are built
  // only for a rating that has a problem.
  for (let i = 0; i < ratings.length; i++) {
    const r: unknown = ratings[i];
    if (!isObject(r)) {
      problems.push({ field: `ratings[${i}]`, message: '必须是对象' });
      continue;
    }
    for (const key in r)
      if (!RATING_KEYS.has(key)) problems.push({ field: `ratings[${i}].${key}`, message: '不允许的字段' });
    if (typeof r.targetId !== 'string' || !BALLOT_TARGET_ID.test(r.targetId))
      problems.push({ field: `ratings[${i}].targetId`, message: '必须是 UUID' });
    if (!(GRADES as readonly unknown[]).includes(r.grade))
      problems.push({ field: `ratings[${i}].grade`, message: `必须是 ${GRADES.join(', ')} 之一` });
    const opinion = r.opinion;
    if (opinion !== undefined && opinion !== null && !isBallotOpinion(opinion))
      problems.push({
        field: `ratings[${i}].opinion`,
        message: `必须是至多 ${BALLOT_SHAPE.maxOpinionLength} 个字符的文字`,
      });
    const scores = r.scores;
    if (scores === undefined || scores === null) continue;
    if (!isObject(scores) || Object.keys(scores).length > BALLOT_SHAPE.maxScores) {
      problems.push({ field: `ratings[${i}].scores`, message: `至多 ${BALLOT_SHAPE.maxScores} 项评分` });
      continue;
    }
    for (const key in scores) {
      const score = scores[key];
      if (key.length === 0 || key.length > BALLOT_SHAPE.maxScoreKeyLength)
        problems.push({
          field: `ratings[${i}].scores.${key}`,
          message: `项目名须为 1 至 ${BALLOT_SHAPE.maxScoreKeyLength} 个字符`,
        });
      else if (!isBallotScore(score))
        problems.push({
          field: `ratings[${i}].scores.${key}`,
          message: `必须是 ${BALLOT_SHAPE.minScore} 至 ${BALLOT_SHAPE.maxScore} 的数`,
        });
    }
  }
  return problems;
}
