import { createHash } from 'node:crypto';

/** The written opinions of one campaign on one unit, with whether the campaign's result of the unit is shown. */
export interface CampaignOpinions {
  /** The campaign's result of the unit is shown (at least minGroupSize ballots: suppression.ts). */
  shown: boolean;
  opinions: string[];
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The opinions shown for a unit: only those of campaigns whose result of the unit is shown — the
 * same threshold as the scores, so an opinion never comes from fewer than minGroupSize ballots — and
 * in the order of a hash of their text (ties by the text), which follows neither the order they were
 * cast in nor the rows' physical order. Null when no campaign's result of the unit is shown.
 */
export function shownOpinions(campaigns: CampaignOpinions[]): string[] | null {
  const shown = campaigns.filter((c) => c.shown);
  if (shown.length === 0) return null;
  return shown
    .flatMap((c) => c.opinions)
    .map((text) => ({ text, key: digest(text) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map((o) => o.text);
}

/** What a voter wrote, as stored: trimmed; nothing (or only spaces) is no opinion. */
export function storedOpinion(opinion: string | null | undefined): string | null {
  const text = opinion?.trim() ?? '';
  return text.length === 0 ? null : text;
}
