import { shownOpinions, storedOpinion } from './opinions';

describe('voters’ written opinions', () => {
  const texts = ['审批还是太慢', '服务态度好', '窗口人员不足', '希望多下基层', '材料重复提交'];

  it('are hidden while no campaign’s result of the unit is shown', () => {
    expect(shownOpinions([])).toBeNull();
    expect(shownOpinions([{ shown: false, opinions: texts }])).toBeNull();
  });

  it('come only from campaigns whose result of the unit is shown', () => {
    const shown = shownOpinions([
      { shown: true, opinions: ['服务态度好'] },
      { shown: false, opinions: ['只有两票的意见'] },
    ]);
    expect(shown).toEqual(['服务态度好']);
    expect(shownOpinions([{ shown: true, opinions: [] }])).toEqual([]);
  });

  it('are in an order that does not depend on the order they were cast in', () => {
    const a = shownOpinions([{ shown: true, opinions: texts }]);
    const b = shownOpinions([{ shown: true, opinions: [...texts].reverse() }]);
    const c = shownOpinions([
      { shown: true, opinions: texts.slice(2) },
      { shown: true, opinions: texts.slice(0, 2) },
    ]);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect([...a!].sort()).toEqual([...texts].sort());
    // Equal texts stay, each once per ballot.
    expect(shownOpinions([{ shown: true, opinions: ['同一意见', '同一意见'] }])).toEqual(['同一意见', '同一意见']);
  });

  it('are stored trimmed, and only when there is something to say', () => {
    expect(storedOpinion('  很好 ')).toBe('很好');
    expect(storedOpinion('   ')).toBeNull();
    expect(storedOpinion(undefined)).toBeNull();
    expect(storedOpinion(null)).toBeNull();
  });
});
