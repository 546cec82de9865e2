/** Who came and who went when a group changes: what the change record keeps beside its reason. */
export interface GroupChange {
  assessorsAdded: string[];
  assessorsRemoved: string[];
  cadresAdded: string[];
  cadresRemoved: string[];
}

const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

export function groupChange(
  old: { assessorUserIds: string[]; cadreIds: string[] },
  assessors: string[],
  cadres: string[],
): GroupChange {
  return {
    assessorsAdded: minus(assessors, old.assessorUserIds),
    assessorsRemoved: minus(old.assessorUserIds, assessors),
    cadresAdded: minus(cadres, old.cadreIds),
    cadresRemoved: minus(old.cadreIds, cadres),
  };
}

/** Ids once each, in their first order. */
export function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
