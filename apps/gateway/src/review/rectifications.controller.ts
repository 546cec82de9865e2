import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import type { Page, RectificationView, TwoWayOpinionView } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import {
  OpinionDto,
  ProblemDto,
  RectificationDto,
  RectificationPageDto,
  RectificationProgressDto,
  RectificationsQueryDto,
  TwoWayOpinionDto,
} from './dto/rectification.dto';

/** 双向考核意见与整改 (倒逼): the department's opinion on a unit, its rectification items and their progress. */
@ApiTags('review 双向考核与民主测评')
@ApiBearerAuth()
@Controller()
export class RectificationsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Post('cycles/:id/two-way/:unitId/opinion')
  @Roles('admin', 'org_officer')
  @ApiOperation({
    summary: '记录单位的双向考核意见及整改事项',
    description:
      'Once per unit and cycle, after the cycle has closed. Each item is overdue from the end of its deadline (Beijing time): a job marks it, publishes review.rectification.overdue and the unit’s leaders and the recording officer are notified.',
  })
  @ApiCreatedResponse({ type: TwoWayOpinionDto, description: '意见已记录，含整改事项' })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'a bad field, each named (summary, items[i].title, items[i].deadline)',
  })
  @ApiForbiddenResponse({ type: ProblemDto, description: '只有组织部可以记录双向考核意见' })
  @ApiNotFoundResponse({ type: ProblemDto, description: '考核周期或单位不存在' })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'the cycle is still open, or the unit already has its opinion for the cycle',
  })
  recordOpinion(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('unitId', uuidParam) unitId: string,
    @Body() dto: OpinionDto,
  ): Promise<TwoWayOpinionView> {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.recordOpinion, { ...dto, cycleId, unitId }, requestContext(req));
  }

  @Post('rectifications/:id/progress')
  @Roles('admin', 'org_officer', 'unit_leader')
  @ApiOperation({
    summary: '填报整改进展',
    description:
      'By the leader of the item’s unit (his own unit only: another unit’s item is 404) or the department. done publishes review.rectification.done; a done item takes no more progress (409).',
  })
  @ApiParam({
    name: 'id',
    description: 'rectification item id',
    schema: { type: 'string', format: 'uuid', example: '00000000-0000-4000-8000-00000000000a' },
  })
  @ApiCreatedResponse({ type: RectificationDto, description: '整改事项及其进展' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'status or note missing or bad' })
  @ApiForbiddenResponse({ type: ProblemDto, description: '只有本单位领导或组织部可以填报整改进展' })
  @ApiNotFoundResponse({ type: ProblemDto, description: '整改事项不存在 (or another unit’s, for a leader)' })
  @ApiConflictResponse({ type: ProblemDto, description: 'the item is already done' })
  progress(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) rectificationId: string,
    @Body() dto: RectificationProgressDto,
  ): Promise<RectificationView> {
    return this.rpc.request(
      REVIEW_GATEWAY_REQUESTS.rectificationProgress,
      { ...dto, rectificationId },
      requestContext(req),
    );
  }

  @Get('rectifications')
  @Roles('admin', 'org_officer', 'unit_leader')
  @ApiOperation({
    summary: '整改事项列表',
    description:
      'The department: every unit’s; a unit leader: his own unit’s only (another unitId is 404). Sorted by deadline, then id.',
  })
  @ApiOkResponse({ type: RectificationPageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'a bad filter, limit or a cursor this list did not give' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'only unit leaders and the department' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'a leader asking for another unit' })
  list(@Req() req: AuthedRequest, @Query() query: RectificationsQueryDto): Promise<Page<RectificationView>> {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.listRectifications, query, requestContext(req));
  }
}
