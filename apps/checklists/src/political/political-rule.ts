import {
  DimensionStatus,
  POLITICAL_DIMENSIONS,
  PoliticalDimension,
  PoliticalDimensionStateV1,
  PoliticalVerdict,
} from '@cadre/contracts';
import { POLARITIES, Polarity, SEVERITIES, Severity } from './political-template';

/**
 * The gate rule of the 政治体检档案 (首关不过,余关莫论), configurable per tenant.
 *
 * Per dimension, counting only negative observations inside the window:
 * - `bad`   with ≥ `badRedLines` red lines, or ≥ `badMajors` observations of severity major or worse;
 * - `watch` with ≥ `watchMajors` observations of severity major or worse,
 *           or ≥ `watchMinors` observations of any severity (minor or worse);
 * - `good`  otherwise.
 * The verdict is `fail` if any dimension is `bad`, `attention` if any is `watch`, else `pass`.
 *
 * Counting "this severity or worse" keeps the rule monotonic for every configuration: making an
 * observation more severe can never improve a status (e.g. with `badRedLines: 2` a single red line
 * still counts as a major and gives `watch`). With the default rule it gives exactly the contract's
 * outcome (any red line is already `bad`, any major already `watch`).
 *
 * Positive observations are counted (`positives`) but never offset negatives.
 *
 * The window applies to every threshold, red lines included: an observation counts when
 * `windowStart(asOf, windowMonths) < occurredAt ≤ asOf`. See `windowStart` for the boundary.
 */
export interface VerdictRule {
  /** Length of the window in calendar months, 1–60. */
  windowMonths: number;
  badRedLines: number;
  badMajors: number;
  watchMajors: number;
  watchMinors: number;
}

/** The contract's default: a red line or 2+ majors → bad; 1 major or 3+ minors → watch; last 12 months. */
export const DEFAULT_VERDICT_RULE: VerdictRule = {
  windowMonths: 12,
  badRedLines: 1,
  badMajors: 2,
  watchMajors: 1,
  watchMinors: 3,
};

export interface Observation {
  dimension: PoliticalDimension;
  polarity: Polarity;
  severity: Severity;
  /**
   * ISO 8601 calendar date `YYYY-MM-DD` (taken as 00:00 UTC of that day) or date-time
   * `YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:mm]` (taken as UTC when it carries no offset).
   */
  occurredAt: string;
}

export interface Assessment {
  verdict: PoliticalVerdict;
  /** All 6 dimensions, in `POLITICAL_DIMENSIONS` (template) order. */
  dimensions: PoliticalDimensionStateV1[];
}

const SEVERITY_RANK: Record<Severity, number> = { minor: 0, major: 1, red_line: 2 };

/**
 * Start (exclusive) of the window: `asOf` moved back `windowMonths` calendar months in UTC, keeping
 * the day of month and the time of day; a day the target month lacks is clamped to its last day
 * (2026-03-31 minus 1 month → 2026-02-28, 2024-02-29 minus 12 months → 2023-02-28).
 *
 * Boundary: an observation exactly `windowMonths` months old (occurredAt equal to this instant) is
 * OUTSIDE the window. With date-only observations this means an observation drops out on its
 * anniversary: dated 2025-11-24, it counts up to and including 2026-11-23 and no longer from
 * 2026-11-24 00:00 UTC.
 */
export function windowStart(asOf: Date, windowMonths: number): Date {
  const total = asOf.getUTCFullYear() * 12 + asOf.getUTCMonth() - windowMonths;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(asOf.getUTCDate(), daysInMonth(year, month));
  const start = new Date(asOf.getTime());
  start.setUTCFullYear(year, month, day);
  return start;
}

const OCCURRED_AT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses `occurredAt` strictly (see `Observation.occurredAt`); null when it is not a real date or
 * date-time of that shape (e.g. `2025-02-30`, `2025-11-24 10:00`, `24/11/2025`).
 */
export function parseOccurredAt(value: string): Date | null {
  if (typeof value !== 'string') return null;
  const m = OCCURRED_AT.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month > 11 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (offset[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

/** Problems of a rule in Chinese, one per line of a form; [] when the rule is usable. */
export function validateRule(rule: VerdictRule): string[] {
  if (rule === null || typeof rule !== 'object') return ['规则须为对象'];
  const problems: string[] = [];
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

  const windowOk = isInt(rule.windowMonths) && rule.windowMonths >= 1 && rule.windowMonths <= 60;
  if (!windowOk) problems.push('考察期 windowMonths 须为 1 至 60 之间的整数（月）');

  const labels: Record<Exclude<keyof VerdictRule, 'windowMonths'>, string> = {
    badRedLines: '判定“差”所需的触碰红线次数 badRedLines',
    badMajors: '判定“差”所需的严重问题次数 badMajors',
    watchMajors: '判定“需关注”所需的严重问题次数 watchMajors',
    watchMinors: '判定“需关注”所需的一般问题次数 watchMinors',
  };
  const ok: Record<string, boolean> = {};
  for (const key of Object.keys(labels) as (keyof typeof labels)[]) {
    ok[key] = isInt(rule[key]) && rule[key] >= 1;
    if (!ok[key]) problems.push(`${labels[key]} 须为不小于 1 的整数`);
  }

  if (ok.watchMajors && ok.badMajors && rule.watchMajors >= rule.badMajors) {
    problems.push('watchMajors 须小于 badMajors，否则严重问题不会先判为“需关注”');
  }
  if (ok.badRedLines && ok.badMajors && rule.badRedLines > rule.badMajors) {
    problems.push('badRedLines 不应大于 badMajors：触碰红线至少按严重问题计，红线阈值将不起作用');
  }
  if (ok.watchMajors && ok.watchMinors && rule.watchMinors < rule.watchMajors) {
    problems.push('watchMinors 不应小于 watchMajors：严重问题至少按一般问题计，严重问题阈值将不起作用');
  }
  return problems;
}

/**
 * Assesses a cadre's political file as of `asOf`. Throws a RangeError on an invalid rule, an invalid
 * `asOf` or a malformed observation (unknown dimension, polarity or severity, unparsable date):
 * silently skipping a record could let a red line pass the gate.
 * Observations after `asOf` are ignored, as are those at or before `windowStart(asOf, windowMonths)`.
 */
export function assessPoliticalFile(observations: Observation[], rule: VerdictRule, asOf: Date): Assessment {
  const problems = validateRule(rule);
  if (problems.length > 0) throw new RangeError(`invalid political verdict rule: ${problems.join('; ')}`);
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new RangeError('invalid asOf date');

  const from = windowStart(asOf, rule.windowMonths).getTime();
  const to = asOf.getTime();

  const tally = new Map<
    PoliticalDimension,
    { positives: number; negatives: number; atLeast: [number, number, number] }
  >(POLITICAL_DIMENSIONS.map((key) => [key, { positives: 0, negatives: 0, atLeast: [0, 0, 0] }]));

  observations.forEach((o, i) => {
    const counts = tally.get(o.dimension);
    if (!counts) throw new RangeError(`observation ${i}: unknown dimension ${String(o.dimension)}`);
    if (!(POLARITIES as readonly string[]).includes(o.polarity)) {
      throw new RangeError(`observation ${i}: unknown polarity ${String(o.polarity)}`);
    }
    if (!(SEVERITIES as readonly string[]).includes(o.severity)) {
      throw new RangeError(`observation ${i}: unknown severity ${String(o.severity)}`);
    }
    const at = parseOccurredAt(o.occurredAt);
    if (!at) throw new RangeError(`observation ${i}: invalid occurredAt ${String(o.occurredAt)}`);

    const t = at.getTime();
    if (t <= from || t > to) return;
    if (o.polarity === 'positive') {
      counts.positives += 1;
      return;
    }
    counts.negatives += 1;
    for (let rank = 0; rank <= SEVERITY_RANK[o.severity]; rank++) counts.atLeast[rank] += 1;
  });

  const dimensions: PoliticalDimensionStateV1[] = POLITICAL_DIMENSIONS.map((key) => {
    const { positives, negatives, atLeast } = tally.get(key)!;
    const [minorOrWorse, majorOrWorse, redLines] = atLeast;
    let status: DimensionStatus = 'good';
    if (redLines >= rule.badRedLines || majorOrWorse >= rule.badMajors) status = 'bad';
    else if (majorOrWorse >= rule.watchMajors || minorOrWorse >= rule.watchMinors) status = 'watch';
    return { key, status, positives, negatives };
  });

  const verdict: PoliticalVerdict = dimensions.some((d) => d.status === 'bad')
    ? 'fail'
    : dimensions.some((d) => d.status === 'watch')
      ? 'attention'
      : 'pass';
  return { verdict, dimensions };
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month + 1, 0);
  return d.getUTCDate();
}
