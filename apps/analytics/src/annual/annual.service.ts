import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_ANNUAL_WEIGHTS,
  isOfficer,
  isScopedReader,
  reachesCadre,
  readsPoliticalVerdict,
} from '@cadre/contracts';
import type {
  AnnualCoordinatesQuery,
  AnnualCoordinatesView,
  AnnualEvaluationView,
  AnnualRankingsQuery,
  AnnualRankingsView,
  AnnualRecordView,
  AnnualTrendView,
  AnnualWeights,
  AnnualYear,
  ByCadre,
  RequestContext,
} from '@cadre/contracts';
import { Outbox, pageOfSnapshot, pageWindow, RpcError, snapshotCursor } from '@cadre/messaging';
import { isInfrastructureError, PLATFORM_CONFIG, runsWorker } from '@cadre/platform';
import { ReaderScope, visibleRows } from '../access/reader-scope';
import { AnalyticsConfig } from '../config/analytics.config';
import { RankingRepository } from '../ranking/ranking.repository';
import { quadrantOf } from '../ranking/ranking-rules';
import {
  ANNUAL_RECORD_FORMAT,
  annualRecordDigest,
  annualRecordRow,
  annualRecordTeamRow,
} from '../records/record-serialisation';
import { RecordsRepository } from '../records/records.repository';
import {
  afterCycleSealed,
  annualCadreRows,
  annualTeamRows,
  annualTrend,
  annualWeightProblems,
  cannotEvaluate,
  gatedBy,
  mean,
  verdictAsOf,
  yearEnd,
} from './annual-rules';
import type { AnnualCadreInput, AnnualTeamInput } from './annual-rules';
import { AnnualEvaluationRow, AnnualRepository } from './annual.repository';

const iso = (d: Date | string) => new Date(d).toISOString();
/** Who may see comparative results, as for a cycle's: the department, assessors and unit leaders. */
function requireReader(ctx: RequestContext): void {
  if (isOfficer(ctx) || ctx.roles.includes('assessor') || ctx.roles.includes('unit_leader')) return;
  throw new RpcError(403, '比对考核结果仅限组织部、考核组和单位领导查看');
}

/** The list name in an annual ranking's cursors; its version is always 1 (the rows never change). */
const LIST = 'annual-rankings';

/**
 * 年度综合评价 (docs/records.md "The annual record"): per tenant and year, made once — when the year's
 * second periodic cycle is sealed (or at the year's end after it), or by hand — from the year's
 * published periodic cycles, its random appraisals and its democratic evaluations, with the
 * political gate as of the year's end; frozen as made and sealed in the tenant's chain of records.
 */
@Injectable()
export class AnnualService {
  private readonly logger = new Logger('Annual');

  constructor(
    private readonly repository: AnnualRepository,
    private readonly records: RecordsRepository,
    private readonly rankings: RankingRepository,
    private readonly scope: ReaderScope,
    private readonly outbox: Outbox,
  ) {}

  /**
   * A cycle was just sealed, in the recompute's transaction (which holds the tenant's chain lock): the
   * year's evaluation is made now when this completes the year, or asked for its end.
   */
  async cycleSealed(m: EntityManager, tenantId: string, cycleId: string, now = new Date()): Promise<void> {
    const year = await this.repository.periodicYear(m, tenantId, cycleId);
    if (year === null) return;
    const when = afterCycleSealed(year, await this.repository.yearCycles(m, tenantId, year), now);
    if (when === 'at_year_end') await this.repository.request(m, tenantId, year, yearEnd(year));
    else if (when === 'now' && !(await this.repository.findEvaluation(tenantId, year, m)))
      await this.evaluate(m, tenantId, year, 'publish', now);
  }

  /** `POST /annual/:year/evaluation`: the year's evaluation, made now or before (idempotent). */
  async evaluateByHand(ctx: RequestContext, payload: AnnualYear): Promise<AnnualEvaluationView> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以生成年度综合评价');
    const id = await this.outbox.transaction(async (m) => {
      await this.records.lockChain(m, ctx.tenantId);
      const existing = await this.repository.findEvaluation(ctx.tenantId, payload.year, m);
      if (existing) return existing.id;
      const now = new Date();
      const reason = cannotEvaluate(payload.year, await this.repository.yearCycles(m, ctx.tenantId, payload.year), now);
      if (reason) throw RpcError.conflict(reason);
      await this.repository.clearRequest(m, ctx.tenantId, payload.year);
      return this.evaluate(m, ctx.tenantId, payload.year, 'hand', now);
    });
    return this.view(ctx.tenantId, (await this.repository.findEvaluationById(ctx.tenantId, id))!);
  }

  /** The years whose end has come since their cycles were all published (a job of the worker role). */
  async sweep(now = new Date()): Promise<number> {
    let made = 0;
    for (const due of await this.repository.dueRequests(now))
      await this.outbox.transaction(async (m) => {
        await this.records.lockChain(m, due.tenantId);
        await this.repository.clearRequest(m, due.tenantId, due.year);
        if (await this.repository.findEvaluation(due.tenantId, due.year, m)) return;
        // Not makeable after all (a cycle of the year scheduled since): the next seal of the year asks again.
        if (cannotEvaluate(due.year, await this.repository.yearCycles(m, due.tenantId, due.year), now)) return;
        await this.evaluate(m, due.tenantId, due.year, 'publish', now);
        made += 1;
      });
    return made;
  }

  /**
   * Makes the year's evaluation in `m` (the caller holds the chain lock and has checked that it can be
   * made): reads the inputs, applies the rules, writes the frozen rows, seals the record and announces
   * it. Returns its id.
   */
  private async evaluate(
    m: EntityManager,
    tenantId: string,
    year: number,
    source: 'publish' | 'hand',
    now: Date,
  ): Promise<string> {
    const cycleIds = (await this.repository.yearCycles(m, tenantId, year))
      .filter((c) => c.status === 'published' && c.sealed)
      .map((c) => c.id);
    const weights = (await this.repository.findWeights(tenantId, m)) ?? DEFAULT_ANNUAL_WEIGHTS;
    const gateAsOf = yearEnd(year);
    // One after another: they share the transaction's one connection.
    const points = await this.repository.cadrePoints(m, tenantId, cycleIds);
    const random = await this.repository.randomParts(m, tenantId, year);
    const democratic = await this.repository.democraticParts(m, tenantId, year, 'cadre');
    const teamPoints = await this.repository.teamPoints(m, tenantId, cycleIds);
    const teamDemocratic = await this.repository.democraticParts(m, tenantId, year, 'team');
    const cadreIds = [...new Set(points.map((p) => p.cadreId))];
    const history = await this.repository.verdictHistory(m, tenantId, cadreIds, gateAsOf);
    const randomBy = new Map(random.map((r) => [r.cadreId, r]));
    const democraticBy = new Map(democratic.map((d) => [d.targetId, d.score]));
    const pointsBy = groupBy(points, (p) => p.cadreId);
    const historyBy = groupBy(history, (h) => h.cadreId);
    const inputs: AnnualCadreInput[] = cadreIds.map((cadreId) => {
      const own = pointsBy.get(cadreId)!.sort((a, b) => (a.half ?? 0) - (b.half ?? 0));
      const snapshotVerdict = own[own.length - 1].verdict;
      const verdict = verdictAsOf(historyBy.get(cadreId) ?? [], snapshotVerdict, gateAsOf);
      return {
        cadreId,
        periodic: own,
        random: mean([randomBy.get(cadreId)?.random]),
        democratic: mean([democraticBy.get(cadreId)]),
        gated: gatedBy(verdict),
      };
    });
    const rows = annualCadreRows(inputs, weights);
    const teamDemocraticBy = new Map(teamDemocratic.map((d) => [d.targetId, d.score]));
    const teamInputs: AnnualTeamInput[] = [...groupBy(teamPoints, (t) => t.teamId)].map(([teamId, periodic]) => ({
      teamId,
      periodic,
      democratic: mean([teamDemocraticBy.get(teamId)]),
    }));
    const teams = annualTeamRows(teamInputs, weights);
    const ranked = new Set(rows.map((r) => r.cadreId));
    const randomCycleIds = [...new Set(random.filter((r) => ranked.has(r.cadreId)).flatMap((r) => r.cycleIds))].sort();
    const id = randomUUID();
    const publishedAt = iso(now);
    await this.repository.insert(
      m,
      {
        id,
        tenantId,
        year,
        source,
        cycleIds: [...cycleIds].sort(),
        randomCycleIds,
        weights,
        gateAsOf: iso(gateAsOf),
        cadres: rows.length,
        teams: teams.length,
        publishedAt,
      },
      rows,
      teams,
    );
    // Sealed from the rows as stored (as verify reads them), in the chain the caller has locked.
    const last = await this.records.lastSeal(m, tenantId);
    const header = {
      tenantId,
      annualId: id,
      year,
      sequence: (last?.sequence ?? 0) + 1,
      publishedAt,
      previousDigest: last?.digest ?? null,
    };
    const digest = annualRecordDigest(ANNUAL_RECORD_FORMAT, header, {
      weights,
      gateAsOf: iso(gateAsOf),
      cycleIds,
      randomCycleIds,
      rows: await this.repository.rows(tenantId, year, m),
      teams: await this.repository.teams(tenantId, year, m),
    });
    await this.records.sealAnnual(m, tenantId, {
      annualId: id,
      year,
      publishedAt,
      sequence: header.sequence,
      format: ANNUAL_RECORD_FORMAT,
      digest,
      previousDigest: header.previousDigest,
      weights,
      rowCount: rows.length,
    });
    await this.outbox.add(m, {
      type: 'analytics.annual.published',
      tenantId,
      aggregateId: id,
      data: {
        annualId: id,
        year,
        cycleIds: [...cycleIds].sort(),
        cadres: rows.length,
        teams: teams.length,
        sequence: header.sequence,
        digest,
        previousDigest: header.previousDigest,
        publishedAt,
      },
    });
    this.logger.log(`annual ${year} of ${tenantId}: ${rows.length} cadres, ${teams.length} teams (${source})`);
    return id;
  }

  async evaluation(ctx: RequestContext, payload: AnnualYear): Promise<AnnualEvaluationView> {
    requireReader(ctx);
    return this.view(ctx.tenantId, await this.requireEvaluation(ctx.tenantId, payload.year));
  }

  async rankingList(ctx: RequestContext, query: AnnualRankingsQuery): Promise<AnnualRankingsView> {
    requireReader(ctx);
    pageWindow(query, snapshotCursor(LIST)); // a forged cursor is refused first, as in every list
    const vertical = query.scope === 'vertical';
    const scopeId = vertical ? query.teamId : query.fieldId;
    if (!scopeId)
      throw new RpcError(400, vertical ? '纵向排名需要 teamId' : '横向排名需要 fieldId', [
        { field: vertical ? 'teamId' : 'fieldId', message: '必须提供' },
      ]);
    const evaluation = await this.requireEvaluation(ctx.tenantId, query.year);
    const rows = await this.repository.list(ctx.tenantId, query.year, query.scope, scopeId);
    const visible = visibleRows(ctx, rows, await this.scope.assigned(ctx));
    const page = pageOfSnapshot(visible, query, LIST, 1);
    return {
      year: query.year,
      publishedAt: iso(evaluation.publishedAt),
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        cadreId: r.cadreId,
        name: r.name,
        composite: r.composite,
        rank: r.rank,
        percentile: r.percentile,
        ...(r.excluded ? { excluded: r.excluded } : {}),
        parts: { periodic: r.periodic, random: r.random, democratic: r.democratic },
      })),
    };
  }

  /** 年度综合评价坐标系: the cadres (as a cycle's map, in the reader's scope) or the teams. */
  async coordinates(ctx: RequestContext, query: AnnualCoordinatesQuery): Promise<AnnualCoordinatesView> {
    const subject = query.subject ?? 'cadre';
    if (subject === 'team') {
      // As a cycle's 班子排名: the department every team, a unit's leader their own unit's.
      let unitId: string | undefined;
      if (!isOfficer(ctx)) {
        if (!ctx.roles.includes('unit_leader') || !ctx.unitId)
          throw new RpcError(403, '班子年度坐标仅限组织部和本单位领导查看');
        unitId = ctx.unitId;
      }
      await this.requireEvaluation(ctx.tenantId, query.year);
      const rows = await this.repository.teamCoordinates(ctx.tenantId, query.year, unitId);
      return {
        year: query.year,
        subject: 'team',
        points: rows.map((r) => ({ ...r, quadrant: quadrantOf(r.x, r.y) })),
      };
    }
    requireReader(ctx);
    await this.requireEvaluation(ctx.tenantId, query.year);
    const rows = visibleRows(
      ctx,
      await this.repository.coordinates(ctx.tenantId, query.year),
      await this.scope.assigned(ctx),
    );
    return {
      year: query.year,
      subject: 'cadre',
      points: rows.map(({ unitId: _unit, ...r }) => ({ ...r, quadrant: quadrantOf(r.x, r.y) })),
    };
  }

  /** `GET /cadres/:id/trend?by=year`: who may read it is as for the trend over cycles. */
  async trend(ctx: RequestContext, payload: ByCadre): Promise<AnnualTrendView> {
    if (!isOfficer(ctx) && !isScopedReader(ctx) && ctx.cadreId !== payload.cadreId)
      throw new RpcError(403, '只能查看本人的排名趋势');
    const cadre = await this.rankings.findCadre(ctx.tenantId, payload.cadreId);
    const assigned = !!cadre && (await this.scope.assigned(ctx, [cadre.id])).has(cadre.id);
    if (!cadre || !reachesCadre(ctx, cadre, assigned)) throw RpcError.notFound('干部');
    // Years in which the gate stopped the cadre are left out for readers who may not learn the verdict.
    const points = await this.repository.trend(ctx.tenantId, payload.cadreId, !readsPoliticalVerdict(ctx, assigned));
    return { cadreId: payload.cadreId, by: 'year', points, ...annualTrend(points) };
  }

  async weights(ctx: RequestContext): Promise<AnnualWeights> {
    requireReader(ctx);
    return (await this.repository.findWeights(ctx.tenantId)) ?? DEFAULT_ANNUAL_WEIGHTS;
  }

  /** The weights of the evaluations made from now on: one made already keeps those it was made with. */
  async putWeights(ctx: RequestContext, w: AnnualWeights): Promise<AnnualWeights> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以设置年度综合评价权重');
    const problems = annualWeightProblems(w);
    if (problems.length > 0) throw new RpcError(400, '年度权重设置有误', problems);
    await this.repository.saveWeights(ctx.tenantId, {
      periodic: w.periodic,
      random: w.random,
      democratic: w.democratic,
    });
    return (await this.repository.findWeights(ctx.tenantId))!;
  }

  /** `GET /annual/:year/record`: the annual record as sealed, with its rows as stored. */
  async record(ctx: RequestContext, payload: AnnualYear): Promise<AnnualRecordView> {
    if (!isOfficer(ctx)) throw new RpcError(403, '考核记录仅限组织部查看');
    const evaluation = await this.requireEvaluation(ctx.tenantId, payload.year);
    const seal = await this.records.find(ctx.tenantId, evaluation.id, undefined, 'annual');
    if (!seal) throw RpcError.notFound('年度考核记录');
    const rows = await this.repository.rows(ctx.tenantId, payload.year);
    const teams = await this.repository.teams(ctx.tenantId, payload.year);
    return {
      kind: 'annual',
      annualId: evaluation.id,
      year: evaluation.year,
      format: seal.format,
      sequence: seal.sequence,
      publishedAt: iso(evaluation.publishedAt),
      sealedAt: iso(seal.sealedAt),
      digest: seal.digest,
      previousDigest: seal.previousDigest,
      weights: evaluation.weights,
      gateAsOf: iso(evaluation.gateAsOf),
      cycleIds: evaluation.cycleIds,
      randomCycleIds: evaluation.randomCycleIds,
      rows: rows.map(annualRecordRow),
      teams: teams.map(annualRecordTeamRow),
    };
  }

  private async requireEvaluation(tenantId: string, year: number): Promise<AnnualEvaluationRow> {
    const evaluation = await this.repository.findEvaluation(tenantId, year);
    if (!evaluation) throw RpcError.notFound(`${year} 年度综合评价`);
    return evaluation;
  }

  private async view(tenantId: string, e: AnnualEvaluationRow): Promise<AnnualEvaluationView> {
    const seal = (await this.records.find(tenantId, e.id, undefined, 'annual'))!;
    return {
      id: e.id,
      year: e.year,
      source: e.source,
      cycleIds: e.cycleIds,
      randomCycleIds: e.randomCycleIds,
      weights: e.weights,
      gateAsOf: iso(e.gateAsOf),
      cadres: e.cadres,
      teams: e.teams,
      publishedAt: iso(e.publishedAt),
      sequence: seal.sequence,
      digest: seal.digest,
      previousDigest: seal.previousDigest,
    };
  }
}

function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const g = groups.get(k);
    if (g) g.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}

const SWEEP_MS = 60_000;

/** Makes the years due at their end: at start and every minute, on the worker role. */
@Injectable()
export class AnnualSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AnnualSweep');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly annual: AnnualService,
    @Inject(PLATFORM_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    await this.run();
    this.timer = setInterval(() => void this.run(), SWEEP_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      await this.annual.sweep();
    } catch (err) {
      if (!isInfrastructureError(err)) this.logger.error(`annual sweep failed: ${(err as Error).message}`);
      else this.logger.warn(`annual sweep skipped, a dependency is away: ${(err as Error).message}`);
    }
  }
}
