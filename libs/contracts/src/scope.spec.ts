import {
  hiddenFromLeader,
  isScopedReader,
  leadsUnitOf,
  rosterReach,
  withinReach,
  outsideScope,
  reachesCadre,
  readsPoliticalVerdict,
} from './scope';

const U1 = 'unit-1';
const U2 = 'unit-2';
const cadreOfU1 = { id: 'c1', unitId: U1 };
const cadreOfU2 = { id: 'c2', unitId: U2 };

describe('scope of a caller among the cadres', () => {
  it('the department reaches every cadre', () => {
    for (const roles of [['org_officer'], ['admin']]) {
      expect(reachesCadre({ roles }, cadreOfU2, false)).toBe(true);
      expect(outsideScope({ roles }, cadreOfU2, false)).toBeNull();
    }
  });

  it('a unit leader reaches the cadres of their own unit only; outside it is "not found"', () => {
    const leader = { roles: ['unit_leader'], unitId: U1 };
    expect(reachesCadre(leader, cadreOfU1, false)).toBe(true);
    expect(reachesCadre(leader, cadreOfU2, false)).toBe(false);
    expect(outsideScope(leader, cadreOfU2, false)).toBe('not_found');
    expect(leadsUnitOf(leader, cadreOfU1)).toBe(true);
  });

  it('a leader token without a unit (issued before leaders had one) reaches nobody', () => {
    const old = { roles: ['unit_leader'] };
    expect(reachesCadre(old, cadreOfU1, false)).toBe(false);
    expect(leadsUnitOf(old, { id: 'x', unitId: null })).toBe(false);
    expect(outsideScope(old, cadreOfU1, false)).toBe('not_found');
  });

  it('an assessor reaches the assigned cadres only', () => {
    const assessor = { roles: ['assessor'] };
    expect(reachesCadre(assessor, cadreOfU1, true)).toBe(true);
    expect(reachesCadre(assessor, cadreOfU1, false)).toBe(false);
    expect(outsideScope(assessor, cadreOfU1, false)).toBe('not_found');
  });

  it('a cadre reaches themself; another cadre is a 403 for the route to give, not a hidden 404', () => {
    const self = { roles: ['cadre'], cadreId: 'c1' };
    expect(reachesCadre(self, cadreOfU1, false)).toBe(true);
    expect(reachesCadre(self, cadreOfU2, false)).toBe(false);
    expect(outsideScope(self, cadreOfU2, false)).toBeNull();
    expect(isScopedReader(self)).toBe(false);
  });

  it('the political verdict reaches the department and assigned assessors, never leaders', () => {
    expect(readsPoliticalVerdict({ roles: ['org_officer'] }, false)).toBe(true);
    expect(readsPoliticalVerdict({ roles: ['assessor'] }, true)).toBe(true);
    expect(readsPoliticalVerdict({ roles: ['assessor'] }, false)).toBe(false);
    expect(readsPoliticalVerdict({ roles: ['unit_leader'] }, true)).toBe(false);
    expect(readsPoliticalVerdict({ roles: ['cadre'] }, false)).toBe(false);
  });

  it('narrows the roster reads of a leader to their unit and of an assessor to their assigned cadres', () => {
    const leader = rosterReach({ roles: ['unit_leader'], unitId: U1, userId: 'l' });
    expect(leader).toEqual({ unitId: U1, assessorUserId: null });
    expect(withinReach(leader, U1, false)).toBe(true);
    expect(withinReach(leader, U2, true)).toBe(false);
    const old = rosterReach({ roles: ['unit_leader'], userId: 'l' });
    expect(withinReach(old, U1, false)).toBe(false);
    const assessor = rosterReach({ roles: ['assessor'], userId: 'a' });
    expect(assessor).toEqual({ unitId: null, assessorUserId: 'a' });
    expect(withinReach(assessor, U2, true)).toBe(true);
    expect(withinReach(assessor, U2, false)).toBe(false);
    expect(rosterReach({ roles: ['org_officer', 'unit_leader'], unitId: U1, userId: 'o' })).toBeUndefined();
    expect(withinReach(undefined, U2, false)).toBe(true);
  });

  it("hides what lies outside a leader's unit even on routes leaders may not use", () => {
    expect(hiddenFromLeader({ roles: ['unit_leader'], unitId: U1 }, U2)).toBe(true);
    expect(hiddenFromLeader({ roles: ['unit_leader'], unitId: U1 }, U1)).toBe(false);
    expect(hiddenFromLeader({ roles: ['unit_leader'] }, U1)).toBe(true);
    expect(hiddenFromLeader({ roles: ['assessor', 'unit_leader'], unitId: U1 }, U2)).toBe(false);
    expect(hiddenFromLeader({ roles: ['org_officer'] }, U2)).toBe(false);
  });
});
