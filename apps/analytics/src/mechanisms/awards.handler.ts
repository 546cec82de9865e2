import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type {
  AwardInput,
  AwardStoryCommand,
  ById,
  DecideAwardCommand,
  IssueRecommendationCommand,
  PageQuery,
} from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { AwardsService } from './awards.service';

/** Request patterns of 正向激励 (award campaigns); the gateway has validated the payloads. */
@Controller()
export class AwardsHandler {
  constructor(private readonly awards: AwardsService) {}

  @MessagePattern(ANALYTICS_REQUESTS.createAward)
  create(@Payload() payload: AwardInput, @Caller() ctx: RequestContext) {
    return this.awards.create(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.awards)
  list(@Payload() payload: PageQuery, @Caller() ctx: RequestContext) {
    return this.awards.list(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.award)
  get(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.awards.get(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.decideAward)
  decide(@Payload() payload: DecideAwardCommand, @Caller() ctx: RequestContext) {
    return this.awards.decide(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.awardStory)
  story(@Payload() payload: AwardStoryCommand, @Caller() ctx: RequestContext) {
    return this.awards.story(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.publishAward)
  publish(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.awards.publish(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.issueRecommendation)
  issueRecommendation(@Payload() payload: IssueRecommendationCommand, @Caller() ctx: RequestContext) {
    return this.awards.issueRecommendation(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.closeRecommendation)
  closeRecommendation(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.awards.closeRecommendation(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.publicHonours)
  publicHonours(@Payload() payload: { tenantName: string }, @Caller() ctx: RequestContext) {
    return this.awards.publicHonours(ctx, payload);
  }
}
