import { areas, teamMetrics } from './team-metrics';

describe('team metrics (选配沙盘)', () => {
  const member = (
    cadreId: string,
    birthDate: string,
    gender: 'male' | 'female',
    composite: number | null,
    strengths: string,
  ) => ({ cadreId, name: cadreId, birthDate, gender, composite, strengths: areas(strengths) });

  it('describes size, average and spread, coverage, age structure, women and young cadres', () => {
    const m = teamMetrics(
      { id: 't', name: '班子' },
      [
        member('a', '1990-01-01', 'female', 90, '招商引资、项目建设'),
        member('b', '1970-05-05', 'male', 80, '项目建设，信访维稳'),
        member('c', '1980-01-01', 'male', null, ''),
      ],
      2026,
    );
    expect(m).toMatchObject({
      members: 3,
      averageComposite: 85,
      spread: 5,
      fieldsCovered: 3,
      female: 1,
      young: 1,
      averageAge: 46,
    }); // ages 36, 56, 46
    expect(m.ageBands).toEqual({ '35岁以下': 0, '35-44岁': 1, '45-54岁': 1, '55岁及以上': 1 });
    expect(m.strengths).toHaveLength(3);
  });

  it('has no average for a team without scores', () => {
    expect(teamMetrics({ id: 't', name: '空' }, [], 2026)).toMatchObject({
      members: 0,
      averageComposite: null,
      spread: null,
      averageAge: null,
    });
  });
});
