import type { CadreDossierView, TeamDossierView } from '@cadre/contracts';
import { cadreDossierHtml, teamDossierHtml } from './dossier-html';

const cadre: CadreDossierView = {
  cadre: {
    id: 'c1',
    name: '张<三>',
    gender: 'female',
    birthDate: '1990-05-01',
    age: 36,
    position: '局长',
    education: '研究生',
    partyMember: true,
    status: 'active',
    teamRole: 'principal',
    since: '2020-01-01',
    unitId: 'u1',
    unitName: '区发改局',
    teamId: 't1',
    teamName: '区发改局领导班子',
    fieldId: 'f1',
    fieldName: '经济',
  },
  history: [],
  political: { verdict: 'pass', dimensions: [], updatedAt: null },
  tasks: [{ year: 2026, completion: 90, signed: true, overdue: 0 }],
  appraisals: [],
  wartime: {
    records: 2,
    events: 2,
    outstanding: 1,
    volunteered: 2,
    dutyHours: 48,
    firstVolunteeredOn: '2025-03-10',
    spirit: 90,
  },
  democratic: [],
  trend: {
    cadreId: 'c1',
    points: [
      {
        cycleId: 'y1',
        year: 2025,
        half: 1,
        composite: 80,
        verticalRank: 2,
        horizontalRank: 3,
        horizontalPercentile: 60,
      },
      {
        cycleId: 'y2',
        year: 2025,
        half: 2,
        composite: 86,
        verticalRank: 1,
        horizontalRank: 1,
        horizontalPercentile: 100,
      },
    ],
    direction: 'rising',
    warning: null,
  },
  strengths: ['招商引资'],
  weaknesses: [],
  traits: [{ name: '敢于担当', count: 2 }],
  areas: {
    strengths: [{ name: '招商引资', count: 2 }],
    weaknesses: [],
    latestStrengths: ['招商引资'],
    latestWeaknesses: [],
  },
  problems: [
    {
      cycleId: 'y2',
      cycleName: '2025年下半年定期考核',
      description: '台账不规范',
      severity: 'minor',
      followUp: '限期整改',
    },
  ],
  responsibilities: {
    items: [
      {
        id: 'r1',
        year: 2026,
        duty: '招商',
        target: { metric: '项目', target: 10, unit: '个' },
        measures: '走访',
        actual: 8,
        fulfillmentRate: 0.8,
        rating: 'good',
      },
    ],
    fulfillmentRate: 0.8,
  },
  wartimeTrend: {
    points: [
      {
        cycleId: 'r1',
        cycleName: '2025年疫情防控',
        topic: 'epidemic',
        from: '2025-03-10',
        records: 1,
        outstanding: 0,
        spirit: 80,
      },
      {
        cycleId: 'r2',
        cycleName: '2026年疫情防控',
        topic: 'epidemic',
        from: '2026-03-10',
        records: 1,
        outstanding: 1,
        spirit: 100,
      },
    ],
    direction: 'rising',
  },
  talks: [{ id: 'k1', heldOn: '2026-07-01', kind: 'individual', topic: '年中谈心' }],
  awards: [{ awardId: 'a1', name: '2026年度担当作为好干部评选', kind: 'good_cadre', place: 1, status: 'published' }],
  position: {
    cycleId: 'y2',
    cycleName: '2025年下半年定期考核',
    composite: 86,
    verticalRank: 1,
    verticalN: 3,
    horizontalRank: 1,
    horizontalN: 5,
    x: 100,
    y: 100,
    quadrant: 'leading',
  },
  map: [
    { cadreId: 'c1', name: '张<三>', x: 100, y: 100, marked: true },
    { cadreId: 'c2', name: '李四', x: 20, y: 40, marked: false },
  ],
  summary: ['张<三>最近一个考核周期在区发改局领导班子内排第1位（共3人）。'],
  generatedAt: '2026-12-02T08:00:00.000Z',
};

describe('dossier html', () => {
  it('prints every section with its charts, marked 内部资料 and numbered, escaping what users wrote', () => {
    const html = cadreDossierHtml(cadre);
    for (const heading of [
      '综合分析',
      '政治体检',
      '性格特点',
      '擅长领域与短板不足',
      '坐标系位置',
      '考核发现的问题（望闻问切·问）',
      '责任清单（岗位职责、目标、实效）',
      '任务清单完成情况',
      '战时档案',
      '谈心谈话',
      '表彰奖励',
    ])
      expect(html).toContain(`<h2>${heading}`);
    // Three charts: the composite trend, the coordinate map, the wartime trend.
    expect(html.match(/<figure class="chart"><svg/g)).toHaveLength(3);
    expect(html).toContain('counter(page)');
    expect(html).toContain('<div class="marking">内部资料</div>');
    expect(html).not.toContain('张<三>');
    expect(html).toContain('张&lt;三&gt;');
    expect(html).not.toMatch(/<script|src=|href="http/);
  });

  it('names no verdict when the reader may not learn it', () => {
    const html = cadreDossierHtml({ ...cadre, political: null });
    expect(html).not.toContain('政治体检');
  });

  it('prints a team with its members, each report from a new page', () => {
    const team = {
      team: {
        id: 't1',
        name: '区发改局领导班子',
        unitId: 'u1',
        unitName: '区发改局',
        unitKind: 'department',
        fieldId: 'f1',
        fieldName: '经济',
      },
      members: [],
      structure: {
        teamId: 't1',
        name: '区发改局领导班子',
        members: 1,
        averageComposite: 86,
        spread: 0,
        fieldsCovered: 1,
        averageAge: 36,
        ageBands: { '35岁以下': 0, '35-44岁': 1, '45-54岁': 0, '55岁及以上': 0 },
        female: 1,
        young: 1,
        strengths: ['招商引资'],
        cooperation: null,
        ageBandOf: {},
        education: { 研究生: 1 },
        averageTenureYears: 6,
        youngAgeLimit: 40,
        youngByLimit: 1,
        youngShare: 1,
        gender: { male: 0, female: 1 },
        principal: { cadreId: 'c1', name: '张<三>', position: '局长' },
        vacancies: { principal: false, vacated: [] },
      },
      democratic: null,
      issues: [],
      peers: [],
      cycles: [
        {
          cycleId: 'y2',
          cycleName: '2025年下半年定期考核',
          score: 88,
          runningState: 'good',
          problems: '合力不足',
          rectification: '例会',
        },
      ],
      rectifications: [
        { id: 'x', title: '压缩审批时限', deadline: '2026-05-31', state: 'done', doneOn: '2026-06-10', late: true },
      ],
      trend: [{ cycleId: 'y2', year: 2025, half: 2, composite: 86, rank: 1, n: 2 }],
      twoWay: [],
      cooperation: null,
      map: cadre.map,
      summary: ['区发改局领导班子现有成员1人。'],
      generatedAt: cadre.generatedAt,
    } satisfies TeamDossierView;
    const html = teamDossierHtml(team, [cadre]);
    expect(html.match(/<section class="report">/g)).toHaveLength(2);
    expect(html).toContain('.report + .report { break-before: page; }');
    for (const heading of [
      '班子运行状态',
      '班子综合得分趋势',
      '整改事项',
      '双向考核结果',
      '配合度',
      '成员在坐标系中的位置',
    ])
      expect(html).toContain(`<h2>${heading}`);
    expect(html).toContain('已完成（逾期完成）');
    expect(html).toContain('<p>暂无</p>');
  });
});
