import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, RecordStepCommand, RequestContext } from '@cadre/contracts';
import type { ListAppraisalsQuery } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { StepsService } from './steps.service';

/** Request patterns for 望闻问切; the gateway has validated the payloads. */
@Controller()
export class StepsHandler {
  constructor(private readonly steps: StepsService) {}

  @MessagePattern(APPRAISAL_REQUESTS.recordStep)
  record(@Payload() command: RecordStepCommand, @Caller() ctx: RequestContext) {
    return this.steps.record(ctx, command);
  }

  @MessagePattern(APPRAISAL_REQUESTS.listAppraisals)
  list(@Payload() query: ListAppraisalsQuery, @Caller() ctx: RequestContext) {
    return this.steps.list(ctx, query);
  }
}
