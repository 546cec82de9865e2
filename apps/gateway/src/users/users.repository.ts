import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { User } from './user.entity';

/** Users of one tenant at a time: every query names it. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** The one read that loads the password hash (login). */
  findWithHash(tenantId: string, username: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.tenantId = :tenantId AND u.username = :username', { tenantId, username })
      .getOne();
  }

  exists(tenantId: string, username: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.users.manager).existsBy(User, { tenantId, username });
  }

  cadreTaken(tenantId: string, cadreId: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.users.manager).existsBy(User, { tenantId, cadreId });
  }

  /** Those of the ids that are users of the tenant (another tenant's user is simply not among them). */
  findByIds(tenantId: string, ids: string[]): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.find({ where: { tenantId, id: In(ids) } });
  }

  list(tenantId: string): Promise<User[]> {
    return this.users.find({ where: { tenantId }, order: { username: 'ASC' } });
  }

  insert(manager: EntityManager, user: Pick<User, 'tenantId' | 'username' | 'passwordHash' | 'roles' | 'cadreId' | 'unitId'>): Promise<User> {
    return manager.save(manager.create(User, user));
  }
}
