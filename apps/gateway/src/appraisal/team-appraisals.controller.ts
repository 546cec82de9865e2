import { Body, Controller, Get, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APPRAISAL_REQUESTS, problem, quoted } from '@cadre/contracts';
import type { AppraisalStep, TeamStepContent } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { ProblemException } from '../problems/problem.filter';
import { AskStepDto, ListenStepDto, LookStepDto } from './dto/appraisal.dto';
import { TeamAppraisalsQueryDto, TeamApplyStepDto } from './dto/team-appraisal.dto';

/**
 * 班子考核: the leadership teams of a periodic cycle's units, appraised in the same four steps as
 * their cadres. The rules (the group that appraises the team's unit writes, steps in order) are the
 * appraisal service's; these routes keep out roles with no business here.
 */
@ApiTags('appraisal 考核周期')
@ApiBearerAuth()
@Controller('cycles/:id/team-appraisals')
export class TeamAppraisalsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Get()
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOperation({
    summary: '班子考核列表',
    description:
      '周期内各单位领导班子的望闻问切记录。组织部看全部，考核组成员看所负责单位的班子，单位领导在结果发布后看本单位班子。',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ id, teamId, teamName, unitId, completedSteps, nextStep, steps, score, runningState }], nextCursor }',
  })
  list(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Query() query: TeamAppraisalsQueryDto) {
    return this.rpc.request(APPRAISAL_REQUESTS.listTeamAppraisals, { ...query, cycleId }, requestContext(req));
  }

  @Put(':teamId/steps/look')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOperation({
    summary: '班子考核：望',
    description: '查阅班子述职报告、工作总结等材料。事件 appraisal.team_step.recorded。',
  })
  @ApiOkResponse({ description: '望: the team appraisal after the step' })
  look(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('teamId', uuidParam) teamId: string,
    @Body() dto: LookStepDto,
  ) {
    return this.record(req, cycleId, teamId, 'look', dto);
  }

  @Put(':teamId/steps/listen')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOperation({ summary: '班子考核：闻', description: '班子民主测评与反馈。事件 appraisal.team_step.recorded。' })
  @ApiOkResponse({ description: '闻: the team appraisal after the step' })
  listen(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('teamId', uuidParam) teamId: string,
    @Body() dto: ListenStepDto,
  ) {
    return this.record(req, cycleId, teamId, 'listen', dto);
  }

  @Put(':teamId/steps/ask')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOperation({ summary: '班子考核：问', description: '谈话了解班子存在的问题。事件 appraisal.team_step.recorded。' })
  @ApiOkResponse({ description: '问: the team appraisal after the step' })
  ask(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('teamId', uuidParam) teamId: string,
    @Body() dto: AskStepDto,
  ) {
    return this.record(req, cycleId, teamId, 'ask', dto);
  }

  @Put(':teamId/steps/apply')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOperation({
    summary: '班子考核：切',
    description: '班子运行状态、存在问题、整改要求和调整建议，以及班子得分。事件 appraisal.team_step.recorded。',
  })
  @ApiOkResponse({ description: '切: the team appraisal after its conclusion' })
  apply(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('teamId', uuidParam) teamId: string,
    @Body() dto: TeamApplyStepDto,
  ) {
    return this.record(req, cycleId, teamId, 'apply', dto);
  }

  @Put(':teamId/steps/:step')
  @Roles('admin', 'org_officer', 'assessor')
  // The ids are checked as on the four steps' own routes, so a malformed one is named (400), not hidden by the 404.
  @ApiNotFoundResponse({ description: 'any step other than look, listen, ask and apply' })
  unknownStep(
    @Param('id', uuidParam) _cycleId: string,
    @Param('teamId', uuidParam) _teamId: string,
    @Param('step') step: string,
  ) {
    throw new ProblemException(
      problem(404, `没有“${quoted(step)}”这个考核环节；四个环节是 look（望）、listen（闻）、ask（问）、apply（切）`),
    );
  }

  private record(req: AuthedRequest, cycleId: string, teamId: string, step: AppraisalStep, content: TeamStepContent) {
    return this.rpc.request(APPRAISAL_REQUESTS.recordTeamStep, { cycleId, teamId, step, content }, requestContext(req));
  }
}
