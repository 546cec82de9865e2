import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@cadre/contracts';
import { JobScheduler } from '@cadre/jobs';
import { isInfrastructureError, PLATFORM_CONFIG, runsWorker } from '@cadre/platform';
import { AnalyticsConfig } from '../config/analytics.config';
import { RankingRepository, RecomputeStateRow } from './ranking.repository';
import { recomputeWait } from './ranking-rules';

/** Persisted job name: never rename. */
export const RECOMPUTE_JOB = 'rankings-recompute';

const SWEEP_MS = 60_000;

export interface RecomputeJobData {
  tenantId: string;
  cycleId: string;
}

/**
 * Debounces ranking recomputation per cycle: an input marks its cycle dirty in the consumer's
 * transaction; only the mark that turns a clean cycle dirty (a new generation) queues a job, after
 * RECOMPUTE_DEBOUNCE_MS. When the job runs while inputs are still arriving (the last mark less than
 * RECOMPUTE_DEBOUNCE_MS ago) it queues itself again for the rest of the quiet period, up to
 * RECOMPUTE_MAX_WAIT_MS after the first mark — so a burst of 100 ballots' results or steps makes one
 * recompute however long it takes to arrive. The job clears the mark and recomputes in one
 * transaction (RankingService); inputs that arrive meanwhile start the next generation. A sweep
 * re-queues dirty cycles whose job Redis lost.
 */
@Injectable()
export class RecomputeScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Recompute');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: RankingRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: AnalyticsConfig,
    private readonly scheduler: JobScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorker(this.config)) return;
    await this.sweep();
    this.timer = setInterval(
      () => void this.sweep().catch((err: Error) => this.logger.error(`sweep failed: ${err.message}`)),
      SWEEP_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Marks the cycles dirty in the consumer's transaction. The job id carries the generation's random
   * key: a transaction that rolls back after queueing leaves a job that finds nothing dirty, and its
   * redelivery makes a new key and job; the sweep re-queues under the same key, so a pending job is
   * not doubled.
   */
  async mark(m: EntityManager, event: Pick<EventEnvelope, 'tenantId'>, cycleIds: string[]): Promise<void> {
    if (cycleIds.length === 0) return;
    const rows = await this.repository.markDirty(m, event.tenantId, [...new Set(cycleIds)]);
    for (const r of rows.filter((x) => x.fresh)) await this.queue(event.tenantId, r.cycleId, r.key);
  }

  /** Every cycle of the tenant: a verdict or a team change re-ranks them all. */
  async markTenant(m: EntityManager, event: Pick<EventEnvelope, 'tenantId'>): Promise<void> {
    await this.mark(m, event, await this.repository.cycleIds(m, event.tenantId));
  }

  /**
   * Called by the recompute with the cycle's state row locked: when its inputs are not quiet yet,
   * queues the job again (under a new key, as the running one keeps its id) for the rest of the
   * quiet period and answers true — the caller then leaves the cycle dirty. Queued inside the
   * transaction like a mark: if it rolls back, the running job's retry decides again.
   */
  async deferIfBusy(m: EntityManager, tenantId: string, cycleId: string, state: RecomputeStateRow): Promise<boolean> {
    const waitMs = recomputeWait(state, this.config.RECOMPUTE_DEBOUNCE_MS, this.config.RECOMPUTE_MAX_WAIT_MS);
    if (waitMs === 0) return false;
    const key = await this.repository.renewGenerationKey(m, tenantId, cycleId);
    await this.queue(tenantId, cycleId, key, waitMs);
    return true;
  }

  async sweep(): Promise<void> {
    try {
      const dirty = await this.repository.dirtyCycles();
      for (const d of dirty) {
        // A finished job of a generation still dirty would leave the cycle dirty for ever, as a kept id
        // dedupes: free its id first. It failed every attempt, or it ran before the mark that queued it
        // had committed (the job is queued inside the consumer's transaction), found nothing dirty and
        // completed. A job that did recompute this generation cleared the mark with it. A running job is
        // left to finish.
        if (await this.scheduler.isFinished(this.jobId(d.cycleId, d.key)))
          await this.scheduler.cancel(this.jobId(d.cycleId, d.key));
        await this.queue(d.tenantId, d.cycleId, d.key);
      }
    } catch (err) {
      if (!isInfrastructureError(err)) throw err;
      this.logger.warn(`sweep skipped, a dependency is away: ${(err as Error).message}`);
    }
  }

  private jobId(cycleId: string, key: string): string {
    return `recompute-${cycleId}-${key}`;
  }

  private queue(
    tenantId: string,
    cycleId: string,
    key: string,
    delayMs = this.config.RECOMPUTE_DEBOUNCE_MS,
  ): Promise<void> {
    const data: RecomputeJobData = { tenantId, cycleId };
    return this.scheduler.schedule(RECOMPUTE_JOB, data, { jobId: this.jobId(cycleId, key), delayMs });
  }
}
