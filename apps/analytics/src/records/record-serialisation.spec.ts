import type { RecordSource, RecordSourceRow, StoredSeal } from './record-serialisation';
import { canonicalJson, chainMismatches, recordDigest, serialiseRecord, sha256 } from './record-serialisation';

const row = (cadreId: string, composite: number, extra: Partial<RecordSourceRow> = {}): RecordSourceRow => ({
  cadreId,
  teamId: 't1',
  fieldId: 'f1',
  periodic: composite,
  democratic: null,
  task: null,
  wartime: null,
  composite,
  computedComposite: null,
  excluded: null,
  verticalRank: 1,
  verticalN: 2,
  verticalPercentile: 100,
  horizontalRank: 1,
  horizontalN: 2,
  horizontalPercentile: 100,
  grade: 'competent',
  calibratedComposite: null,
  calibratedGrade: null,
  ...extra,
});
const weights = { periodic: 0.4, democratic: 0.3, task: 0.2, wartime: 0.1 };
const header = {
  tenantId: 'tn',
  cycleId: 'c1',
  sequence: 1,
  publishedAt: '2025-07-20T02:00:00.000Z',
  previousDigest: null,
};

describe('canonical serialisation of a sealed record', () => {
  it('is the same text whatever order the keys were built in', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { x: 0, y: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
    expect(canonicalJson({ a: undefined, b: -0, c: [undefined] })).toBe('{"b":0,"c":[null]}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
  });

  it('gives the same digest for the same rows in any order, another for any changed value', () => {
    const a: RecordSource = { weights, rows: [row('k1', 90), row('k2', 80)] };
    const b: RecordSource = {
      weights: { wartime: 0.1, task: 0.2, democratic: 0.3, periodic: 0.4 },
      rows: [row('k2', 80), row('k1', 90)],
    };
    expect(recordDigest(1, header, a)).toBe(recordDigest(1, header, b));
    expect(recordDigest(1, header, a)).toMatch(/^[0-9a-f]{64}$/);
    const changed: RecordSource = { weights, rows: [row('k1', 90.01), row('k2', 80)] };
    expect(recordDigest(1, header, changed)).not.toBe(recordDigest(1, header, a));
    expect(recordDigest(1, { ...header, previousDigest: 'x' }, a)).not.toBe(recordDigest(1, header, a));
    expect(serialiseRecord(1, header, a)).toContain('"calibration":null');
    const calibrated = serialiseRecord(1, header, {
      weights,
      rows: [row('k1', 95, { computedComposite: 90, calibratedComposite: 95 })],
    });
    expect(calibrated).toContain('"calibration":{"composite":95,"computedComposite":90,"grade":null}');
    expect(() => serialiseRecord(9, header, a)).toThrow('unknown record format 9');
  });

  it('finds the seals whose rows or links do not hold', () => {
    const good = (s: StoredSeal, previous: string | null) => sha256(`${s.cycleId}:${previous}`);
    const first: StoredSeal = { cycleId: 'c1', sequence: 1, previousDigest: null, digest: sha256('c1:null') };
    const second: StoredSeal = {
      cycleId: 'c2',
      sequence: 2,
      previousDigest: first.digest,
      digest: sha256(`c2:${first.digest}`),
    };
    expect(chainMismatches([second, first], good)).toEqual([]);
    // A row altered after the seal: its digest no longer matches.
    expect(chainMismatches([first, second], (s, p) => (s.cycleId === 'c1' ? 'altered' : good(s, p)))).toEqual([
      { cycleId: 'c1', expected: first.digest, actual: 'altered' },
    ]);
    // A link broken (the previous digest stored is not the previous record's).
    expect(chainMismatches([first, { ...second, previousDigest: 'other' }], good)).toEqual([
      { cycleId: 'c2', expected: second.digest, actual: 'previousDigest other' },
    ]);
  });
});
