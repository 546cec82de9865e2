import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, RequestContext, WartimeRecordCommand } from '@cadre/contracts';
import type { ByCadre } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { WartimeService } from './wartime.service';

/** The request patterns of WartimeService; the gateway has validated the payloads. */
@Controller()
export class WartimeHandler {
  constructor(private readonly wartimeService: WartimeService) {}

  @MessagePattern(APPRAISAL_REQUESTS.addWartime)
  add(@Payload() command: WartimeRecordCommand, @Caller() ctx: RequestContext) {
    return this.wartimeService.add(command, ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.wartimeFile)
  file(@Payload() payload: ByCadre, @Caller() ctx: RequestContext) {
    return this.wartimeService.file(payload, ctx);
  }
}
