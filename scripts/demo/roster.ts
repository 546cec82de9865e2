import { cadresToCsv } from '../../apps/roster/src/imports/roster-sheet';
import { CONCURRENCY, DemoClient, DemoConflict, pool } from './demo-client';
import { generateDistrict } from './district';

/** The seed of the demo district: the same 73 units and 299 cadres on every machine. */
export const DEMO_SEED = 2022;
/**
 * The day the demo's ages are drawn for (28–59, 23% under 40). Fixed, so the demo stays the same
 * everywhere; recent, so serving cadres are not past retirement age when the demo is shown.
 */
export const DEMO_AS_OF = '2026-01-01';

export interface DistrictLoaded {
  fields: number;
  units: number;
  teams: number;
  cadres: number;
}

/**
 * The demo district (modelled on 绿园区: 73 units, 299 mid-level cadres) as an org officer would
 * enter it: the fields and units by hand, then the cadres and their leadership teams in one roster
 * file (CSV), so every cadre is version 1 "imported" and every row has its event as real data has.
 */
export async function loadDistrict(
  api: DemoClient,
  options: { seed?: number; asOf?: string } = {},
): Promise<DistrictLoaded> {
  const district = generateDistrict({ seed: options.seed ?? DEMO_SEED, asOf: options.asOf ?? DEMO_AS_OF });
  const units = await api.get<{ items: unknown[] }>('/units?limit=1');
  if (units.items.length > 0) throw new DemoConflict('花名册中已有单位，演示数据只能载入到空的花名册');
  const existing = await api.all<{ id: string; code: string }>('/fields', 200);
  const fieldIds = new Map(existing.map((f) => [f.code, f.id]));
  for (const f of district.fields.filter((f) => !fieldIds.has(f.code))) {
    const created = await api.write('POST', '/fields', `field:${f.code}`, { code: f.code, name: f.name }, [201]);
    fieldIds.set(f.code, created.id);
  }
  await pool(district.units, CONCURRENCY, async (u) => {
    await api.write(
      'POST',
      '/units',
      `unit:${u.code}`,
      { code: u.code, name: u.name, kind: u.kind, fieldId: fieldIds.get(u.fieldCode) ?? null },
      [201],
    );
  });
  const imported = await api.upload(
    '/roster/imports',
    'roster-import',
    '绿园区干部花名册.csv',
    cadresToCsv(district.cadres),
    'text/csv',
  );
  if (imported.errors?.length) throw new Error(`roster import: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  return {
    fields: district.fields.length,
    units: district.units.length,
    teams: imported.teamsCreated,
    cadres: imported.created,
  };
}
