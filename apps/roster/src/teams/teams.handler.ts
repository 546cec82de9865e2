import { Controller } from '@nestjs/common';
import { CreateTeamCommand, RequestContext, ROSTER_REQUESTS } from '@cadre/contracts';
import type { ById, ListTeamsQuery, RenameTeamCommand } from '@cadre/contracts';
import { TeamsService } from './teams.service';
import { Payload } from '@nestjs/microservices';
import { Caller, MessagePattern } from '@cadre/messaging';

/** Request patterns for 领导班子; the gateway has validated the payloads. */
@Controller()
export class TeamsHandler {
  constructor(private readonly teams: TeamsService) {}

  @MessagePattern(ROSTER_REQUESTS.createTeam)
  create(@Payload() payload: CreateTeamCommand, @Caller() ctx: RequestContext) {
    return this.teams.create(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.listTeams)
  list(@Payload() payload: ListTeamsQuery, @Caller() ctx: RequestContext) {
    return this.teams.list(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.getTeam)
  get(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.teams.get(ctx, payload.id);
  }

  @MessagePattern(ROSTER_REQUESTS.updateTeam)
  update(@Payload() payload: RenameTeamCommand, @Caller() ctx: RequestContext) {
    return this.teams.rename(ctx, payload.id, payload.name);
  }
}
