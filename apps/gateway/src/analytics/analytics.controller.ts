import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_REQUESTS } from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { RankingsQueryDto, WeightsDto } from './dto/analytics.dto';

/** 比对考核: rankings, the coordinate map, trends and the composite's weights. */
@ApiTags('analytics 比对考核')
@ApiBearerAuth()
@Controller()
export class AnalyticsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('cycles/:id/rankings')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({ description: '{ items: [{ cadreId, name, composite, rank, percentile, excluded?, parts }], revision, computedAt }; ties share a rank (1, 2, 2, 4)' })
  rankings(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Query() query: RankingsQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.rankings, { ...query, cycleId }, requestContext(req));
  }

  @Post('cycles/:id/rankings/recompute')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({ description: 'recomputes now (normally a debounced job does it after every input): { revision, ranked }' })
  recompute(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.recompute, { cycleId }, requestContext(req));
  }

  @Get('cycles/:id/coordinates')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({ description: '坐标系 { points: [{ cadreId, name, teamId, fieldId, composite, x, y, quadrant }] }: x horizontal, y vertical percentile' })
  coordinates(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.coordinates, { cycleId }, requestContext(req));
  }

  @Get('cadres/:id/trend')
  @ApiOkResponse({ description: '{ points: [{ cycleId, year, half, composite, verticalRank, horizontalRank, horizontalPercentile }], direction, warning }' })
  trend(@Req() req: AuthedRequest, @Param('id', uuidParam) cadreId: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.trend, { cadreId }, requestContext(req));
  }

  @Get('analytics/weights')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  weights(@Req() req: AuthedRequest) {
    return this.rpc.request(ANALYTICS_REQUESTS.weights, {}, requestContext(req));
  }

  @Put('analytics/weights')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: 'the weights; every cycle of the tenant is ranked again' })
  putWeights(@Req() req: AuthedRequest, @Body() dto: WeightsDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.putWeights, dto, requestContext(req));
  }
}
