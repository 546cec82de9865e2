import { randomUUID } from 'node:crypto';
import type { CadreSnapshotV1 } from '@cadre/contracts';
import { CadreFacts, changedProperties, placeInTeam } from '../cadres/cadre-rules';
import type { ImportRecord } from './import-validation';
import type { UnitRef } from './roster-bulk.repository';

export interface ImportPlan {
  newTeams: Array<{ id: string; unitId: string; name: string }>;
  created: CadreSnapshotV1[];
  updated: Array<{ snapshot: CadreSnapshotV1; changed: string[] }>;
  unchanged: number;
}

/**
 * Decides, row by row, what an import does: a personnelNo the roster does not know is a new cadre;
 * one it knows is updated where the file differs, or left alone. Teams named in the file that the
 * unit does not have yet are created once. Status is not an import column: it is kept.
 */
export function planImport(
  records: ImportRecord[],
  refs: {
    units: Map<string, UnitRef>;
    fields: Map<string, string>;
    teams: Map<string, string>;
    existing: Map<string, CadreSnapshotV1>;
  },
): ImportPlan {
  const plan: ImportPlan = { newTeams: [], created: [], updated: [], unchanged: 0 };
  const teams = new Map(refs.teams);
  for (const r of records) {
    const unit = refs.units.get(r.unitCode)!;
    let teamId: string | null = null;
    if (r.teamName) {
      const key = `${unit.id}\u0000${r.teamName}`;
      teamId = teams.get(key) ?? null;
      if (!teamId) {
        teamId = randomUUID();
        teams.set(key, teamId);
        plan.newTeams.push({ id: teamId, unitId: unit.id, name: r.teamName });
      }
    }
    const before = refs.existing.get(r.personnelNo);
    const facts: CadreFacts = {
      personnelNo: r.personnelNo,
      name: r.name,
      gender: r.gender,
      birthDate: r.birthDate,
      unitId: unit.id,
      teamId,
      ...placeInTeam(teamId, r.teamRole, r.isPrincipal),
      fieldId: r.fieldCode ? refs.fields.get(r.fieldCode)! : unit.fieldId,
      position: r.position,
      rank: r.rank,
      partyMember: r.partyMember,
      education: r.education,
      status: before?.status ?? 'active',
    };
    if (!before) {
      plan.created.push({ id: randomUUID(), ...facts, versionNo: 1 });
      continue;
    }
    const { id, versionNo, ...current } = before;
    const changed = changedProperties(current, facts);
    if (changed.length === 0) plan.unchanged += 1;
    else plan.updated.push({ snapshot: { id, ...facts, versionNo: versionNo + 1 }, changed });
  }
  return plan;
}
