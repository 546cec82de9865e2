import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DemoDistrictResult, RequestContext } from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { ImportsService } from '../imports/imports.service';
import { planImport } from '../imports/import-plan';
import type { ImportRecord } from '../imports/import-validation';
import { RosterBulkRepository } from '../imports/roster-bulk.repository';
import { generateDistrict } from './district';

/** The seed of the demo district: the same 73 units and 299 cadres on every machine. */
export const DEMO_SEED = 2022;
/**
 * The day the demo's ages are drawn for (28–59, 23% under 40). Fixed, so the demo stays the same
 * everywhere; recent, so serving cadres are not past retirement age when the demo is shown.
 */
export const DEMO_AS_OF = '2026-01-01';

/**
 * Loads the demo district (modelled on 绿园区: 73 units, 299 mid-level cadres) into a tenant whose
 * roster is empty, through the same set-based writer as an import: every cadre gets version 1
 * and every row its event, so the other services see the demo as they would see real data.
 */
@Injectable()
export class DemoDistrictService {
  constructor(
    private readonly bulk: RosterBulkRepository,
    private readonly imports: ImportsService,
    private readonly outbox: Outbox,
  ) {}

  async load(ctx: RequestContext): Promise<DemoDistrictResult> {
    const district = generateDistrict({ seed: DEMO_SEED, asOf: DEMO_AS_OF });
    const tenantId = ctx.tenantId;
    return this.outbox.transaction(async (manager) => {
      await this.bulk.lockTenant(manager, tenantId);
      const [units, fieldsByCode] = await Promise.all([this.bulk.unitsByCode(manager, tenantId), this.bulk.fieldsByCode(manager, tenantId)]);
      if (units.size > 0) throw RpcError.conflict('花名册中已有单位，演示数据只能载入到空的花名册');

      const newFields = district.fields.filter((f) => !fieldsByCode.has(f.code)).map((f) => ({ id: randomUUID(), code: f.code, name: f.name }));
      for (const f of newFields) fieldsByCode.set(f.code, f.id);
      const newUnits = district.units.map((u) => ({ id: randomUUID(), code: u.code, name: u.name, kind: u.kind, fieldId: fieldsByCode.get(u.fieldCode) ?? null }));
      await this.bulk.insertFields(manager, tenantId, newFields);
      await this.bulk.insertUnits(manager, tenantId, newUnits);
      await this.outbox.addMany(manager, newFields.map((f) => ({ type: 'roster.field.created' as const, tenantId, aggregateId: f.id, data: f })));
      await this.outbox.addMany(manager, newUnits.map((u) => ({ type: 'roster.unit.created' as const, tenantId, aggregateId: u.id, data: u })));

      const records: ImportRecord[] = district.cadres.map((c, i) => ({ row: i + 2, ...c, teamRole: c.teamRole ?? undefined }));
      const plan = planImport(records, {
        units: new Map(newUnits.map((u) => [u.code, u])),
        fields: fieldsByCode,
        teams: new Map(),
        existing: new Map(),
      });
      await this.imports.write(manager, ctx, plan, '载入演示数据');
      return { fields: district.fields.length, units: newUnits.length, teams: plan.newTeams.length, cadres: plan.created.length };
    });
  }
}
