import { useParams } from 'react-router';
import { all, get } from '../api/client';
import type { CampaignView, CycleView, ParticipationView, TargetResultView } from '@cadre/contracts';
import { LazyChart } from '../common/lazy-chart';
import { fmtNum, fmtPct } from '../common/format';
import { useLookup } from '../common/lookup';
import { Badge, Card, Loadable, Meter, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

/** A campaign: live participation (refreshed every 5 s) and, once the cycle has closed, the results per target. */
export function CampaignPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const campaign = useApi(() => get<CampaignView>(`/campaigns/${id}`), [id]);
  const participation = useApi(() => get<ParticipationView>(`/campaigns/${id}/participation`), [id], 5000);
  const c = campaign.data;
  const cycle = useApi(() => get<CycleView>(`/cycles/${c!.cycleId}`), c ? [c.cycleId] : null);
  const ended = cycle.data?.status === 'closed' || cycle.data?.status === 'published';
  // Asked only once the cycle has closed: review answers 409 while it is open.
  const results = useApi(() => all<TargetResultView>(`/campaigns/${id}/results`), ended ? [id] : null);
  const p = participation.data;
  const names = useTargetNames(c);
  return (
    <Loadable loading={campaign.loading && !c} error={campaign.error}>
      {c && (
        <>
          <PageTitle actions={<Badge value={c.direction} />}>{c.name}</PageTitle>
          <Card title={t('review.participation')}>
            {p && (
              <div className="stats" data-testid="participation">
                <div className="stat">
                  <span className="muted small">{t('review.issued')}</span>
                  <b>{p.issued}</b>
                </div>
                <div className="stat">
                  <span className="muted small">{t('review.cast')}</span>
                  <b>{p.cast}</b>
                </div>
                <div className="stat">
                  <span className="muted small">{t('dashboard.participation')}</span>
                  <b>{fmtPct(p.rate)}</b>
                </div>
              </div>
            )}
            {p && Array.isArray(p.byGroup) && (
              <Table
                rows={p.byGroup}
                rowKey={(g) => g.group}
                columns={[
                  { key: 'g', title: '', render: (g) => g.group },
                  {
                    key: 'r',
                    title: t('dashboard.participation'),
                    render: (g) => (
                      <>
                        <Meter value={g.rate * 100} /> {g.cast}/{g.issued}
                      </>
                    ),
                  },
                ]}
              />
            )}
          </Card>
          <Card title={t('review.results')}>
            {!ended && (
              <p className="muted" data-testid="results-after-close">
                {t('review.afterClose')}
              </p>
            )}
            <Loadable loading={results.loading && !results.data} error={results.error}>
              {(results.data ?? []).length > 0 && (
                <LazyChart
                  height={Math.min(520, 60 + 26 * (results.data ?? []).length)}
                  option={{
                    tooltip: { trigger: 'axis' },
                    grid: { left: 110, right: 30, top: 10, bottom: 20 },
                    xAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min - 10)) },
                    yAxis: {
                      type: 'category',
                      inverse: true,
                      data: (results.data ?? []).map((r) => names(r.targetId)),
                    },
                    series: [{ type: 'bar', name: t('review.score'), data: (results.data ?? []).map((r) => r.score) }],
                  }}
                />
              )}
              <Table
                testId="results"
                rows={results.data ?? []}
                rowKey={(r) => r.targetId}
                columns={[
                  { key: 'target', title: t('review.targets'), render: (r) => names(r.targetId) },
                  { key: 'ballots', title: t('review.ballots'), render: (r) => r.ballots, className: 'num' },
                  {
                    key: 'ex',
                    title: t('review.excellentRate'),
                    render: (r) =>
                      r.suppressed ? (
                        <span className="muted small">{t('review.suppressed')}</span>
                      ) : (
                        fmtPct(r.excellentRate)
                      ),
                    className: 'num',
                  },
                  {
                    key: 'comp',
                    title: '称职及以上率',
                    render: (r) => (r.suppressed ? '—' : fmtPct(r.competentOrBetterRate)),
                    className: 'num',
                  },
                  {
                    key: 'score',
                    title: t('review.score'),
                    render: (r) => (r.suppressed ? '—' : fmtNum(r.score)),
                    className: 'num',
                  },
                ]}
              />
            </Loadable>
          </Card>
        </>
      )}
    </Loadable>
  );
}

/** Target names: units from the lookup, cadres and teams fetched once per campaign. */
function useTargetNames(c: CampaignView | undefined): (id: string) => string {
  const { unitName } = useLookup();
  const cadres = useApi(
    async () => {
      const entries = await Promise.all(
        (c?.targetIds ?? []).slice(0, 100).map((id) =>
          get<{ id: string; name: string }>(`/${c?.subject === 'team' ? 'teams' : 'cadres'}/${id}`)
            .then((x) => [id, x.name] as const)
            .catch(() => [id, id.slice(0, 8)] as const),
        ),
      );
      return new Map(entries);
    },
    c && c.subject !== 'unit' ? [c.id] : null,
  );
  return (id) => (c?.subject === 'unit' ? unitName(id) : (cadres.data?.get(id) ?? '…'));
}
