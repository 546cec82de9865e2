import { Link } from 'react-router';
import { all, get } from '../api/client';
import type {
  AppraisalView,
  CampaignView,
  CycleScheduleView,
  CycleView,
  NotificationView,
  OverdueTaskView,
  ParticipationView,
} from '@cadre/contracts';
import { OFFICE, useSession } from '../auth/session';
import { analytics, notDeployed } from '../common/analytics-api';
import { fmtDate, fmtDateTime, fmtPct } from '../common/format';
import { Badge, Card, Empty, Loadable, Meter, PageTitle } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

interface CycleSummary {
  cycle: CycleView;
  participation: { issued: number; cast: number } | null;
  flagged: AppraisalView[];
}

/** The tenant's current cycles with their progress, participation and the cadres the political gate flags. */
async function loadCurrent(office: boolean): Promise<CycleSummary[]> {
  const cycles = (await get<{ items: CycleView[] }>('/cycles?limit=20')).items.filter(
    (c) => c.status === 'open' || c.status === 'scheduled',
  );
  return Promise.all(
    cycles.map(async (c) => {
      const cycle = await get<CycleView>(`/cycles/${c.id}`);
      let participation: CycleSummary['participation'] = null;
      let flagged: AppraisalView[] = [];
      if (office) {
        const campaigns = await all<CampaignView>(`/cycles/${c.id}/campaigns`).catch(() => [] as CampaignView[]);
        const parts = await Promise.all(
          campaigns.map((k) => get<ParticipationView>(`/campaigns/${k.id}/participation`)),
        );
        participation = parts.length
          ? parts.reduce((a, p) => ({ issued: a.issued + p.issued, cast: a.cast + p.cast }), { issued: 0, cast: 0 })
          : null;
      }
      if (c.status === 'open' && c.kind === 'periodic') {
        const appraisals = await all<AppraisalView>(`/cycles/${c.id}/appraisals`, 1000).catch(
          () => [] as AppraisalView[],
        );
        flagged = appraisals.filter((a) => a.politicalVerdict !== 'pass');
      }
      return { cycle, participation, flagged };
    }),
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const office = can(...OFFICE);
  const current = useApi(() => loadCurrent(office), [office]);
  return (
    <>
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <Loadable loading={current.loading && !current.data} error={current.error}>
        <div className="grid">
          <CurrentCycles summaries={current.data ?? []} />
          <Warnings summaries={current.data ?? []} office={office} />
          {office && <Upcoming summaries={current.data ?? []} />}
          <Inbox />
        </div>
      </Loadable>
    </>
  );
}

function CurrentCycles({ summaries }: { summaries: CycleSummary[] }) {
  const { t } = useI18n();
  return (
    <Card title={t('dashboard.cycles')}>
      {summaries.length === 0 && <Empty />}
      <ul className="list-plain" data-testid="current-cycles">
        {summaries.map(({ cycle, participation }) => (
          <li key={cycle.id}>
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <Link to={`/cycles/${cycle.id}`}>{cycle.name}</Link>
              <Badge value={cycle.status} />
            </div>
            <div className="muted small">
              {t('dashboard.opensAt')} {fmtDateTime(cycle.opensAt)} · {t('dashboard.closesAt')}{' '}
              {fmtDateTime(cycle.closesAt)}
            </div>
            {cycle.progress && (
              <div className="small">
                {t('cycles.progress')}{' '}
                <Meter value={cycle.progress.cadres ? (100 * cycle.progress.completed) / cycle.progress.cadres : 0} />{' '}
                {cycle.progress.completed}/{cycle.progress.cadres}
              </div>
            )}
            {participation && (
              <div className="small">
                {t('dashboard.participation')}{' '}
                <Meter value={participation.issued ? (100 * participation.cast) / participation.issued : 0} />{' '}
                {participation.cast}/{participation.issued} (
                {fmtPct(participation.issued ? participation.cast / participation.issued : 0)})
              </div>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Warnings({ summaries, office }: { summaries: CycleSummary[]; office: boolean }) {
  const { t, e } = useI18n();
  const open = summaries.find((s) => s.cycle.status === 'open' && s.cycle.kind === 'periodic');
  const lying = useApi(() => analytics.underperformers(open!.cycle.id), office && open ? [open.cycle.id] : null);
  const overdue = useApi(() => get<{ items: OverdueTaskView[] }>('/tasks/overdue?limit=20'), office ? [] : null);
  const flagged = summaries.flatMap((s) => s.flagged);
  const lyingItems = lying.data?.items ?? [];
  return (
    <Card title={t('dashboard.warnings')}>
      {office && (
        <>
          <h3 className="small muted">{t('dashboard.overdue')}</h3>
          {(overdue.data?.items ?? []).length === 0 ? (
            <p className="muted small">{t('dashboard.noWarnings')}</p>
          ) : (
            <ul className="list-plain" data-testid="overdue-warnings">
              {overdue.data!.items.slice(0, 6).map((task) => (
                <li key={task.id}>
                  <Link to={`/checklists?cadre=${task.cadreId}&year=${task.year}`}>{task.cadreName ?? '—'}</Link>{' '}
                  {task.title} <span className="badge badge-overdue">{fmtDate(task.deadline)}</span>
                </li>
              ))}
              {overdue.data!.items.length > 6 && <li className="muted small">… {overdue.data!.items.length - 6}</li>}
            </ul>
          )}
        </>
      )}
      <h3 className="small muted">{t('dashboard.verdict')}</h3>
      {flagged.length === 0 ? (
        <p className="muted small">{t('dashboard.noWarnings')}</p>
      ) : (
        <ul className="list-plain" data-testid="verdict-warnings">
          {flagged.slice(0, 8).map((a) => (
            <li key={a.cycleId + a.cadreId}>
              <Link to={`/cadres/${a.cadreId}`}>{a.cadreName}</Link> <Badge value={a.politicalVerdict} />
            </li>
          ))}
          {flagged.length > 8 && <li className="muted small">… {flagged.length - 8}</li>}
        </ul>
      )}
      {office && (
        <>
          <h3 className="small muted">{t('dashboard.lying')}</h3>
          {notDeployed(lying.error) ? (
            <p className="muted small">{t('analytics.notYet')}</p>
          ) : lyingItems.length === 0 ? (
            <p className="muted small">{t('dashboard.noWarnings')}</p>
          ) : (
            <ul className="list-plain">
              {lyingItems.slice(0, 8).map((u) => (
                <li key={u.cadreId}>
                  <Link to={`/cadres/${u.cadreId}`}>{u.name}</Link>{' '}
                  <span className="muted small">{u.reasons.map((x) => e(x)).join('、')}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

function Upcoming({ summaries }: { summaries: CycleSummary[] }) {
  const { t } = useI18n();
  const schedule = useApi(() => get<CycleScheduleView>('/cycle-schedule'), []);
  const jobs: Array<{ at: string; what: string }> = [];
  for (const { cycle } of summaries) {
    if (cycle.status === 'scheduled') jobs.push({ at: cycle.opensAt, what: `${t('cycles.open')} · ${cycle.name}` });
    if (cycle.status === 'open') {
      for (const h of cycle.reminderOffsetsHours) {
        const at = new Date(new Date(cycle.closesAt).getTime() - h * 3600_000);
        if (at.getTime() > Date.now())
          jobs.push({ at: at.toISOString(), what: `${t('dashboard.reminder')} (${h}h) · ${cycle.name}` });
      }
      jobs.push({ at: cycle.closesAt, what: `${t('cycles.close')} · ${cycle.name}` });
    }
  }
  const next = schedule.data?.enabled ? schedule.data.next : null;
  if (next && !next.cycleId)
    jobs.push({ at: next.opensAt, what: `${t('cycles.schedule')} · ${next.year}-${next.half}` });
  jobs.sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Card title={t('dashboard.upcoming')}>
      {jobs.length === 0 && <Empty />}
      <ul className="list-plain">
        {jobs.slice(0, 10).map((j) => (
          <li key={j.at + j.what}>
            <span className="muted small">{fmtDateTime(j.at)}</span> {j.what}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Inbox() {
  const { t } = useI18n();
  const inbox = useApi(() => get<{ items: NotificationView[] }>('/me/notifications?limit=10'), []);
  const items = inbox.data?.items ?? [];
  return (
    <Card title={t('dashboard.reminder')}>
      {items.length === 0 && <Empty />}
      <ul className="list-plain">
        {items.map((n) => (
          <li key={n.id}>
            <strong>{n.title}</strong> <span className="muted small">{fmtDateTime(n.createdAt)}</span>
            <div className="small">{n.body}</div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
