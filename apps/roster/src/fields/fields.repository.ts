import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Field } from './field.entity';

/** Every query names the tenant: a field of another tenant does not exist for the caller. */
@Injectable()
export class FieldsRepository {
  constructor(@InjectRepository(Field) private readonly fields: Repository<Field>) {}

  /** Keyset: by (code, id) — the code is unique in the tenant — after `after`; `limit` rows at most. */
  list(tenantId: string, page: { after?: [string, string]; limit: number }): Promise<Field[]> {
    const q = this.fields.createQueryBuilder('f').where('f.tenantId = :tenantId', { tenantId });
    if (page.after) q.andWhere('(f.code, f.id) > (:code, :id::uuid)', { code: page.after[0], id: page.after[1] });
    return q.orderBy('f.code', 'ASC').addOrderBy('f.id', 'ASC').limit(page.limit).getMany();
  }

  /** Inside a transaction pass its manager: a second pooled connection per transaction can exhaust the pool. */
  find(tenantId: string, id: string, manager?: EntityManager): Promise<Field | null> {
    return (manager ?? this.fields.manager).findOneBy(Field, { tenantId, id });
  }

  findByCode(tenantId: string, code: string, manager?: EntityManager): Promise<Field | null> {
    return (manager ?? this.fields.manager).findOneBy(Field, { tenantId, code });
  }

  insert(manager: EntityManager, field: Pick<Field, 'tenantId' | 'code' | 'name'>): Promise<Field> {
    return manager.save(manager.create(Field, field));
  }
}
