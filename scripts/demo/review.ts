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
}

/**
 * The review of a past cycle, while it is open: a democratic evaluation of the cadres (德能勤绩廉),
 * a top-down review of the units and a bottom-up review of the departments by the towns, streets and
 * zones, each with its ballots cast through the voters' one-time tokens, so that results, trends and
 * the two-way opinion have data once the cycle closes. Drawn from the cycle's name: the same every run.
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
      body: {
        direction: 'top_down',
        subject: 'unit',
        name: `${cycle.name}·自上而下评价`,
        targetIds: units.map((u) => u.id),
        voters: [
          ...Array.from({ length: 8 }, () => ({ unitId: departments[0].id, group: '区级领导' })),
          ...Array.from({ length: 12 }, () => ({ unitId: pick(departments).id, group: '部门负责人' })),
        ].map((v, i) => ({ ...v, name: `投票人${i + 1}` })),
      },
      targets: unitTargets(units),
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
    },
  ];

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
          .map((t) => ({ targetId: t.id, ...demoRating(plan.impression(t), keys, rnd) })),
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
  return { campaigns: plans.length, ballots };
}
