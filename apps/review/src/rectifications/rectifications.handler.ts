import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestContext, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import type { ListRectificationsQuery, RecordOpinionInput, RectificationProgressInput } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { RectificationsService } from './rectifications.service';

/** The request patterns of RectificationsService; the gateway has validated the payloads. */
@Controller()
export class RectificationsHandler {
  constructor(private readonly rectifications: RectificationsService) {}

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.recordOpinion)
  recordOpinion(@Payload() payload: RecordOpinionInput, @Caller() ctx: RequestContext) {
    return this.rectifications.recordOpinion(payload, ctx);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.rectificationProgress)
  progress(@Payload() payload: RectificationProgressInput, @Caller() ctx: RequestContext) {
    return this.rectifications.progress(payload, ctx);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.listRectifications)
  list(@Payload() payload: ListRectificationsQuery, @Caller() ctx: RequestContext) {
    return this.rectifications.list(payload, ctx);
  }
}
