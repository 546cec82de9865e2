import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestContext, REVIEW_GATEWAY_REQUESTS, UpdateReviewTemplatesCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { TemplatesService } from './templates.service';

/** The request patterns of TemplatesService; the gateway has validated the payloads. */
@Controller()
export class TemplatesHandler {
  constructor(private readonly templatesService: TemplatesService) {}

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.templates)
  templates(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.templatesService.templates(_payload, ctx);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.updateTemplates)
  update(@Payload() payload: UpdateReviewTemplatesCommand, @Caller() ctx: RequestContext) {
    return this.templatesService.update(payload, ctx);
  }
}
