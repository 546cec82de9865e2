import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RequestContext, REVIEW_GATEWAY_REQUESTS, TargetResultView, TwoWayUnitView } from '@cadre/contracts';
import { Outbox, requireOfficer, RpcHandler } from '@cadre/messaging';
import { PLATFORM_CONFIG, runsWorker } from '@cadre/platform';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import type { ReviewConfig } from '../config/review.config';
import { RosterProjection } from '../projections/roster.projection';
import { aggregate, twoWay, UnitScore } from './results';
import { DirtyCampaign, ResultsRepository } from './results.repository';

const CLAIM_LIMIT = 20;

/**
 * Results of campaigns (优秀率, 称职及以上率, trimmed mean by voter group) computed from the ballots on
 * demand, and published as review.results.updated by the worker: every RESULTS_DEBOUNCE_MS it takes
 * the campaigns that got ballots since its last pass, so a burst of ballots gives one event, not one
 * per ballot. The event carries the whole current result.
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

  @RpcHandler(REVIEW_GATEWAY_REQUESTS.results)
  async campaignResults(payload: { campaignId: string }, ctx: RequestContext): Promise<TargetResultView[]> {
    requireOfficer(ctx, '查看测评结果');
    const campaign = await this.campaigns.require(ctx.tenantId, payload.campaignId);
    return aggregate(campaign.targetIds, await this.results.ratings(campaign.id), campaign.groupWeights);
  }

  @RpcHandler(REVIEW_GATEWAY_REQUESTS.twoWay)
  async twoWay(payload: { cycleId: string }, ctx: RequestContext): Promise<TwoWayUnitView[]> {
    requireOfficer(ctx, '查看双向考核意见');
    await this.roster.requireCycle(ctx.tenantId, payload.cycleId);
    const scores: UnitScore[] = [];
    for (const c of await this.results.unitCampaigns(ctx.tenantId, payload.cycleId)) {
      for (const r of aggregate(c.targetIds, await this.results.ratings(c.id), c.groupWeights)) {
        scores.push({ unitId: r.targetId, direction: c.direction as UnitScore['direction'], score: r.score, ballots: r.ballots });
      }
    }
    return twoWay(scores);
  }

  /** One pass of the publisher; returns how many campaigns it published. Also used by tests and the demo. */
  async publishPending(): Promise<number> {
    let published = 0;
    for (;;) {
      const dirty = await this.results.claimDirty(CLAIM_LIMIT);
      if (dirty.length === 0) return published;
      for (const [i, campaign] of dirty.entries()) {
        try {
          await this.publish(campaign);
          published += 1;
        } catch (err) {
          // Give the claimed ones back: the next pass tries again.
          await this.results.markDirty(dirty.slice(i).map((c) => c.id)).catch(() => undefined);
          throw err;
        }
      }
    }
  }

  private async publish(c: DirtyCampaign): Promise<void> {
    await this.outbox.transaction(async (manager) => {
      await this.results.remixUsedTokens(manager, c.id);
      const participation = await this.campaigns.participation(c.id, manager);
      const results = aggregate(c.targetIds, await this.results.ratings(c.id, manager), c.groupWeights);
      await this.outbox.add(manager, {
        type: 'review.results.updated',
        tenantId: c.tenantId,
        aggregateId: c.id,
        data: {
          campaignId: c.id,
          cycleId: c.cycleId,
          direction: c.direction,
          subject: c.subject,
          participation: { issued: participation.issued, cast: participation.cast, rate: participation.rate },
          results: results.map(({ targetId, ballots, gradeCounts, excellentRate, score }) => ({ targetId, ballots, gradeCounts, excellentRate, score })),
        },
      });
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
