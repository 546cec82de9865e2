import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ANALYTICS_REQUESTS, CompositeWeights, CoordinatePoint, DEFAULT_COMPOSITE_WEIGHTS, isOfficer, isScopedReader, Quadrant, RankingsQuery, reachesCadre, readsPoliticalVerdict, RequestContext, TrendPoint, TrendView } from '@cadre/contracts';
import type { ByCadre, ByCycle, CoordinatesView, RankingsView, RecomputeResult } from '@cadre/contracts';
import { OnJob } from '@cadre/jobs';
import { Outbox, RpcError } from '@cadre/messaging';
import { ReaderScope, visibleRows } from '../access/reader-scope';
import { weightProblems } from './composite';
import { halfYear, RANKING_COLUMNS, RANKING_SELECT } from './ranking.sql';
import { RECOMPUTE_JOB, RecomputeJobData, RecomputeScheduler } from './recompute.scheduler';
import { trendOf } from './trend';

/** Parallel parts of a recompute (one per core of the database is the useful most). */
const RECOMPUTE_PARTS = 2;

/** The tables RANKING_SELECT reads. */
export const RANKING_INPUTS = ['cadres', 'units', 'apply_results', 'democratic', 'task_scores', 'wartime', 'political', 'rankings'];

/** Which roles may see comparative results: the department, assessors and unit leaders (not cadres, not voters). */
function requireReader(ctx: RequestContext): void {
  if (isOfficer(ctx) || ctx.roles.includes('assessor') || ctx.roles.includes('unit_leader')) return;
  throw new RpcError(403, '比对考核结果仅限组织部、考核组和单位领导查看');
}

export function quadrantOf(x: number, y: number): Quadrant {
  if (x >= 50 && y >= 50) return 'leading';
  if (y >= 50) return 'team_anchor';
  if (x >= 50) return 'field_strong';
  return 'lagging';
}

/**
 * 比对考核: the composite of every cadre in a cycle, the vertical rank inside the team and the
 * horizontal rank inside the field, the coordinate map and the trend over the years.
 */
@Injectable()
export class RankingService {
  private readonly logger = new Logger('Ranking');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly scheduler: RecomputeScheduler,
    private readonly scope: ReaderScope,
  ) {}

  @OnJob(RECOMPUTE_JOB)
  async onRecompute(data: RecomputeJobData): Promise<void> {
    await this.recompute(data.tenantId, data.cycleId);
  }

  /**
   * Rewrites the cycle's rankings if it is dirty (or `force`), with one event per team and per field.
   * The state row stays locked for the whole recompute (inputs arriving meanwhile wait, then mark the
   * cycle dirty again). Ranks never cross a field, so the fields are split into RECOMPUTE_PARTS groups
   * of about equal size written in parallel transactions (PostgreSQL runs `INSERT … SELECT` without
   * parallel workers; two connections use both cores). A crash midway leaves the cycle dirty: the
   * job runs again and writes the same rows; events of that revision may then be published twice,
   * which a consumer (replacing what it holds for the scope) does not notice. Null when there was
   * nothing to do (not dirty, or the cycle is not known yet).
   */
  async recompute(tenantId: string, cycleId: string, force = false): Promise<{ revision: number; ranked: number } | null> {
    const started = Date.now();
    await this.analyzeStaleInputs();
    const result = await this.outbox.transaction(async (m) => {
      const [state] = await m.query(`SELECT dirty, revision FROM recompute_state WHERE cycle_id = $1 FOR UPDATE`, [cycleId]);
      if (!state || !(state.dirty || force)) return null;
      const [cycle] = await m.query(`SELECT kind, year, half, unit_ids AS "unitIds" FROM cycles WHERE id = $1`, [cycleId]);
      if (!cycle) {
        await m.query(`UPDATE recompute_state SET dirty = false WHERE cycle_id = $1`, [cycleId]);
        return null; // its cycle event marks it again when it arrives
      }
      const revision: number = state.revision + 1;
      const computedAt = new Date().toISOString();
      const w = await this.weightsOf(m, tenantId);
      const [from, to] = halfYear(cycle.year, cycle.half);
      const params = [cycleId, w.periodic, w.democratic, w.task, w.wartime, tenantId, cycle.kind, cycle.year, cycle.unitIds, from, to];
      // Rows of cadres who changed field (or left) first, so that no two parts touch the same row.
      await this.dataSource.query(
        `DELETE FROM rankings r WHERE r.cycle_id = $1 AND NOT EXISTS (
           SELECT 1 FROM cadres k JOIN units u ON u.id = k.unit_id WHERE k.id = r.cadre_id AND k.status = 'active' AND u.field_id IS NOT DISTINCT FROM r.field_id)`,
        [cycleId],
      );
      const parts = await this.fieldParts(m, tenantId, cycle.unitIds);
      const counts = await Promise.all(parts.map((part) => this.outbox.transaction((p) => this.writePart(p, tenantId, params, part, revision, computedAt))));
      await m.query(`UPDATE recompute_state SET dirty = false, revision = $2, recomputes = recomputes + 1, computed_at = $3 WHERE cycle_id = $1`, [cycleId, revision, computedAt]);
      return { revision, ranked: counts.reduce((a, b) => a + b, 0) };
    });
    if (result) this.logger.log(`cycle ${cycleId} ranked: ${result.ranked} cadres, revision ${result.revision}, ${Date.now() - started} ms`);
    return result;
  }

  /**
   * ANALYZE the inputs that were never analyzed or changed much since (autovacuum's own rule, 10% +
   * 500 rows): the projections fill from events in bulk (an import of 100,000 cadres, a cycle's
   * democratic results), and without statistics the planner takes them for empty and joins 20,000
   * cadres by nested loops — the recompute ran past statement_timeout (30 s) on every attempt where
   * autovacuum was off or had not come round yet (found by the province bench). Sampling costs
   * milliseconds; done outside the recompute's transaction so no lock is held meanwhile.
   */
  private async analyzeStaleInputs(): Promise<void> {
    const stale: Array<{ relname: string }> = await this.dataSource.query(
      `SELECT relname FROM pg_stat_user_tables
        WHERE schemaname = current_schema() AND relname = ANY ($1::text[])
          AND ((last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup + n_mod_since_analyze > 0) OR n_mod_since_analyze > 0.1 * n_live_tup + 500)`,
      [RANKING_INPUTS],
    );
    for (const { relname } of stale) await this.dataSource.query(`ANALYZE "${relname}"`);
  }

  /** The cycle's fields in RECOMPUTE_PARTS groups of about equal cadre count (largest first, to the lightest group). */
  private async fieldParts(m: EntityManager, tenantId: string, unitIds: string[] | null): Promise<Array<{ fields: string[]; withoutField: boolean }>> {
    const sizes: Array<{ fieldId: string | null; n: number }> = await m.query(
      `SELECT u.field_id AS "fieldId", count(*)::int AS n FROM cadres k JOIN units u ON u.id = k.unit_id
        WHERE k.tenant_id = $1 AND k.status = 'active' AND ($2::uuid[] IS NULL OR k.unit_id = ANY ($2::uuid[])) GROUP BY u.field_id ORDER BY n DESC`,
      [tenantId, unitIds],
    );
    const parts = Array.from({ length: RECOMPUTE_PARTS }, () => ({ fields: [] as string[], withoutField: false, n: 0 }));
    for (const size of sizes) {
      const lightest = parts.reduce((a, b) => (b.n < a.n ? b : a));
      if (size.fieldId) lightest.fields.push(size.fieldId);
      else lightest.withoutField = true;
      lightest.n += size.n;
    }
    // An empty part still clears rows of fields that no longer have cadres: give it nothing to insert.
    return parts.filter((p) => p.n > 0 || p === parts[0]);
  }

  /** One part: its fields' rows, then the events of its teams and fields. Returns the rows written. */
  private async writePart(m: EntityManager, tenantId: string, params: unknown[], part: { fields: string[]; withoutField: boolean }, revision: number, computedAt: string): Promise<number> {
    // Sorting the rows twice for the two ranks: in memory, not in temporary files.
    await m.query(`SET LOCAL work_mem = '64MB'`);
    const cycleId = params[0] as string;
    await m.query(`DELETE FROM rankings WHERE cycle_id = $1 AND (field_id = ANY ($2::uuid[]) OR ($3 AND field_id IS NULL))`, [cycleId, part.fields, part.withoutField]);
    const [{ ranked }] = await m.query(
      `WITH written AS (INSERT INTO rankings (${RANKING_COLUMNS}) ${RANKING_SELECT} RETURNING 1) SELECT count(*)::int AS ranked FROM written`,
      [...params, part.fields, part.withoutField],
    );
    await this.publish(m, tenantId, cycleId, revision, computedAt, part);
    return ranked;
  }

  /** analytics.rankings.recomputed per team and per field of the part, built in SQL from the rows just written. */
  private publish(m: EntityManager, tenantId: string, cycleId: string, revision: number, computedAt: string, part: { fields: string[]; withoutField: boolean }): Promise<number> {
    const item = (p: 'vertical' | 'horizontal') =>
      `json_build_object('cadreId', cadre_id, 'composite', composite, 'rank', ${p}_rank, 'percentile', ${p}_percentile, 'excluded', excluded) ORDER BY excluded NULLS FIRST, ${p}_rank, cadre_id`;
    const data = (scope: string, column: string, p: 'vertical' | 'horizontal') =>
      `SELECT $1::uuid AS aggregate_id, jsonb_build_object('cycleId', $1::uuid, 'scope', '${scope}', 'scopeId', ${column}, 'revision', $2::int, 'computedAt', $3::text, 'items', json_agg(${item(p)})) AS data
         FROM rankings WHERE cycle_id = $1 AND ${column} IS NOT NULL AND (field_id = ANY ($4::uuid[]) OR ($5 AND field_id IS NULL)) GROUP BY ${column}`;
    return this.outbox.addSelected(
      m,
      'analytics.rankings.recomputed',
      tenantId,
      `${data('vertical', 'team_id', 'vertical')} UNION ALL ${data('horizontal', 'field_id', 'horizontal')}`,
      [cycleId, revision, computedAt, part.fields, part.withoutField],
    );
  }
  async recomputeByHand(payload: ByCycle, ctx: RequestContext): Promise<RecomputeResult> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以重新计算排名');
    await this.requireCycle(ctx.tenantId, payload.cycleId);
    await this.dataSource.query(`INSERT INTO recompute_state (cycle_id, tenant_id, dirty, generation) VALUES ($1, $2, false, 1) ON CONFLICT DO NOTHING`, [payload.cycleId, ctx.tenantId]);
    return (await this.recompute(ctx.tenantId, payload.cycleId, true))!;
  }
  async rankings(query: RankingsQuery, ctx: RequestContext): Promise<RankingsView> {
    requireReader(ctx);
    await this.requireCycle(ctx.tenantId, query.cycleId);
    const vertical = query.scope === 'vertical';
    const scopeId = vertical ? query.teamId : query.fieldId;
    if (!scopeId) throw new RpcError(400, vertical ? '纵向排名需要 teamId' : '横向排名需要 fieldId', [{ field: vertical ? 'teamId' : 'fieldId', message: '必须提供' }]);
    const p = vertical ? 'vertical' : 'horizontal';
    const rows = await this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", k.name, k.unit_id AS "unitId", r.composite, r.${p}_rank AS rank, r.${p}_percentile AS percentile, r.excluded,
              r.periodic, r.democratic, r.task, r.wartime
         FROM rankings r JOIN cadres k ON k.id = r.cadre_id
        WHERE r.tenant_id = $1 AND r.cycle_id = $2 AND r.${vertical ? 'team_id' : 'field_id'} = $3
        ORDER BY r.excluded NULLS FIRST, r.${p}_rank, k.name`,
      [ctx.tenantId, query.cycleId, scopeId],
    );
    const [state] = await this.dataSource.query(`SELECT revision, computed_at AS "computedAt" FROM recompute_state WHERE cycle_id = $1`, [query.cycleId]);
    return {
      items: visibleRows(ctx, rows as Array<{ cadreId: string; unitId: string | null; excluded: string | null }>, await this.scope.assigned(ctx)).map((r: any) => ({
        cadreId: r.cadreId,
        name: r.name,
        composite: r.composite,
        rank: r.rank,
        percentile: r.percentile,
        ...(r.excluded ? { excluded: r.excluded } : {}),
        parts: { periodic: r.periodic, democratic: r.democratic, task: r.task, wartime: r.wartime },
      })),
      revision: state?.revision ?? 0,
      computedAt: state?.computedAt?.toISOString() ?? null,
    };
  }

  /** 坐标系: x = horizontal percentile (in the field), y = vertical percentile (in the team). */
  async coordinates(payload: ByCycle, ctx: RequestContext): Promise<CoordinatesView> {
    requireReader(ctx);
    await this.requireCycle(ctx.tenantId, payload.cycleId);
    const rows = await this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", k.name, k.unit_id AS "unitId", r.team_id AS "teamId", r.field_id AS "fieldId", r.composite, r.horizontal_percentile AS x, r.vertical_percentile AS y
         FROM rankings r JOIN cadres k ON k.id = r.cadre_id
        WHERE r.tenant_id = $1 AND r.cycle_id = $2 AND r.excluded IS NULL AND r.horizontal_percentile IS NOT NULL AND r.vertical_percentile IS NOT NULL
        ORDER BY r.composite DESC, k.name`,
      [ctx.tenantId, payload.cycleId],
    );
    const points = visibleRows(ctx, rows as Array<CoordinatePoint & { unitId: string | null }>, await this.scope.assigned(ctx));
    return { points: points.map(({ unitId: _unit, ...r }) => ({ ...r, quadrant: quadrantOf(r.x, r.y) })) };
  }
  async trend(payload: ByCadre, ctx: RequestContext): Promise<TrendView> {
    // Anyone else (a cadre asking about another) is refused before the id is looked up, as before.
    if (!isOfficer(ctx) && !isScopedReader(ctx) && ctx.cadreId !== payload.cadreId) throw new RpcError(403, '只能查看本人的排名趋势');
    const [cadre] = await this.dataSource.query(`SELECT id, unit_id AS "unitId" FROM cadres WHERE tenant_id = $1 AND id = $2`, [ctx.tenantId, payload.cadreId]);
    // A leader outside their unit, an assessor outside their groups: as for an unknown id.
    const assigned = !!cadre && (await this.scope.assigned(ctx, [cadre.id])).has(cadre.id);
    if (!cadre || !reachesCadre(ctx, cadre, assigned)) throw RpcError.notFound('干部');
    // Cycles in which the gate stopped the cadre are left out for readers who may not learn the verdict.
    return trendOf(payload.cadreId, await this.trendPoints(ctx.tenantId, [payload.cadreId], undefined, !readsPoliticalVerdict(ctx, assigned)));
  }

  /** Closed or published periodic cycles with a ranking row for the cadres, oldest first; up to a cycle when given. */
  async trendPoints(tenantId: string, cadreIds: string[], upTo?: { year: number; half: number | null }, withoutGated = false): Promise<Array<TrendPoint & { cadreId: string }>> {
    return this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", c.id AS "cycleId", c.year, c.half, r.composite, r.vertical_rank AS "verticalRank", r.horizontal_rank AS "horizontalRank",
              r.horizontal_percentile AS "horizontalPercentile"
         FROM cycles c JOIN rankings r ON r.cycle_id = c.id AND r.cadre_id = ANY ($2::uuid[])
        WHERE c.tenant_id = $1 AND c.kind = 'periodic' AND c.status IN ('closed', 'published')
          AND ($3::int IS NULL OR (c.year, c.half) <= ($3, $4)) AND (NOT $5 OR r.excluded IS NULL)
        ORDER BY r.cadre_id, c.year, c.half`,
      [tenantId, cadreIds, upTo?.year ?? null, upTo?.half ?? 2, withoutGated],
    );
  }
  async weights(_payload: unknown, ctx: RequestContext): Promise<CompositeWeights> {
    requireReader(ctx);
    return this.weightsOf(this.dataSource.manager, ctx.tenantId);
  }

  /** New weights re-rank every cycle of the tenant. */
  async putWeights(w: CompositeWeights, ctx: RequestContext): Promise<CompositeWeights> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以设置综合评价权重');
    const problems = weightProblems(w);
    if (problems.length > 0) throw new RpcError(400, '权重设置有误', problems);
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO weights (tenant_id, periodic, democratic, task, wartime) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id) DO UPDATE SET periodic = EXCLUDED.periodic, democratic = EXCLUDED.democratic, task = EXCLUDED.task, wartime = EXCLUDED.wartime, updated_at = now()`,
        [ctx.tenantId, w.periodic, w.democratic, w.task, w.wartime],
      );
      await m.query(`UPDATE recompute_state SET dirty = true, generation = generation + 1, generation_key = gen_random_uuid() WHERE tenant_id = $1 AND NOT dirty`, [ctx.tenantId]);
      await m.query(`UPDATE recompute_state SET dirty = true WHERE tenant_id = $1`, [ctx.tenantId]);
    });
    await this.scheduler.sweep(); // queues the cycles just marked
    return this.weightsOf(this.dataSource.manager, ctx.tenantId);
  }

  async weightsOf(m: EntityManager, tenantId: string): Promise<CompositeWeights> {
    const [row] = await m.query(`SELECT periodic, democratic, task, wartime FROM weights WHERE tenant_id = $1`, [tenantId]);
    return row ?? DEFAULT_COMPOSITE_WEIGHTS;
  }

  async requireCycle(tenantId: string, cycleId: string): Promise<{ id: string; year: number; half: number | null; kind: string; status: string; name: string }> {
    const cycle = await this.findCycle(tenantId, cycleId);
    if (!cycle) throw RpcError.notFound('考核周期');
    return cycle;
  }

  async findCycle(tenantId: string, cycleId: string): Promise<{ id: string; year: number; half: number | null; kind: string; status: string; name: string } | null> {
    const [cycle] = await this.dataSource.query(`SELECT id, year, half, kind, status, name FROM cycles WHERE tenant_id = $1 AND id = $2`, [tenantId, cycleId]);
    return cycle ?? null;
  }
}
