import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { problem, Role } from '@cadre/contracts';
import { ProblemException } from '../problems/problem.filter';
import { PUBLIC_ROUTE, ROLES } from './auth.decorators';
import type { AuthedRequest, TokenClaims } from './auth-user';
import { SessionVersions } from './session-versions';

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: SessionVersions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]))
      return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token)
      throw new ProblemException(problem(401, '缺少访问令牌：请先登录，并以 Authorization: Bearer <token> 访问'));
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
    } catch (err) {
      const expired = (err as Error).name === 'TokenExpiredError';
      throw new ProblemException(problem(401, expired ? '访问令牌已过期，请重新登录' : '访问令牌无效'));
    }
    // A token outlives a logout, a deactivation or a change of rights unless the user's version says so.
    if (!(await this.sessions.isCurrent(claims.sub, typeof claims.ver === 'number' ? claims.ver : 0))) {
      throw new ProblemException(problem(401, '登录已失效（已退出、账号停用或密码、权限已变更），请重新登录'));
    }
    req.user = {
      id: claims.sub,
      username: claims.usr,
      tenantId: claims.tid,
      tenantCode: claims.tcd,
      roles: claims.roles ?? [],
      cadreId: claims.cid ?? null,
      unitId: claims.uid ?? null,
    };
    return true;
  }
}

/** Checks @Roles(); runs after JwtAuthGuard. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!allowed || allowed.length === 0) return true;
    const user = context.switchToHttp().getRequest<AuthedRequest>().user;
    if (user && user.roles.some((r) => allowed.includes(r))) return true;
    throw new ProblemException(problem(403, `此操作需要以下角色之一: ${allowed.join(', ')}`));
  }
}
