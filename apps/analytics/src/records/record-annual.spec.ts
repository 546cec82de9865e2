import { DEFAULT_ANNUAL_WEIGHTS } from '@cadre/contracts';
import {
  ANNUAL_RECORD_FORMAT,
  annualRecordDigest,
  recordDigest,
  serialiseAnnualRecord,
  serialiseRecord,
} from './record-serialisation';
import type { AnnualRecordHeader, AnnualRecordSource } from './record-serialisation';

const header: AnnualRecordHeader = {
  tenantId: 't',
  annualId: 'a',
  year: 2025,
  sequence: 3,
  publishedAt: '2026-01-20T02:00:00.000Z',
  previousDigest: 'p',
};
const row = (cadreId: string, composite: number) => ({
  cadreId,
  unitId: 'u',
  teamId: 'tm',
  fieldId: 'f',
  periodic: composite,
  random: null,
  democratic: null,
  composite,
  excluded: null,
  verticalRank: 1,
  verticalN: 2,
  verticalPercentile: 100,
  horizontalRank: 1,
  horizontalN: 2,
  horizontalPercentile: 100,
});
const source = (): AnnualRecordSource => ({
  weights: DEFAULT_ANNUAL_WEIGHTS,
  gateAsOf: '2026-01-01T00:00:00.000Z',
  cycleIds: ['c2', 'c1'],
  randomCycleIds: [],
  rows: [row('k2', 80), row('k1', 80)],
  teams: [],
});

describe('the annual record (format 3, kind annual)', () => {
  it('carries its kind in the hashed text, and reads the same whatever order its rows come in', () => {
    const text = serialiseAnnualRecord(ANNUAL_RECORD_FORMAT, header, source());
    expect(JSON.parse(text)).toMatchObject({ format: 3, kind: 'annual', year: 2025, cycleIds: ['c1', 'c2'] });
    const reversed = { ...source(), rows: [...source().rows].reverse(), cycleIds: ['c1', 'c2'] };
    expect(annualRecordDigest(3, header, reversed)).toBe(annualRecordDigest(3, header, source()));
  });

  it('changes its digest with a row, a link of the chain or the gate instant', () => {
    const digest = annualRecordDigest(3, header, source());
    const changed = source();
    changed.rows[0] = row('k2', 80.01);
    expect(annualRecordDigest(3, header, changed)).not.toBe(digest);
    expect(annualRecordDigest(3, { ...header, previousDigest: 'q' }, source())).not.toBe(digest);
    expect(annualRecordDigest(3, header, { ...source(), gateAsOf: '2026-01-02T00:00:00.000Z' })).not.toBe(digest);
  });

  it('leaves the cycles’ formats as they were: no kind in their text', () => {
    const cycle = { tenantId: 't', cycleId: 'c', sequence: 1, publishedAt: null, previousDigest: null };
    const src = { weights: { periodic: 0.4, democratic: 0.3, task: 0.2, wartime: 0.1 }, rows: [] };
    for (const format of [1, 2]) {
      expect(JSON.parse(serialiseRecord(format, cycle, src))).not.toHaveProperty('kind');
      expect(recordDigest(format, cycle, src)).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(() => serialiseAnnualRecord(2, header, source())).toThrow('unknown annual record format 2');
  });
});
