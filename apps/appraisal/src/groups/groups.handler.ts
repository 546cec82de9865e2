import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  APPRAISAL_REQUESTS,
  AssessmentGroupCommand,
  RequestContext,
  UpdateAssessmentGroupCommand,
} from '@cadre/contracts';
import type { GroupChangesQuery, PageQuery } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { GroupsService } from './groups.service';

/** Request patterns for 考核组; the gateway has validated the payloads. */
@Controller()
export class GroupsHandler {
  constructor(private readonly groups: GroupsService) {}

  @MessagePattern(APPRAISAL_REQUESTS.createGroup)
  create(@Payload() command: AssessmentGroupCommand, @Caller() ctx: RequestContext) {
    return this.groups.create(ctx, command);
  }

  @MessagePattern(APPRAISAL_REQUESTS.updateGroup)
  update(@Payload() command: UpdateAssessmentGroupCommand, @Caller() ctx: RequestContext) {
    return this.groups.update(ctx, command);
  }

  @MessagePattern(APPRAISAL_REQUESTS.listGroups)
  list(@Payload() payload: PageQuery, @Caller() ctx: RequestContext) {
    return this.groups.list(ctx, payload);
  }

  @MessagePattern(APPRAISAL_REQUESTS.groupChanges)
  changes(@Payload() payload: GroupChangesQuery, @Caller() ctx: RequestContext) {
    return this.groups.changes(ctx, payload);
  }
}
