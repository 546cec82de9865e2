import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ChangeOwnPasswordDto } from './dto/update-user.dto';
import { UsersService } from './users.service';

/** What every signed-in user does to their own account, whatever their roles. */
@ApiTags('users 用户')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  /** Changes one's own password; every session of the user ends, this one too. */
  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: '密码已修改：全部访问令牌失效，请用新密码重新登录' })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangeOwnPasswordDto): Promise<void> {
    return this.users.changeOwnPassword(user, dto);
  }
}
