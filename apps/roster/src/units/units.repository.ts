import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { UnitKind } from '@cadre/contracts';
import { Unit } from './unit.entity';

export interface UnitFilter {
  kind?: UnitKind;
  fieldId?: string;
  /** Keyset: units sorted by (code, id) after this key. */
  after?: [string, string];
  limit: number;
}

/** Every query names the tenant: a unit of another tenant does not exist for the caller. */
@Injectable()
export class UnitsRepository {
  constructor(@InjectRepository(Unit) private readonly units: Repository<Unit>) {}

  find(tenantId: string, id: string, manager?: EntityManager): Promise<Unit | null> {
    return (manager ?? this.units.manager).findOneBy(Unit, { tenantId, id });
  }

  /** Those of the ids that are units of the tenant. */
  async existing(tenantId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string }> = await this.units.query(
      `SELECT id FROM units WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
    return rows.map((r) => r.id);
  }

  findByCode(manager: EntityManager, tenantId: string, code: string): Promise<Unit | null> {
    return manager.findOneBy(Unit, { tenantId, code });
  }

  /** Locks the row for an update in this transaction, so two edits of one unit emit ordered events. */
  findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<Unit | null> {
    return manager.findOne(Unit, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  list(tenantId: string, filter: UnitFilter): Promise<Unit[]> {
    const q = this.units.createQueryBuilder('u').where('u.tenantId = :tenantId', { tenantId });
    if (filter.kind) q.andWhere('u.kind = :kind', { kind: filter.kind });
    if (filter.fieldId) q.andWhere('u.fieldId = :fieldId', { fieldId: filter.fieldId });
    if (filter.after) q.andWhere('(u.code, u.id) > (:code, :id)', { code: filter.after[0], id: filter.after[1] });
    return q.orderBy('u.code', 'ASC').addOrderBy('u.id', 'ASC').take(filter.limit).getMany();
  }

  save(manager: EntityManager, unit: Unit): Promise<Unit> {
    return manager.save(unit);
  }

  create(manager: EntityManager, unit: Pick<Unit, 'tenantId' | 'code' | 'name' | 'kind' | 'fieldId'>): Promise<Unit> {
    return manager.save(manager.create(Unit, unit));
  }
}
