import { plannedChange } from './users.service';

describe('plannedChange', () => {
  const leader = { roles: ['unit_leader' as const], unitId: 'u-1', active: true };

  it('keeps only what differs', () => {
    expect(plannedChange(leader, {})).toEqual({});
    expect(plannedChange(leader, { roles: ['unit_leader'], unitId: 'u-1', active: true })).toEqual({});
    expect(plannedChange(leader, { active: false })).toEqual({ active: false });
    expect(plannedChange(leader, { unitId: 'u-2' })).toEqual({ unitId: 'u-2' });
  });

  it('treats roles as a set', () => {
    const both = { roles: ['assessor' as const, 'cadre' as const], unitId: null, active: true };
    expect(plannedChange(both, { roles: ['cadre', 'assessor'] })).toEqual({});
  });

  it('drops the unit of a leader who loses the role', () => {
    expect(plannedChange(leader, { roles: ['assessor'] })).toEqual({ roles: ['assessor'], unitId: null });
  });
});
