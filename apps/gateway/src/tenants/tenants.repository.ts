import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Tenant } from './tenant.entity';

@Injectable()
export class TenantsRepository {
  constructor(@InjectRepository(Tenant) private readonly tenants: Repository<Tenant>) {}

  findByCode(code: string, manager?: EntityManager): Promise<Tenant | null> {
    return (manager ?? this.tenants.manager).findOneBy(Tenant, { code });
  }

  findById(id: string): Promise<Tenant | null> {
    return this.tenants.findOneBy({ id });
  }

  /** Keyset: by (code, id) — the code is unique, the id makes the cursor's key a pair — after `after`. */
  list(page: { after?: [string, string]; limit: number }): Promise<Tenant[]> {
    const query = this.tenants.createQueryBuilder('t').orderBy('t.code', 'ASC').addOrderBy('t.id', 'ASC');
    if (page.after) query.where('(t.code, t.id) > (:code, :id::uuid)', { code: page.after[0], id: page.after[1] });
    return query.limit(page.limit).getMany();
  }

  /**
   * Holds the seeding lock until the caller's transaction ends: two gateways starting together on one
   * schema create the platform tenant once.
   */
  async lockSeeding(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('seed-system:' || current_schema()))`);
  }

  insert(manager: EntityManager, tenant: Pick<Tenant, 'id' | 'code' | 'name' | 'timezone'>): Promise<Tenant> {
    return manager.save(manager.create(Tenant, tenant));
  }
}
