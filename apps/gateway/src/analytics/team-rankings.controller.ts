import { Body, Controller, Get, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { TeamRankingsQueryDto, TeamWeightsDto } from './dto/team-rankings.dto';

/** 班子排名: the leadership teams of a periodic cycle ranked in their field, and a team's trend. */
@ApiTags('analytics 比对考核')
@ApiBearerAuth()
@Controller()
export class TeamRankingsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Get('cycles/:id/team-rankings')
  @Roles('admin', 'org_officer', 'unit_leader')
  @ApiOperation({
    summary: '班子排名',
    description:
      '周期内各领导班子的综合得分（班子切的得分、班子民主测评、部门的自下而上评价、班子成员综合得分的平均，按已有部分重新归一）和在领域内的名次，并列同名次。组织部看全部，单位领导只看本单位班子。',
  })
  @ApiOkResponse({
    description:
      '{ cycleId, items: [{ teamId, name, unitId, fieldId, composite, rank, n, percentile, parts: { apply, democratic, bottomUp, members }, cooperation }], nextCursor }, by field then rank; cooperation (配合度) is the team’s democratic score on 团结协作, not weighted',
  })
  list(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Query() query: TeamRankingsQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.teamRankings, { ...query, cycleId }, requestContext(req));
  }

  @Get('teams/:id/trend')
  @Roles('admin', 'org_officer', 'unit_leader')
  @ApiOperation({
    summary: '班子历年趋势',
    description: '领导班子在各个已发布定期考核周期的综合得分和名次，从早到晚。',
  })
  @ApiOkResponse({ description: '{ teamId, name, points: [{ cycleId, year, half, composite, rank, n, percentile }] }' })
  trend(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.teamTrend, { id }, requestContext(req));
  }

  @Get('analytics/team-weights')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description: '{ apply, democratic, bottomUp, members }: the defaults until the tenant sets its own',
  })
  weights(@Req() req: AuthedRequest) {
    return this.rpc.request(ANALYTICS_REQUESTS.teamWeights, {}, requestContext(req));
  }

  @Put('analytics/team-weights')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      'the team weights; every cycle of the tenant not closed yet is ranked again (a closed one keeps the team weights of its close)',
  })
  putWeights(@Req() req: AuthedRequest, @Body() dto: TeamWeightsDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.putTeamWeights, dto, requestContext(req));
  }
}
