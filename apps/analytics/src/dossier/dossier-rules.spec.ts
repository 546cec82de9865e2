import {
  ageOn,
  areasOf,
  cadreSummary,
  CadreSummaryInput,
  counted,
  teamSummary,
  TeamSummaryInput,
  youngOf,
} from './dossier-rules';

const rising: CadreSummaryInput = {
  name: '张三',
  teamName: '区发改局领导班子',
  fieldName: '经济',
  position: { verticalRank: 1, verticalN: 4, horizontalRank: 2, horizontalN: 9, quadrant: 'leading' },
  composites: [80, 84, 86, 90],
  parts: { periodic: 91, democratic: 78.5, task: 95, wartime: null },
  traits: [
    { name: '敢于担当', count: 3 },
    { name: '善于攻坚', count: 1 },
  ],
  strengths: ['招商引资'],
  weaknesses: ['创新不足'],
  problems: [{ severity: 'serious' }, { severity: 'minor' }],
  responsibilityRate: 0.8,
  wartime: { events: 2, direction: 'rising' },
  warning: null,
  verdict: 'pass',
};

describe('dossier rules', () => {
  it('counts age in whole years on the day (a birthday not reached yet this year does not count)', () => {
    expect(ageOn('1986-12-03', '2026-12-02')).toBe(39);
    expect(ageOn('1986-12-02', '2026-12-02')).toBe(40);
  });

  it('counts a name once per cycle, most named first, ties in 拼音 order', () => {
    expect(counted([['敢于担当', '敢于担当', '善于攻坚'], ['敢于担当'], ['务实']])).toEqual([
      { name: '敢于担当', count: 2 },
      { name: '善于攻坚', count: 1 },
      { name: '务实', count: 1 },
    ]);
    expect(
      areasOf([
        { strengths: '招商引资、项目建设', weaknesses: '创新不足' },
        { strengths: '招商引资', weaknesses: '统筹协调' },
      ]),
    ).toEqual({
      strengths: [
        { name: '招商引资', count: 2 },
        { name: '项目建设', count: 1 },
      ],
      weaknesses: [
        { name: '创新不足', count: 1 },
        { name: '统筹协调', count: 1 },
      ],
      latestStrengths: ['招商引资'],
      latestWeaknesses: ['统筹协调'],
    });
  });

  it('counts young cadres by the limit on the day', () => {
    const m = (birthDate: string) => ({
      cadreId: birthDate,
      name: '',
      gender: 'male' as const,
      birthDate,
      position: '',
      teamRole: null,
    });
    expect(youngOf([m('1990-01-01'), m('1986-12-03'), m('1970-05-05')], 40, '2026-12-02')).toEqual({
      youngByLimit: 2,
      youngShare: 0.667,
    });
    expect(youngOf([m('1990-01-01'), m('1986-12-03')], 38, '2026-12-02')).toEqual({ youngByLimit: 1, youngShare: 0.5 });
    expect(youngOf([], 40, '2026-12-02')).toEqual({ youngByLimit: 0, youngShare: null });
  });

  it('writes where the cadre stands, the last three cycles, the strongest and weakest part, and the verdict', () => {
    expect(cadreSummary(rising)).toEqual([
      '张三最近一个考核周期在区发改局领导班子内排第1位（共4人），在经济领域排第2位（共9人），坐标系中属“领跑型”。',
      '近3个周期综合得分依次为84.0、86.0、90.0，总体呈上升态势。',
      '各项得分中“任务清单”最强（95.0），“民主测评”最弱（78.5）。',
      '性格特点以“敢于担当”“善于攻坚”为主；擅长招商引资；短板在创新不足。',
      '考核“问”的环节共发现问题2个（其中严重1个），责任清单平均完成率80%。',
      '参加随机考核2次，战时“战斗劲头”呈上升趋势。',
      '政治体检结论为“通过”。',
    ]);
  });

  it('writes another summary for other data: falling, warned, nothing else known', () => {
    const falling = cadreSummary({
      ...rising,
      name: '李四',
      position: { verticalRank: 4, verticalN: 4, horizontalRank: 9, horizontalN: 9, quadrant: 'lagging' },
      composites: [88, 84, 79],
      parts: { periodic: 70, democratic: 82 },
      traits: [],
      strengths: [],
      weaknesses: [],
      problems: [],
      responsibilityRate: null,
      wartime: { events: 0, direction: 'stable' },
      warning: { fallingCycles: 2, bottomDecile: true },
      verdict: 'attention',
    });
    expect(falling).toEqual([
      '李四最近一个考核周期在区发改局领导班子内排第4位（共4人），在经济领域排第9位（共9人），坐标系中属“滞后型”。',
      '近3个周期综合得分依次为88.0、84.0、79.0，总体呈下降态势。',
      '各项得分中“民主测评”最强（82.0），“定期考核”最弱（70.0）。',
      '“躺平”预警：排名连续2个周期下滑，处于领域末位10%，建议谈话提醒。',
      '政治体检结论为“需关注”。',
    ]);
    expect(falling).not.toEqual(cadreSummary(rising));
  });

  it('names the gate only to a reader of political files', () => {
    const gated = { ...rising, position: null, composites: [], verdict: 'fail' as const };
    expect(cadreSummary(gated)[0]).toBe('张三政治体检结论为“不通过”，按“首关不过，余关莫论”不参加排名和评优。');
    const veiled = cadreSummary({ ...gated, verdict: null });
    expect(veiled[0]).toBe('张三尚无已结束考核周期的排名。');
    expect(veiled.join('')).not.toContain('政治体检');
  });

  it('writes the team summary from structure, running state, ranking and rectification', () => {
    const base: TeamSummaryInput = {
      name: '某镇领导班子',
      fieldName: '镇街',
      members: 5,
      averageAge: 43.2,
      female: 1,
      youngAgeLimit: 40,
      youngByLimit: 2,
      youngShare: 0.4,
      principal: { name: '王五' },
      runningStates: [
        { cycleName: '2025年下半年定期考核', runningState: 'average', score: 80 },
        { cycleName: '2026年上半年定期考核', runningState: 'fairly_good', score: 88 },
      ],
      trend: [
        { composite: 82, rank: 5, n: 8 },
        { composite: 86.5, rank: 3, n: 8 },
      ],
      rectifications: [
        { state: 'done', late: true },
        { state: 'done', late: false },
        { state: 'overdue', late: null },
      ],
      cooperation: null,
      quadrants: ['leading', 'lagging', 'team_anchor'],
    };
    expect(teamSummary(base)).toEqual([
      '某镇领导班子现有成员5人，平均年龄43.2岁，女干部1人，40岁以下年轻干部2人（占40%）；主要负责人为王五。',
      '最近一次班子考核（2026年上半年定期考核）运行状态为“较好”，得分88.0，较上一周期（一般）有所好转。',
      '班子综合得分86.5，在镇街领域8个班子中排第3位，近2个周期呈上升态势。',
      '双向考核整改事项3项：已完成2项（其中逾期完成1项），逾期未完成1项。',
      '配合度暂无数据。',
      '坐标系中成员“领跑型”1人、“滞后型”1人。',
    ]);
    const other = teamSummary({
      ...base,
      principal: null,
      runningStates: [],
      trend: [],
      rectifications: [],
      cooperation: 91.25,
      quadrants: [],
    });
    expect(other).toEqual([
      '某镇领导班子现有成员5人，平均年龄43.2岁，女干部1人，40岁以下年轻干部2人（占40%）；主要负责人空缺。',
      '尚无班子考核结论。',
      '班子配合度91.3。',
    ]);
  });
});
