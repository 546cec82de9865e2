import {
  ageOn,
  AdjustedCadre,
  distinctCadres,
  isYoung,
  moveProblems,
  selectionStatistics,
} from './selection-statistics';

const cadre = (id: string, over: Partial<AdjustedCadre> = {}): AdjustedCadre => ({
  cadreId: id,
  birthDate: '1990-06-15',
  effectiveDate: '2026-03-01',
  unitKind: 'town',
  excellent: false,
  distinguished: false,
  ...over,
});

describe('selection statistics (考用结合)', () => {
  it('takes the age on the effective date, a birthday counting the new age', () => {
    expect(ageOn('1986-03-01', '2026-02-28')).toBe(39);
    expect(ageOn('1986-03-01', '2026-03-01')).toBe(40);
    expect(isYoung('1986-03-01', '2026-02-28', 40)).toBe(true);
    expect(isYoung('1986-03-01', '2026-03-01', 40)).toBe(false);
    // The tenant's limit, not a fixed 40.
    expect(isYoung('1986-03-01', '2026-03-01', 45)).toBe(true);
  });

  it('counts a cadre moved twice once, by the latest move', () => {
    const rows = [
      cadre('a', { effectiveDate: '2026-01-01', unitKind: 'town' }),
      cadre('a', { effectiveDate: '2026-05-01', unitKind: 'department' }),
      cadre('b'),
    ];
    const d = distinctCadres(rows);
    expect(d).toHaveLength(2);
    expect(d.find((c) => c.cadreId === 'a')!.unitKind).toBe('department');
  });

  it('shares of young, excellent young and distinguished, overall and by unit kind', () => {
    // Hand count: 5 cadres; young on their dates (limit 40): a, b, c → 3/5 = 60%; excellent and young: a, b → 40%;
    // d is excellent but not young (does not count); distinguished: b, d → 40%.
    // Towns: a, b, d (young 2/3 = 66.7%, excellent young 66.7%, distinguished 66.7%); departments: c, e.
    const rows = [
      cadre('a', { birthDate: '1990-01-01', excellent: true }),
      cadre('b', { birthDate: '1987-01-01', excellent: true, distinguished: true }),
      cadre('c', { birthDate: '1986-03-02', effectiveDate: '2026-03-01', unitKind: 'department' }),
      cadre('d', { birthDate: '1970-01-01', excellent: true, distinguished: true }),
      cadre('e', { birthDate: '1986-03-01', effectiveDate: '2026-03-01', unitKind: 'department' }),
    ];
    const s = selectionStatistics(rows, { youngAgeLimit: 40, excellenceCycleId: 'c1', topic: 'epidemic' });
    expect(s).toMatchObject({
      cadres: 5,
      young: 3,
      youngShare: 60,
      excellentYoung: 2,
      excellentYoungShare: 40,
      distinguished: 2,
      distinguishedShare: 40,
      youngAgeLimit: 40,
      topic: 'epidemic',
    });
    expect(s.byUnitKind.town).toMatchObject({
      cadres: 3,
      young: 2,
      youngShare: 66.7,
      excellentYoungShare: 66.7,
      distinguishedShare: 66.7,
    });
    expect(s.byUnitKind.department).toMatchObject({
      cadres: 2,
      young: 1,
      youngShare: 50,
      excellentYoung: 0,
      distinguished: 0,
    });
    expect(s.byUnitKind.street).toBeUndefined();
  });

  it('is all zero for nobody', () => {
    expect(selectionStatistics([], { youngAgeLimit: 40, excellenceCycleId: null, topic: null })).toMatchObject({
      cadres: 0,
      youngShare: 0,
      excellentYoungShare: 0,
      distinguishedShare: 0,
      byUnitKind: {},
    });
  });

  it('a move says where to: a unit for 调任/交流, a position for 提拔; one move per cadre', () => {
    expect(
      moveProblems([
        { cadreId: 'a', kind: 'transfer', toPosition: '局长', effectiveDate: '2026-01-01' },
        { cadreId: 'b', kind: 'promote', toUnitId: 'u', effectiveDate: '2026-01-01' },
        { cadreId: 'c', kind: 'adjust', effectiveDate: '2026-01-01' },
        { cadreId: 'a', kind: 'adjust', toTeamId: 't', effectiveDate: '2026-01-01' },
      ]).map((p) => p.field),
    ).toEqual(['moves[0].toUnitId', 'moves[1].toPosition', 'moves[2]', 'moves[3].cadreId']);
    expect(moveProblems([{ cadreId: 'a', kind: 'exchange', toTeamId: 't', effectiveDate: '2026-01-01' }])).toEqual([]);
  });
});
