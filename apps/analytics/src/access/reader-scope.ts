import { Injectable } from '@nestjs/common';
import { isAssessor, isOfficer, reachesCadre, readsPoliticalVerdict, RequestContext } from '@cadre/contracts';
import { ReaderScopeRepository } from './reader-scope.repository';

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
export function visibleRows<T extends ScopedRow>(
  ctx: Pick<RequestContext, 'roles' | 'cadreId' | 'unitId'>,
  rows: T[],
  assigned: ReadonlySet<string>,
): T[] {
  return rows.filter((r) => {
    const mine = assigned.has(r.cadreId);
    if (!reachesCadre(ctx, { id: r.cadreId, unitId: r.unitId }, mine)) return false;
    return !r.excluded || readsPoliticalVerdict(ctx, mine);
  });
}

/** The cadres assigned to the caller's assessment groups (projected from `appraisal.group.updated`). */
@Injectable()
export class ReaderScope {
  constructor(private readonly repository: ReaderScopeRepository) {}

  /** Empty for the department (it reaches everyone anyway) and for anyone not an assessor. */
  async assigned(ctx: RequestContext, cadreIds?: string[]): Promise<Set<string>> {
    if (isOfficer(ctx) || !isAssessor(ctx)) return new Set();
    return new Set(await this.repository.assignedCadres(ctx.tenantId, ctx.userId, cadreIds));
  }
}
