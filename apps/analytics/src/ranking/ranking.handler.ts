import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, CompositeWeights, RankingsQuery, RequestContext } from '@cadre/contracts';
import type { ByCadre, ByCycle } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { RankingService } from './ranking.service';

/** The request patterns of RankingService; the gateway has validated the payloads. */
@Controller()
export class RankingHandler {
  constructor(private readonly rankingService: RankingService) {}

  @MessagePattern(ANALYTICS_REQUESTS.recompute)
  recomputeByHand(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.rankingService.recomputeByHand(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.rankings)
  rankings(@Payload() query: RankingsQuery, @Caller() ctx: RequestContext) {
    return this.rankingService.rankings(query, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.coordinates)
  coordinates(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.rankingService.coordinates(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.trend)
  trend(@Payload() payload: ByCadre, @Caller() ctx: RequestContext) {
    return this.rankingService.trend(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.weights)
  weights(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.rankingService.weights(_payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.putWeights)
  putWeights(@Payload() w: CompositeWeights, @Caller() ctx: RequestContext) {
    return this.rankingService.putWeights(w, ctx);
  }
}
