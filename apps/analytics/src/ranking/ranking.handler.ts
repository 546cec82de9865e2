import { Controller, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, CompositeWeights, RankingsQuery, RequestContext } from '@cadre/contracts';
import type { ByCycle, TrendQuery } from '@cadre/contracts';
import { OnJob } from '@cadre/jobs';
import { Caller, MessagePattern } from '@cadre/messaging';
import { AnnualService } from '../annual/annual.service';
import { RankingService } from './ranking.service';
import { RECOMPUTE_JOB, RecomputeJobData } from './recompute.scheduler';

/** Request patterns of 比对考核; the gateway has validated the payloads. */
@Controller()
export class RankingHandler {
  constructor(
    private readonly ranking: RankingService,
    private readonly annual: AnnualService,
  ) {}

  @MessagePattern(ANALYTICS_REQUESTS.recompute)
  recomputeByHand(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.ranking.recomputeByHand(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.rankings)
  rankings(@Payload() query: RankingsQuery, @Caller() ctx: RequestContext) {
    return this.ranking.rankings(ctx, query);
  }

  @MessagePattern(ANALYTICS_REQUESTS.coordinates)
  coordinates(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.ranking.coordinates(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.trend)
  trend(@Payload() payload: TrendQuery, @Caller() ctx: RequestContext) {
    // ?by=year: one point per annual evaluation (年度综合评价); without it the points of the cycles, as before.
    const query = { cadreId: payload.cadreId };
    return payload.by === 'year' ? this.annual.trend(ctx, query) : this.ranking.trend(ctx, query);
  }

  @MessagePattern(ANALYTICS_REQUESTS.weights)
  weights(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.ranking.weights(ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.putWeights)
  putWeights(@Payload() w: CompositeWeights, @Caller() ctx: RequestContext) {
    return this.ranking.putWeights(ctx, w);
  }
}

/**
 * The debounced recompute job (queued by RecomputeScheduler). A provider, not a controller: job
 * handlers are discovered among the providers.
 */
@Injectable()
export class RankingJobsHandler {
  constructor(private readonly ranking: RankingService) {}

  @OnJob(RECOMPUTE_JOB)
  async recompute(data: RecomputeJobData): Promise<void> {
    await this.ranking.recompute(data.tenantId, data.cycleId);
  }
}
