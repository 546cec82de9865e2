import { WARTIME_QUALITIES } from '@cadre/contracts';
import type {
  AppraisalStep,
  AskContent,
  Grade,
  QualityGrade,
  Suggestion,
  WartimePerformance,
  WartimeQualitiesV2,
  WartimeQuality,
} from '@cadre/contracts';
import { seededRandom } from '@cadre/platform/seeded-random';
import { expectStatus } from '../../bench/workloads/gateway-client';
import { CONCURRENCY, DemoClient, DemoConflict, notProjectedYet, pool } from './demo-client';

const STRENGTHS = [
  '招商引资',
  '城市管理',
  '基层治理',
  '项目建设',
  '信访维稳',
  '党建工作',
  '营商环境',
  '应急处置',
  '群众工作',
  '经济运行分析',
];
const WEAKNESSES = [
  '创新意识有待增强',
  '统筹协调能力有待提高',
  '调查研究不够深入',
  '抓落实的韧劲不足',
  '专业知识更新不够',
  '对分管领域风险预判不足',
];
const TRAITS = [
  '敢于担当',
  '善于攻坚',
  '作风务实',
  '沉稳干练',
  '思路开阔',
  '亲和力强',
  '执行力强',
  '原则性强',
  '开拓创新',
  '稳重细致',
];
const PROBLEMS: Array<AskContent['problems'][number]> = [
  {
    description: '对分管领域重点项目调度不够及时，个别节点滞后',
    severity: 'moderate',
    followUp: '建立周调度台账，由考核组跟踪',
  },
  {
    description: '联系服务群众的主动性不强，基层走访次数偏少',
    severity: 'minor',
    followUp: '纳入下半年任务清单，每月走访不少于 4 次',
  },
  { description: '班子内部沟通不够充分，议事决策前酝酿不足', severity: 'moderate', followUp: '主要负责人开展谈心谈话' },
  { description: '安全生产隐患整改不彻底，存在反复', severity: 'serious', followUp: '组织部会同纪检监察组约谈提醒' },
];
const ROLES = [
  '社区卡点值守',
  '核酸检测点组长',
  '流调溯源专班成员',
  '物资保障组组长',
  '隔离酒店驻点干部',
  '志愿服务队队长',
];
/**
 * The concrete facts (具体事、具体表现) a random appraisal's six qualities rest on: one list for conduct
 * that stands out (优秀/良好), one for conduct that falls short (一般/较差).
 */
const QUALITY_FACTS: Record<WartimeQuality, { good: string[]; poor: string[] }> = {
  political: {
    good: ['第一时间传达落实区委防控部署，带头签订责任状', '在核酸检测点设立党员先锋岗，带头亮身份'],
    poor: ['传达防控部署不及时，班子会议未专题研究', '对防控政策理解不到位，执行中打折扣'],
  },
  overall_view: {
    good: ['主动抽调本单位人员支援重点街道卡点', '统筹本单位业务与防控任务，两手抓两不误'],
    poor: ['只顾本单位任务，对支援请求推诿', '调配物资只考虑本单位，配合全区调度不够'],
  },
  responsibility: {
    good: ['包保小区连续值守，排查无遗漏', '流调信息当日核实当日闭环'],
    poor: ['包保楼栋排查有遗漏，被指挥部通报', '值守期间多次离岗，交接不清'],
  },
  commitment: {
    good: ['出现阳性病例后主动请缨进入封控区', '夜间转运任务主动顶班，冲在一线'],
    poor: ['遇到急难任务往后退，等上级安排', '对封控区工作有畏难情绪'],
  },
  fighting: {
    good: ['妥善化解居民聚集诉求，未发生舆情', '快速处置物资短缺问题，保障封控区供应'],
    poor: ['群众诉求处置迟缓，引发投诉', '突发情况应对慌乱，处置不当'],
  },
  leadership: {
    good: ['组建三支突击队轮班作战，分工明确', '建立每日调度机制，问题当天协调解决'],
    poor: ['人员调度混乱，任务分工不清', '工作组之间协调不畅，重复排查'],
  },
};

const HALF = { 1: '上半年', 2: '下半年' } as const;
const GROUP_SIZE = 25;
/** Cycles worked side by side: each runs its own requests several at a time. */
const CYCLES_AT_ONCE = 3;
const DAY_MS = 86_400_000;

export interface DemoCadre {
  id: string;
  personnelNo: string;
}

interface Profile {
  base: number;
  slope: number;
}

/** A cycle as the seed creates it, with the 望闻问切 (or the wartime file) it gets while open. */
export interface CyclePlan {
  body: {
    kind: 'periodic' | 'random';
    name: string;
    year: number;
    half?: 1 | 2;
    topic?: 'epidemic';
    opensAt: string;
    closesAt: string;
    reminderOffsetsHours: number[];
  };
  /** Past cycles are opened, worked, closed and published by hand; the current one stays open. */
  past: boolean;
  appraisals: AppraisalPlan[];
  wartime: Array<Record<string, unknown> & { cadreId: string }>;
}

interface AppraisalPlan {
  cadre: DemoCadre;
  steps: AppraisalStep[];
  contents: Record<AppraisalStep, unknown>;
  score: number;
  slope: number;
}

export interface AppraisalLoaded {
  cycles: number;
  appraisals: number;
  steps: number;
  wartimeRecords: number;
  groups: number;
  pastPeriodic: number;
}

function gradeOf(score: number, verdict: string): Grade {
  if (score >= 90 && verdict === 'pass') return 'excellent';
  if (score >= 72) return 'competent';
  if (score >= 60) return 'basically_competent';
  return 'incompetent';
}

function suggestionOf(grade: Grade, slope: number): Suggestion {
  if (grade === 'excellent') return 'promote';
  if (grade === 'incompetent') return 'adjust';
  if (grade === 'basically_competent' || slope <= -2) return 'talk';
  return slope >= 2 ? 'rotate' : 'keep';
}

/**
 * The appraisal history, drawn from one seed in a fixed order before anything is sent: the
 * half-yearly cycles of the last three years and this year's first half with complete 望闻问切 —
 * trends rising, steady and falling (a few "躺平" cadres) — the 2022 epidemic random appraisal with
 * its wartime file, and the current half-year open with about a third of its appraisals under way.
 *
 * A past cycle cannot be created with its real closing time and then worked: its clock would open
 * and close it at once. It is created with its real opening time and a closing time a day ahead,
 * without reminders, then opened, worked and closed by hand (so its closesAt, the stamps of its
 * transitions and of its records are the day of the seed).
 */
function planAppraisal(
  cadres: DemoCadre[],
  now: Date,
): { cycles: CyclePlan[]; groups: Array<{ name: string; cadreIds: string[]; assessors: number[] }> } {
  const rnd = seededRandom(20220311);
  // About one in eleven slides half-year after half-year (the "躺平" ones); the others hold or climb.
  const profiles = new Map<string, Profile>(
    cadres.map((c, i) => [c.id, { base: 70 + rnd() * 18, slope: i % 11 === 0 ? -2.5 - rnd() * 2 : (rnd() - 0.3) * 3 }]),
  );
  const year = now.getUTCFullYear();
  const workUntil = new Date(now.getTime() + DAY_MS).toISOString();
  const cycles: CyclePlan[] = [];
  let k = 0;
  for (let y = year - 3; y <= year; y++) {
    for (const half of [1, 2] as const) {
      const opensAt = new Date(Date.UTC(y, half === 1 ? 5 : 11, 15, 1));
      const closesAt = new Date(Date.UTC(half === 1 ? y : y + 1, half === 1 ? 6 : 0, 10, 10));
      if (closesAt > now) continue; // the current half-year is made live below
      const body = {
        kind: 'periodic' as const,
        name: `${y}年${HALF[half]}定期考核`,
        year: y,
        half,
        opensAt: opensAt.toISOString(),
        closesAt: workUntil,
        reminderOffsetsHours: [],
      };
      cycles.push({ body, past: true, appraisals: fourSteps(body, cadres, profiles, k++, 1, rnd), wartime: [] });
    }
  }
  const epidemicOpens = new Date('2022-03-11T00:00:00+08:00');
  cycles.push({
    body: {
      kind: 'random',
      name: '2022年疫情防控随机考核',
      year: 2022,
      topic: 'epidemic',
      opensAt: epidemicOpens.toISOString(),
      closesAt: workUntil,
      reminderOffsetsHours: [],
    },
    past: true,
    appraisals: [],
    wartime: wartimeFile(epidemicOpens, cadres, rnd),
  });
  // The current half-year: open now, about a third of the appraisals done.
  const half: 1 | 2 = now.getUTCMonth() < 6 ? 1 : 2;
  const current = {
    kind: 'periodic' as const,
    name: `${year}年${HALF[half]}定期考核`,
    year,
    half,
    opensAt: new Date(now.getTime() - 10 * DAY_MS).toISOString(),
    closesAt: new Date(now.getTime() + 20 * DAY_MS).toISOString(),
    reminderOffsetsHours: [72, 24],
  };
  cycles.push({
    body: current,
    past: false,
    appraisals: fourSteps(
      current,
      cadres.filter((_, i) => i % 3 === 0),
      profiles,
      8,
      0.5,
      rnd,
    ),
    wartime: [],
  });

  // 考核组 of about 25 cadres, two assessors each, named 第一考核组…; kept over all demo cycles.
  const numerals = '一二三四五六七八九十';
  const groups = Array.from({ length: Math.ceil(cadres.length / GROUP_SIZE) }, (_, g) => ({
    name: g < 10 ? `第${numerals[g]}考核组` : `第${g + 1}考核组`,
    cadreIds: cadres.slice(g * GROUP_SIZE, (g + 1) * GROUP_SIZE).map((c) => c.id),
    assessors: [2 * g, 2 * g + 1],
  }));
  return { cycles, groups };
}

/** 望闻问切 for the cadres in one cycle; `share` of them complete (the rest stop at a random step). */
function fourSteps(
  cycle: { year: number; half?: 1 | 2 },
  cadres: DemoCadre[],
  profiles: Map<string, Profile>,
  k: number,
  share: number,
  rnd: () => number,
): AppraisalPlan[] {
  const halfName = cycle.half ? HALF[cycle.half] : '';
  return cadres.map((cadre) => {
    const p = profiles.get(cadre.id)!;
    const all = share >= 1 || rnd() < share;
    const steps: AppraisalStep[] = all
      ? ['look', 'listen', 'ask', 'apply']
      : (['look', 'listen', 'ask'] as AppraisalStep[]).slice(0, 1 + Math.floor(rnd() * 3));
    const score = Math.round(Math.min(99, Math.max(45, p.base + p.slope * k + (rnd() - 0.5) * 2)) * 10) / 10;
    const pick = <T>(xs: T[], n: number) =>
      Array.from({ length: n }, (_, i) => xs[Math.floor(rnd() * xs.length + i) % xs.length]);
    const look = {
      reports: [
        {
          kind: 'report',
          title: `${cycle.year}年${halfName}述职报告`,
          url: `https://oa.lvyuan.example/docs/${cycle.year}-${cycle.half ?? 0}-${cadre.personnelNo}-report`,
        },
        {
          kind: 'summary',
          title: `${cycle.year}年${halfName}工作总结`,
          text: '围绕年度任务清单推进重点工作，任务按期完成率较高。',
        },
      ],
      notes:
        score >= 85
          ? '汇报材料扎实，重点工作成效明显'
          : score < 65
            ? '汇报内容较空泛，数据支撑不足'
            : '汇报内容完整，亮点不够突出',
    };
    const problems = score < 65 ? [PROBLEMS[3], PROBLEMS[0]] : score < 80 ? [PROBLEMS[Math.floor(rnd() * 3)]] : [];
    const ask: AskContent = {
      problems,
      notes: problems.length ? '谈话中反映的问题已向本人反馈' : '谈话中未发现明显问题',
    };
    // Grade and suggestion wait for the political verdict (applyContent): drawing them does not.
    const apply = {
      score,
      strengths: pick(STRENGTHS, 2).join('、'),
      weaknesses: pick(WEAKNESSES, 1).join('、'),
      traits: [...new Set(pick(TRAITS, 3))],
      ...(p.slope <= -2 ? { suggestionNote: '连续两个周期排名下滑，建议开展谈话提醒' } : {}),
    };
    return {
      cadre,
      steps,
      score,
      slope: p.slope,
      contents: { look, listen: { notes: '民主测评结果已反馈本人' }, ask, apply },
    };
  });
}

/** The 切 of a plan under the cadre's political verdict: `excellent` only past the gate (首关不过，余关莫论). */
function applyContent(a: AppraisalPlan, verdict: string): unknown {
  const grade = gradeOf(a.score, verdict);
  return { ...(a.contents.apply as object), grade, suggestion: suggestionOf(grade, a.slope) };
}

/** About 40% of the cadres on duty through the 2022 epidemic: first volunteering and the weeks after. */
function wartimeFile(opensAt: Date, cadres: DemoCadre[], rnd: () => number): CyclePlan['wartime'] {
  const records: CyclePlan['wartime'] = [];
  // The qualities from a random of their own: the records drawn from `rnd` stay what they were.
  const judge = seededRandom(20220312);
  const start = opensAt.getTime();
  for (const [i, cadre] of cadres.entries()) {
    if (i % 5 > 1) continue;
    const keen = rnd();
    const weeks = 3 + Math.floor(rnd() * 8);
    for (let w = 0; w < weeks; w++) {
      const date = new Date(start + (w * 7 + Math.floor(rnd() * 5)) * DAY_MS + 8 * 3_600_000)
        .toISOString()
        .slice(0, 10);
      // Keen cadres keep going; a few start strong and fade (请战之勇 without 战斗劲头).
      const fading = keen < 0.15 ? w / weeks : 0;
      const level = keen - fading + (rnd() - 0.5) * 0.3;
      const performance: WartimePerformance =
        level > 0.75 ? 'outstanding' : level > 0.4 ? 'good' : level > 0.1 ? 'fair' : 'poor';
      const volunteered = w === 0 ? keen > 0.3 : rnd() < keen;
      const dutyHours = Math.round((20 + rnd() * 40) * 10) / 10;
      const commendation = performance === 'outstanding' && rnd() < 0.3 ? '区疫情防控指挥部通报表扬' : undefined;
      const penalty = performance === 'poor' && rnd() < 0.5 ? '提醒谈话' : undefined;
      records.push({
        cadreId: cadre.id,
        date,
        role: ROLES[(i + w) % ROLES.length],
        volunteered,
        dutyHours,
        performance,
        ...(performance === 'outstanding'
          ? { note: '连续值守，组织协调有力' }
          : performance === 'poor'
            ? { note: '到岗不及时，工作推进慢' }
            : {}),
        ...(commendation ? { commendation } : {}),
        ...(penalty ? { penalty } : {}),
        qualities: qualitiesOf(level, judge),
      });
    }
  }
  return records;
}

/** The six qualities of a record: around its conduct's level, each a little apart, each with a fact. */
export function qualitiesOf(level: number, judge: () => number): WartimeQualitiesV2 {
  const one = (q: WartimeQuality) => {
    const l = level + (judge() - 0.5) * 0.3;
    const grade: QualityGrade = l > 0.75 ? 'excellent' : l > 0.4 ? 'good' : l > 0.1 ? 'fair' : 'poor';
    const facts = QUALITY_FACTS[q][grade === 'excellent' || grade === 'good' ? 'good' : 'poor'];
    return { grade, fact: facts[Math.floor(judge() * facts.length)] };
  };
  return Object.fromEntries(WARTIME_QUALITIES.map((q) => [q, one(q)])) as WartimeQualitiesV2;
}

/**
 * The whole history through the ordinary routes: 考核组, every cycle created, opened, worked and
 * (the past ones) closed and published by hand, then the half-yearly schedule. `whileOpen` runs beside the work
 * of each past periodic cycle — the seed reviews it there, as campaigns and ballots need an open cycle.
 * `verdicts` are the political verdicts that are not `pass` (the gate on `excellent`).
 */
export async function loadAppraisal(
  api: DemoClient,
  cadres: DemoCadre[],
  assessorIds: string[],
  options: {
    now?: Date;
    verdicts?: Map<string, string>;
    whileOpen?: (cycle: { id: string; name: string }) => Promise<void>;
  } = {},
): Promise<AppraisalLoaded> {
  const now = options.now ?? new Date();
  if ((await api.get<{ items: unknown[] }>('/cycles?limit=1')).items.length > 0)
    throw new DemoConflict('演示考核数据已载入');
  const plan = planAppraisal(cadres, now);
  const counts: AppraisalLoaded = {
    cycles: 0,
    appraisals: 0,
    steps: 0,
    wartimeRecords: 0,
    groups: await makeGroups(api, plan.groups, assessorIds),
    pastPeriodic: 0,
  };
  await pool(plan.cycles, CYCLES_AT_ONCE, async (cycle) => {
    const id = await openCycle(api, cycle);
    const pastPeriodic = cycle.past && cycle.body.kind === 'periodic';
    const [worked] = await Promise.all([
      workCycle(api, id, cycle, options.verdicts ?? new Map()),
      pastPeriodic ? options.whileOpen?.({ id, name: cycle.body.name }) : null,
    ]);
    // With campaigns run while it was open (the whole seed), publishing waits for their results.
    if (cycle.past) await closeCycle(api, id, cycle, pastPeriodic && !!options.whileOpen);
    counts.cycles += 1;
    counts.appraisals += worked.appraisals;
    counts.steps += worked.steps;
    counts.wartimeRecords += worked.wartimeRecords;
    if (pastPeriodic) counts.pastPeriodic += 1;
  });
  // Last: an enabled schedule creates the current half-year's cycle itself if it is not there yet.
  await setSchedule(api);
  return counts;
}

/** Creates the cycle and opens it by hand (409: its clock opened it first, as it does when opensAt has passed). */
async function openCycle(api: DemoClient, plan: CyclePlan): Promise<string> {
  const created = await api.write('POST', '/cycles', `cycle:${plan.body.name}`, plan.body, [201]);
  await api.write('POST', `/cycles/${created.id}/open`, `cycle:${plan.body.name}:open`, undefined, [200, 201, 409]);
  return created.id;
}

/** 望闻问切 of the plan, or its wartime file, recorded through the ordinary routes while the cycle is open. */
async function workCycle(
  api: DemoClient,
  cycleId: string,
  plan: CyclePlan,
  verdicts: Map<string, string>,
): Promise<{ appraisals: number; steps: number; wartimeRecords: number }> {
  let steps = 0;
  await pool(plan.appraisals, CONCURRENCY, async (a) => {
    for (const step of a.steps) {
      const url = `/cycles/${cycleId}/appraisals/${a.cadre.id}/steps/${step}`;
      const what = `step:${plan.body.name}:${a.cadre.personnelNo}:${step}`;
      // A 404 is a cycle or cadre appraisal has not learnt of yet.
      const notSeen = (s: number) => s === 404;
      const content = step === 'apply' ? applyContent(a, verdicts.get(a.cadre.id) ?? 'pass') : a.contents[step];
      let res = await api.send('PUT', url, what, content, notSeen);
      // A verdict checklists had not yet reached when it was asked: appraisal knows better.
      if (res.status === 422 && step === 'apply')
        res = await api.send('PUT', url, `${what}:gate`, applyContent(a, 'attention'), notSeen);
      expectStatus(res, [200, 201], `PUT ${url}`);
      steps += 1;
    }
  });
  await pool(plan.wartime, CONCURRENCY, async (r, i) => {
    await api.write(
      'POST',
      `/cycles/${cycleId}/wartime-records`,
      `wartime:${plan.body.name}:${i}`,
      r,
      [201],
      notProjectedYet,
    );
  });
  return { appraisals: plan.appraisals.length, steps, wartimeRecords: plan.wartime.length };
}

async function closeCycle(api: DemoClient, cycleId: string, plan: CyclePlan, waitForResults: boolean): Promise<void> {
  await api.write('POST', `/cycles/${cycleId}/close`, `cycle:${plan.body.name}:close`, undefined);
  // Review publishes a campaign's final results after the close; a cycle published before analytics has
  // them is sealed without its democratic part (docs/records.md). A department calibrates in between;
  // the demo waits for them instead.
  if (waitForResults) await democraticArrived(api, cycleId);
  // The demo's grades follow the scores (优秀 from 90), not the 20% guideline: published as they were,
  // with the reason the trail keeps when the share is over it (docs/records.md).
  await api.write('POST', `/cycles/${cycleId}/publish`, `cycle:${plan.body.name}:publish`, {
    overrideReason: '历史考核结果按当年评定等次发布（演示数据）',
  });
}

const DEMOCRATIC_WAIT_MS = 120_000;

/**
 * Until the cycle's rankings carry a democratic part, the cadres' and the teams' (their campaigns'
 * results reached analytics).
 */
async function democraticArrived(api: DemoClient, cycleId: string): Promise<void> {
  type Ranked = { items: Array<{ parts: { democratic: number | null } }> };
  const some = (page: Ranked) => page.items.some((i) => i.parts.democratic !== null);
  const fields = await api.all<{ id: string }>('/fields', 200);
  const deadline = Date.now() + DEMOCRATIC_WAIT_MS;
  for (;;) {
    let cadres = false;
    for (const field of fields) {
      if (cadres) break;
      cadres = some(
        await api.get<Ranked>(`/cycles/${cycleId}/rankings?scope=horizontal&fieldId=${field.id}&limit=200`),
      );
    }
    if (cadres && some(await api.get<Ranked>(`/cycles/${cycleId}/team-rankings?limit=200`))) return;
    if (Date.now() > deadline) throw new Error(`cycle ${cycleId}: the democratic results did not reach analytics`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The 考核组 (appraisal waits for the roster's cadres and the assessors' accounts: 404/422 until then). */
async function makeGroups(
  api: DemoClient,
  groups: ReturnType<typeof planAppraisal>['groups'],
  assessorIds: string[],
): Promise<number> {
  for (const g of groups) {
    const members = assessorIds.length ? [...new Set(g.assessors.map((a) => assessorIds[a % assessorIds.length]))] : [];
    await api.write(
      'POST',
      '/assessment-groups',
      `group:${g.name}`,
      { name: g.name, assessorUserIds: members, cadreIds: g.cadreIds },
      [201],
      notProjectedYet,
    );
  }
  return groups.length;
}

/** The half-yearly schedule: 06-15 to 07-10 and 12-15 to 01-10, reminders three days and one day before. */
async function setSchedule(api: DemoClient): Promise<void> {
  await api.write('PUT', '/cycle-schedule', 'cycle-schedule', {
    enabled: true,
    windows: [
      { half: 1, opens: '06-15', closes: '07-10' },
      { half: 2, opens: '12-15', closes: '01-10' },
    ],
    reminderOffsetsHours: [72, 24],
  });
}
