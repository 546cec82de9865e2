import type { TeamMetrics } from '@cadre/contracts';

/** Under this age (in the year looked at) a cadre counts as young (年轻干部). */
export const YOUNG_AGE = 40;

export interface Member {
  cadreId: string;
  name: string;
  birthDate: string;
  gender: 'male' | 'female';
  /** Latest composite; null when never ranked. */
  composite: number | null;
  /** 擅长领域 from the latest conclusion. */
  strengths: string[];
}

export function ageIn(birthDate: string, year: number): number {
  return year - Number(birthDate.slice(0, 4));
}

export function ageBand(age: number): string {
  if (age < 35) return '35岁以下';
  if (age < 45) return '35-44岁';
  if (age < 55) return '45-54岁';
  return '55岁及以上';
}

/** Splits "招商引资、项目建设" (or with commas) into areas. */
export function areas(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[、，,;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A team's structure as the 选配沙盘 compares it before and after a reshuffle: size, average and
 * spread (standard deviation) of the composites, how many areas of strength it covers, age bands,
 * women, young cadres, the union of strengths (互补), and its 配合度 (the latest democratic score on 团结协作).
 */
export function teamMetrics(
  team: { id: string; name: string; cooperation?: number | null },
  members: Member[],
  year: number,
): TeamMetrics {
  const scored = members.map((m) => m.composite).filter((c): c is number => c !== null);
  const mean = scored.length ? scored.reduce((s, c) => s + c, 0) / scored.length : null;
  const spread = mean === null ? null : Math.sqrt(scored.reduce((s, c) => s + (c - mean) ** 2, 0) / scored.length);
  const ages = members.map((m) => ageIn(m.birthDate, year));
  const strengths = [...new Set(members.flatMap((m) => m.strengths))].sort((a, b) => a.localeCompare(b, 'zh'));
  const bands: Record<string, number> = { '35岁以下': 0, '35-44岁': 0, '45-54岁': 0, '55岁及以上': 0 };
  for (const a of ages) bands[ageBand(a)] += 1;
  return {
    teamId: team.id,
    name: team.name,
    members: members.length,
    averageComposite: mean === null ? null : round2(mean),
    spread: spread === null ? null : round2(spread),
    fieldsCovered: strengths.length,
    averageAge: ages.length ? round2(ages.reduce((s, a) => s + a, 0) / ages.length) : null,
    ageBands: bands,
    female: members.filter((m) => m.gender === 'female').length,
    young: ages.filter((a) => a < YOUNG_AGE).length,
    strengths,
    // 配合度 is the team's as its voters saw it: a reshuffle on paper does not move it.
    cooperation: team.cooperation ?? null,
  };
}
