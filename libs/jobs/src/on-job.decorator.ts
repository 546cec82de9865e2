import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/**
 * What a job handler receives: the payload given to `JobScheduler.schedule` (ids only; the state
 * lives in the database and is read fresh when the job runs) and the BullMQ job (id, attempts).
 *
 * BullMQ delivers at least once: a worker that dies or stalls mid-job has the job retried, and a
 * failed attempt is retried with backoff. A handler must therefore be idempotent — check the
 * state first ("is the cycle still open?", "was this reminder already sent?") and make its
 * effect conditional, so that a second run changes nothing.
 */
export type JobHandler<T = unknown> = (data: T, job: Job<T>) => Promise<void> | void;

/**
 * Marks a provider method as the handler of job `name` in this service. Handlers are found at
 * start (JobRegistry); two handlers for one name stop the start, and `schedule()` refuses a name
 * that has none. A job name is persisted in Redis with every queued job: never rename one that
 * may be queued — add a new name and keep the old handler until its jobs are gone.
 */
export const OnJob = (name: string) => SetMetadata(JOB_HANDLER, name);
