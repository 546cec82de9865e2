import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { problem, RequestContext, Role, ROSTER_REQUESTS } from '@cadre/contracts';
import { RpcClient, RpcFailure } from '@cadre/messaging';
import { isUniqueViolation } from '@cadre/persistence';
import type { AuthUser } from '../auth/auth-user';
import { ProblemException } from '../problems/problem.filter';
import type { CreateUserDto, UserView } from './dto/create-user.dto';
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
    private readonly rpc: RpcClient,
  ) {}

  async create(caller: AuthUser, dto: CreateUserDto, context: RequestContext): Promise<UserView> {
    // Only the platform administrator makes administrators; an officer manages their own tenant.
    if (dto.roles.includes('admin') && !caller.roles.includes('admin')) {
      throw new ProblemException(problem(403, '只有平台管理员可以创建管理员账号'));
    }
    await this.checkScope(dto.roles, dto.unitId ?? null, context);
    if (dto.cadreId) await this.checkCadre(dto.cadreId, context);
    const user = await this.dataSource
      .transaction((manager) => this.insert(manager, caller.tenantId, dto.username, dto.password, dto.roles, dto.cadreId ?? null, dto.unitId ?? null))
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
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    return this.users.insert(manager, { tenantId, username, passwordHash, roles, cadreId, unitId });
  }

  /**
   * A unit leader leads one unit of the caller's tenant (the roster answers 404 for another tenant's
   * unit as for an unknown one); nobody else names a unit, so a unit never widens another role.
   */
  async checkScope(roles: Role[], unitId: string | null, context: RequestContext): Promise<void> {
    if (!roles.includes('unit_leader')) {
      if (unitId) throw new ProblemException(problem(400, '1 个字段无效: unitId', [{ field: 'unitId', message: '只有单位领导 (unit_leader) 可以指定所领导的单位' }]));
      return;
    }
    if (!unitId) throw new ProblemException(problem(400, '1 个字段无效: unitId', [{ field: 'unitId', message: '单位领导 (unit_leader) 必须指定所领导的单位' }]));
    try {
      await this.rpc.request(ROSTER_REQUESTS.getUnit, { id: unitId }, context);
    } catch (err) {
      if (err instanceof RpcFailure && err.problem.status === 404) {
        throw new ProblemException(problem(422, '所领导的单位不存在', [{ field: 'unitId', message: '不是本单位花名册中的单位' }]));
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
        throw new ProblemException(problem(422, '关联的干部不存在', [{ field: 'cadreId', message: '不是本单位花名册中的干部' }]));
      }
      throw err;
    }
  }

  async list(caller: AuthUser): Promise<UserView[]> {
    return (await this.users.list(caller.tenantId)).map(toUserView);
  }
}

/** A concurrent twin got past the checks: the unique index says which rule it broke. */
function duplicateOf(err: unknown, username: string): ProblemException {
  return isUniqueViolation(err, 'users_tenant_cadre') ? cadreTaken() : duplicate(username);
}

function cadreTaken(): ProblemException {
  return new ProblemException(problem(409, '该干部已有账号：每名干部只能有一个账号', [{ field: 'cadreId', message: '该干部已关联其他账号' }]));
}

function duplicate(username: string): ProblemException {
  return new ProblemException(problem(409, `用户名 ${username} 已存在`, [{ field: 'username', message: '该用户名已被使用' }]));
}
