import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, CycleScheduleCommand, RequestContext } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { HalfYearSchedule } from './half-year.schedule';

/** Request patterns for the half-yearly schedule; the gateway has validated the payloads. */
@Controller()
export class HalfYearScheduleHandler {
  constructor(private readonly schedule: HalfYearSchedule) {}

  @MessagePattern(APPRAISAL_REQUESTS.getSchedule)
  get(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.schedule.get(ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.putSchedule)
  put(@Payload() command: CycleScheduleCommand, @Caller() ctx: RequestContext) {
    return this.schedule.put(ctx, command);
  }
}
