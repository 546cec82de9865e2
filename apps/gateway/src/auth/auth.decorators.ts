import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@cadre/contracts';
import type { AuthUser } from './auth-user';

export { Public, PUBLIC_ROUTE } from '@cadre/platform';
export const ROLES = 'cadre:roles';

/** Roles allowed on a route; a route without it is open to every signed-in user. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);
