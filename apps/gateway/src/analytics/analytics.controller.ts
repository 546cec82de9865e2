import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_REQUESTS } from '@cadre/contracts';
import type {
  CadreDossierView,
  CoordinatesView,
  DossierHtml,
  TeamCoordinatesView,
  TeamDossierView,
  TeamUnderperformersView,
  UnderperformersView,
} from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { PageQueryDto } from '../common/page-query.dto';
import { uuidParam } from '../common/uuid-param';
import { htmlToPdf } from './html-to-pdf';
import { AuditedRead } from '../audit/audit-read.interceptor';
import {
  AdjustmentBatchDto,
  AwardDto,
  AwardStoryDto,
  CoordinatesQueryDto,
  BatchQueryDto,
  DecideAwardDto,
  DossierQueryDto,
  IssueRecommendationDto,
  RankingsQueryDto,
  SandboxDto,
  ScenarioBatchDto,
  ScenarioDto,
  SelectionStatisticsQueryDto,
  TalkDto,
  TalksQueryDto,
  UnderperformersQueryDto,
  TeamDossierQueryDto,
  WeightsDto,
} from './dto/analytics.dto';
import { TrendQueryDto } from './dto/annual.dto';

/** A team's report with every member's is a dozen reports in one answer. */
const MEMBERS_DOSSIER_TIMEOUT_MS = 60_000;

/** 比对考核 (rankings, the coordinate map, trends, weights), dossiers and the three mechanisms. */
@ApiTags('analytics 比对考核')
@ApiBearerAuth()
@Controller()
export class AnalyticsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Get('cycles/:id/rankings')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({
    description:
      '{ items: [{ cadreId, name, composite, rank, percentile, excluded?, parts }], nextCursor, revision, computedAt }; ties share a rank (1, 2, 2, 4); a cursor of an earlier revision answers 409 (read again from the first page)',
  })
  rankings(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Query() query: RankingsQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.rankings, { ...query, cycleId }, requestContext(req));
  }

  @Post('cycles/:id/rankings/recompute')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'recomputes now (normally a debounced job does it after every input): { revision, ranked }',
  })
  recompute(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.recompute, { cycleId }, requestContext(req));
  }

  @Get('cycles/:id/coordinates')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({
    description:
      '坐标系 { points: [{ cadreId, name, teamId, fieldId, composite, x, y, quadrant }] }: x horizontal, y vertical percentile; ?subject=team: { subject: "team", points: [{ teamId, name, unitId, fieldId, composite, x, y, quadrant }] }, x the percentile in the field, y among all the cycle’s teams (organization department and unit leaders only; a leader sees their own team)',
  })
  coordinates(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Query() query: CoordinatesQueryDto,
  ): Promise<CoordinatesView | TeamCoordinatesView> {
    if (query.subject === 'team')
      return this.rpc.request(ANALYTICS_REQUESTS.teamCoordinates, { cycleId }, requestContext(req));
    return this.rpc.request(ANALYTICS_REQUESTS.coordinates, { cycleId }, requestContext(req));
  }

  @Get('cadres/:id/trend')
  @ApiOkResponse({
    description:
      '{ points: [{ cycleId, year, half, composite, verticalRank, horizontalRank, horizontalPercentile }], direction, warning }; ?by=year: { cadreId, by, points: [{ year, composite, verticalRank, horizontalRank, horizontalPercentile }], direction, warning }',
  })
  trend(@Req() req: AuthedRequest, @Param('id', uuidParam) cadreId: string, @Query() query: TrendQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.trend, { ...query, cadreId }, requestContext(req));
  }

  @Get('analytics/weights')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  weights(@Req() req: AuthedRequest) {
    return this.rpc.request(ANALYTICS_REQUESTS.weights, {}, requestContext(req));
  }

  @Put('analytics/weights')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      'the weights; every cycle of the tenant not closed yet is ranked again (a closed one keeps the weights of its close)',
  })
  putWeights(@Req() req: AuthedRequest, @Body() dto: WeightsDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.putWeights, dto, requestContext(req));
  }

  @Get('cadres/:id/dossier')
  @Roles('admin', 'org_officer', 'assessor')
  @AuditedRead()
  @ApiOkResponse({
    description: '一干部一档案: JSON, ?format=html for the printable report, ?format=pdf for it as PDF',
  })
  async cadreDossier(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id', uuidParam) cadreId: string,
    @Query() query: DossierQueryDto,
  ) {
    const dossier = await this.rpc.request(
      ANALYTICS_REQUESTS.cadreDossier,
      { cadreId, format: query.format === 'pdf' ? 'html' : (query.format ?? 'json') },
      requestContext(req),
    );
    return this.dossierBody(res, dossier, query.format);
  }

  @Get('teams/:id/dossier')
  @Roles('admin', 'org_officer', 'assessor')
  @AuditedRead()
  @ApiOkResponse({
    description:
      '一班子一档案: JSON, ?format=html for the printable report, ?format=pdf for it as PDF; with members=true (html, pdf) the team and then each member the reader may read, in one document',
  })
  async teamDossier(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id', uuidParam) teamId: string,
    @Query() query: TeamDossierQueryDto,
  ) {
    const dossier = await this.rpc.request(
      ANALYTICS_REQUESTS.teamDossier,
      {
        teamId,
        format: query.format === 'pdf' ? 'html' : (query.format ?? 'json'),
        ...(query.members && query.format && query.format !== 'json' ? { members: true } : {}),
      },
      requestContext(req),
      query.members ? MEMBERS_DOSSIER_TIMEOUT_MS : undefined,
    );
    return this.dossierBody(res, dossier, query.format);
  }

  @Get('cycles/:id/selection-candidates')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '考用结合: { items: [{ cadreId, name, composite, horizontalPercentile, verticalRank, tags }], nextCursor, rule, stats } (stats of every candidate)',
  })
  selection(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Query() query: PageQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.selection, { ...query, cycleId }, requestContext(req));
  }

  @Get('cycles/:id/underperformers')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '考管联动: { items: [{ cadreId, name, composite, reasons, fallingCycles, talked }], nextCursor }; ?subject=team: { subject: "team", items: [{ teamId, name, unitId, fieldId, composite, percentile, principal: { cadreId, name }, talked, fallingCycles, reasons }], nextCursor }',
  })
  underperformers(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Query() query: UnderperformersQueryDto,
  ): Promise<UnderperformersView | TeamUnderperformersView> {
    const { subject, ...page } = query;
    if (subject === 'team')
      return this.rpc.request(ANALYTICS_REQUESTS.teamUnderperformers, { ...page, cycleId }, requestContext(req));
    return this.rpc.request(ANALYTICS_REQUESTS.underperformers, { ...page, cycleId }, requestContext(req));
  }

  @Post('selection/batches')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '调整批次: { id, name, decidedOn, status (draft with moves; recorded: ids only), moves, statistics }; nothing moves until decide',
  })
  addBatch(@Req() req: AuthedRequest, @Body() dto: AdjustmentBatchDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.addBatch, dto, requestContext(req));
  }

  @Get('selection/batches')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '{ items, nextCursor, stats: { batches, cadres, youngShare, wartimeDistinguishedShare } }: by decidedOn; stats of every batch',
  })
  batches(@Req() req: AuthedRequest, @Query() query: PageQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.batches, query, requestContext(req));
  }

  @Get('selection/batches/:id')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      'the batch with its moves and statistics { cadres, youngShare, excellentYoungShare, distinguishedShare (in ?topic=), byUnitKind }',
  })
  batch(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string, @Query() query: BatchQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.batch, { ...query, id }, requestContext(req));
  }

  @Post('selection/batches/:id/decide')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '决定 (irreversible): every move becomes a roster transfer with the batch as its reason; deciding again is 409 and moves nobody',
  })
  decideBatch(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.decideBatch, { id }, requestContext(req));
  }

  @Get('selection/statistics')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '{ from, to, batches, cadres, young, youngShare, excellentYoung, excellentYoungShare, distinguished, distinguishedShare, youngAgeLimit, excellenceCycleId, topic, byUnitKind }',
  })
  selectionStatistics(@Req() req: AuthedRequest, @Query() query: SelectionStatisticsQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.selectionStatistics, query, requestContext(req));
  }

  @Post('talks')
  @Roles('admin', 'org_officer')
  addTalk(@Req() req: AuthedRequest, @Body() dto: TalkDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.addTalk, dto, requestContext(req));
  }

  @Get('talks')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: '{ items, nextCursor }: the latest talk first' })
  talks(@Req() req: AuthedRequest, @Query() query: TalksQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.talks, query, requestContext(req));
  }

  @Post('sandbox')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({
    description: '选配沙盘: { before, after } metrics of every team the moves touch; nothing real changes',
  })
  sandbox(@Req() req: AuthedRequest, @Body() dto: SandboxDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.sandbox, dto, requestContext(req));
  }

  @Post('sandbox/scenarios')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: '选配沙盘方案: { id, name, moves, note, createdBy, createdAt, batchIds }' })
  saveScenario(@Req() req: AuthedRequest, @Body() dto: ScenarioDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.saveScenario, dto, requestContext(req));
  }

  @Get('sandbox/scenarios')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: '{ items, nextCursor }: the latest scenario first' })
  scenarios(@Req() req: AuthedRequest, @Query() query: PageQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.scenarios, query, requestContext(req));
  }

  @Get('sandbox/scenarios/:id')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: 'the scenario with the batches made of it' })
  scenario(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.scenario, { id }, requestContext(req));
  }

  @Post('sandbox/scenarios/:id/batch')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: "a draft adjustment batch of the scenario's moves (decide it to move anybody)" })
  scenarioBatch(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string, @Body() dto: ScenarioBatchDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.scenarioBatch, { ...dto, id }, requestContext(req));
  }

  @Post('awards')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description: '正向激励: the award with its nominees and the proposal (quota, tilt toward grassroots units)',
  })
  createAward(@Req() req: AuthedRequest, @Body() dto: AwardDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.createAward, dto, requestContext(req));
  }

  @Get('awards')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: '{ items, nextCursor }: the latest award first' })
  awards(@Req() req: AuthedRequest, @Query() query: PageQueryDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.awards, query, requestContext(req));
  }

  @Get('awards/:id')
  @ApiOkResponse({
    description:
      'nominees, proposal or winners with their stories; published awards are visible to everyone in the tenant',
  })
  award(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.award, { id }, requestContext(req));
  }

  @Post('awards/:id/decide')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  decideAward(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string, @Body() dto: DecideAwardDto) {
    return this.rpc.request(ANALYTICS_REQUESTS.decideAward, { ...dto, id }, requestContext(req));
  }

  @Put('awards/:id/winners/:targetId/story')
  @Roles('admin', 'org_officer')
  awardStory(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) id: string,
    @Param('targetId', uuidParam) targetId: string,
    @Body() dto: AwardStoryDto,
  ) {
    return this.rpc.request(ANALYTICS_REQUESTS.awardStory, { ...dto, id, targetId }, requestContext(req));
  }

  @Post('awards/:id/publish')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({ description: '公示 the winners and their stories' })
  publishAward(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.publishAward, { id }, requestContext(req));
  }

  @Post('awards/:id/recommendation')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      '民主推荐: { awardId, maxPicks, tokens: [{ voter, token }] } — one token per voter, shown only here; each casts at /recommendation-ballots/:token',
  })
  issueRecommendation(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) id: string,
    @Body() dto: IssueRecommendationDto,
  ) {
    return this.rpc.request(ANALYTICS_REQUESTS.issueRecommendation, { ...dto, id }, requestContext(req));
  }

  @Post('awards/:id/recommendation/close')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      'ends the recommendation and tallies it: the award with its nominees ordered by picks (composite breaking ties); fewer ballots than the anonymity threshold: no counts (recommendation.suppressed)',
  })
  closeRecommendation(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.rpc.request(ANALYTICS_REQUESTS.closeRecommendation, { id }, requestContext(req));
  }

  private async dossierBody(res: Response, dossier: CadreDossierView | TeamDossierView | DossierHtml, format?: string) {
    // Asked for as html for both html and pdf (above): then the answer is the report.
    const html = 'html' in dossier ? dossier.html : undefined;
    if (format === 'pdf') {
      res.type('application/pdf');
      res.setHeader('content-disposition', 'inline; filename="dossier.pdf"');
      return new StreamableFile(await htmlToPdf(html!));
    }
    if (format !== 'html') return dossier;
    res.type('text/html; charset=utf-8');
    // Printable report: nothing is loaded from anywhere, nothing runs.
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return html;
  }
}
