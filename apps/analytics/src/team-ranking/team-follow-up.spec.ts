import { teamFollowUp } from './team-follow-up';

describe('teamFollowUp (班子 that need a collective talk)', () => {
  it('flags a team in the bottom decile of its field', () => {
    expect(teamFollowUp(10, [80])).toEqual({ reasons: ['bottom_decile'], fallingCycles: 0 });
    expect(teamFollowUp(10.01, [80])).toEqual({ reasons: [], fallingCycles: 0 });
  });

  it('flags a team falling two cycles in a row, not one', () => {
    expect(teamFollowUp(60, [85, 82, 79])).toEqual({ reasons: ['falling'], fallingCycles: 2 });
    expect(teamFollowUp(60, [85, 86, 79])).toEqual({ reasons: [], fallingCycles: 1 });
  });

  it('gives both reasons, bottom decile first', () => {
    expect(teamFollowUp(0, [90, 85, 70])).toEqual({ reasons: ['bottom_decile', 'falling'], fallingCycles: 2 });
  });

  it('does not count a dip under a point as a fall', () => {
    expect(teamFollowUp(50, [85, 84.5, 84])).toEqual({ reasons: [], fallingCycles: 0 });
  });
});
