import { Body, Controller, Get, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { problem, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { PageQueryDto } from '../common/page-query.dto';
import { uuidParam } from '../common/uuid-param';
import { ProblemException } from '../problems/problem.filter';
import { UsersRepository } from '../users/users.repository';
import { CampaignDto, ReviewSettingsDto, TemplatesDto, TwoWayQueryDto } from './dto/review.dto';

/** A campaign with many thousands of voters hashes and stores every token in one transaction. */
const CREATE_TIMEOUT_MS = 60_000;

/** 双向考核与民主测评, the organization department's side: campaigns, tokens, results. */
@ApiTags('review 双向考核与民主测评')
@ApiBearerAuth()
@Roles('admin', 'org_officer')
@Controller()
export class ReviewController {
  constructor(
    private readonly rpc: ServiceClient,
    private readonly users: UsersRepository,
  ) {}

  @Get('review/templates')
  @ApiOkResponse({ description: '{ democratic, top_down, bottom_up }: item templates [{ key, name, description }]' })
  templates(@Req() req: AuthedRequest) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.templates, {}, requestContext(req));
  }

  @Put('review/templates')
  updateTemplates(@Req() req: AuthedRequest, @Body() dto: TemplatesDto) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.updateTemplates, dto, requestContext(req));
  }

  @Get('review/settings')
  @ApiOkResponse({
    description: '{ minGroupSize }: the anonymity threshold (3–20, default 5) every democratic result is shown under',
  })
  settings(@Req() req: AuthedRequest) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.settings, {}, requestContext(req));
  }

  @Put('review/settings')
  @ApiOkResponse({ description: '{ minGroupSize } as stored; the closed cycles’ results are published again under it' })
  updateSettings(@Req() req: AuthedRequest, @Body() dto: ReviewSettingsDto) {
    return this.rpc.request(
      REVIEW_GATEWAY_REQUESTS.updateSettings,
      { minGroupSize: dto.minGroupSize },
      requestContext(req),
    );
  }

  @Post('cycles/:id/campaigns')
  @ApiOkResponse({
    description: '201 { id, …campaign, tokens: [{ voter, token }] } — the tokens are shown only in this answer',
  })
  async create(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Body() dto: CampaignDto) {
    await this.checkVoterUsers(req, dto);
    return this.rpc.request(
      REVIEW_GATEWAY_REQUESTS.createCampaign,
      { ...dto, cycleId },
      requestContext(req),
      CREATE_TIMEOUT_MS,
    );
  }

  @Get('cycles/:id/campaigns')
  @ApiOkResponse({ description: '{ items: [campaign], nextCursor }, oldest first' })
  list(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Query() query: PageQueryDto) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.listCampaigns, { ...query, cycleId }, requestContext(req));
  }

  @Get('campaigns/:id')
  get(@Req() req: AuthedRequest, @Param('id', uuidParam) campaignId: string) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.getCampaign, { campaignId }, requestContext(req));
  }

  @Get('campaigns/:id/participation')
  @ApiOkResponse({ description: '{ issued, cast, rate, byGroup: [{ group, issued, cast, rate }] }' })
  participation(@Req() req: AuthedRequest, @Param('id', uuidParam) campaignId: string) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.participation, { campaignId }, requestContext(req));
  }

  @Get('campaigns/:id/results')
  @ApiOkResponse({
    description:
      '{ items: [{ targetId, ballots, suppressed, gradeCounts, excellentRate, competentOrBetterRate, score, byGroup: [{ group, weight, ballots, suppressed, … }] }], nextCursor }, by targetId — only once the cycle has closed (409 while it is open: see /participation). Numbers of fewer ballots than minGroupSize are null (suppressed). score: trimmed mean (top and bottom 10% dropped from 10 ballots on), weighted by the shown voter groups when the campaign has weights',
  })
  results(@Req() req: AuthedRequest, @Param('id', uuidParam) campaignId: string, @Query() query: PageQueryDto) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.results, { ...query, campaignId }, requestContext(req));
  }

  @Get('cycles/:id/two-way')
  @ApiOkResponse({
    description:
      '{ items: [{ unitId, topDown, bottomUp, gap, flagged, opinions?, opinion?, previousRectifications?, worth? }], nextCursor } (?unitId=: that unit only), by unitId — only once the cycle has closed (409 while open); a side from fewer ballots than minGroupSize is null, and so is the gap; flagged: rated ≥ 10 points lower from below than from above',
  })
  twoWay(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Query() query: TwoWayQueryDto) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.twoWay, { ...query, cycleId }, requestContext(req));
  }

  /**
   * A voter's userId (for reminders) is a user of the caller's tenant: users live in the gateway, so the
   * review service cannot tell; another tenant's user would get this tenant's reminders.
   */
  private async checkVoterUsers(req: AuthedRequest, dto: CampaignDto): Promise<void> {
    const ids = [...new Set(dto.voters.map((v) => v.userId).filter((id): id is string => !!id))];
    if (ids.length === 0) return;
    const known = new Set((await this.users.findByIds(req.user!.tenantId, ids)).map((u) => u.id));
    const errors = dto.voters.flatMap((v, i) =>
      v.userId && !known.has(v.userId) ? [{ field: `voters[${i}].userId`, message: '不是本单位的用户' }] : [],
    );
    if (errors.length > 0) throw new ProblemException(problem(422, '投票人关联的用户必须是本单位的用户', errors));
  }
}
