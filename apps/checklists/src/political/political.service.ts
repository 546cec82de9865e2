import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DimensionTemplateView,
  ObservationInput,
  POLITICAL_DIMENSION_NAMES,
  PoliticalDimensionStateV1,
  PoliticalFileView,
  RequestContext,
  VerdictRuleView,
} from '@cadre/contracts';
import type { ByCadre, UpdateDimensionsCommand } from '@cadre/contracts';
import { JobScheduler } from '@cadre/jobs';
import { Outbox, RpcError } from '@cadre/messaging';
import { Access, isOfficer } from '../access/access';
import { CadresProjection } from '../projections/cadres-projection.repository';
import { assessPoliticalFile, DEFAULT_VERDICT_RULE, validateRule, VerdictRule } from './political-rule';
import { DEFAULT_POLITICAL_TEMPLATE, hasEveryDimensionOnce } from './political-template';
import { PoliticalRepository } from './political.repository';
import { nextReassessment, REASSESS_JOB } from './reassessment';

/**
 * Today as a calendar day where the tenants are (China's one zone), not in UTC: between 16:00 and
 * 24:00 UTC an observation dated today in Beijing was refused as in the future. Checklists holds no
 * tenant zone of its own; appraisal's wartime records use the cycle schedule's zone, the same by default.
 */
function todayWhereTenantIs(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * 政治清单 and 政治体检档案: observations build each cadre's file; its gate verdict is recomputed
 * with the tenant's rule on every observation, so the file is always current, and a change of
 * verdict is published (首关不过,余关莫论: analytics excludes `fail` from ranking).
 */

@Injectable()
export class PoliticalService {
  private readonly logger = new Logger('Political');

  constructor(
    private readonly political: PoliticalRepository,
    private readonly outbox: Outbox,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
    private readonly jobs: JobScheduler,
  ) {}

  /**
   * A verdict changes with time too: a negative observation leaves the window after 12 months. Files
   * not at `pass` are reassessed (when a worker starts and every night, see PoliticalReassessHandler),
   * so the verdict and its event follow without a new observation. A `pass` cannot worsen by time
   * alone. Then the next night's run is queued (a keyed job per night).
   */
  async reassessNightly(): Promise<void> {
    const files = await this.political.filesNotPassing();
    let changed = 0;
    for (const f of files) {
      await this.outbox.transaction(async (manager) => {
        await this.political.lockFile(f.cadreId, manager);
        if (await this.reassess(manager, f.tenantId, f.cadreId)) changed += 1;
      });
    }
    if (changed > 0) this.logger.log(`${changed} political verdicts changed as observations left the window`);
    const next = nextReassessment(new Date());
    await this.jobs.schedule(
      REASSESS_JOB,
      {},
      { jobId: `${REASSESS_JOB}-${next.toISOString().slice(0, 10)}`, runAt: next },
    );
  }

  async dimensions(_payload: unknown, ctx: RequestContext): Promise<DimensionTemplateView[]> {
    return (await this.political.template(ctx.tenantId)) ?? DEFAULT_POLITICAL_TEMPLATE;
  }

  /** A tenant rewords the dimensions' descriptions and indicators; the six keys are fixed. */
  async updateDimensions(payload: UpdateDimensionsCommand, ctx: RequestContext): Promise<DimensionTemplateView[]> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以修改政治清单模板');
    if (!hasEveryDimensionOnce(payload.dimensions.map((d) => d.key))) {
      throw RpcError.rule('政治清单必须恰好包含六个维度', [
        {
          field: 'dimensions',
          message: '维度必须是 belief, truth_seeking, responsibility, principle, discipline, diligence 各一次',
        },
      ]);
    }
    await this.political.saveTemplate(ctx.tenantId, payload.dimensions);
    return payload.dimensions;
  }

  rule(_payload: unknown, ctx: RequestContext): Promise<VerdictRuleView> {
    return this.ruleOf(ctx.tenantId);
  }

  /** A new rule applies to observations recorded from now on and to files as they are next assessed. */
  async updateRule(payload: VerdictRuleView, ctx: RequestContext): Promise<VerdictRuleView> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以修改研判规则');
    const problems = validateRule(payload);
    if (problems.length > 0)
      throw RpcError.rule(
        '研判规则不合理',
        problems.map((message) => ({ field: 'rule', message })),
      );
    await this.political.saveRule(ctx.tenantId, payload);
    return payload;
  }

  async observe(input: ObservationInput, ctx: RequestContext): Promise<PoliticalFileView> {
    await this.access.politicalFile(ctx, await this.cadres.require(ctx.tenantId, input.cadreId));
    if (input.occurredAt > todayWhereTenantIs()) {
      throw RpcError.rule('观察记录的日期不能晚于今天', [{ field: 'occurredAt', message: '不能是将来的日期' }]);
    }
    await this.outbox.transaction(async (manager) => {
      // One file at a time per cadre, so two observations at once cannot both miss a verdict change.
      await this.political.lockFile(input.cadreId, manager);
      await this.political.addObservation(ctx.tenantId, randomUUID(), input, ctx.username, manager);
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
    const observations = await this.political.observationsToAssess(tenantId, cadreId, manager);
    const assessment = assessPoliticalFile(observations, await this.ruleOf(tenantId, manager), new Date());
    const from = await this.political.verdictOf(tenantId, cadreId, manager);
    await this.political.saveFile(tenantId, cadreId, assessment, manager);
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
    return (await this.political.rule(tenantId, manager)) ?? DEFAULT_VERDICT_RULE;
  }

  private async fileOf(tenantId: string, cadreId: string): Promise<PoliticalFileView> {
    const file = await this.political.file(tenantId, cadreId);
    const observations = await this.political.observations(tenantId, cadreId);
    const dimensions: PoliticalDimensionStateV1[] =
      file?.dimensions ?? assessPoliticalFile([], DEFAULT_VERDICT_RULE, new Date()).dimensions;
    return {
      cadreId,
      verdict: file?.verdict ?? 'pass',
      dimensions: dimensions.map((d) => ({ ...d, name: POLITICAL_DIMENSION_NAMES[d.key] })),
      observations: observations.map((o) => ({ ...o, recordedAt: new Date(o.recordedAt).toISOString() })),
      updatedAt: file ? new Date(file.updatedAt).toISOString() : null,
    };
  }
}
