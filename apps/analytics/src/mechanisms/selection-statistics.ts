import type { AdjustmentMove, FieldError, SelectionFigures, SelectionStatistics, UnitKind } from '@cadre/contracts';
import { share } from './follow-up';

/** The tenant's 年轻干部 limit when the roster has none set (as the roster's own default). */
export const DEFAULT_YOUNG_AGE_LIMIT = 40;

/** One adjusted cadre as the statistics weigh them; a cadre moved twice is counted by the latest move. */
export interface AdjustedCadre {
  cadreId: string;
  birthDate: string;
  /** The move's effective date (an old batch: its decision date): age is taken on this day. */
  effectiveDate: string;
  /** Kind of the unit the cadre goes to (stays in, when the move names none). */
  unitKind: UnitKind;
  /** Graded 优秀 in the latest published periodic cycle (after calibration). */
  excellent: boolean;
  /** Distinguished (战时表现突出) in the topic asked for. */
  distinguished: boolean;
}

/** Whole years between a birth date and a day (both YYYY-MM-DD): on the birthday the new age counts. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number);
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Young (年轻干部): below the tenant's limit on the day (39 on the day is young with the limit 40; 40 is not). */
export const isYoung = (birthDate: string, day: string, youngAgeLimit: number) => ageOn(birthDate, day) < youngAgeLimit;

/** Each cadre once, by their latest move (the latest effective date; the later row on the same day). */
export function distinctCadres(rows: AdjustedCadre[]): AdjustedCadre[] {
  const latest = new Map<string, AdjustedCadre>();
  for (const r of rows) {
    const seen = latest.get(r.cadreId);
    if (!seen || r.effectiveDate >= seen.effectiveDate) latest.set(r.cadreId, r);
  }
  return [...latest.values()];
}

/** Counts and shares of one set of cadres (already distinct). */
export function figures(cadres: AdjustedCadre[], youngAgeLimit: number): SelectionFigures {
  const young = cadres.filter((c) => isYoung(c.birthDate, c.effectiveDate, youngAgeLimit));
  const excellentYoung = young.filter((c) => c.excellent).length;
  const distinguished = cadres.filter((c) => c.distinguished).length;
  return {
    cadres: cadres.length,
    young: young.length,
    youngShare: share(young.length, cadres.length),
    excellentYoung,
    excellentYoungShare: share(excellentYoung, cadres.length),
    distinguished,
    distinguishedShare: share(distinguished, cadres.length),
  };
}

/**
 * The statistics of adjusted cadres, e.g. the seed's "130 名干部，优秀年轻干部占22%，抗疫表现突出干部占64%":
 * every share is of the cadres adjusted (distinct), overall and by the kind of unit they go to.
 */
export function selectionStatistics(
  rows: AdjustedCadre[],
  settings: { youngAgeLimit: number; excellenceCycleId: string | null; topic: string | null },
): SelectionStatistics {
  const cadres = distinctCadres(rows);
  const kinds = [...new Set(cadres.map((c) => c.unitKind))].sort();
  return {
    ...figures(cadres, settings.youngAgeLimit),
    youngAgeLimit: settings.youngAgeLimit,
    excellenceCycleId: settings.excellenceCycleId,
    topic: settings.topic,
    byUnitKind: Object.fromEntries(
      kinds.map((k) => [
        k,
        figures(
          cadres.filter((c) => c.unitKind === k),
          settings.youngAgeLimit,
        ),
      ]),
    ),
  };
}

/** What a move must say for its kind: 调任/交流 a unit, 提拔 a position, and any move somewhere to go. */
export function moveProblems(moves: AdjustmentMove[]): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Map<string, number>();
  moves.forEach((m, i) => {
    const first = seen.get(m.cadreId);
    if (first !== undefined)
      problems.push({
        field: `moves[${i}].cadreId`,
        message: `同一干部在本批次中只能有一项调整（已见于第 ${first + 1} 项）`,
      });
    else seen.set(m.cadreId, i);
    // 调任/交流 and 提拔 say what they lack below; an 调整 must change something.
    if (m.kind === 'adjust' && !m.toUnitId && !m.toTeamId && !m.toPosition)
      problems.push({ field: `moves[${i}]`, message: '需要 toUnitId、toTeamId 或 toPosition 中至少一项' });
    if ((m.kind === 'transfer' || m.kind === 'exchange') && !m.toUnitId && !m.toTeamId)
      problems.push({ field: `moves[${i}].toUnitId`, message: '调任、交流需要写明调入单位（toUnitId 或 toTeamId）' });
    if (m.kind === 'promote' && !m.toPosition)
      problems.push({ field: `moves[${i}].toPosition`, message: '提拔需要写明新职务' });
  });
  return problems;
}
