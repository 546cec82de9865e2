import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CreateUnitCommand,
  ListUnitsQuery,
  Page,
  RequestContext,
  UnitSnapshotV1,
  UnitView,
  UpdateUnitCommand,
} from '@cadre/contracts';
import { Outbox, pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart, isUniqueViolation } from '@cadre/persistence';
import { FieldsRepository } from '../fields/fields.repository';
import { Unit } from './unit.entity';
import { UnitsRepository } from './units.repository';

const EDITABLE = ['code', 'name', 'kind', 'fieldId'] as const;

export function toUnitView(unit: Unit): UnitView {
  return {
    id: unit.id,
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    fieldId: unit.fieldId,
    createdAt: unit.createdAt.toISOString(),
    updatedAt: unit.updatedAt.toISOString(),
  };
}

function snapshot(unit: Unit): UnitSnapshotV1 {
  return { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind, fieldId: unit.fieldId };
}

@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly fields: FieldsRepository,
    private readonly outbox: Outbox,
  ) {}

  async create(ctx: RequestContext, command: CreateUnitCommand): Promise<UnitView> {
    const unit = await this.outbox
      .transaction(async (manager) => {
        if (await this.units.findByCode(manager, ctx.tenantId, command.code)) throw duplicateCode(command.code);
        await this.requireField(manager, ctx.tenantId, command.fieldId);
        const created = await this.units.create(manager, {
          tenantId: ctx.tenantId,
          code: command.code,
          name: command.name,
          kind: command.kind,
          fieldId: command.fieldId ?? null,
        });
        await this.outbox.add(manager, {
          type: 'roster.unit.created',
          tenantId: ctx.tenantId,
          aggregateId: created.id,
          data: snapshot(created),
        });
        return created;
      })
      .catch(rethrowDuplicate(command.code));
    return toUnitView(unit);
  }

  /** The ids that are not units of the caller's tenant (another tenant's unit is as unknown as none). */
  async unknown(ctx: RequestContext, ids: string[]): Promise<{ unknown: string[] }> {
    const known = new Set(await this.units.existing(ctx.tenantId, ids));
    return { unknown: ids.filter((id) => !known.has(id)) };
  }

  async get(ctx: RequestContext, id: string): Promise<UnitView> {
    const unit = await this.units.find(ctx.tenantId, id);
    if (!unit) throw RpcError.notFound('单位');
    return toUnitView(unit);
  }

  async list(ctx: RequestContext, query: ListUnitsQuery): Promise<Page<UnitView>> {
    const { limit, after } = pageWindow(query, [cursorPart.text, cursorPart.uuid]);
    const units = await this.units.list(ctx.tenantId, {
      kind: query.kind,
      fieldId: query.fieldId,
      after,
      limit: limit + 1,
    });
    return toPage(units, limit, (last) => [last.code, last.id], toUnitView);
  }

  async update(ctx: RequestContext, command: UpdateUnitCommand): Promise<UnitView> {
    const unit = await this.outbox
      .transaction(async (manager) => {
        const current = await this.units.findForUpdate(manager, ctx.tenantId, command.id);
        if (!current) throw RpcError.notFound('单位');
        const changed = EDITABLE.filter((key) => command[key] !== undefined && command[key] !== current[key]);
        if (changed.length === 0) return current;
        if (changed.includes('code') && (await this.units.findByCode(manager, ctx.tenantId, command.code!)))
          throw duplicateCode(command.code!);
        if (changed.includes('fieldId')) await this.requireField(manager, ctx.tenantId, command.fieldId);
        for (const key of changed) Object.assign(current, { [key]: command[key] });
        const saved = await this.units.save(manager, current);
        await this.outbox.add(manager, {
          type: 'roster.unit.updated',
          tenantId: ctx.tenantId,
          aggregateId: saved.id,
          data: { ...snapshot(saved), changed: [...changed] },
        });
        return saved;
      })
      .catch(rethrowDuplicate(command.code ?? ''));
    return toUnitView(unit);
  }

  /** A unit may name only a field of its own tenant; any other id is reported as unknown. */
  private async requireField(
    manager: EntityManager,
    tenantId: string,
    fieldId: string | null | undefined,
  ): Promise<void> {
    if (!fieldId) return;
    if (!(await this.fields.find(tenantId, fieldId, manager))) {
      throw RpcError.rule('所属领域不存在', [{ field: 'fieldId', message: '领域不存在' }]);
    }
  }
}

function duplicateCode(code: string): RpcError {
  return RpcError.conflict(`单位编码 ${code} 已存在`, [{ field: 'code', message: '该编码已被使用' }]);
}

function rethrowDuplicate(code: string) {
  return (err: unknown): never => {
    throw isUniqueViolation(err, 'units_tenant_code') ? duplicateCode(code) : err;
  };
}
