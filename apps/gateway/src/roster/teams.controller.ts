import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, ROSTER_REQUESTS, TeamDetailView, TeamView } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { CreateTeamDto, ListTeamsQueryDto, TeamDetailDto, TeamDto, TeamPageDto, UpdateTeamDto } from './dto/team.dto';

@ApiTags('roster 花名册')
@ApiBearerAuth()
@Controller('teams')
@Roles('admin', 'org_officer', 'assessor', 'unit_leader')
export class TeamsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Post()
  @Roles('admin', 'org_officer')
  @ApiCreatedResponse({ type: TeamDto, description: '班子已创建' })
  create(@Req() req: AuthedRequest, @Body() dto: CreateTeamDto): Promise<TeamView> {
    return this.rpc.request(ROSTER_REQUESTS.createTeam, dto, requestContext(req));
  }

  @Get()
  @ApiOkResponse({ type: TeamPageDto, description: 'by name' })
  list(@Req() req: AuthedRequest, @Query() query: ListTeamsQueryDto): Promise<Page<TeamView>> {
    return this.rpc.request(ROSTER_REQUESTS.listTeams, query, requestContext(req));
  }

  @Get(':id')
  @ApiOkResponse({ type: TeamDetailDto, description: 'with its members' })
  get(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string): Promise<TeamDetailView> {
    return this.rpc.request(ROSTER_REQUESTS.getTeam, { id }, requestContext(req));
  }

  @Patch(':id')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ type: TeamDto })
  update(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string, @Body() dto: UpdateTeamDto): Promise<TeamView> {
    return this.rpc.request(ROSTER_REQUESTS.updateTeam, { ...dto, id }, requestContext(req));
  }
}
