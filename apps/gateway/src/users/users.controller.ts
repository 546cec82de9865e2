import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { AuthedRequest, AuthUser, requestContext } from '../auth/auth-user';
import { CreateUserDto, UserView } from './dto/create-user.dto';
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
  @ApiOkResponse({ type: [UserView] })
  list(@CurrentUser() user: AuthUser): Promise<UserView[]> {
    return this.users.list(user);
  }
}
