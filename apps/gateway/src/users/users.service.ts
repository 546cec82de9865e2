import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { problem, Role } from '@cadre/contracts';
import { isUniqueViolation } from '@cadre/persistence';
import type { AuthUser } from '../auth/auth-user';
import { ProblemException } from '../problems/problem.filter';
import type { CreateUserDto, UserView } from './dto/create-user.dto';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

export function toUserView(user: User): UserView {
  return { id: user.id, username: user.username, roles: user.roles, cadreId: user.cadreId, active: user.active, createdAt: user.createdAt.toISOString() };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async create(caller: AuthUser, dto: CreateUserDto): Promise<UserView> {
    // Only the platform administrator makes administrators; an officer manages their own tenant.
    if (dto.roles.includes('admin') && !caller.roles.includes('admin')) {
      throw new ProblemException(problem(403, '只有平台管理员可以创建管理员账号'));
    }
    const user = await this.dataSource
      .transaction((manager) => this.insert(manager, caller.tenantId, dto.username, dto.password, dto.roles, dto.cadreId ?? null))
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? duplicate(dto.username) : err;
      });
    return toUserView(user);
  }

  async insert(manager: EntityManager, tenantId: string, username: string, password: string, roles: Role[], cadreId: string | null): Promise<User> {
    if (await this.users.exists(tenantId, username, manager)) throw duplicate(username);
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    return this.users.insert(manager, { tenantId, username, passwordHash, roles, cadreId });
  }

  async list(caller: AuthUser): Promise<UserView[]> {
    return (await this.users.list(caller.tenantId)).map(toUserView);
  }
}

function duplicate(username: string): ProblemException {
  return new ProblemException(problem(409, `用户名 ${username} 已存在`, [{ field: 'username', message: '该用户名已被使用' }]));
}
