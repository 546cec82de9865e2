import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, RequestContext } from '@cadre/contracts';
import type { AppraisalDemoCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { AppraisalDemoService } from './appraisal-demo.service';

/** The request patterns of AppraisalDemoService; the gateway has validated the payloads. */
@Controller()
export class AppraisalDemoHandler {
  constructor(private readonly appraisalDemoService: AppraisalDemoService) {}

  @MessagePattern(APPRAISAL_REQUESTS.loadDemo)
  load(@Payload() payload: AppraisalDemoCommand, @Caller() ctx: RequestContext) {
    return this.appraisalDemoService.load(payload, ctx);
  }
}
