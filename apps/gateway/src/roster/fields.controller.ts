import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FieldView, Page, ROSTER_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateFieldDto, FieldDto, FieldPageDto } from './dto/field.dto';

@ApiTags('roster 花名册')
@ApiBearerAuth()
@Controller('fields')
export class FieldsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Post()
  @Roles('admin', 'org_officer')
  @ApiCreatedResponse({ type: FieldDto, description: '领域已创建' })
  create(@Req() req: AuthedRequest, @Body() dto: CreateFieldDto): Promise<FieldView> {
    return this.rpc.request(ROSTER_REQUESTS.createField, dto, requestContext(req));
  }

  @Get()
  @ApiOkResponse({ type: FieldPageDto, description: 'by code' })
  list(@Req() req: AuthedRequest, @Query() query: PageQueryDto): Promise<Page<FieldView>> {
    return this.rpc.request(ROSTER_REQUESTS.listFields, query, requestContext(req));
  }
}
