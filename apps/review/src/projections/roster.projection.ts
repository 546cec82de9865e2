import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CycleStatus } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { RosterReader } from '@cadre/roster-projection';
import { ProjectedCycle, ReviewProjectionsRepository } from './review-projections.repository';

export type { ProjectedTarget } from '@cadre/roster-projection';
export type { ProjectedCycle } from './review-projections.repository';

/**
 * The roster projection's reads (RosterReader: units, targets, active cadres) and the cycles'
 * (ReviewProjectionsRepository). Every read names the tenant, so another tenant's record is "not found".
 */
@Injectable()
export class RosterProjection extends RosterReader {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly projections: ReviewProjectionsRepository,
  ) {
    super(dataSource);
  }

  async requireCycle(tenantId: string, cycleId: string): Promise<ProjectedCycle> {
    const cycle = await this.projections.findCycle(tenantId, cycleId);
    if (!cycle) throw RpcError.notFound('考核周期');
    return cycle;
  }

  cycles(tenantId: string, statuses: CycleStatus[]): Promise<ProjectedCycle[]> {
    return this.projections.findCycles(tenantId, statuses);
  }
}
