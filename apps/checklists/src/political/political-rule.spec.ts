import { POLITICAL_DIMENSIONS, POLITICAL_DIMENSION_NAMES, PoliticalDimension } from '@cadre/contracts';
import {
  assessPoliticalFile,
  DEFAULT_VERDICT_RULE,
  Observation,
  parseOccurredAt,
  validateRule,
  VerdictRule,
  windowStart,
} from './political-rule';
import {
  DEFAULT_POLITICAL_TEMPLATE,
  OBSERVATION_SOURCE_NAMES,
  OBSERVATION_SOURCES,
  POLARITIES,
  POLARITY_NAMES,
  SEVERITIES,
  SEVERITY_NAMES,
} from './political-template';

const AS_OF = new Date('2026-11-24T00:00:00Z');

const neg = (dimension: PoliticalDimension, severity: Observation['severity'], occurredAt: string): Observation => ({
  dimension,
  polarity: 'negative',
  severity,
  occurredAt,
});
const pos = (dimension: PoliticalDimension, occurredAt: string): Observation => ({
  dimension,
  polarity: 'positive',
  severity: 'minor',
  occurredAt,
});

const assess = (observations: Observation[], rule: VerdictRule = DEFAULT_VERDICT_RULE, asOf = AS_OF) =>
  assessPoliticalFile(observations, rule, asOf);
const statusOf = (observations: Observation[], rule?: VerdictRule, asOf?: Date) =>
  Object.fromEntries(assess(observations, rule, asOf).dimensions.map((d) => [d.key, d.status]));
const dim = (observations: Observation[], key: PoliticalDimension, rule?: VerdictRule, asOf?: Date) =>
  assess(observations, rule, asOf).dimensions.find((d) => d.key === key)!;

describe('political verdict rule', () => {
  it('passes an empty file with all 6 dimensions good, in template order', () => {
    const result = assess([]);
    expect(result.verdict).toBe('pass');
    expect(result.dimensions).toEqual(
      POLITICAL_DIMENSIONS.map((key) => ({ key, status: 'good', positives: 0, negatives: 0 })),
    );
  });

  it('fails on exactly 2 major negatives in one dimension', () => {
    const result = assess([neg('discipline', 'major', '2026-03-01'), neg('discipline', 'major', '2026-10-01')]);
    expect(result.verdict).toBe('fail');
    expect(
      dim([neg('discipline', 'major', '2026-03-01'), neg('discipline', 'major', '2026-10-01')], 'discipline'),
    ).toEqual({
      key: 'discipline',
      status: 'bad',
      positives: 0,
      negatives: 2,
    });
    expect(result.dimensions.filter((d) => d.status !== 'good').map((d) => d.key)).toEqual(['discipline']);
  });

  it('gives attention when one of 2 majors is 13 months old', () => {
    const obs = [neg('principle', 'major', '2025-10-24'), neg('principle', 'major', '2026-06-01')];
    expect(assess(obs).verdict).toBe('attention');
    expect(dim(obs, 'principle')).toMatchObject({ status: 'watch', negatives: 1 });
  });

  it('leaves out an observation exactly 12 months old and keeps one a day younger', () => {
    // asOf 2026-11-24T00:00Z → window (2025-11-24T00:00Z, 2026-11-24T00:00Z]
    expect(windowStart(AS_OF, 12).toISOString()).toBe('2025-11-24T00:00:00.000Z');
    expect(dim([neg('belief', 'major', '2025-11-24')], 'belief')).toMatchObject({ status: 'good', negatives: 0 });
    expect(dim([neg('belief', 'major', '2025-11-24T00:00:00Z')], 'belief').status).toBe('good');
    expect(dim([neg('belief', 'major', '2025-11-24T00:00:00.001Z')], 'belief').status).toBe('watch');
    expect(dim([neg('belief', 'major', '2025-11-25')], 'belief')).toMatchObject({ status: 'watch', negatives: 1 });
    // a date-only observation drops out on its anniversary, whatever the time of day
    const later = new Date('2026-11-24T15:30:00Z');
    const dayBefore = new Date('2026-11-23T23:59:59Z');
    expect(dim([neg('belief', 'major', '2025-11-24')], 'belief', DEFAULT_VERDICT_RULE, later).status).toBe('good');
    expect(dim([neg('belief', 'major', '2025-11-24')], 'belief', DEFAULT_VERDICT_RULE, dayBefore).status).toBe('watch');
    // the window applies to red lines too
    expect(assess([neg('belief', 'red_line', '2025-11-24')]).verdict).toBe('pass');
    expect(assess([neg('belief', 'red_line', '2025-11-25')]).verdict).toBe('fail');
  });

  it('clamps the window start to the end of a shorter month', () => {
    expect(windowStart(new Date('2026-03-31T08:00:00Z'), 1).toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(windowStart(new Date('2024-02-29T00:00:00Z'), 12).toISOString()).toBe('2023-02-28T00:00:00.000Z');
    expect(windowStart(new Date('2026-01-15T00:00:00Z'), 13).toISOString()).toBe('2024-12-15T00:00:00.000Z');
    const leapAsOf = new Date('2024-02-29T00:00:00Z');
    expect(dim([neg('diligence', 'major', '2023-02-28')], 'diligence', DEFAULT_VERDICT_RULE, leapAsOf).status).toBe(
      'good',
    );
    expect(dim([neg('diligence', 'major', '2023-03-01')], 'diligence', DEFAULT_VERDICT_RULE, leapAsOf).status).toBe(
      'watch',
    );
  });

  it('watches on a single major', () => {
    const result = assess([neg('responsibility', 'major', '2026-05-05')]);
    expect(result.verdict).toBe('attention');
    expect(statusOf([neg('responsibility', 'major', '2026-05-05')]).responsibility).toBe('watch');
  });

  it('watches on 3 minors and stays good on 2', () => {
    const three = [
      neg('truth_seeking', 'minor', '2026-01-10'),
      neg('truth_seeking', 'minor', '2026-04-10'),
      neg('truth_seeking', 'minor', '2026-09-10'),
    ];
    expect(assess(three).verdict).toBe('attention');
    expect(dim(three, 'truth_seeking')).toMatchObject({ status: 'watch', negatives: 3 });
    expect(assess(three.slice(0, 2)).verdict).toBe('pass');
    expect(dim(three.slice(0, 2), 'truth_seeking')).toMatchObject({ status: 'good', negatives: 2 });
  });

  it('fails on a single red line', () => {
    const obs = [neg('discipline', 'red_line', '2026-11-23')];
    expect(assess(obs).verdict).toBe('fail');
    expect(dim(obs, 'discipline').status).toBe('bad');
  });

  it('does not add majors of different dimensions together', () => {
    const obs = [neg('belief', 'major', '2026-02-01'), neg('diligence', 'major', '2026-03-01')];
    const result = assess(obs);
    expect(result.verdict).toBe('attention');
    expect(result.dimensions.map((d) => d.status)).toEqual(['watch', 'good', 'good', 'good', 'good', 'watch']);
  });

  it('counts positives without letting them offset negatives', () => {
    const obs = [
      neg('principle', 'red_line', '2026-06-01'),
      ...Array.from({ length: 10 }, (_, i) => pos('principle', `2026-0${(i % 9) + 1}-15`)),
      pos('belief', '2026-07-01'),
      pos('belief', '2024-07-01'), // outside the window
    ];
    const result = assess(obs);
    expect(result.verdict).toBe('fail');
    expect(dim(obs, 'principle')).toEqual({ key: 'principle', status: 'bad', positives: 10, negatives: 1 });
    expect(dim(obs, 'belief')).toEqual({ key: 'belief', status: 'good', positives: 1, negatives: 0 });
  });

  it('ignores observations after asOf', () => {
    const obs = [
      neg('discipline', 'red_line', '2026-11-25'),
      neg('discipline', 'major', '2026-11-24T00:00:00.001Z'),
      pos('discipline', '2027-01-01'),
    ];
    expect(assess(obs).verdict).toBe('pass');
    expect(dim(obs, 'discipline')).toEqual({ key: 'discipline', status: 'good', positives: 0, negatives: 0 });
    // observed exactly at asOf counts
    expect(assess([neg('discipline', 'major', '2026-11-24')]).verdict).toBe('attention');
  });

  it('honours a tenant’s own rule', () => {
    const obs = [
      neg('responsibility', 'major', '2026-01-10'), // 10 months old: outside a 6-month window
      neg('responsibility', 'major', '2026-08-10'),
      neg('responsibility', 'major', '2026-10-10'),
    ];
    expect(assess(obs).verdict).toBe('fail');
    const strictWindow: VerdictRule = { ...DEFAULT_VERDICT_RULE, windowMonths: 6, badMajors: 3 };
    expect(assess(obs, strictWindow).verdict).toBe('attention');
    expect(dim(obs, 'responsibility', strictWindow)).toMatchObject({ status: 'watch', negatives: 2 });
    expect(assess(obs, { ...DEFAULT_VERDICT_RULE, badMajors: 3 }).verdict).toBe('fail');
    // fewer minors needed for watch
    expect(assess([neg('belief', 'minor', '2026-10-01')], { ...DEFAULT_VERDICT_RULE, watchMinors: 1 }).verdict).toBe(
      'attention',
    );
  });

  it('counts a more severe observation as at least a lighter one, so custom rules stay monotonic', () => {
    const lenient: VerdictRule = { windowMonths: 12, badRedLines: 2, badMajors: 2, watchMajors: 1, watchMinors: 3 };
    expect(assess([neg('belief', 'red_line', '2026-10-01')], lenient).verdict).toBe('attention'); // never better than a major
    expect(
      assess([neg('belief', 'red_line', '2026-10-01'), neg('belief', 'major', '2026-10-02')], lenient).verdict,
    ).toBe('fail');
    const minorsFirst: VerdictRule = { windowMonths: 12, badRedLines: 1, badMajors: 3, watchMajors: 2, watchMinors: 2 };
    expect(
      assess([neg('belief', 'major', '2026-10-01'), neg('belief', 'minor', '2026-10-02')], minorsFirst).verdict,
    ).toBe('attention');
  });

  it('rejects a malformed observation or rule rather than skipping it', () => {
    expect(() => assess([neg('belief', 'major', '2026-02-30')])).toThrow(RangeError);
    expect(() => assess([neg('belief', 'major', 'yesterday')])).toThrow(/occurredAt/);
    expect(() =>
      assess([{ ...neg('belief', 'major', '2026-10-01'), dimension: 'loyalty' as PoliticalDimension }]),
    ).toThrow(/dimension/);
    expect(() => assess([{ ...neg('belief', 'major', '2026-10-01'), severity: 'huge' as 'major' }])).toThrow(
      /severity/,
    );
    expect(() => assess([], { ...DEFAULT_VERDICT_RULE, windowMonths: 0 })).toThrow(/rule/);
    expect(() => assessPoliticalFile([], DEFAULT_VERDICT_RULE, new Date('nope'))).toThrow(/asOf/);
  });

  it('parses ISO dates and date-times strictly', () => {
    expect(parseOccurredAt('2026-11-24')?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(parseOccurredAt('2026-11-24T10:30')?.toISOString()).toBe('2026-11-24T10:30:00.000Z');
    expect(parseOccurredAt('2026-11-24T10:30:00+08:00')?.toISOString()).toBe('2026-11-24T02:30:00.000Z');
    expect(parseOccurredAt('2026-11-24T10:30:00.5Z')?.toISOString()).toBe('2026-11-24T10:30:00.500Z');
    expect(parseOccurredAt('2024-02-29')).not.toBeNull();
    for (const bad of ['2025-02-29', '2026-13-01', '2026-11-24 10:30', '24/11/2026', '2026-11-24T24:00', '']) {
      expect(parseOccurredAt(bad)).toBeNull();
    }
  });
});

describe('validateRule', () => {
  it('accepts the default rule', () => {
    expect(validateRule(DEFAULT_VERDICT_RULE)).toEqual([]);
    expect(validateRule({ windowMonths: 60, badRedLines: 1, badMajors: 3, watchMajors: 2, watchMinors: 2 })).toEqual(
      [],
    );
  });

  it('catches nonsense', () => {
    const bad = (patch: Partial<Record<keyof VerdictRule, unknown>>) =>
      validateRule({ ...DEFAULT_VERDICT_RULE, ...patch } as VerdictRule);
    expect(bad({ windowMonths: 0 })).toHaveLength(1);
    expect(bad({ windowMonths: 61 })[0]).toContain('windowMonths');
    expect(bad({ windowMonths: 6.5 })).toHaveLength(1);
    expect(bad({ badRedLines: 0 })[0]).toContain('badRedLines');
    expect(bad({ badMajors: -1 }).some((p) => p.includes('badMajors'))).toBe(true);
    expect(bad({ watchMinors: Number.NaN })[0]).toContain('watchMinors');
    expect(bad({ watchMajors: '1' })[0]).toContain('watchMajors');
    expect(bad({ watchMajors: 2, badMajors: 2 })).toEqual([expect.stringContaining('watchMajors 须小于 badMajors')]);
    expect(bad({ badRedLines: 3 })).toEqual([expect.stringContaining('badRedLines 不应大于 badMajors')]);
    expect(bad({ watchMinors: 1, watchMajors: 1 })).toEqual([]);
    expect(bad({ badMajors: 4, watchMajors: 3, watchMinors: 2 })).toEqual([expect.stringContaining('watchMinors')]);
    expect(validateRule(null as unknown as VerdictRule)).toHaveLength(1);
    expect(validateRule({} as VerdictRule)).toHaveLength(5);
  });
});

describe('political template', () => {
  it('has the 6 dimensions in contract order with 3–5 indicators each', () => {
    expect(DEFAULT_POLITICAL_TEMPLATE.map((d) => d.key)).toEqual([...POLITICAL_DIMENSIONS]);
    for (const d of DEFAULT_POLITICAL_TEMPLATE) {
      expect(d.name).toBe(POLITICAL_DIMENSION_NAMES[d.key]);
      expect(d.description).toMatch(/[\u4e00-\u9fff].*。$/);
      expect(d.indicators.length).toBeGreaterThanOrEqual(3);
      expect(d.indicators.length).toBeLessThanOrEqual(5);
      expect(new Set(d.indicators).size).toBe(d.indicators.length);
      for (const indicator of d.indicators) expect(indicator.trim()).not.toBe('');
    }
    expect(DEFAULT_POLITICAL_TEMPLATE.map((d) => d.name)).toEqual([
      '信念坚定',
      '实事求是',
      '勇于担当',
      '坚持原则',
      '严守规矩',
      '勤学苦练',
    ]);
  });

  it('names every source, severity and polarity', () => {
    expect(OBSERVATION_SOURCES.map((s) => OBSERVATION_SOURCE_NAMES[s])).toEqual([
      '定期考核',
      '随机考核',
      '巡察',
      '信访举报',
      '日常监督',
      '其他',
    ]);
    expect(SEVERITIES.map((s) => SEVERITY_NAMES[s])).toEqual(['一般', '严重', '触碰红线']);
    expect(POLARITIES.map((p) => POLARITY_NAMES[p])).toEqual(['正面', '负面']);
  });
});
