import type { CountedName, PoliticalVerdict, Quadrant, TeamRunningState, TrendDirection } from '@cadre/contracts';
import { areas } from '../mechanisms/team-metrics';
import { direction } from '../ranking/trend';

/**
 * The rules of 综合分析报告 as plain functions: counting what the conclusions name, the structure
 * of a team, and the summary (综合分析) written from the data — no model, the same data gives the
 * same sentences, and every figure in a sentence is one the report shows elsewhere.
 */

export const QUADRANT_NAMES: Record<Quadrant, string> = {
  leading: '领跑型',
  team_anchor: '班子骨干型',
  field_strong: '领域突出型',
  lagging: '滞后型',
};
export const DIRECTION_NAMES: Record<TrendDirection, string> = { rising: '上升', falling: '下降', stable: '平稳' };
export const VERDICT_NAMES: Record<PoliticalVerdict, string> = { pass: '通过', attention: '需关注', fail: '不通过' };
export const RUNNING_STATE_NAMES: Record<TeamRunningState, string> = {
  good: '好',
  fairly_good: '较好',
  average: '一般',
  poor: '较差',
};
export const RUNNING_STATE_ORDER: Record<TeamRunningState, number> = { poor: 0, average: 1, fairly_good: 2, good: 3 };
/** The parts of a composite, by the names the report gives them. */
export const PART_NAMES = {
  periodic: '定期考核',
  democratic: '民主测评',
  task: '任务清单',
  wartime: '战时表现',
} as const;
export type PartName = keyof typeof PART_NAMES;

/** Whole years of age on a day (YYYY-MM-DD): a birthday not yet reached that year does not count. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5, 10) < birthDate.slice(5, 10) ? years - 1 : years;
}

/** Names counted over lists (one list per cycle; a name twice in one list counts once), most named first. */
export function counted(lists: string[][]): CountedName[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const n of new Set(list)) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'))
    .map(([name, count]) => ({ name, count }));
}

/** 擅长领域 / 短板不足 from the conclusions (oldest first): counted, and the latest cycle's. */
export function areasOf(conclusions: Array<{ strengths: string; weaknesses: string }>) {
  const latest = conclusions[conclusions.length - 1];
  return {
    strengths: counted(conclusions.map((c) => areas(c.strengths))),
    weaknesses: counted(conclusions.map((c) => areas(c.weaknesses))),
    latestStrengths: latest ? areas(latest.strengths) : [],
    latestWeaknesses: latest ? areas(latest.weaknesses) : [],
  };
}

/** The mean fulfilment rate of the duties, null without any. */
export function meanRate(rates: number[]): number | null {
  return rates.length ? Math.round((rates.reduce((s, r) => s + r, 0) / rates.length) * 1000) / 1000 : null;
}

/** The direction of the wartime file: the spirit (战斗劲头, mean points) per random cycle, oldest first. */
export function wartimeDirection(spirits: number[]): TrendDirection {
  return direction(spirits);
}

export interface StructureMember {
  cadreId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  position: string;
  teamRole: string | null;
}

/** Young cadres by the tenant's limit, on `today`: their count and share (null for an empty team). */
export function youngOf(members: StructureMember[], limit: number, today: string) {
  const young = members.filter((m) => ageOn(m.birthDate, today) < limit).length;
  return {
    youngByLimit: young,
    youngShare: members.length ? Math.round((young / members.length) * 1000) / 1000 : null,
  };
}

const pct = (x: number) => `${Math.round(x)}%`;
const f1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
const quoted = (names: string[]) => names.map((n) => `“${n}”`).join('');

export interface CadreSummaryInput {
  name: string;
  teamName: string | null;
  fieldName: string | null;
  /** The latest ranked cycle; null when never ranked (or stopped at the gate). */
  position: {
    verticalRank: number | null;
    verticalN: number | null;
    horizontalRank: number | null;
    horizontalN: number | null;
    quadrant: Quadrant | null;
  } | null;
  /** The composites of the ranked cycles, oldest first. */
  composites: number[];
  /** The latest cycle's parts (0–100); a part the cycle had no data for is null. */
  parts: Partial<Record<PartName, number | null>>;
  traits: CountedName[];
  strengths: string[];
  weaknesses: string[];
  problems: Array<{ severity: string }>;
  responsibilityRate: number | null;
  wartime: { events: number; direction: TrendDirection };
  warning: { fallingCycles: number; bottomDecile: boolean } | null;
  /** The verdict, only for a reader of political files; null for anyone else (nothing is said of it). */
  verdict: PoliticalVerdict | null;
}

/** 干部综合分析: where they stand, the last three cycles, strongest and weakest part, and the rest. */
export function cadreSummary(d: CadreSummaryInput): string[] {
  const out: string[] = [];
  if (d.verdict === 'fail') {
    out.push(`${d.name}政治体检结论为“不通过”，按“首关不过，余关莫论”不参加排名和评优。`);
  } else if (d.position) {
    const p = d.position;
    const where: string[] = [];
    if (p.verticalRank && p.verticalN)
      where.push(`在${d.teamName ?? '所在班子'}内排第${p.verticalRank}位（共${p.verticalN}人）`);
    if (p.horizontalRank && p.horizontalN)
      where.push(`在${d.fieldName ?? '所属'}领域排第${p.horizontalRank}位（共${p.horizontalN}人）`);
    const quadrant = p.quadrant ? `，坐标系中属“${QUADRANT_NAMES[p.quadrant]}”` : '';
    out.push(`${d.name}最近一个考核周期${where.length ? where.join('，') : '已参加排名'}${quadrant}。`);
  } else {
    out.push(`${d.name}尚无已结束考核周期的排名。`);
  }
  const last3 = d.composites.slice(-3);
  if (last3.length >= 2) {
    out.push(
      `近${last3.length}个周期综合得分依次为${last3.map(f1).join('、')}，总体呈${DIRECTION_NAMES[direction(last3)]}态势。`,
    );
  } else if (last3.length === 1) {
    out.push(`目前只有一个周期的综合得分（${f1(last3[0])}），尚不能判断走势。`);
  }
  const parts = (Object.keys(PART_NAMES) as PartName[])
    .map((k) => [k, d.parts[k]] as const)
    .filter((e): e is readonly [PartName, number] => typeof e[1] === 'number');
  if (parts.length >= 2) {
    // Ties go to the order of PART_NAMES, so the sentence never depends on the order of a query.
    const strongest = parts.reduce((a, b) => (b[1] > a[1] ? b : a));
    const weakest = parts.reduce((a, b) => (b[1] < a[1] ? b : a));
    out.push(
      strongest[1] === weakest[1]
        ? `各项得分持平（均为${f1(strongest[1])}）。`
        : `各项得分中“${PART_NAMES[strongest[0]]}”最强（${f1(strongest[1])}），“${PART_NAMES[weakest[0]]}”最弱（${f1(weakest[1])}）。`,
    );
  }
  const portrait: string[] = [];
  if (d.traits.length) portrait.push(`性格特点以${quoted(d.traits.slice(0, 3).map((t) => t.name))}为主`);
  if (d.strengths.length) portrait.push(`擅长${d.strengths.slice(0, 3).join('、')}`);
  if (d.weaknesses.length) portrait.push(`短板在${d.weaknesses.slice(0, 3).join('、')}`);
  if (portrait.length) out.push(`${portrait.join('；')}。`);
  const work: string[] = [];
  if (d.problems.length) {
    const serious = d.problems.filter((p) => p.severity === 'serious').length;
    work.push(`考核“问”的环节共发现问题${d.problems.length}个${serious ? `（其中严重${serious}个）` : ''}`);
  }
  if (d.responsibilityRate !== null) work.push(`责任清单平均完成率${pct(100 * d.responsibilityRate)}`);
  if (work.length) out.push(`${work.join('，')}。`);
  if (d.wartime.events > 0)
    out.push(
      `参加随机考核${d.wartime.events}次，战时“战斗劲头”${DIRECTION_NAMES[d.wartime.direction] === '平稳' ? '保持平稳' : `呈${DIRECTION_NAMES[d.wartime.direction]}趋势`}。`,
    );
  if (d.warning) {
    const why = [
      d.warning.fallingCycles >= 2 ? `排名连续${d.warning.fallingCycles}个周期下滑` : '',
      d.warning.bottomDecile ? '处于领域末位10%' : '',
    ].filter(Boolean);
    out.push(`“躺平”预警：${why.join('，')}，建议谈话提醒。`);
  }
  if (d.verdict && d.verdict !== 'fail') out.push(`政治体检结论为“${VERDICT_NAMES[d.verdict]}”。`);
  return out;
}

export interface TeamSummaryInput {
  name: string;
  fieldName: string | null;
  members: number;
  averageAge: number | null;
  female: number;
  youngAgeLimit: number;
  youngByLimit: number;
  youngShare: number | null;
  principal: { name: string } | null;
  runningStates: Array<{ cycleName: string; runningState: TeamRunningState; score: number }>;
  trend: Array<{ composite: number; rank: number; n: number }>;
  rectifications: Array<{ state: 'open' | 'in_progress' | 'overdue' | 'done'; late: boolean | null }>;
  cooperation: number | null;
  /** 含金量 of the unit's reported results (the department's reading only; null otherwise). */
  worth?: { cycleName: string; flagged: boolean; reportedCompletion: number | null; bottomQuarter: boolean } | null;
  /** The members' quadrants the reader may see. */
  quadrants: Quadrant[];
}

/** 班子综合分析: structure, running state, composite and trend, rectification, cooperation. */
export function teamSummary(d: TeamSummaryInput): string[] {
  const out: string[] = [];
  const young =
    d.youngShare === null
      ? ''
      : `，${d.youngAgeLimit}岁以下年轻干部${d.youngByLimit}人（占${pct(100 * d.youngShare)}）`;
  out.push(
    `${d.name}现有成员${d.members}人${d.averageAge !== null ? `，平均年龄${f1(d.averageAge)}岁` : ''}，女干部${d.female}人${young}；${d.principal ? `主要负责人为${d.principal.name}` : '主要负责人空缺'}。`,
  );
  const states = d.runningStates;
  const last = states[states.length - 1];
  if (last) {
    const prev = states[states.length - 2];
    const change = !prev
      ? ''
      : RUNNING_STATE_ORDER[last.runningState] > RUNNING_STATE_ORDER[prev.runningState]
        ? `，较上一周期（${RUNNING_STATE_NAMES[prev.runningState]}）有所好转`
        : RUNNING_STATE_ORDER[last.runningState] < RUNNING_STATE_ORDER[prev.runningState]
          ? `，较上一周期（${RUNNING_STATE_NAMES[prev.runningState]}）有所下滑`
          : '，与上一周期持平';
    out.push(
      `最近一次班子考核（${last.cycleName}）运行状态为“${RUNNING_STATE_NAMES[last.runningState]}”，得分${f1(last.score)}${change}。`,
    );
  } else {
    out.push('尚无班子考核结论。');
  }
  const t = d.trend[d.trend.length - 1];
  if (t) {
    const last3 = d.trend.slice(-3).map((p) => p.composite);
    const dir = last3.length >= 2 ? `，近${last3.length}个周期呈${DIRECTION_NAMES[direction(last3)]}态势` : '';
    out.push(`班子综合得分${f1(t.composite)}，在${d.fieldName ?? '所属'}领域${t.n}个班子中排第${t.rank}位${dir}。`);
  }
  if (d.rectifications.length) {
    const done = d.rectifications.filter((r) => r.state === 'done');
    const late = done.filter((r) => r.late).length;
    const overdue = d.rectifications.filter((r) => r.state === 'overdue').length;
    const going = d.rectifications.filter((r) => r.state === 'open' || r.state === 'in_progress').length;
    out.push(
      `双向考核整改事项${d.rectifications.length}项：已完成${done.length}项${late ? `（其中逾期完成${late}项）` : ''}${going ? `，整改中${going}项` : ''}${overdue ? `，逾期未完成${overdue}项` : ''}。`,
    );
  }
  out.push(d.cooperation === null ? '配合度暂无数据。' : `班子配合度${f1(d.cooperation)}。`);
  if (d.worth?.flagged)
    out.push(
      `含金量存疑：${d.worth.cycleName}本单位报告完成度${pct(100 * (d.worth.reportedCompletion ?? 0))}，而自下而上评价处于后四分之一。`,
    );
  if (d.quadrants.length) {
    const n = (q: Quadrant) => d.quadrants.filter((x) => x === q).length;
    out.push(`坐标系中成员“领跑型”${n('leading')}人、“滞后型”${n('lagging')}人。`);
  }
  return out;
}
