import { POLITICAL_DIMENSION_NAMES, PoliticalDimension } from '@cadre/contracts';

/**
 * The 政治清单 as a checklist: each of the 6 dimensions broken down into concrete, observable
 * features (看得见、摸得着的具体特征), so that a cadre is examined 按图索骥、对标对表 rather than
 * 靠感觉、凭印象. Observations recorded in a cadre's 政治体检档案 refer to one dimension.
 */
export interface DimensionTemplate {
  key: PoliticalDimension;
  /** Display name, equal to `POLITICAL_DIMENSION_NAMES[key]`. */
  name: string;
  /** One sentence in Chinese. */
  description: string;
  /** 3–5 observable features, in Chinese. */
  indicators: string[];
}

/** The default template: the 6 dimensions in `POLITICAL_DIMENSIONS` order. */
export const DEFAULT_POLITICAL_TEMPLATE: DimensionTemplate[] = [
  {
    key: 'belief',
    name: '信念坚定',
    description: '对党忠诚，理想信念坚定，在大是大非面前政治立场坚定不移。',
    indicators: [
      '坚决维护党中央权威和集中统一领导，自觉做到“两个维护”',
      '在重大政治问题和大是大非面前立场坚定、旗帜鲜明，敢于同错误言论作斗争',
      '按时参加组织生活和理论学习，按时足额缴纳党费',
      '不信仰宗教，不参与封建迷信活动，不传播政治谣言',
    ],
  },
  {
    key: 'truth_seeking',
    name: '实事求是',
    description: '一切从实际出发，讲真话、报实情、办实事、求实效。',
    indicators: [
      '深入基层调查研究，掌握第一手情况',
      '如实报告工作情况和统计数据，不弄虚作假、不虚报浮夸',
      '敢于讲真话、报实情，不报喜藏忧',
      '不搞形式主义、官僚主义，不搞“形象工程”“政绩工程”',
    ],
  },
  {
    key: 'responsibility',
    name: '勇于担当',
    description: '在急难险重任务和矛盾问题面前敢于挺身而出、攻坚克难。',
    indicators: [
      '主动承担急难险重任务，关键时刻冲在一线',
      '直面矛盾问题，不推诿扯皮、不上交矛盾',
      '按时保质完成责任清单和任务清单确定的重点任务',
      '对分管领域出现的失误和问题主动担责，不文过饰非',
    ],
  },
  {
    key: 'principle',
    name: '坚持原则',
    description: '坚持党性原则，敢于斗争、敢抓敢管，在原则问题上寸步不让。',
    indicators: [
      '坚持民主集中制，不搞“一言堂”',
      '认真开展批评和自我批评，不回避问题、不怕得罪人',
      '对违纪违规行为敢抓敢管，不当“老好人”',
      '秉公用权、公道正派，不搞亲亲疏疏、不徇私情',
    ],
  },
  {
    key: 'discipline',
    name: '严守规矩',
    description: '严守党的政治纪律和政治规矩，廉洁自律、令行禁止。',
    indicators: [
      '遵守政治纪律和政治规矩，不搞团团伙伙',
      '落实重大事项请示报告制度',
      '严格执行中央八项规定精神',
      '廉洁自律，不以权谋私',
    ],
  },
  {
    key: 'diligence',
    name: '勤学苦练',
    description: '勤于学习、善于钻研，在实践中不断提升履职本领。',
    indicators: [
      '按要求完成理论学习和干部教育培训学时',
      '熟练掌握本岗位业务知识和政策法规',
      '主动到基层一线和艰苦岗位历练',
      '学以致用，形成调研报告或解决实际问题的成果',
    ],
  },
];

/** Where an observation of a cadre's political conduct comes from. Persisted: never rename. */
export const OBSERVATION_SOURCES = [
  'periodic_appraisal',
  'random_appraisal',
  'inspection',
  'letter',
  'daily_supervision',
  'other',
] as const;
export type ObservationSource = (typeof OBSERVATION_SOURCES)[number];

export const OBSERVATION_SOURCE_NAMES: Record<ObservationSource, string> = {
  periodic_appraisal: '定期考核',
  random_appraisal: '随机考核',
  inspection: '巡察',
  letter: '信访举报',
  daily_supervision: '日常监督',
  other: '其他',
};

/** Weight of an observation. Persisted: never rename. */
export const SEVERITIES = ['minor', 'major', 'red_line'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_NAMES: Record<Severity, string> = {
  minor: '一般',
  major: '严重',
  red_line: '触碰红线',
};

/** Whether an observation speaks for or against the cadre. Persisted: never rename. */
export const POLARITIES = ['positive', 'negative'] as const;
export type Polarity = (typeof POLARITIES)[number];

export const POLARITY_NAMES: Record<Polarity, string> = {
  positive: '正面',
  negative: '负面',
};

/** A tenant's template rewords the dimensions but keeps them: each of the six keys exactly once, in any order. */
export function hasEveryDimensionOnce(keys: string[]): boolean {
  return [...keys].sort().join() === Object.keys(POLITICAL_DIMENSION_NAMES).sort().join();
}
