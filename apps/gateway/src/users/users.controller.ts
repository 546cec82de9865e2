import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { AuthedRequest, AuthUser, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import type { Page } from '@cadre/contracts';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateUserDto, UserPageDto, UserView } from './dto/create-user.dto';
import { ResetPasswordDto, UpdateUserDto } from './dto/update-user.dto';
import { UsersService } from './users.service';

@ApiTags('users 用户')
@ApiBearerAuth()
@Controller('users')
@Roles('admin', 'org_officer')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserView })
  create(@Req() req: AuthedRequest, @CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(user, dto, requestContext(req));
  }

  @Get()
  @ApiOkResponse({ type: UserPageDto, description: 'by username' })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<UserView>> {
    return this.users.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam) id: string): Promise<UserView> {
    return this.users.get(user, id);
  }

  /** Roles, unit, active: a change of any ends the user's sessions. */
  @Patch(':id')
  @ApiOkResponse({ type: UserView })
  update(
    @Req() req: AuthedRequest,
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserView> {
    return this.users.update(user, id, dto, requestContext(req));
  }

  /** Sets another user's password (a forgotten one); that user's sessions end. */
  @Post(':id/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: '密码已重置：该用户的全部访问令牌失效' })
  resetPassword(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<void> {
    return this.users.resetPassword(user, id, dto);
  }
}
