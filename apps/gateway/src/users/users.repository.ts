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

  /** One user of the tenant: another tenant's id is not found, like an unknown one. */
  findById(tenantId: string, id: string): Promise<User | null> {
    return this.users.findOneBy({ tenantId, id });
  }

  /** The user with their password hash, locked until the transaction ends: changes to one user run one at a time. */
  lockWithHash(manager: EntityManager, tenantId: string, id: string): Promise<User | null> {
    return manager
      .createQueryBuilder(User, 'u')
      .addSelect('u.passwordHash')
      .where('u.tenantId = :tenantId AND u.id = :id', { tenantId, id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * Writes a change to a user; with `endSessions` it also raises the token version, so every token
   * issued before stops being accepted. Returns the version after the change.
   */
  async change(
    manager: EntityManager,
    id: string,
    changes: Partial<Pick<User, 'roles' | 'unitId' | 'active' | 'passwordHash'>>,
    endSessions: boolean,
  ): Promise<number> {
    const set: Record<string, unknown> = { ...changes };
    if (endSessions) set.tokenVersion = () => 'token_version + 1';
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set(set)
      .where('id = :id', { id })
      .returning('token_version')
      .execute();
    const row = (result.raw as Array<{ token_version: number }>)[0];
    return row.token_version;
  }

  /**
   * The token version of a user, by id alone: the id comes from a verified token, and the version
   * decides only whether that token is still current. Null: no such user (any more).
   */
  async tokenVersion(id: string): Promise<number | null> {
    const row = await this.users.findOne({ where: { id }, select: { id: true, tokenVersion: true } });
    return row ? row.tokenVersion : null;
  }

  /** Keyset: by (username, id) — the username is unique in the tenant — after `after`; `limit` rows at most. */
  list(tenantId: string, page: { after?: [string, string]; limit: number }): Promise<User[]> {
    const query = this.users
      .createQueryBuilder('u')
      .where('u.tenantId = :tenantId', { tenantId })
      .orderBy('u.username', 'ASC')
      .addOrderBy('u.id', 'ASC');
    if (page.after)
      query.andWhere('(u.username, u.id) > (:username, :id::uuid)', { username: page.after[0], id: page.after[1] });
    return query.limit(page.limit).getMany();
  }

  insert(
    manager: EntityManager,
    user: Pick<User, 'tenantId' | 'username' | 'passwordHash' | 'roles' | 'cadreId' | 'unitId'>,
  ): Promise<User> {
    return manager.save(manager.create(User, user));
  }
}
