import { pick } from './award-nomination';

describe('award nomination (正向激励)', () => {
  const n = (id: string, grassroots: boolean) => ({
    targetId: id,
    name: id,
    grassroots,
    recommendation: null,
    score: null,
  });
  const ordered = [n('d1', false), n('d2', false), n('d3', false), n('t1', true), n('t2', true)];

  it('reserves places for the grassroots, the rest by order', () => {
    expect(pick(ordered, 3, 0.5).map((p) => [p.targetId, p.place])).toEqual([
      ['d1', 1],
      ['t1', 2],
      ['t2', 3],
    ]);
  });

  it('takes the order alone without a tilt, and cannot reserve more than there are', () => {
    expect(pick(ordered, 2, 0).map((p) => p.targetId)).toEqual(['d1', 'd2']);
    expect(pick([n('d1', false), n('t1', true), n('d2', false)], 2, 1).map((p) => p.targetId)).toEqual(['d1', 't1']);
    expect(pick(ordered, 10, 0.3)).toHaveLength(5);
  });
});
