import { Injectable } from '@nestjs/common';
import { JobScheduler } from '@cadre/jobs';
import type { CycleStatus } from '@cadre/contracts';
import { offsetKey, reminderTimes } from './cycle-rules';

/** Persisted job names: never rename. */
export const CYCLE_OPEN_JOB = 'cycle-open';
export const CYCLE_CLOSE_JOB = 'cycle-close';
export const CYCLE_REMIND_JOB = 'cycle-remind';

export interface CycleJobData {
  tenantId: string;
  cycleId: string;
}

export interface RemindJobData extends CycleJobData {
  offsetHours: number;
}

interface Armable {
  id: string;
  tenantId: string;
  status: CycleStatus;
  opensAt: Date;
  closesAt: Date;
  reminderOffsetsHours: number[];
}

/**
 * Queues the jobs a cycle's clock needs. Ids carry the time they are for (`cycle-open-<id>-<ms>`), so
 * a cycle whose dates change gets new jobs while an outdated one finds nothing due and does nothing;
 * arming again with the same times is a no-op (BullMQ keeps one job per id), which is what lets the
 * sweep re-arm every pending cycle after Redis lost its data.
 */
@Injectable()
export class CycleJobs {
  constructor(private readonly scheduler: JobScheduler) {}

  async arm(cycle: Armable): Promise<void> {
    const data: CycleJobData = { tenantId: cycle.tenantId, cycleId: cycle.id };
    if (cycle.status === 'scheduled') {
      await this.scheduler.schedule(CYCLE_OPEN_JOB, data, {
        jobId: `cycle-open-${cycle.id}-${cycle.opensAt.getTime()}`,
        runAt: cycle.opensAt,
      });
    }
    if (cycle.status === 'scheduled' || cycle.status === 'open') {
      await this.scheduler.schedule(CYCLE_CLOSE_JOB, data, {
        jobId: `cycle-close-${cycle.id}-${cycle.closesAt.getTime()}`,
        runAt: cycle.closesAt,
      });
      for (const r of reminderTimes(cycle.opensAt, cycle.closesAt, cycle.reminderOffsetsHours)) {
        if (r.at <= new Date() && cycle.status === 'scheduled') continue; // its time passed before the cycle even opened
        const remind: RemindJobData = { ...data, offsetHours: r.offsetHours };
        await this.scheduler.schedule(CYCLE_REMIND_JOB, remind, {
          jobId: `cycle-remind-${cycle.id}-${offsetKey(r.offsetHours)}-${cycle.closesAt.getTime()}`,
          runAt: r.at,
        });
      }
    }
  }
}
