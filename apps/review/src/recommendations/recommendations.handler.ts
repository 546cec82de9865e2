import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { REVIEW_GATEWAY_REQUESTS, REVIEW_REQUESTS, RequestContext } from '@cadre/contracts';
import type { BallotFormQuery, ByAward, CastRecommendationInput, OpenRecommendationInput } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { RecommendationsService } from './recommendations.service';

/** 民主推荐: opened and closed by analytics for an award; the form and the cast are public (a token). */
@Controller()
export class RecommendationsHandler {
  constructor(private readonly recommendations: RecommendationsService) {}

  @MessagePattern(REVIEW_REQUESTS.openRecommendation)
  open(@Payload() payload: OpenRecommendationInput, @Caller() ctx: RequestContext) {
    return this.recommendations.open(ctx, payload);
  }

  @MessagePattern(REVIEW_REQUESTS.closeRecommendation)
  close(@Payload() payload: ByAward, @Caller() ctx: RequestContext) {
    return this.recommendations.close(ctx, payload);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.recommendationForm)
  form(@Payload() payload: BallotFormQuery) {
    return this.recommendations.form(payload);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.castRecommendation)
  cast(@Payload() payload: CastRecommendationInput) {
    return this.recommendations.cast(payload);
  }
}
