import { Injectable } from '@nestjs/common';
import { CreateTeamCommand, RequestContext, ROSTER_REQUESTS } from '@cadre/contracts';
import type { ById, ListTeamsQuery, RenameTeamCommand } from '@cadre/contracts';
import { RpcHandler } from '@cadre/messaging';
import { TeamsService } from './teams.service';

/** Request patterns for 领导班子; the gateway has validated the payloads. */
@Injectable()
export class TeamsHandler {
  constructor(private readonly teams: TeamsService) {}

  @RpcHandler(ROSTER_REQUESTS.createTeam)
  create(payload: CreateTeamCommand, ctx: RequestContext) {
    return this.teams.create(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.listTeams)
  list(payload: ListTeamsQuery, ctx: RequestContext) {
    return this.teams.list(ctx, payload.unitId);
  }

  @RpcHandler(ROSTER_REQUESTS.getTeam)
  get(payload: ById, ctx: RequestContext) {
    return this.teams.get(ctx, payload.id);
  }

  @RpcHandler(ROSTER_REQUESTS.updateTeam)
  update(payload: RenameTeamCommand, ctx: RequestContext) {
    return this.teams.rename(ctx, payload.id, payload.name);
  }
}
