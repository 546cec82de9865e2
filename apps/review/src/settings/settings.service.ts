import { Injectable } from '@nestjs/common';
import { RequestContext, ReviewSettingsView } from '@cadre/contracts';
import type { UpdateReviewSettingsCommand } from '@cadre/contracts';
import { requireOfficer, RpcError } from '@cadre/messaging';
import { ResultsRepository } from '../results/results.repository';
import { minGroupSizeProblems } from '../results/suppression';
import { SettingsRepository } from './settings.repository';

/**
 * Review settings of a tenant: `minGroupSize`, the anonymity threshold every democratic result is
 * shown under (results/suppression.ts). Read by the results route, the two-way view and the publisher
 * at the moment they compute, so a change applies to what is shown next; the closed cycles' results
 * are published again under the new threshold.
 */
@Injectable()
export class SettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly results: ResultsRepository,
  ) {}
  async get(_payload: unknown, ctx: RequestContext): Promise<ReviewSettingsView> {
    requireOfficer(ctx, '查看测评设置');
    return { minGroupSize: await this.settings.minGroupSize(ctx.tenantId) };
  }
  async update(payload: UpdateReviewSettingsCommand | undefined, ctx: RequestContext): Promise<ReviewSettingsView> {
    requireOfficer(ctx, '修改测评设置');
    const problems = minGroupSizeProblems(payload?.minGroupSize);
    if (problems.length > 0) throw new RpcError(400, '测评设置不合理', problems);
    const minGroupSize = payload!.minGroupSize!;
    const before = await this.settings.minGroupSize(ctx.tenantId);
    await this.settings.setMinGroupSize(ctx.tenantId, minGroupSize);
    // What analytics and appraisal hold was published under the old threshold: publish it again.
    if (minGroupSize !== before) await this.results.markClosedOfTenant(ctx.tenantId);
    return { minGroupSize };
  }
}
