import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CHECKLISTS_REQUESTS, RequestContext, TargetResultView, TwoWayUnitView } from '@cadre/contracts';
import type { CampaignResultsQuery, Page, TwoWayQuery, UnitFulfilmentView } from '@cadre/contracts';
import { Outbox, pageOfList, pageWindow, requireOfficer, RpcError, ServiceClient } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import { PLATFORM_CONFIG, runsWorker } from '@cadre/platform';
import { castDay } from '../ballots/ballot-batcher';
import { ballotCastEvent } from '../ballots/ballot-events';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import type { ReviewConfig } from '../config/review.config';
import { ProjectedCycle, RosterProjection } from '../projections/roster.projection';
import { worthOf } from '../rectifications/rectification-rules';
import { RectificationsRepository } from '../rectifications/rectifications.repository';
import { opinionView, rectificationView } from '../rectifications/rectification-views';
import { CampaignOpinions, shownOpinions } from './opinions';
import { aggregate, twoWay, UnitScore } from './results';
import { SettingsRepository } from '../settings/settings.repository';
import { ResultsRepository } from './results.repository';

const CLAIM_LIMIT = 20;
/** The sort key of a unit without a gap in the two-way list: after every gap (gaps are at most ±100). */
const NO_GAP = 1_000;
/** A campaign's results by the target's place in the campaign; the two-way list by (−gap, unit). */
const RESULTS_CURSOR = [cursorPart.int] as const;
const TWO_WAY_CURSOR = [cursorPart.number, cursorPart.uuid] as const;

/** How long the two-way view waits for checklists' fulfilment figures before leaving the cross-check out. */
const FULFILMENT_TIMEOUT_MS = 5_000;

/**
 * Results of campaigns (优秀率, 称职及以上率, trimmed mean by voter group) computed from the ballots on
 * demand under the tenant's anonymity threshold (suppression.ts), only once the campaign's cycle has
 * closed. The worker passes every RESULTS_DEBOUNCE_MS: while a cycle is open it only remixes the used
 * tokens of campaigns that got ballots; once the cycle has closed (the close marks its campaigns) it
 * shuffles each campaign's ballots and publishes review.results.updated with the final result, once.
 */
@Injectable()
export class ResultsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Results');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly results: ResultsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly roster: RosterProjection,
    private readonly outbox: Outbox,
    private readonly settings: SettingsRepository,
    private readonly rectifications: RectificationsRepository,
    private readonly rpc: ServiceClient,
    @Inject(PLATFORM_CONFIG) private readonly config: ReviewConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    await this.results.markUnsettledDirty();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
  /**
   * Paged over the campaign's computed results in the campaign's own order of targets (fixed when it
   * was created): every target's numbers depend on the tenant's threshold and the group weights only,
   * never on the other targets', so a page is a slice.
   */
  async campaignResults(payload: CampaignResultsQuery, ctx: RequestContext): Promise<Page<TargetResultView>> {
    requireOfficer(ctx, '查看测评结果');
    // A forged cursor is refused before anything else is looked at (the cycle may still be open).
    pageWindow(payload, RESULTS_CURSOR);
    const campaign = await this.campaigns.require(ctx.tenantId, payload.campaignId);
    await this.requireClosed(ctx.tenantId, campaign.cycleId);
    const k = await this.settings.minGroupSize(ctx.tenantId);
    const results = aggregate(campaign.targetIds, await this.results.ratings(campaign.id), campaign.groupWeights, k);
    const page = pageOfList(
      results.map((result, position) => ({ result, position })),
      payload,
      RESULTS_CURSOR,
      (r) => [r.position],
    );
    return { items: page.items.map((r) => r.result), nextCursor: page.nextCursor };
  }
  /**
   * Per unit: its scores from above and below, the voters' opinions (under the threshold, no order, no
   * time: opinions.ts), the department's opinion of this cycle with its rectification items, the items
   * of its previous opinion and where they stand, and the 含金量 cross-check. Paged over the computed
   * comparison in its order: the largest gap first (a unit without one last), then by unit id.
   */
  async twoWay(payload: TwoWayQuery, ctx: RequestContext): Promise<Page<TwoWayUnitView>> {
    requireOfficer(ctx, '查看双向考核意见');
    pageWindow(payload, TWO_WAY_CURSOR);
    // The unit filter before the cycle's state: another tenant's unit is a bad field, as an unknown one.
    if (payload.unitId && (await this.roster.units(ctx.tenantId, [payload.unitId])).length === 0)
      throw RpcError.rule('单位不存在', [{ field: 'unitId', message: '不是本单位的单位' }]);
    const cycle = await this.requireClosed(ctx.tenantId, payload.cycleId);
    const k = await this.settings.minGroupSize(ctx.tenantId);
    const scores: UnitScore[] = [];
    const campaigns = await this.results.unitCampaigns(ctx.tenantId, payload.cycleId);
    const written = await this.results.opinions(campaigns.map((c) => c.id));
    const opinionsOf = new Map<string, CampaignOpinions[]>();
    for (const c of campaigns) {
      for (const r of aggregate(c.targetIds, await this.results.ratings(c.id), c.groupWeights, k)) {
        scores.push({
          unitId: r.targetId,
          direction: c.direction as UnitScore['direction'],
          score: r.score,
          ballots: r.ballots,
          suppressed: r.suppressed,
        });
        const texts = written.find((w) => w.campaignId === c.id && w.targetId === r.targetId)?.opinions ?? [];
        const list = opinionsOf.get(r.targetId) ?? [];
        list.push({ shown: !r.suppressed && r.ballots > 0, opinions: texts });
        opinionsOf.set(r.targetId, list);
      }
    }
    const units = twoWay(scores);
    // The 含金量 cross-check ranks each unit among all of them (the bottom quarter): asked for every unit.
    const unitIds = units.map((u) => u.unitId);
    const opinions = await this.rectifications.opinionsOfCycle(ctx.tenantId, payload.cycleId);
    const rectificationItems = await this.rectifications.itemsOfOpinions(
      ctx.tenantId,
      opinions.map((o) => o.id),
    );
    const previous = await this.rectifications.previousItems(ctx.tenantId, payload.cycleId, unitIds);
    const fulfilment = await this.unitFulfilment(cycle.year, unitIds, ctx);
    const worth = fulfilment ? worthOf(units, fulfilment) : null;
    const listed = payload.unitId ? units.filter((u) => u.unitId === payload.unitId) : units;
    const page = pageOfList(listed, payload, TWO_WAY_CURSOR, (u) => [u.gap === null ? NO_GAP : -u.gap, u.unitId]);
    const items = page.items.map((u) => {
      const opinion = opinions.find((o) => o.unitId === u.unitId);
      const shown = shownOpinions(opinionsOf.get(u.unitId) ?? []);
      const before = previous.filter((r) => r.unitId === u.unitId).map(rectificationView);
      const unitWorth = worth?.get(u.unitId);
      return {
        ...u,
        ...(shown && shown.length > 0 ? { opinions: shown } : {}),
        ...(opinion ? { opinion: opinionView(opinion, rectificationItems) } : {}),
        ...(before.length > 0 ? { previousRectifications: before } : {}),
        ...(unitWorth ? { worth: unitWorth } : {}),
      };
    });
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * The units' task completion and responsibility fulfilment, from checklists. Checklists being away
   * must not take the two-way view down: the cross-check is left out (null) and logged.
   */
  private async unitFulfilment(
    year: number,
    unitIds: string[],
    ctx: RequestContext,
  ): Promise<UnitFulfilmentView[] | null> {
    if (unitIds.length === 0) return [];
    try {
      const reply = await this.rpc.request(
        CHECKLISTS_REQUESTS.unitFulfilment,
        { year, unitIds },
        ctx,
        FULFILMENT_TIMEOUT_MS,
      );
      return reply.items;
    } catch (err) {
      this.logger.warn(
        `could not ask checklists for the units' fulfilment (${(err as Error).message}): 含金量 left out`,
      );
      return null;
    }
  }

  /**
   * Results exist only once the cycle has closed: read while ballots arrive, each change of the
   * results would isolate the ballot that caused it. Participation stays visible meanwhile.
   */
  private async requireClosed(tenantId: string, cycleId: string): Promise<ProjectedCycle> {
    const cycle = await this.roster.requireCycle(tenantId, cycleId);
    if (cycle.status !== 'closed' && cycle.status !== 'published') {
      throw RpcError.conflict(
        '考核周期尚未结束：测评结果在周期关闭后公布，进行中只可查看参评情况（发放、已投、参评率）',
      );
    }
    return cycle;
  }

  /**
   * One pass of the publisher; returns how many campaigns it published final results of. Also used by
   * tests and the demo. Campaigns of open cycles that got ballots have their used tokens remixed and
   * nothing published; campaigns of closed cycles (marked by the close) get their final pass.
   */
  async publishPending(): Promise<number> {
    for (;;) {
      const open = await this.results.claimOpenDirty(CLAIM_LIMIT);
      if (open.length === 0) break;
      for (const [i, campaign] of open.entries()) {
        try {
          await this.outbox.transaction((manager) => this.results.remixUsedTokens(manager, campaign.id));
        } catch (err) {
          // Give the claimed ones back: the next pass tries again.
          await this.results.markDirty(open.slice(i).map((c) => c.id)).catch(() => undefined);
          throw err;
        }
      }
    }
    let published = 0;
    while (await this.publishFinal()) published += 1;
    return published;
  }

  /**
   * The final pass of one closed campaign, in one transaction with its claim: ballots shuffled (one
   * transaction id, no cast order), and the results under the tenant's
   * threshold published with the campaign's ballot counts. False when no campaign was waiting.
   */
  private async publishFinal(): Promise<boolean> {
    return this.outbox.transaction(async (manager) => {
      const c = await this.results.claimClosedDirty(manager);
      if (!c) return false;
      // The shuffle gives every ballot this transaction's id, so no ballot keeps its batch's and a used
      // token's (its batch's, or the last remix's) matches none: the tokens need no rewrite here.
      await this.results.shuffleBallots(manager, c.id);
      const k = await this.settings.minGroupSize(c.tenantId, manager);
      const participation = await this.campaigns.participation(c.id, manager);
      const results = aggregate(c.targetIds, await this.results.ratings(c.id, manager), c.groupWeights, k);
      const cast = ballotCastEvent(
        {
          tenantId: c.tenantId,
          campaignId: c.id,
          cycleId: c.cycleId,
          targetIds: await this.results.ratedTargets(manager, c.id),
          voterGroups: participation.byGroup.map((g) => ({ group: g.group, ballots: g.cast })),
        },
        castDay(),
      );
      if (cast) await this.outbox.add(manager, cast);
      await this.outbox.add(manager, {
        type: 'review.results.updated',
        tenantId: c.tenantId,
        aggregateId: c.id,
        version: 2,
        data: {
          campaignId: c.id,
          cycleId: c.cycleId,
          direction: c.direction,
          subject: c.subject,
          participation: { issued: participation.issued, cast: participation.cast, rate: participation.rate },
          results: results.map(({ targetId, ballots, suppressed, gradeCounts, excellentRate, score }) => ({
            targetId,
            ballots,
            suppressed,
            gradeCounts,
            excellentRate,
            score,
          })),
        },
      });
      return true;
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.publishPending()
        .then(() => undefined)
        .catch((err: Error) => this.logger.warn(`publishing results failed, retrying: ${err.message}`))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.config.RESULTS_DEBOUNCE_MS);
  }
}
