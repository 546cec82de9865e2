import { Controller, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { ANALYTICS_REQUESTS } from '@cadre/contracts';
import type {
  ByCycle,
  ById,
  CyclePageQuery,
  EventOf,
  RequestContext,
  TeamCompositeWeights,
  TeamRankingsQuery,
} from '@cadre/contracts';
import { Caller, MessagePattern, OnEvent } from '@cadre/messaging';
import { TeamRankingService } from './team-ranking.service';

/** 班子排名: request patterns. */
@Controller()
export class TeamRankingHandler {
  constructor(private readonly teams: TeamRankingService) {}

  @MessagePattern(ANALYTICS_REQUESTS.teamRankings)
  list(@Payload() query: TeamRankingsQuery, @Caller() ctx: RequestContext) {
    return this.teams.list(ctx, query);
  }

  @MessagePattern(ANALYTICS_REQUESTS.teamTrend)
  trend(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.teams.trend(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.teamCoordinates)
  coordinates(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.teams.coordinates(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.teamUnderperformers)
  underperformers(@Payload() payload: CyclePageQuery, @Caller() ctx: RequestContext) {
    return this.teams.underperformers(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.teamWeights)
  weights(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.teams.weights(ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.putTeamWeights)
  putWeights(@Payload() w: TeamCompositeWeights, @Caller() ctx: RequestContext) {
    return this.teams.putWeights(ctx, w);
  }
}

/** The teams' 切 from appraisal (event handlers are providers: MessagingModule finds them there). */
@Injectable()
export class TeamRankingEventsHandler {
  constructor(private readonly teams: TeamRankingService) {}

  @OnEvent('appraisal.team_step.recorded')
  applied(event: EventOf<'appraisal.team_step.recorded'>, m: EntityManager) {
    return this.teams.applied(event, m);
  }
}
