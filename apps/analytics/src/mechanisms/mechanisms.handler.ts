import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { AdjustmentBatchInput, ByCycle, SandboxCommand, TalkInput, TalksQuery } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { MechanismsService } from './mechanisms.service';

/** The request patterns of MechanismsService; the gateway has validated the payloads. */
@Controller()
export class MechanismsHandler {
  constructor(private readonly mechanismsService: MechanismsService) {}

  @MessagePattern(ANALYTICS_REQUESTS.selection)
  candidates(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.mechanismsService.candidates(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.addBatch)
  addBatch(@Payload() payload: AdjustmentBatchInput, @Caller() ctx: RequestContext) {
    return this.mechanismsService.addBatch(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.batches)
  batches(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.mechanismsService.batches(_payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.underperformers)
  underperformers(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.mechanismsService.underperformers(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.addTalk)
  addTalk(@Payload() payload: TalkInput, @Caller() ctx: RequestContext) {
    return this.mechanismsService.addTalk(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.talks)
  talks(@Payload() payload: TalksQuery, @Caller() ctx: RequestContext) {
    return this.mechanismsService.talks(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.sandbox)
  sandbox(@Payload() payload: SandboxCommand, @Caller() ctx: RequestContext) {
    return this.mechanismsService.sandbox(payload, ctx);
  }
}
