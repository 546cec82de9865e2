import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CHECKLISTS_REQUESTS, problem, quoted, TASK_LIST_ACTIONS, TaskListAction } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { AuditedRead } from '../audit/audit-read.interceptor';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { ProblemException } from '../problems/problem.filter';
import {
  DimensionsDto,
  FulfillmentDto,
  ObservationDto,
  OverdueTasksQueryDto,
  PrioritiesDto,
  ProgressDto,
  ResponsibilityRatingDto,
  ResponsibilityDto,
  TaskDto,
  TransitionDto,
  VerdictRuleDto,
  YearQueryDto,
} from './dto/checklists.dto';

const yearParam = new ParseIntPipe({
  exceptionFactory: () =>
    new ProblemException(problem(400, '路径中的年份必须是整数', [{ field: 'year', message: '必须是整数' }])),
});

function checkYear(year: number): number {
  if (year < 2000 || year > 2100)
    throw new ProblemException(problem(400, '年份超出范围', [{ field: 'year', message: '必须在 2000 至 2100 之间' }]));
  return year;
}

/** The path's action as the payload's: a check the compiler believes, not a cast. */
const isTaskListAction = (action: string): action is TaskListAction =>
  (TASK_LIST_ACTIONS as readonly string[]).includes(action);

/**
 * 三张清单. Fine-grained rules (own lists only for a cadre, assigned assessors for political files,
 * only the cadre signs) are the checklists service's: these routes only keep out roles with no
 * business here at all.
 */
@ApiTags('checklists 三张清单')
@ApiBearerAuth()
@Controller()
export class ChecklistsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Get('political/dimensions')
  @ApiOkResponse({ description: 'the 6 dimensions with their indicators: [{ key, name, description, indicators }]' })
  dimensions(@Req() req: AuthedRequest) {
    return this.rpc.request(CHECKLISTS_REQUESTS.dimensions, {}, requestContext(req));
  }

  @Put('political/dimensions')
  @Roles('admin', 'org_officer')
  updateDimensions(@Req() req: AuthedRequest, @Body() dto: DimensionsDto) {
    return this.rpc.request(CHECKLISTS_REQUESTS.updateDimensions, dto, requestContext(req));
  }

  @Get('political/rule')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOkResponse({
    type: VerdictRuleDto,
    description:
      'the gate rule: bad with ≥ badRedLines red lines or ≥ badMajors majors in windowMonths; watch with ≥ watchMajors majors or ≥ watchMinors minors',
  })
  rule(@Req() req: AuthedRequest) {
    return this.rpc.request(CHECKLISTS_REQUESTS.rule, {}, requestContext(req));
  }

  @Put('political/rule')
  @Roles('admin', 'org_officer')
  updateRule(@Req() req: AuthedRequest, @Body() dto: VerdictRuleDto) {
    return this.rpc.request(CHECKLISTS_REQUESTS.updateRule, dto, requestContext(req));
  }

  @Post('cadres/:id/political-observations')
  @Roles('admin', 'org_officer', 'assessor')
  @ApiOkResponse({ description: 'the political file after the observation' })
  observe(@Req() req: AuthedRequest, @Param('id', uuidParam) cadreId: string, @Body() dto: ObservationDto) {
    return this.rpc.request(CHECKLISTS_REQUESTS.observe, { ...dto, cadreId }, requestContext(req));
  }

  @Get('cadres/:id/political-file')
  @Roles('admin', 'org_officer', 'assessor')
  @AuditedRead()
  @ApiOkResponse({
    description:
      '{ cadreId, verdict: pass|attention|fail, dimensions, observations, updatedAt } — org officers and assigned assessors only; every read is audited',
  })
  politicalFile(@Req() req: AuthedRequest, @Param('id', uuidParam) cadreId: string) {
    return this.rpc.request(CHECKLISTS_REQUESTS.politicalFile, { cadreId }, requestContext(req));
  }

  @Post('cadres/:id/responsibilities')
  addResponsibility(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cadreId: string,
    @Body() dto: ResponsibilityDto,
  ) {
    return this.rpc.request(CHECKLISTS_REQUESTS.addResponsibility, { ...dto, cadreId }, requestContext(req));
  }

  @Get('cadres/:id/responsibilities')
  responsibilities(@Req() req: AuthedRequest, @Param('id', uuidParam) cadreId: string, @Query() query: YearQueryDto) {
    return this.rpc.request(
      CHECKLISTS_REQUESTS.listResponsibilities,
      { cadreId, year: query.year },
      requestContext(req),
    );
  }

  @Post('responsibilities/:id/fulfillments')
  fulfil(@Req() req: AuthedRequest, @Param('id', uuidParam) responsibilityId: string, @Body() dto: FulfillmentDto) {
    return this.rpc.request(CHECKLISTS_REQUESTS.fulfil, { ...dto, responsibilityId }, requestContext(req));
  }

  @Post('responsibilities/:id/rating')
  @Roles('admin', 'org_officer', 'unit_leader')
  rate(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) responsibilityId: string,
    @Body() dto: ResponsibilityRatingDto,
  ) {
    return this.rpc.request(CHECKLISTS_REQUESTS.rate, { ...dto, responsibilityId }, requestContext(req));
  }

  @Get('priorities')
  priorities(@Req() req: AuthedRequest, @Query() query: YearQueryDto) {
    return this.rpc.request(
      CHECKLISTS_REQUESTS.priorities,
      { year: query.year ?? new Date().getUTCFullYear() },
      requestContext(req),
    );
  }

  @Put('priorities')
  @Roles('admin', 'org_officer')
  updatePriorities(@Req() req: AuthedRequest, @Body() dto: PrioritiesDto) {
    return this.rpc.request(CHECKLISTS_REQUESTS.updatePriorities, dto, requestContext(req));
  }

  @Post('cadres/:id/task-lists/:year/tasks')
  addTask(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cadreId: string,
    @Param('year', yearParam) year: number,
    @Body() dto: TaskDto,
  ) {
    return this.rpc.request(
      CHECKLISTS_REQUESTS.addTask,
      { ...dto, cadreId, year: checkYear(year) },
      requestContext(req),
    );
  }

  @Get('cadres/:id/task-lists/:year')
  @ApiOkResponse({
    description: '{ status: draft|submitted|returned|approved|signed, signedAt, tasks, completionScore, history }',
  })
  taskList(@Req() req: AuthedRequest, @Param('id', uuidParam) cadreId: string, @Param('year', yearParam) year: number) {
    return this.rpc.request(CHECKLISTS_REQUESTS.taskList, { cadreId, year: checkYear(year) }, requestContext(req));
  }

  @Post('cadres/:id/task-lists/:year/:action')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      "submit | approve | return (reason; the department or the leader of the cadre's unit) | sign (the cadre only, after approve) | amend (the cadre only; reason; a signed list back to draft)",
  })
  transition(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) cadreId: string,
    @Param('year', yearParam) year: number,
    @Param('action') action: string,
    @Body() dto: TransitionDto,
  ) {
    if (!isTaskListAction(action)) {
      throw new ProblemException(
        problem(404, `没有“${quoted(action)}”这个操作；可用：${TASK_LIST_ACTIONS.join(', ')}`),
      );
    }
    return this.rpc.request(
      CHECKLISTS_REQUESTS.transition,
      { cadreId, year: checkYear(year), action, reason: dto.reason },
      requestContext(req),
    );
  }

  @Get('tasks/overdue')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description:
      "{ items: [{ id, cadreId, cadreName, year, title, deadline, indicator, actual }] }: the tenant's overdue tasks, latest deadline first (任务逾期预警)",
  })
  overdueTasks(@Req() req: AuthedRequest, @Query() query: OverdueTasksQueryDto) {
    return this.rpc.request(CHECKLISTS_REQUESTS.overdueTasks, { limit: query.limit }, requestContext(req));
  }

  @Post('tasks/:id/progress')
  @HttpCode(200)
  progress(@Req() req: AuthedRequest, @Param('id', uuidParam) taskId: string, @Body() dto: ProgressDto) {
    return this.rpc.request(CHECKLISTS_REQUESTS.progress, { ...dto, taskId }, requestContext(req));
  }
}
