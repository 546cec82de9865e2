import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CreatedTenantView, CreateTenantDto, TenantView } from './dto/create-tenant.dto';
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
  @ApiOkResponse({ type: [TenantView] })
  list(): Promise<TenantView[]> {
    return this.tenants.list();
  }
}
