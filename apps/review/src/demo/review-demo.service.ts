import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CampaignDirection, CampaignSubject, RequestContext, ReviewItemView } from '@cadre/contracts';
import type { ReviewDemoCommand, ReviewDemoResult } from '@cadre/contracts';
import { Outbox, requireOfficer, RpcError } from '@cadre/messaging';
import { tokenHash } from '../ballots/ballot-token';
import { shuffled } from '../ballots/shuffle';
import { GRASSROOTS_KINDS } from '../campaigns/campaign-rules';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { ProjectedCycle, RosterProjection } from '../projections/roster.projection';
import { ballotValue } from '../results/results';
import { TemplatesService } from '../templates/templates.service';
import { seededRandom } from '@cadre/platform';
import { demoRating, quality, seedOf } from './demo-ballots';

interface DemoVoter {
  unitId: string;
  group: string;
}

interface DemoCampaign {
  direction: CampaignDirection;
  subject: CampaignSubject;
  name: string;
  items: ReviewItemView[];
  targets: Array<{ id: string; unitId: string }>;
  voters: DemoVoter[];
  groupWeights: Record<string, number> | null;
  /** Impression of a target for a voter group. */
  impression: (targetId: string, group: string) => number;
}

/** Departments seen well from above but poorly by the towns and streets they serve: every 9th. */
const POOR_SERVICE_EVERY = 9;

/**
 * Past cycles of the demo tenant get their review: a democratic evaluation of the cadres (德能勤绩廉),
 * a top-down review of the units and a bottom-up review of the departments by the towns, streets and
 * zones, each with ballots (deterministic), so results, trends and the two-way opinion have data.
 * Ballots are written directly — the cycles are closed — and results are published by the worker.
 */
@Injectable()
export class ReviewDemoService {
  constructor(
    private readonly roster: RosterProjection,
    private readonly campaigns: CampaignsRepository,
    private readonly templates: TemplatesService,
    private readonly outbox: Outbox,
  ) {}
  async load(payload: ReviewDemoCommand | undefined, ctx: RequestContext): Promise<ReviewDemoResult> {
    requireOfficer(ctx, '载入演示数据');
    const past = (await this.roster.cycles(ctx.tenantId, ['closed', 'published'])).filter((c) => c.kind === 'periodic');
    if (past.length === 0) throw RpcError.conflict('还没有已结束的定期考核周期：请先载入考核演示数据（appraisal 的事件到达后即可）');
    // The appraisal demo's cycle events arrive over a few seconds: wait for all of them, not the first.
    if (payload?.expectedCycles && past.length < payload.expectedCycles) throw RpcError.conflict(`考核周期尚未全部同步：${past.length}/${payload.expectedCycles}，稍后重试`);
    const units = await this.roster.units(ctx.tenantId);
    const cadres = await this.roster.activeCadres(ctx.tenantId);
    if (units.length === 0 || cadres.length === 0) throw RpcError.conflict('还没有单位和干部：请先载入花名册演示数据');
    // A past cycle that has campaigns already (an earlier load, or real ones) is left alone.
    const reviewed = await this.campaigns.cyclesWithCampaigns(ctx.tenantId, past.map((c) => c.id));
    const cycles = past.filter((c) => !reviewed.has(c.id));
    if (cycles.length === 0) throw RpcError.conflict('演示测评已载入');

    const templates = await this.templates.of(ctx.tenantId);
    const departments = units.filter((u) => u.kind === 'department');
    const grassroots = units.filter((u) => GRASSROOTS_KINDS.includes(u.kind));
    const poorService = new Set(departments.filter((_, i) => i % POOR_SERVICE_EVERY === 4).map((u) => u.id));
    const counts = { cycles: cycles.length, campaigns: 0, ballots: 0 };

    for (const cycle of cycles) {
      const rnd = seededRandom(seedOf(cycle.id));
      const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
      const demo: DemoCampaign[] = [
        {
          direction: 'top_down',
          subject: 'cadre',
          name: `${cycle.name}·民主测评`,
          items: templates.democratic,
          targets: cadres.map((c) => ({ id: c.id, unitId: c.unitId })),
          voters: [
            ...Array.from({ length: 12 }, () => ({ unitId: pick(departments).id, group: '区级领导' })),
            ...Array.from({ length: 28 }, () => ({ unitId: pick(units).id, group: '干部群众代表' })),
          ],
          groupWeights: { 区级领导: 0.4, 干部群众代表: 0.6 },
          impression: (id) => quality(id),
        },
        {
          direction: 'top_down',
          subject: 'unit',
          name: `${cycle.name}·自上而下评价`,
          items: templates.top_down,
          targets: units.map((u) => ({ id: u.id, unitId: u.id })),
          voters: [
            ...Array.from({ length: 8 }, () => ({ unitId: departments[0].id, group: '区级领导' })),
            ...Array.from({ length: 12 }, () => ({ unitId: pick(departments).id, group: '部门负责人' })),
          ],
          groupWeights: null,
          impression: (id) => (poorService.has(id) ? 91 : quality(id)),
        },
        {
          direction: 'bottom_up',
          subject: 'unit',
          name: `${cycle.name}·自下而上评价`,
          items: templates.bottom_up,
          targets: departments.map((u) => ({ id: u.id, unitId: u.id })),
          voters: grassroots.flatMap((u) => [
            { unitId: u.id, group: '镇街开发区班子成员' },
            { unitId: u.id, group: '镇街开发区班子成员' },
            { unitId: u.id, group: '基层干部代表' },
          ]),
          groupWeights: null,
          impression: (id) => (poorService.has(id) ? 64 : quality(id, -3)),
        },
      ];
      await this.outbox.transaction(async (manager) => {
        for (const campaign of demo) {
          counts.ballots += await this.insertCampaign(manager, ctx, cycle, campaign, rnd);
          counts.campaigns += 1;
        }
      });
    }
    return counts;
  }

  private async insertCampaign(manager: EntityManager, ctx: RequestContext, cycle: ProjectedCycle, c: DemoCampaign, rnd: () => number): Promise<number> {
    const id = randomUUID();
    // Tokens nobody will see: the demo's voters have voted already.
    const voters = c.voters.map((v, i) => ({ ...v, hash: tokenHash(randomBytes(32).toString('base64url')), name: `投票人${i + 1}` }));
    await this.campaigns.insert(
      manager,
      { id, tenantId: ctx.tenantId, cycleId: cycle.id, name: c.name, direction: c.direction, subject: c.subject, items: c.items, targetIds: c.targets.map((t) => t.id), groupWeights: c.groupWeights, createdBy: ctx.username },
      voters.map((v) => ({ hash: v.hash, name: v.name, unitId: v.unitId, group: v.group, userId: null })),
    );
    const day = `${cycle.year}-${cycle.half === 1 ? '06' : '12'}-20`;
    const voted = voters.filter(() => rnd() < 0.93); // a few did not vote
    await manager.query(`UPDATE voter_tokens SET voted = true, voted_on = $2 WHERE token_hash = ANY($1::bytea[])`, [voted.map((v) => v.hash), day]);
    const keys = c.items.map((i) => i.key);
    const rows = shuffled(
      voted.flatMap((v) =>
        c.targets
          .filter((t) => t.unitId !== v.unitId)
          .map((t) => {
            const { grade, scores } = demoRating(c.impression(t.id, v.group), keys, rnd);
            return { targetId: t.id, group: v.group, grade, scores: JSON.stringify(scores), value: ballotValue(grade, scores) };
          }),
      ),
    );
    for (let i = 0; i < rows.length; i += 5_000) {
      const slice = rows.slice(i, i + 5_000);
      await manager.query(
        `INSERT INTO ballots (tenant_id, campaign_id, target_id, voter_group, grade, scores, value, cast_on)
         SELECT $1, $2, tg, g, gr, s, v, $3 FROM unnest($4::uuid[], $5::text[], $6::text[], $7::jsonb[], $8::numeric[]) AS x(tg, g, gr, s, v)`,
        [ctx.tenantId, id, day, slice.map((r) => r.targetId), slice.map((r) => r.group), slice.map((r) => r.grade), slice.map((r) => r.scores), slice.map((r) => r.value)],
      );
    }
    await manager.query(`UPDATE campaigns SET results_dirty = true WHERE id = $1`, [id]);
    return voted.length;
  }
}
