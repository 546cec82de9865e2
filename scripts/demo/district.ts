import type { Gender, TeamRole, UnitKind } from '@cadre/contracts';
import { seededRandom } from '@cadre/platform/seeded-random';
import type { RosterRow } from '../../apps/roster/src/imports/roster-sheet';

/**
 * A demo district modelled on 长春市绿园区 as the 2022 report describes it: 73 units (区直部门, 镇,
 * 街道, 开发区) and 299 mid-level cadres (中层干部) in their leadership teams (领导班子). Pure data and
 * deterministic from a seed, so the demo seeder, import fixtures and benchmarks all see the same
 * roster. The people are invented; only the shape of the district follows the report.
 */

export interface DemoField {
  code: string;
  name: string;
}

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  fieldCode: string;
}

export interface DemoTeam {
  unitCode: string;
  name: string;
}

/** A generated cadre is a row of a roster file, ready to import. */
export type DemoCadre = RosterRow;

export interface DemoDistrict {
  fields: DemoField[];
  units: DemoUnit[];
  teams: DemoTeam[];
  cadres: DemoCadre[];
}

/** The day of the report; ages and personnel numbers are reckoned from it. */
const DEFAULT_AS_OF = '2022-09-19';
const DEFAULT_SEED = 20220919;
const DISTRICT_UNITS = 73;
const DISTRICT_CADRES = 299;
/** A leadership team rarely has more than seven members; a unit's further cadres serve outside it. */
const TEAM_MAX = 7;

/** 领域 used for horizontal comparison (比对考核); towns, streets and zones are compared as 镇街. */
export const DEMO_FIELDS: readonly DemoField[] = [
  { code: 'party', name: '党群' },
  { code: 'economy', name: '经济' },
  { code: 'law', name: '政法' },
  { code: 'urban', name: '城建' },
  { code: 'social', name: '社会事业' },
  { code: 'towns', name: '镇街' },
];

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** Seeded draws (mulberry32, libs/platform): Math.random would make every run different. */
class Random {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(table: Weighted<T>): T {
    const x = this.next() * table.total;
    let lo = 0;
    let hi = table.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (table.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return table.values[lo];
  }
}

interface Weighted<T> {
  values: T[];
  cumulative: number[];
  total: number;
}

function weighted<T>(pairs: Array<[T, number]>): Weighted<T> {
  let total = 0;
  const cumulative = pairs.map(([, w]) => (total += w));
  return { values: pairs.map(([v]) => v), cumulative, total };
}

/** Separate streams for units and cadres, so asking for more units never reshuffles the people. */
function stream(seed: number, salt: number): Random {
  return new Random(Math.imul((seed ^ salt) >>> 0, 0x9e3779b1));
}

// ---------------------------------------------------------------------------------------------
// Units

type Size = 'S' | 'M' | 'L';

interface UnitTemplate {
  name: string;
  kind: UnitKind;
  field: string;
  size: Size;
  /** 主要负责人's title in a department; towns, streets and zones use LOCAL_TITLES. */
  head?: string;
  /** Title of team members below the deputies, when not 党组成员. */
  memberTitle?: string;
  /** Units whose principal is 副处级 (高配): the district's core offices, security organs and zones. */
  key?: boolean;
}

const dept = (
  name: string,
  field: string,
  size: Size,
  head: string,
  extra: Partial<UnitTemplate> = {},
): UnitTemplate => ({
  name,
  kind: 'department',
  field,
  size,
  head,
  ...extra,
});
const local = (name: string, kind: 'town' | 'street' | 'zone', size: Size): UnitTemplate => ({
  name,
  kind,
  field: kind === 'zone' ? 'economy' : 'towns',
  size,
  key: kind === 'zone',
});

/** The reference district in registry order: 50 departments, 2 towns, 17 streets, 4 zones = 73. */
const DISTRICT_TEMPLATES: readonly UnitTemplate[] = [
  // 党群 (14)
  dept('区委办公室', 'party', 'L', '主任', { key: true }),
  dept('区政府办公室', 'party', 'L', '主任', { key: true }),
  dept('区委组织部', 'party', 'L', '部长', { key: true, memberTitle: '部务委员' }),
  dept('区委宣传部', 'party', 'M', '部长', { key: true, memberTitle: '部务委员' }),
  dept('区委统战部', 'party', 'M', '部长', { key: true, memberTitle: '部务委员' }),
  dept('区纪委监委', 'party', 'L', '书记', { key: true, memberTitle: '常委' }),
  dept('区委机构编制委员会办公室', 'party', 'S', '主任'),
  dept('区直属机关工作委员会', 'party', 'S', '书记', { memberTitle: '委员' }),
  dept('区委党校', 'party', 'S', '校长', { memberTitle: '教育长' }),
  dept('区委老干部局', 'party', 'S', '局长'),
  dept('区人大常委会办公室', 'party', 'M', '主任'),
  dept('区政协办公室', 'party', 'M', '主任'),
  dept('区总工会', 'party', 'S', '主席'),
  dept('区妇女联合会', 'party', 'S', '主席'),
  // 经济 (11)
  dept('区发展和改革局', 'economy', 'L', '局长'),
  dept('区财政局', 'economy', 'L', '局长'),
  dept('区工业和信息化局', 'economy', 'M', '局长'),
  dept('区商务局', 'economy', 'M', '局长'),
  dept('区农业农村局', 'economy', 'M', '局长'),
  dept('区营商环境建设局', 'economy', 'M', '局长'),
  dept('区投资促进局', 'economy', 'M', '局长'),
  dept('区市场监督管理局', 'economy', 'L', '局长'),
  dept('区统计局', 'economy', 'S', '局长'),
  dept('区审计局', 'economy', 'S', '局长'),
  dept('区科学技术局', 'economy', 'S', '局长'),
  // 政法 (7)
  dept('区委政法委员会', 'law', 'M', '书记', { key: true, memberTitle: '委员' }),
  dept('区公安分局', 'law', 'L', '局长', { key: true, memberTitle: '政治处主任' }),
  dept('区人民法院', 'law', 'L', '院长', { key: true, memberTitle: '审判委员会专职委员' }),
  dept('区人民检察院', 'law', 'M', '检察长', { key: true, memberTitle: '检察委员会专职委员' }),
  dept('区司法局', 'law', 'M', '局长'),
  dept('区应急管理局', 'law', 'L', '局长'),
  dept('区信访局', 'law', 'S', '局长'),
  // 城建 (8)
  dept('区住房和城乡建设局', 'urban', 'L', '局长'),
  dept('区城市管理执法局', 'urban', 'L', '局长'),
  dept('区自然资源局', 'urban', 'M', '局长'),
  dept('区交通运输局', 'urban', 'M', '局长'),
  dept('区生态环境分局', 'urban', 'M', '局长'),
  dept('区房屋征收经办中心', 'urban', 'M', '主任'),
  dept('区水利局', 'urban', 'S', '局长'),
  dept('区重点项目建设服务中心', 'urban', 'S', '主任'),
  // 社会事业 (10)
  dept('区教育局', 'social', 'L', '局长'),
  dept('区卫生健康局', 'social', 'L', '局长'),
  dept('区人力资源和社会保障局', 'social', 'L', '局长'),
  dept('区民政局', 'social', 'M', '局长'),
  dept('区文化广播电视和旅游局', 'social', 'M', '局长'),
  dept('区疾病预防控制中心', 'social', 'M', '主任'),
  dept('区融媒体中心', 'social', 'M', '主任'),
  dept('区退役军人事务局', 'social', 'S', '局长'),
  dept('区医疗保障局', 'social', 'S', '局长'),
  dept('区残疾人联合会', 'social', 'S', '理事长'),
  // 镇 (2): the district's rural edge, larger teams
  local('合心镇', 'town', 'L'),
  local('西新镇', 'town', 'L'),
  // 街道 (17)
  ...[
    '正阳',
    '青年路',
    '春城',
    '普阳',
    '林园',
    '锦程',
    '铁西',
    '城西',
    '同心',
    '皓月',
    '景阳',
    '普庆',
    '迎宾',
    '兴华',
    '新兴',
    '西环',
    '宝丰',
  ].map((name) => local(`${name}街道`, 'street', 'M')),
  // 开发区 (4)
  local('绿园经济开发区', 'zone', 'L'),
  local('合心工业集中区', 'zone', 'M'),
  local('西部新城开发区', 'zone', 'M'),
  local('绿园现代物流园区', 'zone', 'M'),
];

/**
 * Further county-level districts of 吉林省 for the province benchmark, [full name, short name].
 * Beyond them names repeat; unit codes never do.
 */
const OTHER_DISTRICTS: ReadonlyArray<readonly [full: string, short: string]> = [
  ...[
    '南关区',
    '朝阳区',
    '宽城区',
    '二道区',
    '双阳区',
    '九台区',
    '农安县',
    '榆树市',
    '德惠市',
    '公主岭市',
    '昌邑区',
    '龙潭区',
    '船营区',
    '丰满区',
    '永吉县',
    '蛟河市',
    '桦甸市',
    '舒兰市',
    '磐石市',
    '铁西区',
    '铁东区',
    '梨树县',
    '双辽市',
    '龙山区',
    '西安区',
    '东丰县',
    '东辽县',
    '东昌区',
    '二道江区',
    '通化县',
    '辉南县',
    '柳河县',
    '梅河口市',
    '集安市',
    '浑江区',
    '江源区',
    '抚松县',
    '靖宇县',
    '临江市',
    '宁江区',
    '长岭县',
    '乾安县',
    '扶余市',
    '洮北区',
    '镇赉县',
    '通榆县',
    '洮南市',
    '大安市',
    '延吉市',
    '图们市',
    '敦化市',
    '珲春市',
    '龙井市',
    '和龙市',
    '汪清县',
    '安图县',
  ].map((full) => [full, full.slice(0, -1)] as const),
  ['伊通满族自治县', '伊通'],
  ['前郭尔罗斯蒙古族自治县', '前郭'],
  ['长白朝鲜族自治县', '长白'],
];

/** A reference unit's name as another district would write it: 区财政局 → 农安县财政局. */
function nameIn([full, short]: readonly [string, string], template: UnitTemplate): string {
  if (template.name.startsWith('区')) return full + template.name.slice(1);
  if (template.name.includes('绿园')) return template.name.replace('绿园', short);
  return full + template.name;
}

function unitCode(n: number): string {
  return `LY-${String(n).padStart(3, '0')}`;
}

/**
 * Units in registry order. The first 73 are the reference district whatever the seed; beyond it
 * (the 5,000-unit province benchmark) come further districts, each built from the same templates
 * with about one unit in ten left out by the seed, so they are alike but not copies.
 */
export function generateUnits(options: { seed: number; count: number; fields: readonly DemoField[] }): DemoUnit[] {
  const { seed, count, fields } = options;
  assertCount('count', count);
  if (count > 0 && fields.length === 0) throw new RangeError('generateUnits needs at least one field');
  const fieldCodes = new Set(fields.map((f) => f.code));
  const random = stream(seed, 0x756e6974);
  const districts = shuffle([...OTHER_DISTRICTS], random);

  const units: DemoUnit[] = [];
  for (let d = 0; units.length < count; d++) {
    const district = d === 0 ? null : districts[(d - 1) % districts.length];
    for (const template of DISTRICT_TEMPLATES) {
      if (units.length === count) break;
      if (district && random.chance(0.1)) continue;
      const index = units.length;
      units.push({
        code: unitCode(index + 1),
        name: district ? nameIn(district, template) : template.name,
        kind: template.kind,
        // Callers may bring their own fields; a unit then falls back to one of those, round robin.
        fieldCode: fieldCodes.has(template.field) ? template.field : fields[index % fields.length].code,
      });
    }
  }
  return units;
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// How big each unit is, and who sits in its team

const SIZE_WEIGHT: Record<Size, number> = { S: 2.4, M: 3.4, L: 4.8 };
const KIND_WEIGHT: Record<Exclude<UnitKind, 'department'>, number> = { town: 6.5, street: 5.2, zone: 4.8 };

/** Departments by the part of the name that every district shares (区财政局 → 财政局), longest first. */
const DEPARTMENTS_BY_SUFFIX: readonly UnitTemplate[] = DISTRICT_TEMPLATES.filter((t) => t.kind === 'department').sort(
  (a, b) => b.name.length - a.name.length,
);

/** Finds the template a unit was made from by its name, so units from anywhere get sensible sizes. */
function templateOf(unit: DemoUnit): UnitTemplate | undefined {
  if (unit.kind !== 'department') return undefined;
  return DEPARTMENTS_BY_SUFFIX.find((t) => unit.name.endsWith(t.name.slice(1)));
}

function unitWeight(unit: DemoUnit, template: UnitTemplate | undefined): number {
  if (unit.kind !== 'department') return KIND_WEIGHT[unit.kind];
  return SIZE_WEIGHT[template?.size ?? 'M'];
}

/**
 * Splits `total` cadres over units in proportion to their weights, with a little seeded noise, and
 * exactly: 2–7 a unit when that can add up (the reference district), wider bounds otherwise.
 */
function allocate(weights: number[], total: number, random: Random): number[] {
  const n = weights.length;
  const average = total / n;
  const lo = total >= 2 * n ? 2 : Math.floor(average);
  const hi = total <= TEAM_MAX * n ? TEAM_MAX : Math.ceil(2 * average);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const wanted = weights.map((w) => clamp((w * total) / weightSum + (random.next() - 0.5) * 1.8, lo, hi));
  const sizes = wanted.map((x) => Math.round(x));
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  if (diff === 0) return sizes;

  // Hand out (or take back) the rest one cadre at a time, to the units furthest from what they
  // wanted; the bounds were chosen so that this always ends.
  const gap = (i: number) => wanted[i] - sizes[i];
  const order = [...sizes.keys()].sort((a, b) => (diff > 0 ? gap(b) - gap(a) : gap(a) - gap(b)));
  while (diff !== 0) {
    for (const i of order) {
      if (diff > 0 && sizes[i] < hi) {
        sizes[i]++;
        diff--;
      } else if (diff < 0 && sizes[i] > lo) {
        sizes[i]--;
        diff++;
      }
      if (diff === 0) break;
    }
  }
  return sizes;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Team of `size`: one principal, a deputy for most seats, a member (党组成员 …) for every third. */
function teamRoles(size: number): TeamRole[] {
  if (size === 0) return [];
  const members = Math.floor((size - 1) / 3);
  return [
    'principal',
    ...Array<TeamRole>(size - 1 - members).fill('deputy'),
    ...Array<TeamRole>(members).fill('member'),
  ];
}

interface Titles {
  principal: string;
  /** In order; the last one repeats. */
  deputies: string[];
  members: string[];
  /** Offices whose heads are cadres outside the team (only when a unit has more than TEAM_MAX). */
  offices: string[];
}

const DEPARTMENT_OFFICES = ['办公室', '综合科', '政策法规科', '计划财务科', '人事科', '业务科', '督查科', '信息中心'];

/** In a town, street or zone the 党(工)委书记 leads and the 镇长 / 主任 is the first deputy. */
const LOCAL_TITLES: Record<Exclude<UnitKind, 'department'>, Titles> = {
  town: {
    principal: '党委书记',
    deputies: ['镇长', '党委副书记', '副镇长'],
    members: ['党委委员、纪委书记', '党委委员、武装部部长', '党委委员、组织委员', '党委委员'],
    offices: [
      '党政综合办公室',
      '党建工作办公室',
      '经济发展办公室',
      '社会事务办公室',
      '平安建设办公室',
      '农业农村服务中心',
    ],
  },
  street: {
    principal: '党工委书记',
    deputies: ['办事处主任', '党工委副书记', '办事处副主任'],
    members: ['党工委委员、纪工委书记', '党工委委员、武装部部长', '党工委委员、组织委员', '党工委委员'],
    offices: ['党政综合办公室', '党建工作办公室', '社区建设办公室', '城市管理办公室', '平安建设办公室', '公共服务中心'],
  },
  zone: {
    principal: '党工委书记',
    deputies: ['管委会主任', '党工委副书记', '管委会副主任'],
    members: ['党工委委员、纪工委书记', '党工委委员、规划建设部部长', '党工委委员'],
    offices: ['综合办公室', '招商服务部', '规划建设部', '企业服务部', '财政金融部'],
  },
};

/** Only these heads have a 常务 first deputy in a large department (常务副局长, 常务副部长 …). */
const EXECUTIVE_DEPUTY_HEADS = new Set(['局长', '部长', '主任', '书记', '院长']);

function titlesOf(unit: DemoUnit, template: UnitTemplate | undefined): Titles {
  if (unit.kind !== 'department') return LOCAL_TITLES[unit.kind];
  const head = template?.head ?? '主任';
  const deputy = `副${head}`;
  const executive = template?.size === 'L' && EXECUTIVE_DEPUTY_HEADS.has(head);
  return {
    principal: head,
    deputies: executive ? [`常务${deputy}`, deputy] : [deputy],
    members: [template?.memberTitle ?? '党组成员'],
    offices: DEPARTMENT_OFFICES,
  };
}

function nth(titles: string[], i: number): string {
  return titles[Math.min(i, titles.length - 1)];
}

/** Head of an office (办公室主任, 综合科科长, 招商服务部部长) or, on the second round, a deputy head. */
function officePosition(offices: string[], k: number): string {
  const office = offices[k % offices.length];
  const head = /科$/.test(office) ? '科长' : /部$/.test(office) ? '部长' : '主任';
  return `${office}${Math.floor(k / offices.length) % 2 === 0 ? '' : '副'}${head}`;
}

// ---------------------------------------------------------------------------------------------
// People

/** The surnames the platform's users will recognise, most common first; weighted by rank. */
const SURNAMES = weighted(
  [
    ...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
  ].map((s, i): [string, number] => [s, 1 / (i + 8)]),
);

/**
 * Given names by generation: the cadres were born 1963–1994, so 建国 and 秀英 belong to the older
 * ones and 浩然 and 欣怡 to the younger; the common ones to anyone.
 */
const GIVEN_NAMES: Record<Gender, { common: string[]; older: string[]; younger: string[]; chars: string[] }> = {
  male: {
    common: [
      '伟',
      '刚',
      '勇',
      '军',
      '强',
      '磊',
      '涛',
      '斌',
      '鹏',
      '超',
      '杰',
      '峰',
      '亮',
      '波',
      '宇',
      '辉',
      '健',
      '明',
      '林',
      '龙',
      '海波',
      '海涛',
      '海峰',
      '晓东',
      '晓明',
      '立新',
      '立军',
      '文博',
      '文涛',
      '永刚',
      '永强',
      '俊杰',
      '宏伟',
      '振华',
      '振宇',
      '春雷',
      '东升',
      '洪涛',
      '金龙',
      '云飞',
      '明辉',
      '宏亮',
      '志强',
      '志刚',
      '志明',
      '继伟',
      '庆丰',
      '长青',
      '德胜',
      '国栋',
    ],
    older: [
      '建国',
      '建军',
      '建华',
      '建平',
      '国庆',
      '国强',
      '卫东',
      '新民',
      '学军',
      '红军',
      '利民',
      '铁军',
      '广志',
      '万里',
      '春生',
    ],
    younger: [
      '浩',
      '博',
      '子健',
      '天宇',
      '鹏飞',
      '浩然',
      '博文',
      '子豪',
      '一鸣',
      '嘉伟',
      '思远',
      '宇航',
      '泽宇',
      '晨阳',
      '俊豪',
    ],
    chars: [
      ...'伟刚勇毅俊峰强军平东文辉力明永健志兴良海山波宁福生龙国胜学祥武新利清飞彬杰涛成康光天达安中进林坚博诚振思群磊民江超浩亮政鹏泽晨宇旭建德',
    ],
  },
  female: {
    common: [
      '静',
      '丽',
      '敏',
      '艳',
      '娟',
      '霞',
      '燕',
      '芳',
      '颖',
      '洁',
      '红',
      '梅',
      '琳',
      '莉',
      '雪',
      '丹',
      '萍',
      '娜',
      '慧',
      '璐',
      '丽华',
      '丽娟',
      '丽萍',
      '红梅',
      '红霞',
      '春梅',
      '春燕',
      '海燕',
      '晓燕',
      '晓红',
      '晓丽',
      '晓静',
      '玉梅',
      '玉洁',
      '秀梅',
      '雅琴',
      '雅丽',
      '文静',
      '文娟',
      '美玲',
      '丽娜',
      '慧敏',
      '雪梅',
      '晶晶',
      '冬梅',
      '亚楠',
      '艳华',
      '彩霞',
      '金凤',
      '宏艳',
    ],
    older: [
      '秀英',
      '桂英',
      '玉兰',
      '凤霞',
      '淑芬',
      '淑华',
      '秀兰',
      '桂芝',
      '玉珍',
      '秋菊',
      '素华',
      '凤琴',
      '淑珍',
      '翠华',
      '玉芬',
    ],
    younger: [
      '婷',
      '婷婷',
      '佳琪',
      '思雨',
      '欣怡',
      '雨婷',
      '梦瑶',
      '佳慧',
      '晓雪',
      '诗涵',
      '雨欣',
      '可欣',
      '佳怡',
      '子涵',
      '梓萱',
    ],
    chars: [
      ...'秀娟英华慧美娜静淑惠雅玉萍红玲芬芳燕春兰凤洁梅琳云雪荣爱霞香月艳瑞佳琼珍莉桂晶妍秋婷倩颖露瑶怡丹蓉琴薇梦岚欣悦冰晓欢丽敏楠',
    ],
  },
};

function givenName(gender: Gender, age: number, random: Random, composed: boolean): string {
  const pool = GIVEN_NAMES[gender];
  // When a crowded unit has used up the usual names, two characters from the pool give 3,000 more.
  if (composed) return random.pick(pool.chars) + random.pick(pool.chars);
  const era = age >= 45 ? pool.older : age < 40 ? pool.younger : [];
  const i = random.int(0, pool.common.length + era.length - 1);
  return i < pool.common.length ? pool.common[i] : era[i - pool.common.length];
}

/** A name not yet used in the unit: people in one unit are told apart by name every day. */
function uniqueName(gender: Gender, age: number, taken: Set<string>, random: Random): string {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const name = random.weighted(SURNAMES) + givenName(gender, age, random, attempt >= 50);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  throw new RangeError(`too many cadres in one unit to give each a different name (${taken.size})`);
}

type Seat = TeamRole | 'office';

/**
 * Age bands [from, to] and their weights by seat. Principals are seldom under 40, members often
 * are: over the district about 22% are under 40, as among the cadres the report says were promoted.
 */
const AGE_BANDS: Array<[number, number]> = [
  [28, 29],
  [30, 34],
  [35, 39],
  [40, 44],
  [45, 49],
  [50, 54],
  [55, 59],
];
const AGE_WEIGHTS: Record<Seat, Weighted<number>> = {
  principal: weighted([
    [2, 8],
    [3, 22],
    [4, 32],
    [5, 28],
    [6, 10],
  ]),
  deputy: weighted([
    [1, 6],
    [2, 16],
    [3, 22],
    [4, 24],
    [5, 22],
    [6, 10],
  ]),
  member: weighted([
    [0, 5],
    [1, 14],
    [2, 18],
    [3, 20],
    [4, 18],
    [5, 15],
    [6, 10],
  ]),
  office: weighted([
    [0, 8],
    [1, 16],
    [2, 18],
    [3, 18],
    [4, 16],
    [5, 14],
    [6, 10],
  ]),
};
/** A principal is at least 36: few reach the head of a unit sooner. */
const MIN_PRINCIPAL_AGE = 36;

const FEMALE_SHARE: Record<Seat, number> = { principal: 0.14, deputy: 0.3, member: 0.4, office: 0.45 };
const PARTY_SHARE: Record<Seat, number> = { principal: 1, deputy: 0.85, member: 0.85, office: 0.8 };

/** Younger cadres more often hold a master's degree, older ones more often came through 大学专科. */
const EDUCATION = {
  young: weighted([
    ['大学本科', 55],
    ['硕士研究生', 38],
    ['博士研究生', 4],
    ['大学专科', 3],
  ]),
  middle: weighted([
    ['大学本科', 70],
    ['硕士研究生', 20],
    ['大学专科', 8],
    ['博士研究生', 2],
  ]),
  older: weighted([
    ['大学本科', 65],
    ['大学专科', 22],
    ['硕士研究生', 12],
    ['博士研究生', 1],
  ]),
};

const RANKS = {
  deputy: weighted<string>([
    ['副科级', 70],
    ['正科级', 12],
    ['一级主任科员', 18],
  ]),
  member: weighted<string | null>([
    ['副科级', 40],
    ['一级主任科员', 25],
    ['二级主任科员', 30],
    [null, 5],
  ]),
  officeHead: weighted<string | null>([
    ['一级主任科员', 45],
    ['二级主任科员', 45],
    [null, 10],
  ]),
  officeDeputy: weighted<string | null>([
    ['二级主任科员', 70],
    [null, 30],
  ]),
};

/** 职级 that fits the seat and the age: principals 正科级 or 副处级 (正处级 rare), deputies mostly 副科级. */
function rankOf(
  seat: Seat,
  seatIndex: number,
  unit: DemoUnit,
  template: UnitTemplate | undefined,
  age: number,
  position: string,
  random: Random,
): string | null {
  const key = template?.key ?? unit.kind === 'zone';
  if (seat === 'principal') {
    if (key) return age >= 45 && random.chance(0.15) ? '正处级' : '副处级';
    return random.chance(0.15) ? '副处级' : '正科级';
  }
  // The 镇长 / 办事处主任 / 管委会主任, and a department's 常务 deputy, rank as a unit head.
  if (seat === 'deputy' && seatIndex === 0 && (unit.kind !== 'department' || position.startsWith('常务')))
    return '正科级';
  // 党(工)委委员 of a town, street or zone are leadership posts in their own right.
  if (seat === 'member' && unit.kind !== 'department') return '副科级';
  let rank: string | null;
  if (seat === 'deputy') rank = age < 35 ? '副科级' : random.weighted(RANKS.deputy);
  else if (seat === 'member') rank = random.weighted(RANKS.member);
  else rank = random.weighted(position.includes('副') ? RANKS.officeDeputy : RANKS.officeHead);
  // 一级主任科员 takes years in grade; a cadre in their early thirties is at most 二级.
  return rank === '一级主任科员' && age < 33 ? '二级主任科员' : rank;
}

/**
 * Principals, party posts (党委副书记, 纪委书记, 党组成员, 委员 …) and anyone in a 党群 unit are party
 * members; a non-party cadre (党外干部) is typically a 副局长, 副院长 or 副镇长.
 */
function mustBePartyMember(seat: Seat, position: string, unit: DemoUnit): boolean {
  return seat === 'principal' || /党|书记|委|政治/.test(position) || unit.fieldCode === 'party';
}

function drawAge(seat: Seat, random: Random): number {
  const [from, to] = AGE_BANDS[random.weighted(AGE_WEIGHTS[seat])];
  return random.int(seat === 'principal' ? Math.max(from, MIN_PRINCIPAL_AGE) : from, to);
}

/** A birth date that makes the cadre exactly `age` on `asOf`. */
function birthDateFor(age: number, asOf: Date, random: Random): string {
  // The latest such birthday is asOf's month and day `age` years back (28 Feb for 29 Feb); any of
  // the 365 days up to it keeps the age.
  const year = asOf.getUTCFullYear() - age;
  const month = asOf.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const latest = Date.UTC(year, month, Math.min(asOf.getUTCDate(), lastDay));
  return new Date(latest - random.int(0, 364) * 86_400_000).toISOString().slice(0, 10);
}

function parseDay(day: string): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    throw new RangeError(`asOf must be a calendar day YYYY-MM-DD, got "${day}"`);
  }
  return date;
}

function assertCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${n}`);
}

/**
 * `count` cadres spread over the units by their size (towns, streets and big departments get more),
 * in unit order: each unit's principal first, then deputies, members and, once the team is full,
 * heads of its offices outside the team. personnelNo is `${personnelPrefix}-0001`…, the prefix
 * `LY<year of asOf>` unless given, so a second batch for the same tenant can avoid the first.
 */
export function generateCadres(options: {
  seed: number;
  count: number;
  units: readonly DemoUnit[];
  teams: readonly DemoTeam[];
  asOf?: string;
  personnelPrefix?: string;
}): DemoCadre[] {
  const { seed, count, units, teams } = options;
  const asOfText = options.asOf ?? DEFAULT_AS_OF;
  const asOf = parseDay(asOfText);
  assertCount('count', count);
  if (count === 0) return [];
  if (units.length === 0) throw new RangeError('generateCadres needs at least one unit');
  const prefix = options.personnelPrefix ?? `LY${asOfText.slice(0, 4)}`;
  const width = Math.max(4, String(count).length);

  const random = stream(seed, 0x63616472);
  const teamOf = new Map<string, DemoTeam>();
  for (const team of teams) if (!teamOf.has(team.unitCode)) teamOf.set(team.unitCode, team);
  const templates = units.map(templateOf);
  const sizes = allocate(
    units.map((u, i) => unitWeight(u, templates[i])),
    count,
    random,
  );

  const cadres: DemoCadre[] = [];
  units.forEach((unit, u) => {
    const template = templates[u];
    const titles = titlesOf(unit, template);
    const team = teamOf.get(unit.code) ?? null;
    const roles = teamRoles(Math.min(sizes[u], TEAM_MAX));
    const taken = new Set<string>();
    let deputies = 0;
    let members = 0;
    for (let i = 0; i < sizes[u]; i++) {
      const seat: Seat = i < roles.length ? roles[i] : 'office';
      const seatIndex = seat === 'deputy' ? deputies++ : seat === 'member' ? members++ : i - roles.length;
      const position =
        seat === 'principal'
          ? titles.principal
          : seat === 'deputy'
            ? nth(titles.deputies, seatIndex)
            : seat === 'member'
              ? nth(titles.members, seatIndex)
              : officePosition(titles.offices, seatIndex);
      const age = drawAge(seat, random);
      const gender: Gender = random.chance(FEMALE_SHARE[seat]) ? 'female' : 'male';
      const inTeam = team !== null && seat !== 'office';
      cadres.push({
        personnelNo: `${prefix}-${String(cadres.length + 1).padStart(width, '0')}`,
        name: uniqueName(gender, age, taken, random),
        gender,
        birthDate: birthDateFor(age, asOf, random),
        unitCode: unit.code,
        teamName: inTeam ? team.name : null,
        teamRole: inTeam ? (seat as TeamRole) : null,
        isPrincipal: seat === 'principal',
        position,
        rank: rankOf(seat, seatIndex, unit, template, age, position, random),
        partyMember: mustBePartyMember(seat, position, unit) || random.chance(PARTY_SHARE[seat]),
        education: random.weighted(age < 40 ? EDUCATION.young : age >= 50 ? EDUCATION.older : EDUCATION.middle),
        fieldCode: unit.fieldCode,
      });
    }
  });
  return cadres;
}

/**
 * The demo district: by default the reference one, 73 units with one leadership team each and 299
 * cadres, as of the report's day. The units are the same for every seed; the people are not.
 */
export function generateDistrict(
  options: { seed?: number; units?: number; cadres?: number; asOf?: string } = {},
): DemoDistrict {
  const seed = options.seed ?? DEFAULT_SEED;
  const fields = DEMO_FIELDS.map((f) => ({ ...f }));
  const units = generateUnits({ seed, count: options.units ?? DISTRICT_UNITS, fields });
  const teams = units.map((unit) => ({ unitCode: unit.code, name: `${unit.name}领导班子` }));
  const cadres = generateCadres({
    seed,
    count: options.cadres ?? DISTRICT_CADRES,
    units,
    teams,
    asOf: options.asOf ?? DEFAULT_AS_OF,
  });
  return { fields, units, teams, cadres };
}
