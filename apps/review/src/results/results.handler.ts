import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestContext, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import type { CampaignResultsQuery, TwoWayQuery } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { ResultsService } from './results.service';

/** The request patterns of ResultsService; the gateway has validated the payloads. */
@Controller()
export class ResultsHandler {
  constructor(private readonly resultsService: ResultsService) {}

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.results)
  campaignResults(@Payload() payload: CampaignResultsQuery, @Caller() ctx: RequestContext) {
    return this.resultsService.campaignResults(payload, ctx);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.twoWay)
  twoWay(@Payload() payload: TwoWayQuery, @Caller() ctx: RequestContext) {
    return this.resultsService.twoWay(payload, ctx);
  }
}
