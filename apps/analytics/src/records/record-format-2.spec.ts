import { recordDigest, RECORD_FORMAT, serialiseRecord } from './record-serialisation';
import type { RecordSource } from './record-serialisation';

describe('record format 2: the snapshot and the teams are sealed too', () => {
  const header = { tenantId: 't', cycleId: 'c', sequence: 1, publishedAt: null, previousDigest: null };
  const team = (teamId: string, composite: number, rank: number) => ({
    teamId,
    unitId: `u-${teamId}`,
    fieldId: 'f',
    apply: 80,
    democratic: null,
    bottomUp: null,
    members: 85,
    composite,
    rank,
    n: 2,
    percentile: rank === 1 ? 100 : 0,
  });
  const snapshot = (cadreId: string) => ({
    cadreId,
    unitId: 'u',
    teamId: 'T1',
    teamRole: 'member' as const,
    fieldId: 'f',
    status: 'active' as const,
    verdict: 'pass' as const,
    task: 60,
  });
  const source = (teams = [team('T1', 81.67, 1), team('T2', 80, 2)]): RecordSource => ({
    weights: { periodic: 0.4, democratic: 0.3, task: 0.2, wartime: 0.1 },
    rows: [],
    snapshot: [snapshot('b'), snapshot('a')],
    teams,
  });

  it('is the format new records are sealed in', () => expect(RECORD_FORMAT).toBe(2));

  it('does not depend on the order rows were read in', () => {
    const reversed = source([team('T2', 80, 2), team('T1', 81.67, 1)]);
    expect(recordDigest(2, header, reversed)).toBe(recordDigest(2, header, source()));
  });

  it('changes when a team row or a snapshot value changes, and format 1 ignores both', () => {
    const changed = source([team('T1', 81.68, 1), team('T2', 80, 2)]);
    expect(recordDigest(2, header, changed)).not.toBe(recordDigest(2, header, source()));
    const moved = { ...source(), snapshot: [snapshot('a'), { ...snapshot('b'), teamId: 'T2' }] };
    expect(recordDigest(2, header, moved)).not.toBe(recordDigest(2, header, source()));
    expect(recordDigest(1, header, changed)).toBe(recordDigest(1, header, source()));
    expect(serialiseRecord(2, header, source())).toContain('"teams":[{"composite":81.67');
  });
});
