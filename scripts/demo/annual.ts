import type { DemoClient } from './demo-client';

/** A cycle as `GET /cycles` lists it, as far as the year's evaluation needs it. */
export interface DemoCycle {
  kind: string;
  year: number;
  status: string;
}

/**
 * The years the demo gives an annual evaluation (年度综合评价): over (before `now`'s year) and with
 * every periodic cycle published, at least two (the seed's past years: both half-years). The current
 * year, and a past year whose second half is still the open cycle, wait for the platform to make them.
 */
export function yearsToEvaluate(cycles: DemoCycle[], now: Date): number[] {
  const byYear = new Map<number, DemoCycle[]>();
  for (const c of cycles.filter((x) => x.kind === 'periodic')) byYear.set(c.year, [...(byYear.get(c.year) ?? []), c]);
  return [...byYear.entries()]
    .filter(
      ([year, list]) => year < now.getUTCFullYear() && list.length >= 2 && list.every((c) => c.status === 'published'),
    )
    .map(([year]) => year)
    .sort((a, b) => a - b);
}

/**
 * The past years' annual evaluations, so the console shows them at `npm start`. Analytics makes each
 * one itself once the year's second cycle is sealed; asking by hand is idempotent and answers the
 * same evaluation, and it waits (409 "尚未封存") while the last seal is still on its way.
 */
export async function loadAnnual(
  api: DemoClient,
  cycles: DemoCycle[],
  now: Date,
): Promise<Array<{ year: number; cadres: number; teams: number }>> {
  const years = yearsToEvaluate(cycles, now);
  const made: Array<{ year: number; cadres: number; teams: number }> = [];
  for (const year of years) {
    const e = await api.write(
      'POST',
      `/annual/${year}/evaluation`,
      `annual:${year}`,
      undefined,
      [200],
      (status, body) => status === 409 && /尚未封存|未发布/.test(body?.detail ?? ''),
    );
    made.push({ year, cadres: e.cadres, teams: e.teams });
  }
  return made;
}
