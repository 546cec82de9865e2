// Analytics (issue 7) through the public API: rankings, coordinates, trends, dossiers, mechanisms, sandbox.
// Until the service is deployed these routes answer 404; the screens then say so instead of failing.
import { allPages, ApiError, get, post, qs } from '../api/client';
import type {
  AnnualCoordinatesView,
  AnnualEvaluationView,
  AnnualRankingsView,
  CoordinatesView,
  RankingScope,
  RankingsView,
  SandboxMove,
  SandboxView,
  SelectionView,
  TrendView,
  UnderperformersView,
} from '@cadre/contracts';

let documented: Promise<Set<string>> | null = null;

/**
 * The routes the gateway serves, from its OpenAPI document (public): a screen whose service is not
 * deployed yet says so without asking for a route that would only answer 404.
 */
function routes(): Promise<Set<string>> {
  documented ??= fetch('/api/docs-json', { headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() : { paths: {} }))
    .then((doc: { paths?: Record<string, unknown> }) => new Set(Object.keys(doc.paths ?? {})))
    .catch(() => new Set<string>());
  return documented;
}

async function when<T>(template: string, call: () => Promise<T>): Promise<T> {
  const known = await routes();
  if (known.size > 0 && !known.has(`/api/v1${template}`))
    throw new ApiError(404, `Cannot GET ${template}: not deployed`);
  return call();
}

export const analytics = {
  rankings: (cycleId: string, scope: RankingScope, id: string) =>
    when('/cycles/{id}/rankings', () =>
      allPages<RankingsView>(
        `/cycles/${cycleId}/rankings${qs(scope === 'vertical' ? { scope, teamId: id } : { scope, fieldId: id })}`,
      ),
    ),
  coordinates: (cycleId: string) =>
    when('/cycles/{id}/coordinates', () => get<CoordinatesView>(`/cycles/${cycleId}/coordinates`)),
  trend: (cadreId: string) => when('/cadres/{id}/trend', () => get<TrendView>(`/cadres/${cadreId}/trend`)),
  cadreDossier: (cadreId: string) =>
    when('/cadres/{id}/dossier', () => get<Record<string, unknown>>(`/cadres/${cadreId}/dossier`)),
  teamDossier: (teamId: string) =>
    when('/teams/{id}/dossier', () => get<Record<string, unknown>>(`/teams/${teamId}/dossier`)),
  selection: (cycleId: string) =>
    when('/cycles/{id}/selection-candidates', () => allPages<SelectionView>(`/cycles/${cycleId}/selection-candidates`)),
  underperformers: (cycleId: string) =>
    when('/cycles/{id}/underperformers', () => allPages<UnderperformersView>(`/cycles/${cycleId}/underperformers`)),
  sandbox: (moves: SandboxMove[]) => when('/sandbox', () => post<SandboxView>('/sandbox', { moves })),
  annualEvaluation: (year: number) =>
    when('/annual/{year}/evaluation', () => get<AnnualEvaluationView>(`/annual/${year}/evaluation`)),
  annualRankings: (year: number, scope: RankingScope, id: string) =>
    when('/annual/{year}/rankings', () =>
      allPages<AnnualRankingsView>(
        `/annual/${year}/rankings${qs(scope === 'vertical' ? { scope, teamId: id } : { scope, fieldId: id })}`,
      ),
    ),
  annualCoordinates: (year: number) =>
    when('/annual/{year}/coordinates', () => get<AnnualCoordinatesView>(`/annual/${year}/coordinates`)),
};

/** A route of a service that is not there yet: 404 naming no resource of ours. */
export function notDeployed(error: ApiError | null | undefined): boolean {
  return !!error && error.status === 404 && /Cannot (GET|POST)|not found|没有这个接口|接口不存在/i.test(error.message);
}
