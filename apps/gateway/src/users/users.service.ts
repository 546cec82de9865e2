import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQuery, problem, RequestContext, Role, ROSTER_REQUESTS } from '@cadre/contracts';
import { pageWindow, ServiceClient, RpcFailure, toPage } from '@cadre/messaging';
import { cursorPart, isUniqueViolation } from '@cadre/persistence';
import type { AuthUser } from '../auth/auth-user';
import { ProblemException } from '../problems/problem.filter';
import { LoginLockout } from '../auth/login-lockout';
import { SessionVersions } from '../auth/session-versions';
import type { CreateUserDto, UserView } from './dto/create-user.dto';
import type { ChangeOwnPasswordDto, ResetPasswordDto, UpdateUserDto } from './dto/update-user.dto';
import { passwordWeakness } from './password-policy';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    roles: user.roles,
    cadreId: user.cadreId,
    unitId: user.unitId,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rpc: ServiceClient,
    private readonly sessions: SessionVersions,
    private readonly lockout: LoginLockout,
  ) {}

  async create(caller: AuthUser, dto: CreateUserDto, context: RequestContext): Promise<UserView> {
    // Only the platform administrator makes administrators; an officer manages their own tenant.
    if (dto.roles.includes('admin') && !caller.roles.includes('admin')) {
      throw new ProblemException(problem(403, '只有平台管理员可以创建管理员账号'));
    }
    await this.checkScope(dto.roles, dto.unitId ?? null, context);
    if (dto.cadreId) await this.checkCadre(dto.cadreId, context);
    const user = await this.dataSource
      .transaction((manager) =>
        this.insert(
          manager,
          caller.tenantId,
          dto.username,
          dto.password,
          dto.roles,
          dto.cadreId ?? null,
          dto.unitId ?? null,
        ),
      )
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? duplicateOf(err, dto.username) : err;
      });
    return toUserView(user);
  }

  async insert(
    manager: EntityManager,
    tenantId: string,
    username: string,
    password: string,
    roles: Role[],
    cadreId: string | null,
    unitId: string | null = null,
  ): Promise<User> {
    if (await this.users.exists(tenantId, username, manager)) throw duplicate(username);
    if (cadreId && (await this.users.cadreTaken(tenantId, cadreId, manager))) throw cadreTaken();
    const passwordHash = await hashPassword(password);
    return this.users.insert(manager, { tenantId, username, passwordHash, roles, cadreId, unitId });
  }

  /**
   * A unit leader leads one unit of the caller's tenant (the roster answers 404 for another tenant's
   * unit as for an unknown one); nobody else names a unit, so a unit never widens another role.
   */
  async checkScope(roles: Role[], unitId: string | null, context: RequestContext): Promise<void> {
    if (!roles.includes('unit_leader')) {
      if (unitId)
        throw new ProblemException(
          problem(400, '1 个字段无效: unitId', [
            { field: 'unitId', message: '只有单位领导 (unit_leader) 可以指定所领导的单位' },
          ]),
        );
      return;
    }
    if (!unitId)
      throw new ProblemException(
        problem(400, '1 个字段无效: unitId', [
          { field: 'unitId', message: '单位领导 (unit_leader) 必须指定所领导的单位' },
        ]),
      );
    try {
      await this.rpc.request(ROSTER_REQUESTS.getUnit, { id: unitId }, context);
    } catch (err) {
      if (err instanceof RpcFailure && err.problem.status === 404) {
        throw new ProblemException(
          problem(422, '所领导的单位不存在', [{ field: 'unitId', message: '不是本单位花名册中的单位' }]),
        );
      }
      throw err;
    }
  }

  /**
   * The cadre a user is linked to is one of the caller's tenant: cadres live in the roster, which answers
   * 404 for another tenant's id as for an unknown one. Without this a user could be linked to another
   * tenant's cadre.
   */
  private async checkCadre(cadreId: string, context: RequestContext): Promise<void> {
    try {
      await this.rpc.request(ROSTER_REQUESTS.getCadre, { id: cadreId }, context);
    } catch (err) {
      if (err instanceof RpcFailure && err.problem.status === 404) {
        throw new ProblemException(
          problem(422, '关联的干部不存在', [{ field: 'cadreId', message: '不是本单位花名册中的干部' }]),
        );
      }
      throw err;
    }
  }

  async list(caller: AuthUser, query: PageQuery): Promise<Page<UserView>> {
    const { limit, after } = pageWindow(query, [cursorPart.text, cursorPart.uuid]);
    const rows = await this.users.list(caller.tenantId, { after, limit: limit + 1 });
    return toPage(rows, limit, (u) => [u.username, u.id], toUserView);
  }

  /** A user of the caller's tenant; another tenant's id answers 404 like an unknown one. */
  async get(caller: AuthUser, id: string): Promise<UserView> {
    const user = await this.users.findById(caller.tenantId, id);
    if (!user) throw notFound();
    return toUserView(user);
  }

  /**
   * Roles, unit and `active`, under the rules of create (checkScope; only an administrator grants or
   * touches `admin`). Any of them changing ends the user's sessions: a token must not keep rights the
   * user no longer has, nor outlive a deactivation.
   */
  async update(caller: AuthUser, id: string, dto: UpdateUserDto, context: RequestContext): Promise<UserView> {
    const current = await this.users.findById(caller.tenantId, id);
    if (!current) throw notFound();
    if (dto.active === false && id === caller.id) {
      throw new ProblemException(
        problem(422, '不能停用自己的账号', [{ field: 'active', message: '不能停用当前登录的账号' }]),
      );
    }
    const change = plannedChange(current, dto);
    if (!caller.roles.includes('admin') && (current.roles.includes('admin') || change.roles?.includes('admin'))) {
      throw new ProblemException(problem(403, '只有平台管理员可以授予或修改管理员账号'));
    }
    if (change.roles !== undefined || change.unitId !== undefined)
      await this.checkScope(
        change.roles ?? current.roles,
        change.unitId !== undefined ? change.unitId : current.unitId,
        context,
      );
    const { user, version } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.users.lockWithHash(manager, caller.tenantId, id);
      if (!locked) throw notFound();
      // Planned again under the lock: a concurrent change may have landed since the checks above.
      const final = plannedChange(locked, dto);
      if (Object.keys(final).length === 0) return { user: locked, version: null };
      const v = await this.users.change(manager, id, final, true);
      return { user: Object.assign(locked, final), version: v };
    });
    if (version !== null) await this.sessions.publish(id, version);
    return toUserView(user);
  }

  /** An administrator or org officer sets another user's password: that user's sessions end. */
  async resetPassword(caller: AuthUser, id: string, dto: ResetPasswordDto): Promise<void> {
    const version = await this.dataSource.transaction(async (manager) => {
      const user = await this.users.lockWithHash(manager, caller.tenantId, id);
      if (!user) throw notFound();
      if (user.roles.includes('admin') && !caller.roles.includes('admin'))
        throw new ProblemException(problem(403, '只有平台管理员可以重置管理员的密码'));
      refuseWeak('password', dto.password, user.username);
      return this.users.change(manager, id, { passwordHash: await hashPassword(dto.password) }, true);
    });
    await this.sessions.publish(id, version);
  }

  /**
   * The signed-in user changes their own password, proving it with the current one; all their
   * sessions end, this one too (they sign in again with the new password). A wrong current password
   * counts as a failed login: a stolen token must not become a way to guess the password.
   */
  async changeOwnPassword(caller: AuthUser, dto: ChangeOwnPasswordDto): Promise<void> {
    await this.lockout.refuseIfLocked(caller.tenantCode, caller.username);
    const version = await this.dataSource.transaction(async (manager) => {
      const user = await this.users.lockWithHash(manager, caller.tenantId, caller.id);
      if (!user) throw notFound();
      if (!(await argon2.verify(user.passwordHash, dto.current))) return null;
      refuseWeak('next', dto.next, user.username);
      return this.users.change(manager, user.id, { passwordHash: await hashPassword(dto.next) }, true);
    });
    if (version === null) {
      await this.lockout.recordFailure(caller.tenantCode, caller.username, {
        tenantId: caller.tenantId,
        userId: caller.id,
      });
      throw new ProblemException(problem(403, '当前密码不正确', [{ field: 'current', message: '当前密码不正确' }]));
    }
    await this.sessions.publish(caller.id, version);
  }

  /** Ends every session of the user (all their tokens): the token version goes up. */
  async endSessions(userId: string): Promise<void> {
    const version = await this.dataSource.transaction((manager) => this.users.change(manager, userId, {}, true));
    await this.sessions.publish(userId, version);
  }
}

/**
 * What a PATCH actually changes, against the user as stored: only fields that differ. A unit leader
 * who loses the role loses their unit with it (the unit means nothing for any other role).
 */
export function plannedChange(
  user: Pick<User, 'roles' | 'unitId' | 'active'>,
  dto: UpdateUserDto,
): Partial<Pick<User, 'roles' | 'unitId' | 'active'>> {
  const out: Partial<Pick<User, 'roles' | 'unitId' | 'active'>> = {};
  const roles = dto.roles ?? user.roles;
  if (dto.roles !== undefined && !sameRoles(dto.roles, user.roles)) out.roles = dto.roles;
  let unitId = dto.unitId !== undefined ? dto.unitId : user.unitId;
  if (dto.unitId === undefined && !roles.includes('unit_leader')) unitId = null;
  if (unitId !== user.unitId) out.unitId = unitId;
  if (dto.active !== undefined && dto.active !== user.active) out.active = dto.active;
  return out;
}

function sameRoles(a: Role[], b: Role[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

function refuseWeak(field: string, password: string, username: string): void {
  const weakness = passwordWeakness(password, username);
  if (weakness) throw new ProblemException(problem(400, `1 个字段无效: ${field}`, [{ field, message: weakness }]));
}

function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

function notFound(): ProblemException {
  return new ProblemException(problem(404, '用户不存在'));
}

/** A concurrent twin got past the checks: the unique index says which rule it broke. */
function duplicateOf(err: unknown, username: string): ProblemException {
  return isUniqueViolation(err, 'users_tenant_cadre') ? cadreTaken() : duplicate(username);
}

function cadreTaken(): ProblemException {
  return new ProblemException(
    problem(409, '该干部已有账号：每名干部只能有一个账号', [{ field: 'cadreId', message: '该干部已关联其他账号' }]),
  );
}

function duplicate(username: string): ProblemException {
  return new ProblemException(
    problem(409, `用户名 ${username} 已存在`, [{ field: 'username', message: '该用户名已被使用' }]),
  );
}
