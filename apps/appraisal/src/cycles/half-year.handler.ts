import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, CycleScheduleCommand, RequestContext } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { HalfYearSchedule } from './half-year.schedule';

/** The request patterns of HalfYearSchedule; the gateway has validated the payloads. */
@Controller()
export class HalfYearScheduleHandler {
  constructor(private readonly halfYearSchedule: HalfYearSchedule) {}

  @MessagePattern(APPRAISAL_REQUESTS.getSchedule)
  get(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.halfYearSchedule.get(_payload, ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.putSchedule)
  put(@Payload() command: CycleScheduleCommand, @Caller() ctx: RequestContext) {
    return this.halfYearSchedule.put(command, ctx);
  }
}
