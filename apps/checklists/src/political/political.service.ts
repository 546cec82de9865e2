import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CHECKLISTS_REQUESTS,
  DimensionTemplateView,
  ObservationInput,
  ObservationView,
  POLITICAL_DIMENSION_NAMES,
  PoliticalDimensionStateV1,
  PoliticalFileView,
  PoliticalVerdict,
  RequestContext,
  VerdictRuleView,
} from '@cadre/contracts';
import type { ByCadre, UpdateDimensionsCommand } from '@cadre/contracts';
import { JobScheduler, OnJob } from '@cadre/jobs';
import { Outbox, RpcError } from '@cadre/messaging';
import { PLATFORM_CONFIG, PlatformConfig, runsWorker } from '@cadre/platform';
import { Access, isOfficer } from '../access/access';
import { CadresProjection } from '../projections/cadres.projection';
import { assessPoliticalFile, DEFAULT_VERDICT_RULE, Observation, validateRule, VerdictRule } from './political-rule';
import { DEFAULT_POLITICAL_TEMPLATE } from './political-template';

/**
 * 政治清单 and 政治体检档案: observations build each cadre's file; its gate verdict is recomputed
 * with the tenant's rule on every observation, so the file is always current, and a change of
 * verdict is published (首关不过,余关莫论: analytics excludes `fail` from ranking).
 */
/** Persisted job name: never rename. */
export const REASSESS_JOB = 'political-reassess';

/** The next 01:00 Beijing time after `now`: when the nightly reassessment runs. */
export function nextReassessment(now: Date): Date {
  const beijingDay = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const tonight = new Date(`${beijingDay}T01:00:00+08:00`);
  return tonight > now ? tonight : new Date(tonight.getTime() + 24 * 3600_000);
}

@Injectable()
export class PoliticalService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Political');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
    private readonly jobs: JobScheduler,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /**
   * A verdict changes with time too: a negative observation leaves the window after 12 months. Files
   * not at `pass` are reassessed when a worker starts and every night (a keyed job per night), so the
   * verdict and its event follow without a new observation. A `pass` cannot worsen by time alone.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    await this.reassessNightly();
  }

  @OnJob(REASSESS_JOB)
  async reassessNightly(): Promise<void> {
    const files: Array<{ cadreId: string; tenantId: string }> = await this.dataSource.query(
      `SELECT cadre_id AS "cadreId", tenant_id AS "tenantId" FROM political_files WHERE verdict <> 'pass'`,
    );
    let changed = 0;
    for (const f of files) {
      await this.outbox.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('political-file:' || $1))`, [f.cadreId]);
        if (await this.reassess(manager, f.tenantId, f.cadreId)) changed += 1;
      });
    }
    if (changed > 0) this.logger.log(`${changed} political verdicts changed as observations left the window`);
    const next = nextReassessment(new Date());
    await this.jobs.schedule(REASSESS_JOB, {}, { jobId: `${REASSESS_JOB}-${next.toISOString().slice(0, 10)}`, runAt: next });
  }
  async dimensions(_payload: unknown, ctx: RequestContext): Promise<DimensionTemplateView[]> {
    const [row] = await this.dataSource.query(`SELECT dimensions FROM political_templates WHERE tenant_id = $1`, [ctx.tenantId]);
    return row?.dimensions ?? DEFAULT_POLITICAL_TEMPLATE;
  }

  /** A tenant rewords the dimensions' descriptions and indicators; the six keys are fixed. */
  async updateDimensions(payload: UpdateDimensionsCommand, ctx: RequestContext): Promise<DimensionTemplateView[]> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以修改政治清单模板');
    const keys = payload.dimensions.map((d) => d.key).sort();
    if (keys.join() !== Object.keys(POLITICAL_DIMENSION_NAMES).sort().join()) {
      throw RpcError.rule('政治清单必须恰好包含六个维度', [{ field: 'dimensions', message: '维度必须是 belief, truth_seeking, responsibility, principle, discipline, diligence 各一次' }]);
    }
    await this.dataSource.query(
      `INSERT INTO political_templates (tenant_id, dimensions) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET dimensions = EXCLUDED.dimensions, updated_at = now()`,
      [ctx.tenantId, JSON.stringify(payload.dimensions)],
    );
    return payload.dimensions;
  }
  rule(_payload: unknown, ctx: RequestContext): Promise<VerdictRuleView> {
    return this.ruleOf(ctx.tenantId);
  }

  /** A new rule applies to observations recorded from now on and to files as they are next assessed. */
  async updateRule(payload: VerdictRuleView, ctx: RequestContext): Promise<VerdictRuleView> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以修改研判规则');
    const problems = validateRule(payload);
    if (problems.length > 0) throw RpcError.rule('研判规则不合理', problems.map((message) => ({ field: 'rule', message })));
    await this.dataSource.query(
      `INSERT INTO verdict_rules (tenant_id, rule) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET rule = EXCLUDED.rule, updated_at = now()`,
      [ctx.tenantId, JSON.stringify(payload)],
    );
    return payload;
  }
  async observe(input: ObservationInput, ctx: RequestContext): Promise<PoliticalFileView> {
    await this.access.politicalFile(ctx, await this.cadres.require(ctx.tenantId, input.cadreId));
    if (input.occurredAt > new Date().toISOString().slice(0, 10)) {
      throw RpcError.rule('观察记录的日期不能晚于今天', [{ field: 'occurredAt', message: '不能是将来的日期' }]);
    }
    await this.outbox.transaction(async (manager) => {
      // One file at a time per cadre, so two observations at once cannot both miss a verdict change.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('political-file:' || $1))`, [input.cadreId]);
      await manager.query(
        `INSERT INTO political_observations (id, tenant_id, cadre_id, dimension, polarity, severity, evidence, occurred_at, source, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [randomUUID(), ctx.tenantId, input.cadreId, input.dimension, input.polarity, input.severity, input.evidence, input.occurredAt, input.source, ctx.username],
      );
      await this.reassess(manager, ctx.tenantId, input.cadreId);
    });
    return this.fileOf(ctx.tenantId, input.cadreId);
  }
  async file(payload: ByCadre, ctx: RequestContext): Promise<PoliticalFileView> {
    await this.access.politicalFile(ctx, await this.cadres.require(ctx.tenantId, payload.cadreId));
    return this.fileOf(ctx.tenantId, payload.cadreId);
  }

  /** Recomputes a file with the tenant's rule, stores it, and publishes a change of verdict; true when it changed. */
  async reassess(manager: EntityManager, tenantId: string, cadreId: string): Promise<boolean> {
    const observations: Observation[] = await manager.query(
      `SELECT dimension, polarity, severity, occurred_at::text AS "occurredAt" FROM political_observations WHERE tenant_id = $1 AND cadre_id = $2`,
      [tenantId, cadreId],
    );
    const assessment = assessPoliticalFile(observations, await this.ruleOf(tenantId, manager), new Date());
    const [before] = await manager.query(`SELECT verdict FROM political_files WHERE cadre_id = $1 AND tenant_id = $2`, [cadreId, tenantId]);
    await manager.query(
      `INSERT INTO political_files (cadre_id, tenant_id, verdict, dimensions) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cadre_id) DO UPDATE SET verdict = EXCLUDED.verdict, dimensions = EXCLUDED.dimensions, updated_at = now()`,
      [cadreId, tenantId, assessment.verdict, JSON.stringify(assessment.dimensions)],
    );
    const from: PoliticalVerdict | null = before?.verdict ?? null;
    // No file yet counts as pass: a first observation that keeps `pass` changes nothing worth telling.
    const changed = (from ?? 'pass') !== assessment.verdict;
    if (changed) {
      await this.outbox.add(manager, {
        type: 'checklists.political.verdict_changed',
        tenantId,
        aggregateId: cadreId,
        data: { cadreId, from, to: assessment.verdict, dimensions: assessment.dimensions },
      });
    }
    return changed;
  }

  private async ruleOf(tenantId: string, manager?: EntityManager): Promise<VerdictRule> {
    const [row] = await (manager ?? this.dataSource.manager).query(`SELECT rule FROM verdict_rules WHERE tenant_id = $1`, [tenantId]);
    return row?.rule ?? DEFAULT_VERDICT_RULE;
  }

  private async fileOf(tenantId: string, cadreId: string): Promise<PoliticalFileView> {
    const [file] = await this.dataSource.query(`SELECT verdict, dimensions, updated_at AS "updatedAt" FROM political_files WHERE tenant_id = $1 AND cadre_id = $2`, [
      tenantId,
      cadreId,
    ]);
    const observations: ObservationView[] = await this.dataSource.query(
      `SELECT id, dimension, polarity, severity, evidence, occurred_at::text AS "occurredAt", source, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
         FROM political_observations WHERE tenant_id = $1 AND cadre_id = $2 ORDER BY occurred_at DESC, recorded_at DESC`,
      [tenantId, cadreId],
    );
    const dimensions: PoliticalDimensionStateV1[] = file?.dimensions ?? assessPoliticalFile([], DEFAULT_VERDICT_RULE, new Date()).dimensions;
    return {
      cadreId,
      verdict: file?.verdict ?? 'pass',
      dimensions: dimensions.map((d) => ({ ...d, name: POLITICAL_DIMENSION_NAMES[d.key] })),
      observations: observations.map((o) => ({ ...o, recordedAt: new Date(o.recordedAt).toISOString() })),
      updatedAt: file ? new Date(file.updatedAt).toISOString() : null,
    };
  }
}
