import { DISTRICT_LEADER_GROUP } from '@cadre/contracts';
import { seededRandom } from '@cadre/platform/seeded-random';
import { DemoClient, DemoConflict, pool } from './demo-client';
import { demoRating, quality, seedOf } from './demo-ballots';

/** Towns, streets and zones: the voters of a bottom-up review (review's campaign rules). */
const GRASSROOTS_KINDS = ['town', 'street', 'zone'];
/** Departments seen well from above but poorly by the towns and streets they serve: every 9th. */
const POOR_SERVICE_EVERY = 9;
/** Share of the issued voters who vote; the others let their token lapse. */
const TURNOUT = 0.93;
const BALLOT_CONCURRENCY = 8;
/** Share of the bottom-up ratings that carry a written opinion. */
const OPINION_SHARE = 0.25;
const PRAISE = ['服务意识强，办事效率高', '指导镇街工作及时到位', '政策解读清楚，对接顺畅', '基层反映的问题能跟踪解决'];
const COMPLAINTS = [
  '审批环节多，材料要求重复提交',
  '下基层调研少，政策落地“最后一公里”不畅',
  '对镇街诉求回应慢，推诿扯皮',
  '工作部署多、指导帮扶少',
];

export interface ReviewUnit {
  id: string;
  code: string;
  kind: string;
}

export interface ReviewCadre {
  id: string;
  personnelNo: string;
  unitId: string;
}

interface Target {
  id: string;
  unitId: string;
  /** Personnel number or unit code: how a target is seen follows from it, never from its random id. */
  key: string;
}

interface CampaignPlan {
  body: {
    direction: 'top_down' | 'bottom_up';
    subject: 'cadre' | 'unit';
    name: string;
    targetIds: string[];
    voters: Array<{ name: string; unitId: string; group: string }>;
    groupWeights?: Record<string, number>;
  };
  targets: Target[];
  impression: (t: Target) => number;
  /** Whether voters may write an opinion on the target (units only). */
  opinions?: boolean;
}

/**
 * The review of a past cycle, while it is open: a democratic evaluation of the cadres (德能勤绩廉),
 * the top-down review of the departments by the district leaders and the bottom-up review of the
 * departments by the towns, streets and zones, each with its ballots cast through the voters'
 * one-time tokens, so that results, trends and the two-way opinion have data once the cycle closes.
 * Drawn from the cycle's name: the same every run. The other half of top-down review, the departments
 * rating the towns, streets and zones, is reviewGrassroots.
 */
export async function reviewCycle(
  api: DemoClient,
  cycle: { id: string; name: string },
  units: ReviewUnit[],
  cadres: ReviewCadre[],
): Promise<{ campaigns: number; ballots: number }> {
  // A cycle that has campaigns already (an earlier load, or real ones) is left alone.
  if ((await api.get<{ items: unknown[] }>(`/cycles/${cycle.id}/campaigns?limit=1`, (s) => s === 404)).items.length > 0)
    throw new DemoConflict('演示测评已载入');
  const rnd = seededRandom(seedOf(cycle.name));
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const departments = units.filter((u) => u.kind === 'department');
  const grassroots = units.filter((u) => GRASSROOTS_KINDS.includes(u.kind));
  const poorService = new Set(departments.filter((_, i) => i % POOR_SERVICE_EVERY === 4).map((u) => u.id));
  const unitTargets = (list: ReviewUnit[]) => list.map((u) => ({ id: u.id, unitId: u.id, key: u.code }));
  const plans: CampaignPlan[] = [
    {
      body: {
        direction: 'top_down',
        subject: 'cadre',
        name: `${cycle.name}·民主测评`,
        targetIds: cadres.map((c) => c.id),
        voters: [
          ...Array.from({ length: 12 }, () => ({ unitId: pick(departments).id, group: '区级领导' })),
          ...Array.from({ length: 28 }, () => ({ unitId: pick(units).id, group: '干部群众代表' })),
        ].map((v, i) => ({ ...v, name: `投票人${i + 1}` })),
        groupWeights: { 区级领导: 0.4, 干部群众代表: 0.6 },
      },
      targets: cadres.map((c) => ({ id: c.id, unitId: c.unitId, key: c.personnelNo })),
      impression: (t) => quality(t.key),
    },
    {
      // 区级领导考核评价部门 (review's direction rules: district leaders rate the departments).
      body: {
        direction: 'top_down',
        subject: 'unit',
        name: `${cycle.name}·自上而下评价`,
        targetIds: departments.map((u) => u.id),
        voters: Array.from({ length: 8 }, (_, i) => ({
          unitId: departments[0].id,
          group: DISTRICT_LEADER_GROUP,
          name: `投票人${i + 1}`,
        })),
      },
      targets: unitTargets(departments),
      impression: (t) => (poorService.has(t.id) ? 91 : quality(t.key)),
    },
    {
      body: {
        direction: 'bottom_up',
        subject: 'unit',
        name: `${cycle.name}·自下而上评价`,
        targetIds: departments.map((u) => u.id),
        voters: grassroots
          .flatMap((u) => [
            { unitId: u.id, group: '镇街开发区班子成员' },
            { unitId: u.id, group: '镇街开发区班子成员' },
            { unitId: u.id, group: '基层干部代表' },
          ])
          .map((v, i) => ({ ...v, name: `投票人${i + 1}` })),
      },
      targets: unitTargets(departments),
      impression: (t) => (poorService.has(t.id) ? 64 : quality(t.key, -3)),
      opinions: true,
    },
  ];
  // Opinions from a random of their own: the grades drawn above stay what they were.
  const say = seededRandom(seedOf(`${cycle.name}·意见`));
  const opinionOn = (impression: number): { opinion?: string } => {
    if (say() >= OPINION_SHARE) return {};
    const list = impression < 75 ? COMPLAINTS : PRAISE;
    return { opinion: list[Math.floor(say() * list.length)] };
  };

  return { campaigns: plans.length, ballots: await castPlans(api, cycle, plans, rnd, opinionOn) };
}

/**
 * 部门评价镇街、开发区: the top-down review of the towns, streets and zones by twelve department heads,
 * in a past cycle while it is open, with its ballots. Drawn from the cycle's name, apart from
 * reviewCycle's draws. A cycle that has it already is left alone.
 */
export async function reviewGrassroots(
  api: DemoClient,
  cycle: { id: string; name: string },
  units: ReviewUnit[],
): Promise<{ campaigns: number; ballots: number }> {
  const name = `${cycle.name}·自上而下评价（镇街、开发区）`;
  const existing = await api.get<{ items: Array<{ name: string }> }>(
    `/cycles/${cycle.id}/campaigns?limit=200`,
    (s) => s === 404,
  );
  if (existing.items.some((c) => c.name === name)) throw new DemoConflict('演示测评已载入');
  const rnd = seededRandom(seedOf(name));
  const departments = units.filter((u) => u.kind === 'department');
  const grassroots = units.filter((u) => GRASSROOTS_KINDS.includes(u.kind));
  const plan: CampaignPlan = {
    body: {
      direction: 'top_down',
      subject: 'unit',
      name,
      targetIds: grassroots.map((u) => u.id),
      voters: Array.from({ length: 12 }, (_, i) => ({
        unitId: departments[Math.floor(rnd() * departments.length)].id,
        group: '部门负责人',
        name: `投票人${i + 1}`,
      })),
    },
    targets: grassroots.map((u) => ({ id: u.id, unitId: u.id, key: u.code })),
    impression: (t) => quality(t.key),
  };
  return { campaigns: 1, ballots: await castPlans(api, cycle, [plan], rnd, () => ({})) };
}

/** Creates each campaign of the plans and casts its ballots; returns how many were cast. */
async function castPlans(
  api: DemoClient,
  cycle: { id: string; name: string },
  plans: CampaignPlan[],
  rnd: () => number,
  opinionOn: (impression: number) => { opinion?: string },
): Promise<number> {
  let ballots = 0;
  for (const plan of plans) {
    // Review learns the cycle from appraisal's events: a 404 (or 409 not open yet) is one it has not seen.
    const created = await api.write(
      'POST',
      `/cycles/${cycle.id}/campaigns`,
      `campaign:${plan.body.name}`,
      plan.body,
      [201],
      (s) => s === 404 || s === 409,
    );
    const keys: string[] = created.items.map((i: { key: string }) => i.key);
    const tokens = new Map<string, string>(
      created.tokens.map((t: { voter: { name: string }; token: string }) => [t.voter.name, t.token]),
    );
    // A few did not vote; a voter never rates their own unit or its cadres.
    const cast = plan.body.voters
      .filter(() => rnd() < TURNOUT)
      .map((v) => ({
        token: tokens.get(v.name)!,
        ratings: plan.targets
          .filter((t) => t.unitId !== v.unitId)
          .map((t) => ({
            targetId: t.id,
            ...demoRating(plan.impression(t), keys, rnd),
            ...(plan.opinions ? opinionOn(plan.impression(t)) : {}),
          })),
      }))
      .filter((b) => b.ratings.length > 0); // a voter whose own unit is every target has nothing to rate
    await pool(cast, BALLOT_CONCURRENCY, async (b) => {
      await api.write(
        'POST',
        `/ballots/${b.token}`,
        `ballot:${b.token.slice(0, 16)}`,
        { ratings: b.ratings },
        [201],
        (s, body) => s === 409 && String(body?.detail ?? '').includes('尚未开始'),
      );
    });
    ballots += cast.length;
  }
  return ballots;
}

/** Rectification items per opinion: what the department asks of a department the grassroots rate low. */
const RECTIFICATIONS = [
  { title: '精简审批材料，推行“一次办好”', days: 90 },
  { title: '建立联系镇街制度，班子成员每季度下基层调研', days: 150 },
];
const DAY_MS = 86_400_000;

/** The day a past half-year cycle of the demo closed (appraisal.ts: 07-10 and 01-10). */
function closedOn(name: string): Date | null {
  const m = /^(\d{4})年(上|下)半年/.exec(name);
  if (!m) return null;
  const year = Number(m[1]);
  return m[2] === '上' ? new Date(Date.UTC(year, 6, 10)) : new Date(Date.UTC(year + 1, 0, 10));
}

/**
 * 双向考核意见 with rectification items for the two departments the grassroots rated lowest in each
 * past cycle, due 90 and 150 days after its close: in every cycle but the latest the first was done
 * and the second only started — so it is overdue (the job marks it and notifies) — and in the latest
 * the first is under way. The next cycle's two-way view shows them beside its scores.
 */
export async function rectifyPastCycles(
  api: DemoClient,
  cycles: Array<{ id: string; name: string }>,
  now: Date,
): Promise<{ opinions: number; items: number }> {
  let opinions = 0;
  let items = 0;
  const order = (c: { name: string }) => closedOn(c.name)?.getTime() ?? 0;
  cycles = [...cycles].sort((a, b) => order(a) - order(b));
  for (const [i, cycle] of cycles.entries()) {
    const closed = closedOn(cycle.name);
    if (!closed) continue;
    const latest = i === cycles.length - 1;
    // Review learns the close from appraisal's events and publishes the results at its next pass.
    // One page holds every unit of the district (73 ≤ 200).
    const view = await api.get<{ items: Array<{ unitId: string; bottomUp: number | null }> }>(
      `/cycles/${cycle.id}/two-way?limit=200`,
      (s) => s === 404 || s === 409,
    );
    const lowest = view.items
      .filter((u) => u.bottomUp !== null)
      .sort((a, b) => a.bottomUp! - b.bottomUp! || a.unitId.localeCompare(b.unitId))
      .slice(0, 2);
    for (const unit of lowest) {
      const opinion = await api.write(
        'POST',
        `/cycles/${cycle.id}/two-way/${unit.unitId}/opinion`,
        `opinion:${cycle.name}:${unit.unitId}`,
        {
          summary: `${cycle.name.slice(0, 7)}双向考核中，镇街对该单位服务基层评价偏低（自下而上 ${unit.bottomUp} 分），请对照整改事项限期整改。`,
          items: RECTIFICATIONS.map((r) => ({
            title: r.title,
            deadline: new Date(closed.getTime() + r.days * DAY_MS).toISOString().slice(0, 10),
          })),
        },
        [201],
      );
      opinions += 1;
      items += opinion.items.length;
      const [first, second] = opinion.items as Array<{ id: string; deadline: string }>;
      const report = (item: { id: string }, status: 'in_progress' | 'done', note: string) =>
        api.write(
          'POST',
          `/rectifications/${item.id}/progress`,
          `progress:${item.id}:${status}`,
          { status, note },
          [201],
        );
      if (latest) {
        if (new Date(first.deadline) > now) await report(first, 'in_progress', '已梳理审批事项清单，正在压减材料');
        continue;
      }
      await report(first, 'in_progress', '已梳理审批事项清单');
      await report(first, 'done', '审批材料压减三成，实现“一次办好”');
      await report(second, 'in_progress', '已制定联系镇街制度，调研尚未全部开展');
    }
  }
  return { opinions, items };
}
