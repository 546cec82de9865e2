import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, ROSTER_REQUESTS, UnitView } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { CreateUnitDto, ListUnitsQueryDto, UnitDto, UnitPageDto, UpdateUnitDto } from './dto/unit.dto';

@ApiTags('roster 花名册')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Post()
  @Roles('admin', 'org_officer')
  @ApiCreatedResponse({ type: UnitDto, description: '单位已创建' })
  create(@Req() req: AuthedRequest, @Body() dto: CreateUnitDto): Promise<UnitView> {
    return this.rpc.request(ROSTER_REQUESTS.createUnit, dto, requestContext(req));
  }

  @Get()
  @ApiOkResponse({ type: UnitPageDto })
  list(@Req() req: AuthedRequest, @Query() query: ListUnitsQueryDto): Promise<Page<UnitView>> {
    return this.rpc.request(ROSTER_REQUESTS.listUnits, query, requestContext(req));
  }

  @Get(':id')
  @ApiOkResponse({ type: UnitDto })
  get(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string): Promise<UnitView> {
    return this.rpc.request(ROSTER_REQUESTS.getUnit, { id }, requestContext(req));
  }

  @Patch(':id')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ type: UnitDto })
  update(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string, @Body() dto: UpdateUnitDto): Promise<UnitView> {
    return this.rpc.request(ROSTER_REQUESTS.updateUnit, { ...dto, id }, requestContext(req));
  }
}
