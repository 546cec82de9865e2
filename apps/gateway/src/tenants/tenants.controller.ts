import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import type { Page } from '@cadre/contracts';
import { PageQueryDto } from '../common/page-query.dto';
import { CreatedTenantView, CreateTenantDto, TenantPageDto, TenantView } from './dto/create-tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants 租户')
@ApiBearerAuth()
@Controller('tenants')
@Roles('admin')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTenantView })
  create(@Body() dto: CreateTenantDto): Promise<CreatedTenantView> {
    return this.tenants.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: TenantPageDto, description: 'by code' })
  list(@Query() query: PageQueryDto): Promise<Page<TenantView>> {
    return this.tenants.list(query);
  }
}
