import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_EXCELLENT_MAX_SHARE,
  distributionOf,
  excellentAllowed,
  exceedsGuideline,
  percentText,
} from '@cadre/contracts';
import type { EventOf } from '@cadre/contracts';
import { OnEvent, RpcError } from '@cadre/messaging';
import { PublishGateRepository } from './publish-gate.repository';

/** What a publish over the guideline carries into appraisal.cycle.published (analytics keeps it in the trail). */
export interface PublishOverride {
  reason: string;
  excellentShare: number;
  excellentMaxShare: number;
}

/**
 * The 优秀 guideline at publish: the cycle's calibrated grades (the 切 grades, replaced by analytics'
 * calibrations) against the guideline in force; over it, a publish needs a reason. Read in the
 * publish's own transaction from local projections of analytics' events, so that publishing never
 * waits on analytics (DESIGN.md: no synchronous calls between services). A calibration made a moment
 * before the publish may not have arrived yet; the trail shows the order.
 */
@Injectable()
export class PublishGate {
  constructor(private readonly repository: PublishGateRepository) {}

  /** Refuses (422) a publish over the guideline without a reason; the override to record when there is one. */
  async check(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    overrideReason: string | undefined,
  ): Promise<PublishOverride | undefined> {
    const row = await this.repository.gate(m, tenantId, cycleId);
    const share = row.cycleShare ?? row.tenantShare ?? DEFAULT_EXCELLENT_MAX_SHARE;
    const d = distributionOf(row.grades);
    if (!exceedsGuideline(d, share)) return undefined;
    const reason = overrideReason?.trim();
    if (!reason)
      throw RpcError.rule(
        `优秀等次占比 ${percentText(d.excellentShare)}（${d.excellent}/${d.total} 人）超过指导比例 ${percentText(share)}（最多 ${excellentAllowed(d.total, share)} 人），请先校准，或说明理由后发布`,
        [{ field: 'overrideReason', message: '超过指导比例发布时必须说明理由' }],
      );
    return { reason, excellentShare: d.excellentShare, excellentMaxShare: share };
  }

  @OnEvent('analytics.calibration.adjusted')
  async adjusted(event: EventOf<'analytics.calibration.adjusted'>, m: EntityManager): Promise<void> {
    const a = event.data;
    if (a.field !== 'grade' || typeof a.to !== 'string') return;
    await this.repository.setCalibratedGrade(m, event.tenantId, a.cycleId, a.cadreId, a.to);
  }

  @OnEvent('analytics.grade_guideline.updated')
  async guideline(event: EventOf<'analytics.grade_guideline.updated'>, m: EntityManager): Promise<void> {
    const g = event.data;
    await this.repository.setGuideline(m, event.tenantId, g.cycleId ?? event.tenantId, g.excellentMaxShare);
  }
}
