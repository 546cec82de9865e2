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
  /** Of a key unit or field named by the award (扛标). */
  key?: boolean;
  /** Picks in the award's own recommendation ballots (民主推荐), once tallied and shown. */
  picks?: number | null;
}

/**
 * 民主推荐's order: most recommendations first, the composite (score) breaking ties, then the name —
 * nominees nobody picked keep their place by composite behind those picked.
 */
export function byRecommendations<N extends Nominee>(nominees: N[]): N[] {
  return [...nominees].sort(
    (a, b) =>
      (b.picks ?? 0) - (a.picks ?? 0) ||
      (b.score ?? -Infinity) - (a.score ?? -Infinity) ||
      a.name.localeCompare(b.name, 'zh'),
  );
}

/**
 * Picks `quota` nominees in order, reserving ceil(quota × grassrootsMin) places for grassroots
 * units (向基层倾斜) and ceil(quota × keyMin) for the key units and fields (扛标), each as long as
 * there are such nominees (a nominee both grassroots and key counts toward both); the rest go by
 * order. Returns the picks in award order, each with its place.
 */
export function pick<N extends Nominee>(
  nominees: N[],
  quota: number,
  grassrootsMin: number,
  keyMin = 0,
): Array<N & { place: number }> {
  const chosen = new Set<string>();
  const reserve = (share: number, of: (n: N) => boolean) => {
    const wanted = Math.min(Math.ceil(quota * share), nominees.filter(of).length);
    let have = nominees.filter((n) => of(n) && chosen.has(n.targetId)).length;
    for (const n of nominees) {
      if (have >= wanted || chosen.size >= quota) break;
      if (of(n) && !chosen.has(n.targetId)) {
        chosen.add(n.targetId);
        have += 1;
      }
    }
  };
  reserve(grassrootsMin, (n) => n.grassroots);
  reserve(keyMin, (n) => !!n.key);
  for (const n of nominees) {
    if (chosen.size >= quota) break;
    chosen.add(n.targetId);
  }
  return nominees.filter((n) => chosen.has(n.targetId)).map((n, i) => ({ ...n, place: i + 1 }));
}
