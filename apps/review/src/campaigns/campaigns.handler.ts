import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateCampaignInput,
  PendingVotersQuery,
  RequestContext,
  REVIEW_GATEWAY_REQUESTS,
  REVIEW_REQUESTS,
} from '@cadre/contracts';
import type { ByCampaign, ListCampaignsQuery } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { CampaignsService } from './campaigns.service';

/** The request patterns of CampaignsService; the gateway has validated the payloads. */
@Controller()
export class CampaignsHandler {
  constructor(private readonly campaignsService: CampaignsService) {}

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.createCampaign)
  create(@Payload() input: CreateCampaignInput, @Caller() ctx: RequestContext) {
    return this.campaignsService.create(input, ctx);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.listCampaigns)
  list(@Payload() payload: ListCampaignsQuery, @Caller() ctx: RequestContext) {
    return this.campaignsService.list(payload, ctx);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.getCampaign)
  get(@Payload() payload: ByCampaign, @Caller() ctx: RequestContext) {
    return this.campaignsService.get(payload, ctx);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.participation)
  participation(@Payload() payload: ByCampaign, @Caller() ctx: RequestContext) {
    return this.campaignsService.participation(payload, ctx);
  }

  @MessagePattern(REVIEW_REQUESTS.pendingVoters)
  pendingVoters(@Payload() payload: PendingVotersQuery, @Caller() ctx: RequestContext) {
    return this.campaignsService.pendingVoters(payload, ctx);
  }
}
