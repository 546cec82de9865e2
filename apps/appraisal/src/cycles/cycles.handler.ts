import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, CreateCycleCommand, ListCyclesQuery, RequestContext } from '@cadre/contracts';
import type { ById, CycleTransitionCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { CyclesService } from './cycles.service';

/** Request patterns for 考核周期; the gateway has validated the payloads. */
@Controller()
export class CyclesHandler {
  constructor(private readonly cycles: CyclesService) {}

  @MessagePattern(APPRAISAL_REQUESTS.createCycle)
  create(@Payload() command: CreateCycleCommand, @Caller() ctx: RequestContext) {
    return this.cycles.createByHand(ctx, command);
  }

  @MessagePattern(APPRAISAL_REQUESTS.listCycles)
  list(@Payload() query: ListCyclesQuery, @Caller() ctx: RequestContext) {
    return this.cycles.list(ctx, query);
  }

  @MessagePattern(APPRAISAL_REQUESTS.getCycle)
  get(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.cycles.get(ctx, payload);
  }

  @MessagePattern(APPRAISAL_REQUESTS.transition)
  transition(@Payload() payload: CycleTransitionCommand, @Caller() ctx: RequestContext) {
    return this.cycles.transitionByHand(ctx, payload);
  }
}
