import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS } from '@cadre/contracts';
import type { ListTeamAppraisalsQuery, RecordTeamStepCommand, RequestContext } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { TeamAppraisalsService } from './team-appraisals.service';

/** Request patterns for 班子考核; the gateway has validated the payloads. */
@Controller()
export class TeamAppraisalsHandler {
  constructor(private readonly teams: TeamAppraisalsService) {}

  @MessagePattern(APPRAISAL_REQUESTS.recordTeamStep)
  record(@Payload() command: RecordTeamStepCommand, @Caller() ctx: RequestContext) {
    return this.teams.record(ctx, command);
  }

  @MessagePattern(APPRAISAL_REQUESTS.listTeamAppraisals)
  list(@Payload() query: ListTeamAppraisalsQuery, @Caller() ctx: RequestContext) {
    return this.teams.list(ctx, query);
  }
}
