import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { AnnualCoordinatesQuery, AnnualRankingsQuery, AnnualWeights, AnnualYear } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { AnnualService } from './annual.service';

/** Request patterns of 年度综合评价; the gateway has validated the payloads. */
@Controller()
export class AnnualHandler {
  constructor(private readonly annual: AnnualService) {}

  @MessagePattern(ANALYTICS_REQUESTS.evaluateAnnual)
  evaluate(@Payload() payload: AnnualYear, @Caller() ctx: RequestContext) {
    return this.annual.evaluateByHand(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.annualEvaluation)
  evaluation(@Payload() payload: AnnualYear, @Caller() ctx: RequestContext) {
    return this.annual.evaluation(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.annualRankings)
  rankings(@Payload() query: AnnualRankingsQuery, @Caller() ctx: RequestContext) {
    return this.annual.rankingList(ctx, query);
  }

  @MessagePattern(ANALYTICS_REQUESTS.annualCoordinates)
  coordinates(@Payload() query: AnnualCoordinatesQuery, @Caller() ctx: RequestContext) {
    return this.annual.coordinates(ctx, query);
  }

  @MessagePattern(ANALYTICS_REQUESTS.annualRecord)
  record(@Payload() payload: AnnualYear, @Caller() ctx: RequestContext) {
    return this.annual.record(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.annualWeights)
  weights(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.annual.weights(ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.putAnnualWeights)
  putWeights(@Payload() w: AnnualWeights, @Caller() ctx: RequestContext) {
    return this.annual.putWeights(ctx, w);
  }
}
