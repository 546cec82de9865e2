import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ImportCadresCommand, ImportResult, ImportRowError, RequestContext } from '@cadre/contracts';
import { FileTransfers, Outbox, RpcError } from '@cadre/messaging';
import { today } from '../cadres/cadre-rules';
import { planImport, ImportPlan } from './import-plan';
import { mapHeaders, validateRows } from './import-validation';
import { RosterBulkRepository } from './roster-bulk.repository';
import { readRosterFile, UnreadableFile } from './roster-file.parser';

/** Errors sent back at most; the count says how many there were (a reply must stay well under 1 MB). */
export const MAX_REPORTED_ERRORS = 500;
/** Rows written from which an import settles the indexes and statistics afterwards. */
const SETTLE_FROM_ROWS = 1_000;

@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly bulk: RosterBulkRepository,
    private readonly files: FileTransfers,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Imports a roster file all or nothing: every row is checked first; with any error nothing is
   * written (422 with the same body as a dry run). Otherwise cadres are created or updated by
   * personnelNo in one transaction, each change a new version with its event.
   */
  async run(ctx: RequestContext, command: ImportCadresCommand): Promise<ImportResult> {
    const clock = phases();
    const data = await this.files.take(command.object);
    if (!data)
      throw RpcError.rule('上传的文件已不存在，请重新上传', [{ field: 'file', message: '文件不存在或已过期' }]);
    let table;
    try {
      table = await readRosterFile(data, command.filename);
    } catch (err) {
      if (err instanceof UnreadableFile)
        return this.refuse(command.dryRun, 0, [{ row: 0, column: 'file', message: err.message }]);
      throw err;
    }
    const { columns, errors: headerErrors } = mapHeaders(table.headers);
    if (headerErrors.length > 0) return this.refuse(command.dryRun, table.rows.length, headerErrors);
    clock.lap('read');

    const result = await this.outbox.transaction(async (manager) => {
      await this.bulk.lockTenant(manager, ctx.tenantId);
      const [units, fields, teams, existing] = await Promise.all([
        this.bulk.unitsByCode(manager, ctx.tenantId),
        this.bulk.fieldsByCode(manager, ctx.tenantId),
        this.bulk.teamsByUnitAndName(manager, ctx.tenantId),
        this.bulk.cadresByPersonnelNo(manager, ctx.tenantId),
      ]);
      const { records, errors } = validateRows(table, columns, {
        unitCodes: new Set(units.keys()),
        fieldCodes: new Set(fields.keys()),
      });
      if (errors.length > 0) return this.refuse(command.dryRun, table.rows.length, errors);
      const plan = planImport(records, { units, fields, teams, existing });
      clock.lap('check');
      if (!command.dryRun) await this.write(manager, ctx, plan, `批量导入 ${command.filename}`);
      clock.lap('write');
      this.logger.log(
        `import of ${table.rows.length} rows${command.dryRun ? ' (dry run)' : ''}: ${plan.created.length} created, ${plan.updated.length} updated, ${plan.unchanged} unchanged; ${clock.summary()}`,
      );
      return {
        dryRun: command.dryRun,
        rows: table.rows.length,
        created: plan.created.length,
        updated: plan.updated.length,
        unchanged: plan.unchanged,
        teamsCreated: plan.newTeams.length,
        errors: [],
      };
    });
    if (!result.dryRun && result.created + result.updated >= SETTLE_FROM_ROWS) await this.bulk.settle();
    return result;
  }

  /** Writes a plan set-based: teams, new cadres, changed cadres, their versions, their events. */
  async write(manager: EntityManager, ctx: RequestContext, plan: ImportPlan, reason: string): Promise<void> {
    const tenantId = ctx.tenantId;
    const actor = { actorId: ctx.userId || null, actorName: ctx.username || null };
    const day = today();
    await this.bulk.insertTeams(manager, tenantId, plan.newTeams);
    await this.bulk.insertCadres(manager, tenantId, plan.created);
    await this.bulk.updateCadres(
      manager,
      tenantId,
      plan.updated.map((u) => u.snapshot),
    );
    await this.bulk.insertVersions(manager, tenantId, [
      ...plan.created.map((snapshot) => ({
        snapshot,
        change: 'imported' as const,
        changed: [],
        reason,
        effectiveDate: day,
        ...actor,
      })),
      ...plan.updated.map((u) => ({
        snapshot: u.snapshot,
        change: 'imported' as const,
        changed: u.changed,
        reason,
        effectiveDate: day,
        ...actor,
      })),
    ]);
    await this.outbox.addMany(
      manager,
      plan.newTeams.map((t) => ({ type: 'roster.team.created' as const, tenantId, aggregateId: t.id, data: t })),
    );
    await this.outbox.addMany(
      manager,
      plan.created.map((c) => ({ type: 'roster.cadre.created' as const, tenantId, aggregateId: c.id, data: c })),
    );
    await this.outbox.addMany(
      manager,
      plan.updated.map((u) => ({
        type: 'roster.cadre.updated' as const,
        tenantId,
        aggregateId: u.snapshot.id,
        data: { ...u.snapshot, changed: u.changed },
      })),
    );
  }

  private refuse(dryRun: boolean, rows: number, errors: ImportRowError[]): ImportResult {
    const result: ImportResult & { errorCount: number } = {
      dryRun,
      rows,
      created: 0,
      updated: 0,
      unchanged: 0,
      teamsCreated: 0,
      errorCount: errors.length,
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
    };
    if (dryRun) return result;
    throw new RpcError(422, `导入被拒绝：发现 ${errors.length} 处错误，未写入任何数据`, undefined, { ...result });
  }
}

/** Wall time of the phases of an import, for its log line. */
function phases(): { lap(name: string): void; summary(): string } {
  let last = performance.now();
  const laps: string[] = [];
  return {
    lap(name) {
      const now = performance.now();
      laps.push(`${name} ${Math.round(now - last)} ms`);
      last = now;
    },
    summary: () => laps.join(', '),
  };
}
