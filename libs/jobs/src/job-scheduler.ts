import { Injectable } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';

export interface ScheduleOptions {
  /**
   * Required, and the dedupe key: while a job with this id exists in the service's queue —
   * waiting, delayed, running, completed within the last week or failed within the last month —
   * scheduling it again does nothing (the first data and time stay). Build it from what makes the
   * effect unique, job name included since ids are shared by every job of the service:
   * `cycle-close-<cycleId>`, `reminder-<cycleId>-<cadreId>-<day>`. BullMQ forbids ':' and
   * all-digit ids.
   */
  jobId: string;
  /** When to run; a time in the past means now (a missed time is caught up, not skipped). */
  runAt?: Date;
  /** Or: run after this many milliseconds. */
  delayMs?: number;
  /** Attempts before the job lands in the failed set; default 5, with exponential backoff from 1 s. */
  attempts?: number;
}

/**
 * Queues jobs for this service's own `@OnJob` handlers. Payloads carry ids only (a cycle id, a
 * tenant id): the handler reads the current state from the database when it runs, so a job queued
 * days ago never acts on stale data, and no personal data sits in Redis.
 */
@Injectable()
export class JobScheduler {
  constructor(
    private readonly jobs: JobQueue,
    private readonly registry: JobRegistry,
  ) {}

  async schedule<T>(name: string, data: T, opts: ScheduleOptions): Promise<void> {
    // A typo would otherwise queue a job no worker ever takes.
    this.registry.assertHandled(name);
    const jobId = checkJobId(opts.jobId);
    if (opts.runAt !== undefined && opts.delayMs !== undefined)
      throw new Error('schedule: give runAt or delayMs, not both');
    if (opts.runAt !== undefined && Number.isNaN(opts.runAt.getTime()))
      throw new Error('schedule: runAt is an invalid date');
    if (opts.attempts !== undefined && (!Number.isInteger(opts.attempts) || opts.attempts < 1))
      throw new Error('schedule: attempts must be an integer ≥ 1');
    const delay = Math.max(0, opts.runAt !== undefined ? opts.runAt.getTime() - Date.now() : (opts.delayMs ?? 0));
    // BullMQ's add is one Lua script: if the id exists it returns it and adds nothing, so two
    // schedulers racing on one id still leave one job.
    await this.jobs.queue.add(name, data, {
      jobId,
      delay,
      ...(opts.attempts !== undefined ? { attempts: opts.attempts } : {}),
    });
  }

  /** True when the job with this id has run — completed, or failed every attempt — and is kept, holding its id. */
  async isFinished(jobId: string): Promise<boolean> {
    const state = await this.jobs.queue.getJobState(checkJobId(jobId));
    return state === 'completed' || state === 'failed';
  }

  /**
   * Removes the job, whatever its state, unless it is running right now: then it resolves false
   * (a running job cannot be stopped; its handler must check the state anyway). Also frees the
   * id of a kept completed or failed job, so it can be scheduled again. True when no such job is
   * left (including when there was none).
   */
  async cancel(jobId: string): Promise<boolean> {
    return (await this.jobs.queue.remove(checkJobId(jobId))) === 1;
  }
}

/** BullMQ's own messages for these ("Custom Id cannot be integers") do not say which id or why. */
function checkJobId(jobId: string): string {
  if (typeof jobId !== 'string' || jobId.length === 0)
    throw new Error('schedule: a jobId is required (it is the dedupe key)');
  if (jobId.includes(':')) throw new Error(`jobId "${jobId}" contains ':', which BullMQ reserves; use '-' instead`);
  if (String(parseInt(jobId, 10)) === jobId)
    throw new Error(
      `jobId "${jobId}" is an integer, which BullMQ reserves for its own ids; prefix it with the job name`,
    );
  return jobId;
}
