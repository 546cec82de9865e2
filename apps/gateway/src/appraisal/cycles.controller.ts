import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { APPRAISAL_REQUESTS, CycleAction, problem, quoted, ROSTER_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { PageQueryDto } from '../common/page-query.dto';
import { uuidParam } from '../common/uuid-param';
import { ProblemException } from '../problems/problem.filter';
import { TenantsRepository } from '../tenants/tenants.repository';
import { UsersRepository } from '../users/users.repository';
import {
  AppraisalsQueryDto,
  ApplyStepDto,
  AskStepDto,
  AssessmentGroupDto,
  CreateCycleDto,
  CycleScheduleDto,
  ListCyclesQueryDto,
  ListenStepDto,
  LookStepDto,
  UpdateAssessmentGroupDto,
  WartimeRecordDto,
} from './dto/appraisal.dto';
import { PublishCycleDto } from './dto/publish.dto';

/**
 * 考核周期: cycles and their schedule, assessment groups, the 望闻问切 steps, wartime files. The fine
 * rules (assigned assessors only, steps in order, the political gate on `excellent`) are the
 * appraisal service's; these routes keep out roles with no business here.
 */
@ApiTags('appraisal 考核周期')
@ApiBearerAuth()
@Controller()
export class CyclesController {
  constructor(
    private readonly rpc: ServiceClient,
    private readonly users: UsersRepository,
    private readonly tenants: TenantsRepository,
  ) {}

  @Post('cycles')
  @Roles('admin', 'org_officer')
  @ApiCreatedResponse({ description: '{ id, status: scheduled, … }: opens and closes by itself at opensAt / closesAt' })
  async create(@Req() req: AuthedRequest, @Body() dto: CreateCycleDto) {
    await this.checkUnits(req, dto.unitIds ?? []);
    return this.rpc.request(APPRAISAL_REQUESTS.createCycle, dto, requestContext(req));
  }

  @Get('cycles')
  @ApiOkResponse({ description: '{ items, nextCursor }, newest first' })
  list(@Req() req: AuthedRequest, @Query() query: ListCyclesQueryDto) {
    return this.rpc.request(APPRAISAL_REQUESTS.listCycles, query, requestContext(req));
  }

  @Get('cycles/:id')
  get(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.rpc.request(APPRAISAL_REQUESTS.getCycle, { id }, requestContext(req));
  }

  // Explicit routes, not `cycles/:id/:action`: a parameter there would swallow
  // `cycles/:id/wartime-records` and `cycles/:id/campaigns` of other controllers.
  @Post('cycles/:id/open')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({ description: 'opens by hand (before opensAt); the cycle after the change, 409 unless scheduled' })
  open(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.transition(req, id, 'open');
  }

  @Post('cycles/:id/close')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({ description: 'closes by hand (before closesAt); 409 unless open' })
  close(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.transition(req, id, 'close');
  }

  @Post('cycles/:id/publish')
  @Roles('admin', 'org_officer')
  @HttpCode(200)
  @ApiOkResponse({ description: 'publishes the results (考用结合); 409 unless closed' })
  @ApiUnprocessableEntityResponse({
    description:
      'the calibrated 优秀 share is over the guideline (the share and the limit named) and no overrideReason',
  })
  publish(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string, @Body() dto: PublishCycleDto) {
    return this.rpc.request(
      APPRAISAL_REQUESTS.transition,
      { id, action: 'publish', ...(dto.overrideReason !== undefined ? { overrideReason: dto.overrideReason } : {}) },
      requestContext(req),
    );
  }

  @Get('cycle-schedule')
  @Roles('admin', 'org_officer')
  schedule(@Req() req: AuthedRequest) {
    return this.rpc.request(APPRAISAL_REQUESTS.getSchedule, {}, requestContext(req));
  }

  @Put('cycle-schedule')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: 'the schedule with the next half-year it will create, in the tenant’s time zone' })
  async putSchedule(@Req() req: AuthedRequest, @Body() dto: CycleScheduleDto) {
    // The windows are wall-clock dates where the department sits: the tenant's zone goes along.
    const tenant = await this.tenants.findById(req.user!.tenantId);
    return this.rpc.request(
      APPRAISAL_REQUESTS.putSchedule,
      { ...dto, timezone: tenant?.timezone ?? 'Asia/Shanghai' },
      requestContext(req),
    );
  }

  @Post('assessment-groups')
  @Roles('admin', 'org_officer')
  async createGroup(@Req() req: AuthedRequest, @Body() dto: AssessmentGroupDto) {
    await this.checkAssessors(req, dto.assessorUserIds);
    return this.rpc.request(APPRAISAL_REQUESTS.createGroup, dto, requestContext(req));
  }

  @Put('assessment-groups/:id')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: 'the group after the change; the change (who came, who went, why) is recorded' })
  async updateGroup(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) id: string,
    @Body() dto: UpdateAssessmentGroupDto,
  ) {
    await this.checkAssessors(req, dto.assessorUserIds);
    return this.rpc.request(APPRAISAL_REQUESTS.updateGroup, { ...dto, id }, requestContext(req));
  }

  @Get('assessment-groups')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOkResponse({ description: '{ items, nextCursor }, by name; an assessor sees the groups they sit in' })
  groups(@Req() req: AuthedRequest, @Query() query: PageQueryDto) {
    return this.rpc.request(APPRAISAL_REQUESTS.listGroups, query, requestContext(req));
  }

  @Get('assessment-groups/:id/changes')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: '{ items, nextCursor }, the latest change first' })
  groupChanges(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string, @Query() query: PageQueryDto) {
    return this.rpc.request(APPRAISAL_REQUESTS.groupChanges, { ...query, id }, requestContext(req));
  }

  @Put('cycles/:id/appraisals/:cadreId/steps/look')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOkResponse({ description: '望: the appraisal after the step' })
  look(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('cadreId', uuidParam) cadreId: string,
    @Body() dto: LookStepDto,
  ) {
    return this.rpc.request(
      APPRAISAL_REQUESTS.recordStep,
      { cycleId, cadreId, step: 'look', content: dto },
      requestContext(req),
    );
  }

  @Put('cycles/:id/appraisals/:cadreId/steps/listen')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOkResponse({ description: '闻: the appraisal after the step (democratic results come from review)' })
  listen(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('cadreId', uuidParam) cadreId: string,
    @Body() dto: ListenStepDto,
  ) {
    return this.rpc.request(
      APPRAISAL_REQUESTS.recordStep,
      { cycleId, cadreId, step: 'listen', content: dto },
      requestContext(req),
    );
  }

  @Put('cycles/:id/appraisals/:cadreId/steps/ask')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOkResponse({ description: '问: the appraisal after the step' })
  ask(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('cadreId', uuidParam) cadreId: string,
    @Body() dto: AskStepDto,
  ) {
    return this.rpc.request(
      APPRAISAL_REQUESTS.recordStep,
      { cycleId, cadreId, step: 'ask', content: dto },
      requestContext(req),
    );
  }

  @Put('cycles/:id/appraisals/:cadreId/steps/apply')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOkResponse({
    description: '切: the conclusion; `excellent` is refused (422) while the political verdict is attention or fail',
  })
  apply(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cycleId: string,
    @Param('cadreId', uuidParam) cadreId: string,
    @Body() dto: ApplyStepDto,
  ) {
    return this.rpc.request(
      APPRAISAL_REQUESTS.recordStep,
      { cycleId, cadreId, step: 'apply', content: dto },
      requestContext(req),
    );
  }

  @Put('cycles/:id/appraisals/:cadreId/steps/:step')
  @Roles('admin', 'org_officer', 'assessor')
  // The ids are checked as on the four steps' own routes, so a malformed one is named (400), not hidden by the 404.
  @ApiNotFoundResponse({ description: 'any step other than look, listen, ask and apply' })
  unknownStep(
    @Param('id', uuidParam) _cycleId: string,
    @Param('cadreId', uuidParam) _cadreId: string,
    @Param('step') step: string,
  ) {
    throw new ProblemException(
      problem(404, `没有“${quoted(step)}”这个考核环节；四个环节是 look（望）、listen（闻）、ask（问）、apply（切）`),
    );
  }

  @Get('cycles/:id/appraisals')
  @Roles('admin', 'org_officer', 'assessor', 'cadre')
  @ApiOkResponse({
    description: '{ items: [{ cadreId, completedSteps, nextStep, steps, democratic, politicalVerdict }], nextCursor }',
  })
  appraisals(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Query() query: AppraisalsQueryDto) {
    return this.rpc.request(APPRAISAL_REQUESTS.listAppraisals, { ...query, cycleId }, requestContext(req));
  }

  @Post('cycles/:id/wartime-records')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiCreatedResponse({ description: '战时档案记录' })
  addWartime(@Req() req: AuthedRequest, @Param('id', uuidParam) cycleId: string, @Body() dto: WartimeRecordDto) {
    return this.rpc.request(APPRAISAL_REQUESTS.addWartime, { ...dto, cycleId }, requestContext(req));
  }

  @Get('cadres/:id/wartime-file')
  @ApiOkResponse({
    description: '{ records, summary, weekly }: the conduct week by week, not only the first volunteering',
  })
  wartimeFile(@Req() req: AuthedRequest, @Param('id', uuidParam) cadreId: string) {
    return this.rpc.request(APPRAISAL_REQUESTS.wartimeFile, { cadreId }, requestContext(req));
  }

  private transition(req: AuthedRequest, id: string, action: CycleAction) {
    return this.rpc.request(APPRAISAL_REQUESTS.transition, { id, action }, requestContext(req));
  }

  /**
   * The units a cycle is limited to are units of the caller's tenant, each refused by its place
   * (`unitIds.1`) like every id in a body: the roster owns the units, and the appraisal service knows none.
   */
  private async checkUnits(req: AuthedRequest, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const { unknown } = await this.rpc.request(
      ROSTER_REQUESTS.unknownUnits,
      { ids: [...new Set(ids)] },
      requestContext(req),
    );
    if (unknown.length === 0) return;
    const missing = new Set(unknown);
    const errors = ids.flatMap((id, i) =>
      missing.has(id) ? [{ field: `unitIds.${i}`, message: '不是本单位花名册中的单位' }] : [],
    );
    throw new ProblemException(problem(422, '考核范围中有不存在的单位', errors));
  }

  /** Assessors must be users of the caller's tenant with the assessor role; named one by one when not. */
  private async checkAssessors(req: AuthedRequest, ids: string[]): Promise<void> {
    const found = await this.users.findByIds(req.user!.tenantId, ids);
    const errors = ids
      .map((id, i) => {
        const user = found.find((u) => u.id === id);
        if (!user) return { field: `assessorUserIds.${i}`, message: '不是本单位的用户' };
        if (!user.roles.includes('assessor'))
          return { field: `assessorUserIds.${i}`, message: `用户 ${user.username} 没有考核组成员（assessor）角色` };
        return null;
      })
      .filter((e): e is { field: string; message: string } => e !== null);
    if (errors.length > 0)
      throw new ProblemException(problem(422, '考核组成员必须是具有 assessor 角色的本单位用户', errors));
  }
}
