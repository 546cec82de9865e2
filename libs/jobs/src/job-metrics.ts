import { Counter } from 'prom-client';
import { metricsRegistry } from '@cadre/platform';

const NAME = 'cadre_jobs_total';

/**
 * Job attempts handled by this process's worker, by queue, job name and outcome:
 * `completed`, `retried` (the attempt failed, another will follow with backoff) or `failed`
 * (no attempts left, or an UnrecoverableError; the job stays in the failed set for inspection).
 * Looked up first so that a second copy of this module (a test importing by two paths) does not
 * fail the registration.
 */
export const jobsTotal: Counter<'queue' | 'name' | 'outcome'> =
  (metricsRegistry.getSingleMetric(NAME) as Counter<'queue' | 'name' | 'outcome'> | undefined) ??
  new Counter({
    name: NAME,
    help: 'Job attempts handled by a worker, by queue, job name and outcome (completed, retried, failed)',
    labelNames: ['queue', 'name', 'outcome'],
    registers: [metricsRegistry],
  });
