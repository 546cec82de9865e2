import { Injectable } from '@nestjs/common';
import type { RequestContext, UnitFulfilmentQuery, UnitFulfilmentView } from '@cadre/contracts';
import { requireOfficer } from '@cadre/messaging';
import { progressRatio } from '../progress-ratio';
import { completionScore } from '../tasks/task-list-rules';
import { UnitFulfilmentRepository } from './unit-fulfilment.repository';

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/**
 * Per unit, the mean of its active cadres' task completion (their lists' completion score, 0..100) and
 * of their responsibility fulfilment (each list's mean rate, 0..1) for a year — what the units report,
 * for review's 含金量 cross-check against how the grassroots rate them. A cadre without a list of
 * that kind is left out of its mean; a unit with none has null.
 */
export function unitFulfilment(
  unitIds: string[],
  cadres: Array<{ id: string; unitId: string }>,
  tasks: Map<string, Array<{ weight: number; target: number; actual: number | null }>>,
  duties: Map<string, Array<{ target: number; actual: number | null }>>,
): UnitFulfilmentView[] {
  return unitIds.map((unitId) => {
    const own = cadres.filter((c) => c.unitId === unitId);
    const completion = mean(own.flatMap((c) => (tasks.has(c.id) ? [completionScore(tasks.get(c.id)!)] : [])));
    const fulfilment = mean(
      own.flatMap((c) => {
        const list = duties.get(c.id);
        return list && list.length > 0 ? [mean(list.map((d) => progressRatio(d.actual, d.target)))!] : [];
      }),
    );
    return {
      unitId,
      cadres: own.length,
      taskCompletion: completion === null ? null : Math.round(completion * 10) / 10,
      responsibilityFulfilment: fulfilment === null ? null : Math.round(fulfilment * 1000) / 1000,
    };
  });
}

@Injectable()
export class UnitFulfilmentService {
  constructor(private readonly repository: UnitFulfilmentRepository) {}

  async fulfilment(query: UnitFulfilmentQuery, ctx: RequestContext): Promise<{ items: UnitFulfilmentView[] }> {
    requireOfficer(ctx, '查看各单位清单完成情况');
    const unitIds = [...new Set(query.unitIds ?? [])];
    if (unitIds.length === 0) return { items: [] };
    const cadres = await this.repository.cadres(ctx.tenantId, unitIds);
    const ids = cadres.map((c) => c.id);
    const tasks = new Map(
      ids.length ? (await this.repository.tasks(ctx.tenantId, ids, query.year)).map((r) => [r.cadreId, r.tasks]) : [],
    );
    const duties = new Map<string, Array<{ target: number; actual: number | null }>>();
    if (ids.length)
      for (const d of await this.repository.duties(ctx.tenantId, ids, query.year))
        duties.set(d.cadreId, [...(duties.get(d.cadreId) ?? []), d]);
    return { items: unitFulfilment(unitIds, cadres, tasks, duties) };
  }
}
