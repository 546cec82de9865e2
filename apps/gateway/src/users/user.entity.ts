import { Column, Entity, Unique } from 'typeorm';
import type { Role } from '@cadre/contracts';
import { TenantEntity } from '@cadre/persistence';

@Entity({ name: 'users' })
@Unique('users_tenant_username', ['tenantId', 'username'])
export class User extends TenantEntity {
  @Column('text')
  username: string;

  /** argon2id hash; the password itself is never stored or logged. */
  @Column('text', { name: 'password_hash', select: false })
  passwordHash: string;

  @Column('text', { array: true })
  roles: Role[];

  @Column('uuid', { name: 'cadre_id', nullable: true })
  cadreId: string | null;

  /** The unit a `unit_leader` leads: the only unit whose cadres they read and act on. */
  @Column('uuid', { name: 'unit_id', nullable: true })
  unitId: string | null;

  @Column('boolean', { default: true })
  active: boolean;

  /** Raised to end every token issued before (claim `ver`): logout, deactivation, a role, unit or password change. */
  @Column('integer', { name: 'token_version', default: 0 })
  tokenVersion: number;
}
