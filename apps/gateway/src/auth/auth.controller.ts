import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { CurrentUser, Public } from './auth.decorators';
import type { AuthedRequest, AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponse } from './dto/login.dto';
import { loginThrottle } from './login-throttle';

@ApiTags('auth 认证')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @Throttle({ default: loginThrottle })
  @ApiOkResponse({ type: LoginResponse })
  @ApiTooManyRequestsResponse({ description: '同一来源请求过多，或该账号连续登录失败后被临时锁定' })
  login(@Req() req: AuthedRequest, @Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto, { ip: req.ip });
  }

  /** Ends every session of the signed-in user: all their tokens, on every replica, answer 401 from then on. */
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: '已退出：该用户的全部访问令牌失效' })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }
}
