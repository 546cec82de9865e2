import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { problem } from '@cadre/contracts';
import { PLATFORM_CONFIG } from '@cadre/platform';
import type { GatewayConfig } from '../config/gateway.config';
import { ProblemException } from '../problems/problem.filter';
import { TenantsRepository } from '../tenants/tenants.repository';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import type { AuthUser, TokenClaims } from './auth-user';
import type { LoginDto, LoginResponse } from './dto/login.dto';
import { LoginLockout } from './login-lockout';

/** Verified against when the user does not exist, so a wrong username costs as long as a wrong password. */
const DUMMY_HASH = argon2.hash('not-a-password-of-anyone');

@Injectable()
export class AuthService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly lockout: LoginLockout,
    private readonly userService: UsersService,
    @Inject(PLATFORM_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async login(dto: LoginDto, client: { ip?: string | null } = {}): Promise<LoginResponse> {
    // A locked account is refused before its password is even looked at: the same 429 for the right one.
    await this.lockout.refuseIfLocked(dto.tenant, dto.username);
    const tenant = await this.tenants.findByCode(dto.tenant);
    const user = tenant ? await this.users.findWithHash(tenant.id, dto.username) : null;
    const ok = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), dto.password);
    // One answer for every failure: it must not tell which of tenant, user or password was wrong.
    if (!tenant || !user || !user.active || !ok) {
      await this.lockout.recordFailure(dto.tenant, dto.username, {
        tenantId: tenant?.id ?? null,
        userId: user?.id ?? null,
        ip: client.ip,
      });
      throw new ProblemException(problem(401, '租户、用户名或密码错误'));
    }
    await this.lockout.clearFailures(dto.tenant, dto.username);
    const claims: TokenClaims = {
      sub: user.id,
      usr: user.username,
      tid: tenant.id,
      tcd: tenant.code,
      roles: user.roles,
      ver: user.tokenVersion,
      ...(user.cadreId ? { cid: user.cadreId } : {}),
      ...(user.unitId ? { uid: user.unitId } : {}),
    };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: this.config.JWT_TTL_SECONDS,
      algorithm: 'HS256',
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_TTL_SECONDS,
      user: { id: user.id, username: user.username, roles: user.roles },
    };
  }

  /** Ends every session of the signed-in user, on every replica (their token version goes up). */
  logout(user: AuthUser): Promise<void> {
    return this.userService.endSessions(user.id);
  }
}
