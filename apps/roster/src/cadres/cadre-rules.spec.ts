import { ageOn, batchTransfer, changedProperties, isPlausibleBirthDate, placeInTeam, tagsOf } from './cadre-rules';

describe('cadre rules', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageOn('1986-11-24', '2026-11-23')).toBe(39);
    expect(ageOn('1986-11-24', '2026-11-24')).toBe(40);
    expect(ageOn('1984-02-29', '2026-02-28')).toBe(41);
    expect(ageOn('1984-02-29', '2026-03-01')).toBe(42);
  });

  it('tags a cadre young only below the tenant’s limit', () => {
    const cadre = { birthDate: '1986-11-25', isPrincipal: true, gender: 'female' as const, partyMember: false };
    expect(tagsOf(cadre, 40, '2026-11-24')).toEqual(['young', 'principal', 'female']);
    expect(tagsOf(cadre, 40, '2026-11-25')).toEqual(['principal', 'female']); // 40 today: no longer young
    expect(tagsOf(cadre, 45, '2026-11-25')).toContain('young');
  });

  it('derives the principal flag from the team role and the role from the flag', () => {
    expect(placeInTeam('t1', 'principal', undefined)).toEqual({ teamRole: 'principal', isPrincipal: true });
    expect(placeInTeam('t1', 'deputy', true)).toEqual({ teamRole: 'deputy', isPrincipal: false });
    expect(placeInTeam('t1', undefined, true)).toEqual({ teamRole: 'principal', isPrincipal: true });
    expect(placeInTeam('t1', undefined, undefined)).toEqual({ teamRole: 'member', isPrincipal: false });
    expect(placeInTeam(null, 'deputy', true)).toEqual({ teamRole: null, isPrincipal: true });
  });

  it('lists what changed, treating undefined and null alike', () => {
    const before = {
      personnelNo: 'A1',
      name: '王建国',
      gender: 'male' as const,
      birthDate: '1980-01-01',
      unitId: 'u1',
      teamId: null,
      teamRole: null,
      fieldId: null,
      position: '局长',
      rank: null,
      isPrincipal: true,
      partyMember: true,
      education: null,
      status: 'active' as const,
    };
    expect(changedProperties(before, { ...before })).toEqual([]);
    expect(changedProperties(before, { ...before, position: '副局长', rank: '副科级' })).toEqual(['position', 'rank']);
  });

  it('accepts only real, plausible birth dates', () => {
    expect(isPlausibleBirthDate('1980-02-29', '2026-11-24')).toBe(true); // a leap day that existed
    expect(isPlausibleBirthDate('1981-02-29', '2026-11-24')).toBe(false);
    expect(isPlausibleBirthDate('1980-13-01', '2026-11-24')).toBe(false);
    expect(isPlausibleBirthDate('2015-01-01', '2026-11-24')).toBe(false);
    expect(isPlausibleBirthDate('1980-06-15', '2026-11-24')).toBe(true);
  });
});

describe('batchTransfer (调整批次 → 调动)', () => {
  const current = { id: 'k', unitId: 'u1', teamId: 't1', position: '副局长' };
  const on = '2026-03-01';

  it('keeps what the move does not name', () => {
    expect(batchTransfer(current, { cadreId: 'k', kind: 'promote', position: '局长', effectiveDate: on })).toEqual({
      id: 'k',
      unitId: 'u1',
      teamId: 't1',
      position: '局长',
      effectiveDate: on,
    });
  });

  it('leaves the team when the cadre leaves the unit, unless a team of the new unit is named', () => {
    expect(
      batchTransfer(current, { cadreId: 'k', kind: 'exchange', unitId: 'u2', effectiveDate: on }).teamId,
    ).toBeNull();
    expect(
      batchTransfer(current, { cadreId: 'k', kind: 'transfer', unitId: 'u2', teamId: 't2', effectiveDate: on }),
    ).toMatchObject({
      unitId: 'u2',
      teamId: 't2',
      position: '副局长',
    });
    // The same unit named again is no move out of it.
    expect(
      batchTransfer(current, { cadreId: 'k', kind: 'adjust', unitId: 'u1', position: '调研员', effectiveDate: on })
        .teamId,
    ).toBe('t1');
  });
});
