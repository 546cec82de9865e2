import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Field } from './field.entity';

/** Every query names the tenant: a field of another tenant does not exist for the caller. */
@Injectable()
export class FieldsRepository {
  constructor(@InjectRepository(Field) private readonly fields: Repository<Field>) {}

  list(tenantId: string): Promise<Field[]> {
    return this.fields.find({ where: { tenantId }, order: { code: 'ASC' } });
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
