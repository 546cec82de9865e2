// Analytics (issue 7) through the public API: rankings, coordinates, trends, dossiers, mechanisms, sandbox.
// Until the service is deployed these routes answer 404; the screens then say so instead of failing.
import { ApiError, get, post, qs } from '../api/client';
import type { CoordinatePoint, RankingItem, Trend } from '../api/types';

export const analytics = {
  rankings: (cycleId: string, scope: 'vertical' | 'horizontal', id: string) =>
    get<{ items: RankingItem[] }>(`/cycles/${cycleId}/rankings${qs(scope === 'vertical' ? { scope, teamId: id } : { scope, fieldId: id })}`),
  coordinates: (cycleId: string) => get<{ points: CoordinatePoint[] }>(`/cycles/${cycleId}/coordinates`),
  trend: (cadreId: string) => get<Trend>(`/cadres/${cadreId}/trend`),
  cadreDossier: (cadreId: string) => get<Record<string, unknown>>(`/cadres/${cadreId}/dossier`),
  teamDossier: (teamId: string) => get<Record<string, unknown>>(`/teams/${teamId}/dossier`),
  selection: (cycleId: string) => get<unknown>(`/cycles/${cycleId}/selection-candidates`),
  underperformers: (cycleId: string) => get<unknown>(`/cycles/${cycleId}/underperformers`),
  sandbox: (moves: Array<{ cadreId: string; toTeamId: string }>) => post<{ before: unknown; after: unknown }>('/sandbox', { moves }),
};

/** A route of a service that is not there yet: 404 naming no resource of ours. */
export function notDeployed(error: ApiError | null | undefined): boolean {
  return !!error && error.status === 404 && /Cannot (GET|POST)|not found|没有这个接口|接口不存在/i.test(error.message);
}

/** The list inside an answer that may be a bare array or `{ items }` / `{ candidates }` / … */
export function itemsOf<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) if (Array.isArray(v)) return v as T[];
  }
  return [];
}
