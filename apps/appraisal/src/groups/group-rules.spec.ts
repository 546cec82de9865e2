import { groupChange, unique } from './group-rules';

describe('group rules', () => {
  it('records who came and who went', () => {
    expect(
      groupChange({ assessorUserIds: ['a1', 'a2'], cadreIds: ['c1', 'c2'] }, ['a2', 'a3'], ['c1', 'c2', 'c3']),
    ).toEqual({
      assessorsAdded: ['a3'],
      assessorsRemoved: ['a1'],
      cadresAdded: ['c3'],
      cadresRemoved: [],
    });
    expect(groupChange({ assessorUserIds: ['a1'], cadreIds: ['c1'] }, ['a1'], ['c1'])).toEqual({
      assessorsAdded: [],
      assessorsRemoved: [],
      cadresAdded: [],
      cadresRemoved: [],
    });
  });

  it('keeps each id once, in its first place', () => {
    expect(unique(['c2', 'c1', 'c2'])).toEqual(['c2', 'c1']);
  });
});
