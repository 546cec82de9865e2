import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isAssessor, isOfficer, reachesCadre, readsPoliticalVerdict, RequestContext } from '@cadre/contracts';

/** A row about one cadre, as far as scoping it needs: who, which unit, and whether the gate stopped them. */
export interface ScopedRow {
  cadreId: string;
  unitId: string | null;
  excluded?: string | null;
}

/**
 * The rows of a list (rankings, the coordinate map) a reader may see: only the cadres they reach
 * (a leader their unit, an assessor their assigned cadres), and a cadre stopped at the political gate
 * only for readers of political files. For anyone else such a cadre is simply not in the list — the
 * ranks were computed without them, so no gap or empty rank gives the verdict away.
 */
export function visibleRows<T extends ScopedRow>(ctx: Pick<RequestContext, 'roles' | 'cadreId' | 'unitId'>, rows: T[], assigned: ReadonlySet<string>): T[] {
  return rows.filter((r) => {
    const mine = assigned.has(r.cadreId);
    if (!reachesCadre(ctx, { id: r.cadreId, unitId: r.unitId }, mine)) return false;
    return !r.excluded || readsPoliticalVerdict(ctx, mine);
  });
}

/** The cadres assigned to the caller's assessment groups (projected from `appraisal.group.updated`). */
@Injectable()
export class ReaderScope {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async assigned(ctx: RequestContext, cadreIds?: string[]): Promise<Set<string>> {
    if (isOfficer(ctx) || !isAssessor(ctx)) return new Set();
    const rows: Array<{ cadreId: string }> = await this.dataSource.query(
      `SELECT DISTINCT cadre_id AS "cadreId" FROM assignments WHERE tenant_id = $1 AND assessor_user_id = $2 AND ($3::uuid[] IS NULL OR cadre_id = ANY ($3::uuid[]))`,
      [ctx.tenantId, ctx.userId, cadreIds ?? null],
    );
    return new Set(rows.map((r) => r.cadreId));
  }
}
