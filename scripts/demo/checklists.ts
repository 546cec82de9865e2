import { seededRandom } from '@cadre/platform/seeded-random';
import { CONCURRENCY, DemoClient, DemoConflict, pool } from './demo-client';

const PRIORITIES = [
  { code: 'yizhu-liushuang', name: '一主六双' },
  { code: 'liucheng-liandong', name: '六城联动' },
  { code: 'sansiwu', name: '区委“三四五”发展工程' },
];

const TASKS = [
  { title: '完成年度招商引资任务', metric: '招商引资额', unit: '万元', target: 5000, priority: 'yizhu-liushuang' },
  { title: '推进老旧小区改造', metric: '完成改造小区', unit: '个', target: 12, priority: 'liucheng-liandong' },
  { title: '化解信访积案', metric: '化解积案', unit: '件', target: 20, priority: 'sansiwu' },
  { title: '推动重点项目开复工', metric: '开复工项目', unit: '个', target: 8, priority: 'yizhu-liushuang' },
  { title: '开展基层党建示范点建设', metric: '示范点', unit: '个', target: 5, priority: 'sansiwu' },
];

const DUTIES = [
  { duty: '落实全面从严治党主体责任', metric: '专题研究党建工作', unit: '次', target: 4 },
  { duty: '抓好分管领域安全生产', metric: '隐患排查整改率', unit: '%', target: 100 },
  { duty: '推进分管重点工作落实', metric: '重点工作完成', unit: '项', target: 6 },
];

const OBSERVATIONS = [
  {
    dimension: 'responsibility',
    polarity: 'positive',
    severity: 'minor',
    evidence: '疫情防控中主动请战，连续值守社区卡点',
    source: 'random_appraisal',
  },
  {
    dimension: 'belief',
    polarity: 'positive',
    severity: 'minor',
    evidence: '带头开展理论学习，撰写心得体会',
    source: 'periodic_appraisal',
  },
  {
    dimension: 'discipline',
    polarity: 'negative',
    severity: 'minor',
    evidence: '重大事项未及时请示报告',
    source: 'inspection',
  },
  {
    dimension: 'truth_seeking',
    polarity: 'negative',
    severity: 'major',
    evidence: '上报工作数据与实际不符',
    source: 'daily_supervision',
  },
  {
    dimension: 'diligence',
    polarity: 'positive',
    severity: 'minor',
    evidence: '主动学习城市更新业务，牵头完成专题调研',
    source: 'periodic_appraisal',
  },
] as const;

export interface ChecklistsLoaded {
  cadres: number;
  tasks: number;
  responsibilities: number;
  observations: number;
}

async function refuseIfAnyList(api: DemoClient, cadres: Array<{ id: string }>, year: number): Promise<void> {
  if ((await api.get<unknown[]>(`/priorities?year=${year}`)).length > 0) throw new DemoConflict('演示清单已载入');
  let found = false;
  await pool(cadres, CONCURRENCY, async (c) => {
    if (found) return;
    const lists = await api.http.send('GET', `/cadres/${c.id}/task-lists/${year}`, { token: api.token });
    const duties = await api.get<{ items: unknown[] }>(`/cadres/${c.id}/responsibilities?year=${year}`);
    if (lists.status === 200 || duties.items.length > 0) found = true;
  });
  if (found) throw new DemoConflict('本年度已有任务清单或责任清单：演示清单只载入到没有清单的租户');
}

/** What one cadre gets, drawn in personnel order before anything is sent (the writes run in parallel). */
interface CadrePlan {
  cadreId: string;
  personnelNo: string;
  tasks: Array<Record<string, unknown>>;
  actions: Array<{ action: 'submit' | 'return' | 'approve'; body: Record<string, unknown> }>;
  responsibility: { body: Record<string, unknown>; fulfilment: { actual: number; evidence: string } };
  observation: Record<string, unknown> | null;
}

/**
 * This year's checklists of the demo cadres (in personnel order): the year's priorities, task lists
 * in every state (most approved, one in ten a draft, one submitted, one returned), responsibilities
 * with fulfilments, and political observations — mostly good, two files on `attention`, one on `fail`.
 */
export async function loadChecklists(
  api: DemoClient,
  cadres: Array<{ id: string; personnelNo: string }>,
  options: { now?: Date; newTenant?: boolean; onObserved?: (observed: string[]) => void } = {},
): Promise<ChecklistsLoaded> {
  const now = options.now ?? new Date();
  const year = now.getUTCFullYear();
  // Checked before the first write: a list that is no longer a draft would stop the load half-way.
  // A tenant created just now has none, which spares a look at every cadre's lists.
  if (!options.newTenant) await refuseIfAnyList(api, cadres, year);
  const rnd = seededRandom(year);
  const plans: CadrePlan[] = cadres.map((c, i) => {
    const tasks = [0, 1, 2].map((k) => {
      const t = TASKS[(i + k) % TASKS.length];
      const deadline = `${year}-${String(3 + k * 3 + (i % 3)).padStart(2, '0')}-28`;
      return {
        title: t.title,
        priority: t.priority,
        measures: '明确责任人和时间节点，按月调度',
        indicator: { metric: t.metric, target: t.target, unit: t.unit },
        deadline,
        weight: 3 - k,
      };
    });
    // Most lists are approved (signing is the cadre's own act); some wait in other states.
    const stage = i % 10;
    const actions: CadrePlan['actions'] = [];
    if (stage >= 1) actions.push({ action: 'submit', body: {} });
    if (stage === 2) actions.push({ action: 'return', body: { reason: '指标不够量化，请细化' } });
    if (stage >= 3) actions.push({ action: 'approve', body: {} });
    const duty = DUTIES[i % DUTIES.length];
    const responsibility = {
      body: {
        year,
        duty: duty.duty,
        target: { metric: duty.metric, target: duty.target, unit: duty.unit },
        measures: '建立台账，定期调度',
      },
      fulfilment: { actual: Math.round(duty.target * (0.4 + rnd() * 0.7)), evidence: '半年工作台账' },
    };
    let observation: CadrePlan['observation'] = null;
    if (i % 3 === 0 || i < 3) {
      const o = OBSERVATIONS[i % OBSERVATIONS.length];
      const occurredAt = new Date(now.getTime() - (30 + Math.floor(rnd() * 200)) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      observation = {
        ...o,
        polarity: i === 0 ? 'negative' : o.polarity,
        severity: i === 0 ? 'red_line' : o.severity,
        occurredAt,
      };
    }
    return { cadreId: c.id, personnelNo: c.personnelNo, tasks, actions, responsibility, observation };
  });

  // Checklists learns the cadres from the roster's events: a 404 is one it has not seen yet.
  const notSeen = (status: number) => status === 404;
  // The observations first: the political verdicts follow from them, and appraisal's gate on
  // `excellent` needs them, so the seed can start the appraisal history while the lists are written.
  const observed = plans.filter((p) => p.observation);
  await pool(observed, CONCURRENCY, async (p) => {
    await api.write(
      'POST',
      `/cadres/${p.cadreId}/political-observations`,
      `observation:${p.personnelNo}`,
      p.observation,
      [201],
      notSeen,
    );
  });
  options.onObserved?.(observed.map((p) => p.cadreId));
  await api.write('PUT', '/priorities', `priorities:${year}`, { year, items: PRIORITIES });
  await pool(plans, CONCURRENCY, async (p) => {
    for (const [k, task] of p.tasks.entries())
      await api.write(
        'POST',
        `/cadres/${p.cadreId}/task-lists/${year}/tasks`,
        `task:${p.personnelNo}:${k}`,
        task,
        [201],
        notSeen,
      );
    for (const a of p.actions)
      await api.write(
        'POST',
        `/cadres/${p.cadreId}/task-lists/${year}/${a.action}`,
        `tasklist:${p.personnelNo}:${a.action}`,
        a.body,
      );
    const r = await api.write(
      'POST',
      `/cadres/${p.cadreId}/responsibilities`,
      `responsibility:${p.personnelNo}`,
      p.responsibility.body,
      [201],
      notSeen,
    );
    await api.write(
      'POST',
      `/responsibilities/${r.id}/fulfillments`,
      `fulfilment:${p.personnelNo}`,
      p.responsibility.fulfilment,
    );
  });
  return {
    cadres: cadres.length,
    tasks: plans.reduce((n, p) => n + p.tasks.length, 0),
    responsibilities: plans.length,
    observations: observed.length,
  };
}
