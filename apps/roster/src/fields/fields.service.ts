import { Injectable } from '@nestjs/common';
import type { CreateFieldCommand, FieldView, Page, PageQuery, RequestContext } from '@cadre/contracts';
import { Outbox, pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart, isUniqueViolation } from '@cadre/persistence';
import { Field } from './field.entity';
import { FieldsRepository } from './fields.repository';

export function toFieldView(field: Field): FieldView {
  return { id: field.id, code: field.code, name: field.name, createdAt: field.createdAt.toISOString() };
}

@Injectable()
export class FieldsService {
  constructor(
    private readonly fields: FieldsRepository,
    private readonly outbox: Outbox,
  ) {}

  async create(ctx: RequestContext, command: CreateFieldCommand): Promise<FieldView> {
    const duplicate = () =>
      RpcError.conflict(`领域编码 ${command.code} 已存在`, [{ field: 'code', message: '该编码已被使用' }]);
    const field = await this.outbox
      .transaction(async (manager) => {
        if (await this.fields.findByCode(ctx.tenantId, command.code, manager)) throw duplicate();
        const created = await this.fields.insert(manager, {
          tenantId: ctx.tenantId,
          code: command.code,
          name: command.name,
        });
        await this.outbox.add(manager, {
          type: 'roster.field.created',
          tenantId: ctx.tenantId,
          aggregateId: created.id,
          data: { id: created.id, code: created.code, name: created.name },
        });
        return created;
      })
      .catch((err: unknown) => {
        throw isUniqueViolation(err, 'fields_tenant_code') ? duplicate() : err;
      });
    return toFieldView(field);
  }

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<FieldView>> {
    const { limit, after } = pageWindow(query, [cursorPart.text, cursorPart.uuid]);
    const rows = await this.fields.list(ctx.tenantId, { after, limit: limit + 1 });
    return toPage(rows, limit, (f) => [f.code, f.id], toFieldView);
  }
}
