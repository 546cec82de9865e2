import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestContext, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import type { ReviewDemoCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { ReviewDemoService } from './review-demo.service';

/** The request patterns of ReviewDemoService; the gateway has validated the payloads. */
@Controller()
export class ReviewDemoHandler {
  constructor(private readonly reviewDemoService: ReviewDemoService) {}

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.loadDemo)
  load(@Payload() payload: ReviewDemoCommand | undefined, @Caller() ctx: RequestContext) {
    return this.reviewDemoService.load(payload, ctx);
  }
}
