/** Persisted job name: never rename. */
export const REASSESS_JOB = 'political-reassess';

/** The next 01:00 Beijing time after `now`: when the nightly reassessment runs. */
export function nextReassessment(now: Date): Date {
  const beijingDay = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const tonight = new Date(`${beijingDay}T01:00:00+08:00`);
  return tonight > now ? tonight : new Date(tonight.getTime() + 24 * 3600_000);
}
