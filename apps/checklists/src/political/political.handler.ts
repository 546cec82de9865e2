import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CHECKLISTS_REQUESTS, ObservationInput, RequestContext, VerdictRuleView } from '@cadre/contracts';
import type { ByCadre, UpdateDimensionsCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { PoliticalService } from './political.service';

/** The request patterns of PoliticalService; the gateway has validated the payloads. */
@Controller()
export class PoliticalHandler {
  constructor(private readonly politicalService: PoliticalService) {}

  @MessagePattern(CHECKLISTS_REQUESTS.dimensions)
  dimensions(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.politicalService.dimensions(_payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.updateDimensions)
  updateDimensions(@Payload() payload: UpdateDimensionsCommand, @Caller() ctx: RequestContext) {
    return this.politicalService.updateDimensions(payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.rule)
  rule(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.politicalService.rule(_payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.updateRule)
  updateRule(@Payload() payload: VerdictRuleView, @Caller() ctx: RequestContext) {
    return this.politicalService.updateRule(payload, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.observe)
  observe(@Payload() input: ObservationInput, @Caller() ctx: RequestContext) {
    return this.politicalService.observe(input, ctx);
  }

  @MessagePattern(CHECKLISTS_REQUESTS.politicalFile)
  file(@Payload() payload: ByCadre, @Caller() ctx: RequestContext) {
    return this.politicalService.file(payload, ctx);
  }
}
