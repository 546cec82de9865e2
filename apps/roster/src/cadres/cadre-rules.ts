import type { BatchTransfer, CadreSnapshotV1, CadreTag, TeamRole, TransferCadreCommand } from '@cadre/contracts';

/** The properties of a cadre that a change can touch, in the order history lists them. */
export const CADRE_PROPERTIES = [
  'personnelNo',
  'name',
  'gender',
  'birthDate',
  'unitId',
  'teamId',
  'teamRole',
  'fieldId',
  'position',
  'rank',
  'isPrincipal',
  'partyMember',
  'education',
  'status',
] as const satisfies readonly (keyof CadreSnapshotV1)[];

export type CadreFacts = Omit<CadreSnapshotV1, 'id' | 'versionNo'>;

/** Whole years between a birth date and a day (both YYYY-MM-DD): an age on a birthday is the new one. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Tags a cadre can be found by; `young` is under the tenant's limit (年轻干部, 40 by default). */
export function tagsOf(
  cadre: Pick<CadreFacts, 'birthDate' | 'isPrincipal' | 'gender' | 'partyMember'>,
  youngAgeLimit: number,
  day = today(),
): CadreTag[] {
  const tags: CadreTag[] = [];
  if (ageOn(cadre.birthDate, day) < youngAgeLimit) tags.push('young');
  if (cadre.isPrincipal) tags.push('principal');
  if (cadre.gender === 'female') tags.push('female');
  if (cadre.partyMember) tags.push('party_member');
  return tags;
}

/**
 * The team role and the principal flag say the same thing twice (contract: isPrincipal; issue:
 * role in the team); one is derived from the other so they never disagree. No team, no role.
 */
export function placeInTeam(
  teamId: string | null,
  teamRole: TeamRole | null | undefined,
  isPrincipal: boolean | undefined,
): { teamRole: TeamRole | null; isPrincipal: boolean } {
  if (!teamId) return { teamRole: null, isPrincipal: isPrincipal ?? false };
  const role: TeamRole = teamRole ?? (isPrincipal ? 'principal' : 'member');
  return { teamRole: role, isPrincipal: role === 'principal' };
}

/** Names of the properties whose values differ. */
export function changedProperties(before: CadreFacts, after: CadreFacts): string[] {
  return CADRE_PROPERTIES.filter((key) => (before[key] ?? null) !== (after[key] ?? null));
}

/** A plausible birth date for a serving cadre: a real calendar day, 16 to 80 years before `day`. */
export function isPlausibleBirthDate(birthDate: string, day = today()): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return false;
  const parsed = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birthDate) return false;
  const age = ageOn(birthDate, day);
  return age >= 16 && age <= 80;
}

/**
 * An adjustment batch's move as a transfer: what the move does not name stays as it is — the unit,
 * the position, and the team unless the cadre leaves the unit (then no team, as a transfer without one).
 */
export function batchTransfer(
  current: Pick<CadreFacts, 'unitId' | 'teamId' | 'position'> & { id: string },
  move: BatchTransfer,
): TransferCadreCommand {
  const unitId = move.unitId ?? current.unitId;
  return {
    id: current.id,
    unitId,
    teamId: move.teamId !== undefined ? move.teamId : unitId !== current.unitId ? null : current.teamId,
    position: move.position ?? current.position,
    effectiveDate: move.effectiveDate,
  };
}
