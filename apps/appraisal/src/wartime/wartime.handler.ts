import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, RequestContext, WartimeRecordCommand } from '@cadre/contracts';
import type { ByCadre } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { WartimeService } from './wartime.service';

/** Request patterns for 战时档案; the gateway has validated the payloads. */
@Controller()
export class WartimeHandler {
  constructor(private readonly wartime: WartimeService) {}

  @MessagePattern(APPRAISAL_REQUESTS.addWartime)
  add(@Payload() command: WartimeRecordCommand, @Caller() ctx: RequestContext) {
    return this.wartime.add(ctx, command);
  }

  @MessagePattern(APPRAISAL_REQUESTS.wartimeFile)
  file(@Payload() payload: ByCadre, @Caller() ctx: RequestContext) {
    return this.wartime.file(ctx, payload);
  }
}
