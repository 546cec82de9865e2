import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { AwardInput, AwardStoryCommand, ById, DecideAwardCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { AwardsService } from './awards.service';

/** The request patterns of AwardsService; the gateway has validated the payloads. */
@Controller()
export class AwardsHandler {
  constructor(private readonly awardsService: AwardsService) {}

  @MessagePattern(ANALYTICS_REQUESTS.createAward)
  create(@Payload() payload: AwardInput, @Caller() ctx: RequestContext) {
    return this.awardsService.create(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.awards)
  list(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.awardsService.list(_payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.award)
  get(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.awardsService.get(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.decideAward)
  decide(@Payload() payload: DecideAwardCommand, @Caller() ctx: RequestContext) {
    return this.awardsService.decide(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.awardStory)
  story(@Payload() payload: AwardStoryCommand, @Caller() ctx: RequestContext) {
    return this.awardsService.story(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.publishAward)
  publish(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.awardsService.publish(payload, ctx);
  }
}
