import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CHECKLISTS_REQUESTS, RequestContext, ResponsibilityInput } from '@cadre/contracts';
import type { FulfilmentInput, ListResponsibilitiesQuery, ResponsibilityRatingInput } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { ResponsibilitiesService } from './responsibilities.service';

/** The request patterns of ResponsibilitiesService; the gateway has validated the payloads. */
@Controller()
export class ResponsibilitiesHandler {
  constructor(private readonly responsibilitiesService: ResponsibilitiesService) {}

  @MessagePattern(CHECKLISTS_REQUESTS.addResponsibility)
  add(@Payload() input: ResponsibilityInput, @Caller() ctx: RequestContext) {
    return this.responsibilitiesService.add(input, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.listResponsibilities)
  list(@Payload() payload: ListResponsibilitiesQuery, @Caller() ctx: RequestContext) {
    return this.responsibilitiesService.list(payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.fulfil)
  fulfil(@Payload() payload: FulfilmentInput, @Caller() ctx: RequestContext) {
    return this.responsibilitiesService.fulfil(payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.rate)
  rate(@Payload() payload: ResponsibilityRatingInput, @Caller() ctx: RequestContext) {
    return this.responsibilitiesService.rate(payload, ctx);
  }
}
