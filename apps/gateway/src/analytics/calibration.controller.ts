import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ANALYTICS_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { CalibrationAdjustmentDto, CycleGuidelineDto, GradeGuidelineDto } from './dto/calibration.dto';

/**
 * 校准 between close and publish, the 优秀 guideline, and the sealed record of a published cycle
 * (docs/records.md). The organization department's only: the table shows every cadre's grade, and the
 * record who was stopped at the political gate.
 */
@ApiTags('analytics 校准与考核记录')
@ApiBearerAuth()
@Controller()
export class CalibrationController {
  constructor(private readonly rpc: ServiceClient) {}

  @Get('cycles/:id/calibration')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '{ cycleId, guideline: { excellentMaxShare, source }, distribution: { excellent, competent, basically_competent, incompetent, total, excellentShare }, items: [{ cadreId, name, teamId, fieldId, composite, grade, calibrated: { composite?, grade? } | null }], changes: [{ id, cadreId, field, from, to, reason, actor, at }] }',
  })
  calibration(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.calibration, { cycleId }, requestContext(req));
  }

  @Post('cycles/:id/calibration/adjustments')
  @Roles('admin', 'org_officer')
  @ApiCreatedResponse({
    description:
      'the change { id, cadreId, field, from, to, reason, actor, at }; the original stays, the cycle is ranked again on calibrated composites',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'no reason; not exactly one of grade and composite; 优秀 for a cadre whose political verdict is not pass',
  })
  @ApiConflictResponse({ description: 'the cycle is not closed yet, or already published' })
  adjust(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Body() dto: CalibrationAdjustmentDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.adjustCalibration, { ...dto, cycleId }, requestContext(req));
  }

  @Put('cycles/:id/calibration/guideline')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description: "the cycle's guideline in force { excellentMaxShare, source }; the change is in the trail",
  })
  @ApiConflictResponse({ description: 'the cycle is published' })
  cycleGuideline(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Body() dto: CycleGuidelineDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.putCycleGuideline, { ...dto, cycleId }, requestContext(req));
  }

  @Get('analytics/grade-guideline')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: '{ excellentMaxShare }: 0.2 until the tenant sets its own' })
  gradeGuideline(@Req() req: AuthedRequest) {
    return this.rpc.request(ANALYTICS_REQUESTS.gradeGuideline, {}, requestContext(req));
  }

  @Put('analytics/grade-guideline')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: '{ excellentMaxShare }: checked when a cycle without its own guideline is published' })
  putGradeGuideline(@Req() req: AuthedRequest, @Body() dto: GradeGuidelineDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.putGradeGuideline, dto, requestContext(req));
  }

  @Get('cycles/:id/record')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '{ cycleId, sequence, publishedAt, sealedAt, digest, previousDigest, weights, rows }: sha256 of the canonical record, chained to the previous one',
  })
  @ApiNotFoundResponse({ description: 'not published, or not sealed yet (seconds after the publish)' })
  record(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.record, { cycleId }, requestContext(req));
  }

  @Get('records/verify')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '{ ok, checked, mismatches: [{ cycleId, expected, actual }] }: every seal recomputed from the rows stored now',
  })
  verify(@Req() req: AuthedRequest) {
    return this.rpc.request(ANALYTICS_REQUESTS.verifyRecords, {}, requestContext(req));
  }
}
