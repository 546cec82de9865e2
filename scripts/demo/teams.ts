import { seededRandom } from '@cadre/platform/seeded-random';
import { expectStatus } from '../../bench/workloads/gateway-client';
import { CONCURRENCY, DemoClient, pool } from './demo-client';
import { demoRating, quality, seedOf } from './demo-ballots';

/** Voters of a team campaign: district leaders and department heads rating the teams as a whole. */
const VOTERS = 14;
const TURNOUT = 0.93;
const BALLOT_CONCURRENCY = 8;

export interface DemoTeam {
  id: string;
  unitId: string;
  name: string;
}

const RUNNING_STATES = [
  [88, 'good'],
  [80, 'fairly_good'],
  [70, 'average'],
  [0, 'poor'],
] as const;

/** What a team is like: drawn from its name, so a team stays itself from one half-year to the next. */
function teamQuality(team: DemoTeam): number {
  return quality(`班子:${team.name}`);
}

/**
 * 班子考核 of a past cycle while it is open: each leadership team's 望闻问切 by the department, and a
 * democratic evaluation of the teams as a whole (班子民主测评) with its ballots, so that team rankings,
 * trends and the sealed records have teams once the cycle closes. Its own seed (the cycle's name and
 * 班子), so the cadres' appraisal and review draw what they always drew.
 */
export async function teamCycle(
  api: DemoClient,
  cycle: { id: string; name: string },
  teams: DemoTeam[],
): Promise<{ appraisals: number; steps: number; campaigns: number; ballots: number }> {
  const rnd = seededRandom(seedOf(`${cycle.name}·班子`));
  const scores = new Map(teams.map((t) => [t.id, Math.round(Math.min(98, teamQuality(t) + (rnd() - 0.5) * 8))]));
  let steps = 0;
  await pool(teams, CONCURRENCY, async (team) => {
    const score = scores.get(team.id)!;
    const runningState = RUNNING_STATES.find(([floor]) => score >= floor)![1];
    const contents: Record<string, object> = {
      look: { reports: [{ kind: 'report', title: `${team.name}述职报告`, text: '半年工作总结' }], notes: '材料齐全' },
      listen: { notes: '班子成员互评和群众评价已反馈' },
      ask: {
        problems:
          score < 80
            ? [{ description: '班子合力不强，重点工作推进缓慢', severity: 'moderate', followUp: '专题民主生活会' }]
            : [],
      },
      apply: {
        score,
        runningState,
        problems: score < 80 ? '作用发挥不明显，配合度不高' : '无明显问题',
        rectification: score < 80 ? '限期整改，组织部跟踪' : '保持',
        suggestion: score < 70 ? '调整班子主要负责人' : '保持班子稳定',
      },
    };
    for (const step of ['look', 'listen', 'ask', 'apply']) {
      const url = `/cycles/${cycle.id}/team-appraisals/${team.id}/steps/${step}`;
      // A 404 is a cycle or team appraisal has not learnt of yet.
      const res = await api.send(
        'PUT',
        url,
        `team-step:${cycle.name}:${team.id}:${step}`,
        contents[step],
        (s) => s === 404,
      );
      expectStatus(res, [200], `PUT ${url}`);
      steps += 1;
    }
  });

  const departments = [...new Set(teams.map((t) => t.unitId))];
  const voters = Array.from({ length: VOTERS }, (_, i) => ({
    name: `投票人${i + 1}`,
    unitId: departments[Math.floor(rnd() * departments.length)],
    group: i < 4 ? '区级领导' : '部门负责人',
  }));
  const created = await api.write(
    'POST',
    `/cycles/${cycle.id}/campaigns`,
    `campaign:${cycle.name}·班子民主测评`,
    { direction: 'top_down', subject: 'team', targetIds: teams.map((t) => t.id), voters },
    [201],
    (s) => s === 404 || s === 409,
  );
  const keys: string[] = created.items.map((i: { key: string }) => i.key);
  const tokens = new Map<string, string>(
    created.tokens.map((t: { voter: { name: string }; token: string }) => [t.voter.name, t.token]),
  );
  // A voter never rates the team of their own unit.
  const cast = voters
    .filter(() => rnd() < TURNOUT)
    .map((v) => ({
      token: tokens.get(v.name)!,
      ratings: teams
        .filter((t) => t.unitId !== v.unitId)
        .map((t) => ({ targetId: t.id, ...demoRating(scores.get(t.id)!, keys, rnd) })),
    }));
  await pool(cast, BALLOT_CONCURRENCY, async (b) => {
    await api.write('POST', `/ballots/${b.token}`, `ballot:${b.token.slice(0, 16)}`, { ratings: b.ratings }, [201]);
  });
  return { appraisals: teams.length, steps, campaigns: 1, ballots: cast.length };
}
