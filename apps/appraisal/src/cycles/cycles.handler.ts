import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, CreateCycleCommand, ListCyclesQuery, RequestContext } from '@cadre/contracts';
import type { ById, CycleTransitionCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { CyclesService } from './cycles.service';

/** The request patterns of CyclesService; the gateway has validated the payloads. */
@Controller()
export class CyclesHandler {
  constructor(private readonly cyclesService: CyclesService) {}

  @MessagePattern(APPRAISAL_REQUESTS.createCycle)
  createByHand(@Payload() command: CreateCycleCommand, @Caller() ctx: RequestContext) {
    return this.cyclesService.createByHand(command, ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.listCycles)
  list(@Payload() query: ListCyclesQuery, @Caller() ctx: RequestContext) {
    return this.cyclesService.list(query, ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.getCycle)
  get(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.cyclesService.get(payload, ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.transition)
  transitionByHand(@Payload() payload: CycleTransitionCommand, @Caller() ctx: RequestContext) {
    return this.cyclesService.transitionByHand(payload, ctx);
  }
}
