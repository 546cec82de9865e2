import type { DefaultJobOptions } from 'bullmq';

export interface JobsModuleOptions {
  /** Jobs one worker process runs at the same time. Default 5. */
  concurrency?: number;
}

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export const DEFAULT_CONCURRENCY = 5;
export const DEFAULT_ATTEMPTS = 5;

/**
 * Completed jobs are kept a week: while a job is kept, scheduling its jobId again is a no-op, so a
 * scheduler that repeats itself (a retried request, a second replica, a restart that re-plans)
 * does not run the effect twice. Failed jobs are kept a month for inspection; they dedupe too, so
 * `cancel(jobId)` one before scheduling it again. Both bounds matter: Redis runs with noeviction.
 */
export const KEEP_COMPLETED_SECONDS = 7 * 24 * 3600;
export const KEEP_FAILED_SECONDS = 30 * 24 * 3600;

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: DEFAULT_ATTEMPTS,
  // 1 s, 2 s, 4 s, 8 s: rides out a dependency restart without hammering it.
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
  removeOnFail: { age: KEEP_FAILED_SECONDS },
};
