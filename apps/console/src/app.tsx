import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from './auth/login-page';
import { OFFICE, SessionProvider, useSession } from './auth/session';
import { LookupProvider } from './common/lookup';
import { I18nProvider } from './i18n/i18n';
import { Shell } from './layout/shell';
import { DashboardPage } from './dashboard/dashboard-page';
import { CadresPage } from './roster/cadres-page';
import { CadrePage } from './roster/cadre-page';
import { UnitsPage } from './roster/units-page';
import { ImportPage } from './roster/import-page';
import { ChecklistsPage } from './checklists/checklists-page';
import { CyclesPage } from './cycles/cycles-page';
import { CyclePage } from './cycles/cycle-page';
import { WorkspacePage } from './cycles/workspace-page';
import { ReviewPage } from './review/review-page';
import { CampaignPage } from './review/campaign-page';
import { CoordinatesPage } from './analytics/coordinates-page';
import { RankingsPage } from './analytics/rankings-page';
import { AnnualPage } from './analytics/annual-page';
import { MechanismsPage } from './analytics/mechanisms-page';
import { SandboxPage } from './analytics/sandbox-page';
import { DossierPage } from './analytics/dossier-page';
import { MyPage } from './me/my-page';
import type { Role } from '@cadre/contracts';
import type { ReactNode } from 'react';

function Only({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { can, session } = useSession();
  if (!can(...roles)) return <Navigate to={session?.roles.includes('cadre') ? '/me' : '/'} replace />;
  return <>{children}</>;
}

function Home() {
  const { session } = useSession();
  // A cadre's home is their own lists and results.
  if (session && session.roles.length === 1 && session.roles[0] === 'cadre') return <Navigate to="/me" replace />;
  return <DashboardPage />;
}

const STAFF: Role[] = [...OFFICE, 'assessor', 'unit_leader'];
const ASSESSING: Role[] = [...OFFICE, 'assessor'];

function Routed() {
  const { session } = useSession();
  if (!session) return <LoginPage />;
  return (
    <LookupProvider>
      <Routes>
        <Route element={<Shell />}>
          <Route index element={<Home />} />
          <Route path="me" element={<MyPage />} />
          <Route
            path="cadres"
            element={
              <Only roles={STAFF}>
                <CadresPage />
              </Only>
            }
          />
          <Route
            path="cadres/:id"
            element={
              <Only roles={STAFF}>
                <CadrePage />
              </Only>
            }
          />
          <Route
            path="units"
            element={
              <Only roles={STAFF}>
                <UnitsPage />
              </Only>
            }
          />
          <Route
            path="import"
            element={
              <Only roles={OFFICE}>
                <ImportPage />
              </Only>
            }
          />
          <Route
            path="checklists"
            element={
              <Only roles={STAFF}>
                <ChecklistsPage />
              </Only>
            }
          />
          <Route
            path="cycles"
            element={
              <Only roles={ASSESSING}>
                <CyclesPage />
              </Only>
            }
          />
          <Route
            path="cycles/:id"
            element={
              <Only roles={ASSESSING}>
                <CyclePage />
              </Only>
            }
          />
          <Route
            path="workspace"
            element={
              <Only roles={ASSESSING}>
                <WorkspacePage />
              </Only>
            }
          />
          <Route
            path="review"
            element={
              <Only roles={OFFICE}>
                <ReviewPage />
              </Only>
            }
          />
          <Route
            path="campaigns/:id"
            element={
              <Only roles={OFFICE}>
                <CampaignPage />
              </Only>
            }
          />
          <Route
            path="analytics/coordinates"
            element={
              <Only roles={OFFICE}>
                <CoordinatesPage />
              </Only>
            }
          />
          <Route
            path="analytics/rankings"
            element={
              <Only roles={OFFICE}>
                <RankingsPage />
              </Only>
            }
          />
          <Route
            path="analytics/annual"
            element={
              <Only roles={OFFICE}>
                <AnnualPage />
              </Only>
            }
          />
          <Route
            path="analytics/mechanisms"
            element={
              <Only roles={OFFICE}>
                <MechanismsPage />
              </Only>
            }
          />
          <Route
            path="analytics/sandbox"
            element={
              <Only roles={OFFICE}>
                <SandboxPage />
              </Only>
            }
          />
          <Route
            path="dossier/:kind/:id"
            element={
              <Only roles={ASSESSING}>
                <DossierPage />
              </Only>
            }
          />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </LookupProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routed />
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}
