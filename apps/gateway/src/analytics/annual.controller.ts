import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { annualYearParam, inYearRange } from '../common/year-param';
import { AnnualCoordinatesQueryDto, AnnualRankingsQueryDto, AnnualWeightsDto } from './dto/annual.dto';

/** 年度综合评价: a year's evaluation, its rankings, its map, its sealed record and the annual weights. */
@ApiTags('analytics 比对考核')
@ApiBearerAuth()
@Controller()
export class AnnualController {
  constructor(private readonly rpc: ServiceClient) {}

  @Post('annual/:year/evaluation')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '{ id, year, source, cycleIds, randomCycleIds, weights, gateAsOf, cadres, teams, publishedAt, sequence, digest, previousDigest }: made now or before (idempotent)',
  })
  @ApiConflictResponse({ description: 'the year not over, a periodic cycle of it not published or not sealed yet' })
  evaluate(@Req() req: AuthedRequest, @Param('year', annualYearParam) year: number) {
    return this.rpc.request(ANALYTICS_REQUESTS.evaluateAnnual, { year: inYearRange(year) }, requestContext(req));
  }

  @Get('annual/:year/evaluation')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({ description: 'the year’s evaluation, as made' })
  @ApiNotFoundResponse({ description: 'no evaluation of that year (yet)' })
  evaluation(@Req() req: AuthedRequest, @Param('year', annualYearParam) year: number) {
    return this.rpc.request(ANALYTICS_REQUESTS.annualEvaluation, { year: inYearRange(year) }, requestContext(req));
  }

  @Get('annual/:year/rankings')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({
    description:
      '{ year, publishedAt, items: [{ cadreId, name, composite, rank, percentile, excluded?, parts: { periodic, random, democratic } }], nextCursor }; ties share a rank (1, 2, 2, 4)',
  })
  rankings(
    @Req() req: AuthedRequest,
    @Param('year', annualYearParam) year: number,
    @Query() query: AnnualRankingsQueryDto,
  ) {
    return this.rpc.request(
      ANALYTICS_REQUESTS.annualRankings,
      { ...query, year: inYearRange(year) },
      requestContext(req),
    );
  }

  @Get('annual/:year/coordinates')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({
    description:
      '年度综合评价坐标系 { year, subject: cadre, points: [{ cadreId, name, teamId, fieldId, composite, x, y, quadrant }] }: x horizontal, y vertical percentile; ?subject=team { year, subject: team, points: [{ teamId, name, unitId, fieldId, composite, x, y, quadrant }] }: x in the field, y among all teams',
  })
  coordinates(
    @Req() req: AuthedRequest,
    @Param('year', annualYearParam) year: number,
    @Query() query: AnnualCoordinatesQueryDto,
  ) {
    return this.rpc.request(
      ANALYTICS_REQUESTS.annualCoordinates,
      { ...query, year: inYearRange(year) },
      requestContext(req),
    );
  }

  @Get('annual/:year/record')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '{ kind: annual, annualId, year, format, sequence, publishedAt, sealedAt, digest, previousDigest, weights, gateAsOf, cycleIds, randomCycleIds, rows, teams }',
  })
  record(@Req() req: AuthedRequest, @Param('year', annualYearParam) year: number) {
    return this.rpc.request(ANALYTICS_REQUESTS.annualRecord, { year: inYearRange(year) }, requestContext(req));
  }

  @Get('analytics/annual-weights')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({ description: '{ periodic, random, democratic }: 0.6, 0.2, 0.2 until the tenant sets its own' })
  weights(@Req() req: AuthedRequest) {
    return this.rpc.request(ANALYTICS_REQUESTS.annualWeights, {}, requestContext(req));
  }

  @Put('analytics/annual-weights')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: 'the weights of the annual evaluations made from now on (one made keeps its own)' })
  putWeights(@Req() req: AuthedRequest, @Body() dto: AnnualWeightsDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.putAnnualWeights, dto, requestContext(req));
  }
}
