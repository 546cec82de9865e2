import { visibleRows } from './reader-scope';

const rows = [
  { cadreId: 'a', unitId: 'u1', excluded: null },
  { cadreId: 'b', unitId: 'u1', excluded: 'political_gate' },
  { cadreId: 'c', unitId: 'u2', excluded: null },
  { cadreId: 'd', unitId: 'u2', excluded: 'political_gate' },
];
const ids = (list: Array<{ cadreId: string }>) => list.map((r) => r.cadreId);

describe('visibleRows (who sees which cadres of a ranking list or map)', () => {
  it('the department sees everyone, those stopped at the gate included', () => {
    expect(ids(visibleRows({ roles: ['org_officer'] }, rows, new Set()))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a leader sees their unit only, and no cadre stopped at the gate', () => {
    expect(ids(visibleRows({ roles: ['unit_leader'], unitId: 'u1' }, rows, new Set()))).toEqual(['a']);
    expect(ids(visibleRows({ roles: ['unit_leader'] }, rows, new Set()))).toEqual([]);
  });

  it('an assessor sees the assigned cadres, with their verdict (they read those political files)', () => {
    expect(ids(visibleRows({ roles: ['assessor'] }, rows, new Set(['b', 'c'])))).toEqual(['b', 'c']);
    expect(ids(visibleRows({ roles: ['assessor'] }, rows, new Set()))).toEqual([]);
  });
});
