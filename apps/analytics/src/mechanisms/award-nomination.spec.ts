import { byRecommendations, pick } from './award-nomination';

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

describe('award nomination by democratic recommendation (民主推荐)', () => {
  const n = (id: string, picks: number | null, score: number, grassroots = false, key = false) => ({
    targetId: id,
    name: id,
    grassroots,
    recommendation: null,
    score,
    picks,
    key,
  });

  it('orders by recommendations, the composite breaking ties', () => {
    const order = byRecommendations([n('a', 3, 70), n('b', 5, 60), n('c', 3, 90), n('d', 0, 99)]);
    expect(order.map((x) => x.targetId)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('reserves places for key units and fields (扛标) as well as for the grassroots', () => {
    const order = [
      n('d1', 9, 0),
      n('d2', 8, 0),
      n('t1', 7, 0, true),
      n('k1', 1, 0, false, true),
      n('k2', 0, 0, false, true),
    ];
    // quota 3: one grassroots place (ceil 3 × 0.3), one key place (ceil 3 × 0.2), the third by order.
    expect(pick(order, 3, 0.3, 0.2).map((p) => [p.targetId, p.place])).toEqual([
      ['d1', 1],
      ['t1', 2],
      ['k1', 3],
    ]);
    // A key nominee already chosen by order counts toward the key places.
    expect(pick([n('k1', 9, 0, false, true), n('d1', 8, 0), n('d2', 7, 0)], 2, 0, 0.5).map((p) => p.targetId)).toEqual([
      'k1',
      'd1',
    ]);
    // Never more than the quota, whatever the tilts ask.
    expect(pick(order, 2, 1, 1)).toHaveLength(2);
  });
});
