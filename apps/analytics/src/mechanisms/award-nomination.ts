/** One nominee as the award's ordering sees it: best first. */
export interface Nominee {
  targetId: string;
  name: string;
  /** Town, street or zone (镇街园区): where the tilt toward the grassroots applies. */
  grassroots: boolean;
  /** Democratic recommendation (excellent rate 0..1) when a campaign is named; else null. */
  recommendation: number | null;
  /** Score used to order: recommendation score or composite. */
  score: number | null;
}

/**
 * Picks `quota` nominees in order, reserving ceil(quota × grassrootsMin) places for grassroots
 * units (向基层倾斜) as long as there are grassroots nominees; the rest go by order. Returns the picks
 * in award order, each with its place.
 */
export function pick(nominees: Nominee[], quota: number, grassrootsMin: number): Array<Nominee & { place: number }> {
  const reserved = Math.min(Math.ceil(quota * grassrootsMin), nominees.filter((n) => n.grassroots).length);
  const chosen = new Set<string>(
    nominees
      .filter((n) => n.grassroots)
      .slice(0, reserved)
      .map((n) => n.targetId),
  );
  for (const n of nominees) {
    if (chosen.size >= quota) break;
    chosen.add(n.targetId);
  }
  return nominees.filter((n) => chosen.has(n.targetId)).map((n, i) => ({ ...n, place: i + 1 }));
}
