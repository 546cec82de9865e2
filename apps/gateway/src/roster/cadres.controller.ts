import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CadreVersionView, CadreView, Page, ROSTER_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { PageQueryDto } from '../common/page-query.dto';
import { uuidParam } from '../common/uuid-param';
import {
  CadreDto,
  CadrePageDto,
  CreateCadreDto,
  ListCadresQueryDto,
  TransferCadreDto,
  UpdateCadreDto,
} from './dto/cadre.dto';

@ApiTags('roster 花名册')
@ApiBearerAuth()
@Controller('cadres')
@Roles('admin', 'org_officer', 'assessor', 'unit_leader')
export class CadresController {
  constructor(private readonly rpc: ServiceClient) {}

  @Post()
  @Roles('admin', 'org_officer')
  @ApiCreatedResponse({ type: CadreDto, description: '干部已录入 (version 1)' })
  create(@Req() req: AuthedRequest, @Body() dto: CreateCadreDto): Promise<CadreView> {
    return this.rpc.request(ROSTER_REQUESTS.createCadre, dto, requestContext(req));
  }

  @Get()
  @ApiOkResponse({ type: CadrePageDto })
  list(@Req() req: AuthedRequest, @Query() query: ListCadresQueryDto): Promise<Page<CadreView>> {
    return this.rpc.request(ROSTER_REQUESTS.listCadres, query, requestContext(req));
  }

  @Get(':id')
  @ApiOkResponse({ type: CadreDto })
  get(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string): Promise<CadreView> {
    return this.rpc.request(ROSTER_REQUESTS.getCadre, { id }, requestContext(req));
  }

  @Patch(':id')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ type: CadreDto, description: 'a new version when anything changed' })
  update(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) id: string,
    @Body() dto: UpdateCadreDto,
  ): Promise<CadreView> {
    return this.rpc.request(ROSTER_REQUESTS.updateCadre, { ...dto, id }, requestContext(req));
  }

  @Post(':id/transfers')
  @Roles('admin', 'org_officer')
  @ApiCreatedResponse({ type: CadreDto, description: '调动: a new version and roster.cadre.transferred' })
  transfer(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) id: string,
    @Body() dto: TransferCadreDto,
  ): Promise<CadreView> {
    return this.rpc.request(ROSTER_REQUESTS.transferCadre, { ...dto, id }, requestContext(req));
  }

  @Get(':id/history')
  @ApiOkResponse({
    description:
      'every version, oldest first: { items: [{ versionNo, change, changed, reason, effectiveDate, actor, recordedAt, snapshot }], nextCursor }',
  })
  history(
    @Req() req: AuthedRequest,
    @Param('id', uuidParam) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<CadreVersionView>> {
    return this.rpc.request(ROSTER_REQUESTS.cadreHistory, { ...query, id }, requestContext(req));
  }
}
