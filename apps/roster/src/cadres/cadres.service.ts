import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  ApplyBatchCommand,
  ApplyBatchResult,
  BatchTransfer,
  CadreChange,
  CadreHistoryQuery,
  CadreInput,
  CadreView,
  CadreVersionView,
  FieldError,
  ListCadresQuery,
  Page,
  RequestContext,
  TeamRole,
  TransferCadreCommand,
  UpdateCadreCommand,
} from '@cadre/contracts';
import { rosterReach, withinReach } from '@cadre/contracts';
import { Outbox, pageWindow, requireOfficer, RpcError, toPage } from '@cadre/messaging';
import { cursorPart, CursorPart, isUniqueViolation } from '@cadre/persistence';
import { FieldsRepository } from '../fields/fields.repository';
import { SettingsService } from '../settings/settings.service';
import { TeamsRepository } from '../teams/teams.repository';
import { UnitsRepository } from '../units/units.repository';
import { Cadre } from './cadre.entity';
import {
  ageOn,
  batchTransfer,
  CadreFacts,
  changedProperties,
  isPlausibleBirthDate,
  placeInTeam,
  tagsOf,
  today,
} from './cadre-rules';
import { CadreVersion } from './cadre-version.entity';
import { cadreSnapshot, CadresRepository, SortKeyType, sortKeyType } from './cadres.repository';

export function toCadreView(c: Cadre, youngAgeLimit: number, day = today()): CadreView {
  return {
    ...cadreSnapshot(c),
    age: ageOn(c.birthDate, day),
    tags: tagsOf(c, youngAgeLimit, day),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The check of a cursor's sort key by the SQL type the sort column is compared as. */
const SORT_KEY_PARTS: Record<SortKeyType, CursorPart<string>> = {
  text: cursorPart.text,
  date: cursorPart.date,
  timestamptz: cursorPart.timestamp,
};

function toVersionView(v: CadreVersion): CadreVersionView {
  const { id: _id, ...snapshot } = v.snapshot;
  return {
    versionNo: v.versionNo,
    change: v.change,
    changed: v.changed,
    reason: v.reason,
    batchId: v.batchId ?? null,
    effectiveDate: v.effectiveDate,
    actor: v.actorId ? { userId: v.actorId, username: v.actorName ?? '' } : null,
    recordedAt: v.recordedAt.toISOString(),
    snapshot: { id: v.cadreId, ...snapshot },
  };
}

interface Placement {
  unitId: string;
  teamId: string | null;
  teamRole: TeamRole | null;
  isPrincipal: boolean;
  fieldId: string | null;
}

@Injectable()
export class CadresService {
  constructor(
    private readonly cadres: CadresRepository,
    private readonly units: UnitsRepository,
    private readonly teams: TeamsRepository,
    private readonly fields: FieldsRepository,
    private readonly settings: SettingsService,
    private readonly outbox: Outbox,
  ) {}

  async create(ctx: RequestContext, input: CadreInput): Promise<CadreView> {
    this.requireBirthDate(input.birthDate);
    const duplicate = () =>
      RpcError.conflict(`人员编号 ${input.personnelNo} 已存在`, [
        { field: 'personnelNo', message: '该人员编号已被使用' },
      ]);
    const cadre = await this.outbox
      .transaction(async (manager) => {
        if (await this.cadres.findByPersonnelNo(manager, ctx.tenantId, input.personnelNo)) throw duplicate();
        const place = await this.resolvePlacement(
          manager,
          ctx.tenantId,
          input.unitId,
          input.teamId ?? null,
          input.teamRole,
          input.isPrincipal,
          input.fieldId,
        );
        const created = await this.cadres.create(manager, {
          tenantId: ctx.tenantId,
          personnelNo: input.personnelNo,
          name: input.name,
          gender: input.gender,
          birthDate: input.birthDate,
          ...place,
          position: input.position,
          rank: input.rank ?? null,
          partyMember: input.partyMember ?? true,
          education: input.education ?? null,
          status: 'active',
          versionNo: 1,
        });
        await this.record(manager, ctx, created, 'created', [], null, today());
        await this.outbox.add(manager, {
          type: 'roster.cadre.created',
          tenantId: ctx.tenantId,
          aggregateId: created.id,
          data: cadreSnapshot(created),
        });
        return created;
      })
      .catch((err: unknown) => {
        throw isUniqueViolation(err, 'cadres_tenant_personnel_no') ? duplicate() : err;
      });
    return toCadreView(cadre, await this.settings.youngAgeLimit(ctx.tenantId));
  }

  async get(ctx: RequestContext, id: string): Promise<CadreView> {
    const cadre = await this.cadres.find(ctx.tenantId, id);
    if (!cadre || !(await this.reaches(ctx, cadre))) throw RpcError.notFound('干部');
    return toCadreView(cadre, await this.settings.youngAgeLimit(ctx.tenantId));
  }

  async list(ctx: RequestContext, query: ListCadresQuery): Promise<Page<CadreView>> {
    const sort = query.sort ?? 'name';
    // A cursor is only good for the sort it was made with, its key of the type the sort column casts to.
    const { limit, after: key } = pageWindow(query, [
      cursorPart.literal(sort),
      SORT_KEY_PARTS[sortKeyType(sort)],
      cursorPart.uuid,
    ]);
    const after: [string, string] | undefined = key && [key[1], key[2]];
    const youngAgeLimit = await this.settings.youngAgeLimit(ctx.tenantId);
    // A leader lists the cadres of their unit, an assessor those of their groups; every filter applies within that.
    const rows = await this.cadres.list(ctx.tenantId, {
      ...query,
      reach: rosterReach(ctx),
      sort,
      youngAgeLimit,
      after,
      limit: limit + 1,
    });
    const day = today();
    return toPage(
      rows,
      limit,
      (last) => [sort, last.sortKey, last.cadre.id],
      (r) => toCadreView(r.cadre, youngAgeLimit, day),
    );
  }

  /** Edits in place of the current version; the earlier one stays in history. Status changes are edits too. */
  async update(ctx: RequestContext, command: UpdateCadreCommand): Promise<CadreView> {
    if (command.birthDate !== undefined) this.requireBirthDate(command.birthDate);
    const cadre = await this.outbox.transaction(async (manager) => {
      const current = await this.cadres.findForUpdate(manager, ctx.tenantId, command.id);
      if (!current) throw RpcError.notFound('干部');
      const before = facts(current);
      if (command.personnelNo !== undefined && command.personnelNo !== current.personnelNo) {
        if (await this.cadres.findByPersonnelNo(manager, ctx.tenantId, command.personnelNo)) {
          throw RpcError.conflict(`人员编号 ${command.personnelNo} 已存在`, [
            { field: 'personnelNo', message: '该人员编号已被使用' },
          ]);
        }
      }
      const status = command.status ?? current.status;
      // Leaving service (retired, transferred out, dismissed) also leaves the team.
      const teamId = status !== 'active' ? null : command.teamId !== undefined ? command.teamId : current.teamId;
      // Role and principal flag: what the command says wins; a new team starts from scratch; else as before.
      const roleGiven = command.teamRole !== undefined;
      const principalGiven = command.isPrincipal !== undefined;
      const teamChanged = teamId !== current.teamId;
      const teamRole = roleGiven ? command.teamRole : principalGiven || teamChanged ? undefined : current.teamRole;
      const isPrincipal = principalGiven
        ? command.isPrincipal
        : roleGiven || teamChanged
          ? undefined
          : current.isPrincipal;
      const place = await this.resolvePlacement(
        manager,
        ctx.tenantId,
        current.unitId,
        teamId,
        teamRole,
        isPrincipal,
        command.fieldId !== undefined ? command.fieldId : current.fieldId,
      );
      Object.assign(current, {
        personnelNo: command.personnelNo ?? current.personnelNo,
        name: command.name ?? current.name,
        gender: command.gender ?? current.gender,
        birthDate: command.birthDate ?? current.birthDate,
        position: command.position ?? current.position,
        rank: command.rank !== undefined ? command.rank : current.rank,
        partyMember: command.partyMember ?? current.partyMember,
        education: command.education !== undefined ? command.education : current.education,
        status,
        ...place,
      });
      const changed = changedProperties(before, facts(current));
      if (changed.length === 0) return current;
      current.versionNo += 1;
      const saved = await this.cadres.save(manager, current);
      const change: CadreChange = changed.includes('status') ? 'status_changed' : 'updated';
      await this.record(manager, ctx, saved, change, changed, command.reason ?? null, today());
      await this.outbox.add(manager, {
        type: 'roster.cadre.updated',
        tenantId: ctx.tenantId,
        aggregateId: saved.id,
        data: { ...cadreSnapshot(saved), changed },
      });
      return saved;
    });
    return toCadreView(cadre, await this.settings.youngAgeLimit(ctx.tenantId));
  }

  /** 调动: a new unit (and team, position); the old team no longer lists the cadre. */
  async transfer(ctx: RequestContext, command: TransferCadreCommand): Promise<CadreView> {
    const cadre = await this.outbox.transaction(async (manager) => {
      const current = await this.cadres.findForUpdate(manager, ctx.tenantId, command.id);
      if (!current) throw RpcError.notFound('干部');
      return this.moveCadre(manager, ctx, current, command, null);
    });
    return toCadreView(cadre, await this.settings.youngAgeLimit(ctx.tenantId));
  }

  /**
   * 调整批次: every move of the batch as a transfer with the batch as its reason, all or none (a move
   * the roster refuses names its place, `moves[i].…`). A cadre the batch moved before is left as
   * they are, so a decision sent twice moves nobody twice.
   */
  async applyBatch(ctx: RequestContext, command: ApplyBatchCommand): Promise<ApplyBatchResult> {
    requireOfficer(ctx, '执行干部调整批次');
    return this.outbox.transaction(async (manager) => {
      let applied = 0;
      for (const [i, move] of command.moves.entries()) {
        const at = (err: unknown): never => {
          if (!(err instanceof RpcError)) throw err;
          const errors = err.errors?.length
            ? err.errors.map((e) => ({ field: `moves[${i}].${batchField(e.field)}`, message: e.message }))
            : [{ field: `moves[${i}]`, message: err.message }];
          throw new RpcError(err.status, `第 ${i + 1} 项调整不能执行：${err.message}`, errors);
        };
        const current = await this.cadres.findForUpdate(manager, ctx.tenantId, move.cadreId);
        if (!current) at(RpcError.rule('干部不存在', [{ field: 'id', message: '干部不存在' }]));
        // Asked under the cadre's lock: a decide running beside this one has committed its move or not started it.
        if (await this.cadres.movedByBatch(manager, ctx.tenantId, command.batchId, move.cadreId)) continue;
        const transfer = {
          ...batchTransfer(current!, move),
          reason: `调整批次「${command.batchName}」：${BATCH_KIND_NAMES[move.kind]}`,
        };
        await this.moveCadre(manager, ctx, current!, transfer, command.batchId).catch(at);
        applied += 1;
      }
      return { applied, already: command.moves.length - applied };
    });
  }

  private async moveCadre(
    manager: EntityManager,
    ctx: RequestContext,
    current: Cadre,
    command: TransferCadreCommand,
    batchId: string | null,
  ): Promise<Cadre> {
    if (current.status !== 'active') throw RpcError.conflict(`该干部状态为 ${current.status}，不能调动`);
    const before = facts(current);
    const from = {
      unitId: current.unitId,
      teamId: current.teamId,
      fieldId: current.fieldId,
      position: current.position,
    };
    const newUnit = command.unitId !== current.unitId;
    const place = await this.resolvePlacement(
      manager,
      ctx.tenantId,
      command.unitId,
      command.teamId ?? null,
      command.teamRole,
      undefined,
      // A cadre who moves to another unit works in that unit's field, unless told otherwise.
      newUnit ? undefined : current.fieldId,
    );
    Object.assign(current, { ...place, position: command.position });
    const changed = changedProperties(before, facts(current));
    if (changed.length === 0)
      throw RpcError.rule('调动前后的单位、班子和职务完全相同', [{ field: 'unitId', message: '没有任何变化' }]);
    current.versionNo += 1;
    const saved = await this.cadres.save(manager, current);
    await this.record(
      manager,
      ctx,
      saved,
      'transferred',
      changed,
      command.reason ?? null,
      command.effectiveDate,
      batchId,
    );
    await this.outbox.add(manager, {
      type: 'roster.cadre.transferred',
      tenantId: ctx.tenantId,
      aggregateId: saved.id,
      data: { ...cadreSnapshot(saved), from, effectiveDate: command.effectiveDate },
    });
    return saved;
  }

  async history(ctx: RequestContext, query: CadreHistoryQuery): Promise<Page<CadreVersionView>> {
    const { limit, after } = pageWindow(query, [cursorPart.int]);
    const cadre = await this.cadres.find(ctx.tenantId, query.id);
    if (!cadre || !(await this.reaches(ctx, cadre))) throw RpcError.notFound('干部');
    const rows = await this.cadres.history(ctx.tenantId, query.id, { afterVersion: after?.[0], limit: limit + 1 });
    return toPage(rows, limit, (v) => [v.versionNo], toVersionView);
  }

  /** Whether the caller's reads reach the cadre: outside a leader's unit or an assessor's groups it is "not found", as a foreign id. */
  private async reaches(ctx: RequestContext, cadre: Cadre): Promise<boolean> {
    const reach = rosterReach(ctx);
    if (!reach) return true;
    const assigned =
      !!reach.assessorUserId &&
      (await this.cadres.assignedOf(ctx.tenantId, reach.assessorUserId, [cadre.id])).length > 0;
    return withinReach(reach, cadre.unitId, assigned);
  }

  private record(
    manager: EntityManager,
    ctx: RequestContext,
    cadre: Cadre,
    change: CadreChange,
    changed: string[],
    reason: string | null,
    effectiveDate: string,
    batchId: string | null = null,
  ) {
    return this.cadres.addVersion(manager, {
      cadreId: cadre.id,
      versionNo: cadre.versionNo,
      tenantId: cadre.tenantId,
      change,
      changed,
      reason,
      batchId,
      effectiveDate,
      actorId: ctx.userId || null,
      actorName: ctx.username || null,
      snapshot: cadreSnapshot(cadre),
    });
  }

  private requireBirthDate(birthDate: string): void {
    if (!isPlausibleBirthDate(birthDate)) {
      throw RpcError.rule('出生日期不合理', [
        { field: 'birthDate', message: '必须是真实日期，且年龄在 16 至 80 岁之间' },
      ]);
    }
  }

  /**
   * Checks that the unit, team and field are the caller's and fit together (the team is of that
   * unit); the field defaults to the unit's. Every id of another tenant is reported as unknown.
   */
  private async resolvePlacement(
    manager: EntityManager,
    tenantId: string,
    unitId: string,
    teamId: string | null,
    teamRole: TeamRole | null | undefined,
    isPrincipal: boolean | undefined,
    fieldId: string | null | undefined,
  ): Promise<Placement> {
    const errors: FieldError[] = [];
    const unit = await this.units.find(tenantId, unitId, manager);
    if (!unit) errors.push({ field: 'unitId', message: '单位不存在' });
    if (teamId) {
      const team = await this.teams.find(tenantId, teamId, manager);
      if (!team) errors.push({ field: 'teamId', message: '班子不存在' });
      else if (unit && team.unitId !== unit.id) errors.push({ field: 'teamId', message: '班子不属于该单位' });
    }
    if (fieldId && !(await this.fields.find(tenantId, fieldId, manager)))
      errors.push({ field: 'fieldId', message: '领域不存在' });
    if (errors.length > 0) throw RpcError.rule('单位、班子或领域不正确', errors);
    return {
      unitId,
      teamId,
      ...placeInTeam(teamId, teamRole, isPrincipal),
      fieldId: fieldId === undefined ? (unit?.fieldId ?? null) : fieldId,
    };
  }
}

/** How a batch's move reads in the history's reason. */
const BATCH_KIND_NAMES: Record<BatchTransfer['kind'], string> = {
  promote: '提拔',
  transfer: '调任',
  exchange: '交流',
  adjust: '调整',
};

/** A transfer's field as the batch's move calls it. */
function batchField(field: string): string {
  return (
    ({ id: 'cadreId', unitId: 'toUnitId', teamId: 'toTeamId', position: 'toPosition' } as Record<string, string>)[
      field
    ] ?? field
  );
}

function facts(c: Cadre): CadreFacts {
  const { id: _id, versionNo: _v, ...rest } = cadreSnapshot(c);
  return rest;
}
