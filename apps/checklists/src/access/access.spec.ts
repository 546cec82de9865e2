import { listAccess } from './access';

const U1 = 'u1';
const U2 = 'u2';
const ofU1 = { id: 'c1', unitId: U1, name: '张一', status: 'active' };
const ofU2 = { id: 'c2', unitId: U2, name: '李二', status: 'active' };
const officer = { roles: ['org_officer'] };
const leaderU1 = { roles: ['unit_leader'], unitId: U1 };
const assessor = { roles: ['assessor'] };
const selfC1 = { roles: ['cadre'], cadreId: 'c1' };

describe("listAccess (who may do what with a cadre's lists)", () => {
  it('a leader acts on their own unit\'s cadres and gets "not found" for any other unit', () => {
    for (const action of ['read', 'review'] as const) {
      expect(listAccess(leaderU1, ofU1, false, action)).toBeNull();
      expect(listAccess(leaderU1, ofU2, false, action)).toEqual({ status: 404 });
    }
    // What a leader may not do at all is a 403 inside the unit and still a 404 outside it.
    expect(listAccess(leaderU1, ofU1, false, 'fill')).toMatchObject({ status: 403 });
    expect(listAccess(leaderU1, ofU2, false, 'fill')).toEqual({ status: 404 });
  });

  it('a leader token without a unit reaches no cadre', () => {
    expect(listAccess({ roles: ['unit_leader'] }, ofU1, false, 'read')).toEqual({ status: 404 });
    expect(listAccess({ roles: ['unit_leader'] }, ofU1, false, 'review')).toEqual({ status: 404 });
  });

  it('an assessor reads the assigned cadres only, and never reviews', () => {
    expect(listAccess(assessor, ofU1, true, 'read')).toBeNull();
    expect(listAccess(assessor, ofU1, false, 'read')).toEqual({ status: 404 });
    expect(listAccess(assessor, ofU1, true, 'review')).toMatchObject({ status: 403 });
  });

  it("signing and amending the commitment is the cadre's own: the department gets 403", () => {
    expect(listAccess(selfC1, ofU1, false, 'sign')).toBeNull();
    expect(listAccess(selfC1, ofU1, false, 'amend')).toBeNull();
    expect(listAccess(officer, ofU1, false, 'sign')).toMatchObject({ status: 403 });
    expect(listAccess(officer, ofU1, false, 'amend')).toMatchObject({ status: 403 });
    expect(listAccess(selfC1, ofU1, false, 'review')).toMatchObject({ status: 403 });
  });

  it('the department reads, fills and reviews every cadre; another cadre gets 403 (no scope to hide)', () => {
    for (const action of ['read', 'fill', 'review'] as const)
      expect(listAccess(officer, ofU2, false, action)).toBeNull();
    expect(listAccess(selfC1, ofU2, false, 'read')).toMatchObject({ status: 403 });
  });
});
