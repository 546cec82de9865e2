import type { Grade } from '@cadre/contracts';
import { seededRandom } from '@cadre/platform/seeded-random';

/** A number from a string, to seed per target and cycle. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The grade a voter gives for an impression of `value` (0..100). */
export function gradeFor(value: number): Grade {
  if (value >= 88) return 'excellent';
  if (value >= 72) return 'competent';
  if (value >= 60) return 'basically_competent';
  return 'incompetent';
}

/**
 * How a target is seen: most between 78 and 93, about one in twelve an under-performer (60–70).
 * `skew` moves it (a department serving the grassroots poorly is seen lower from below).
 */
export function quality(targetId: string, skew = 0): number {
  const rnd = seededRandom(seedOf(targetId));
  const under = rnd() < 1 / 12;
  return (under ? 60 + rnd() * 10 : 78 + rnd() * 15) + skew;
}

/** One rating: the impression with some noise, the grade that follows, item scores around it. */
export function demoRating(
  impression: number,
  itemKeys: string[],
  rnd: () => number,
): { grade: Grade; scores: Record<string, number> } {
  const value = Math.max(30, Math.min(100, impression + (rnd() - 0.5) * 16));
  const scores = Object.fromEntries(
    itemKeys.map((k) => [k, Math.round(Math.max(0, Math.min(100, value + (rnd() - 0.5) * 8)))]),
  );
  return { grade: gradeFor(value), scores };
}
