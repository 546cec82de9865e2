import { Link, useParams } from 'react-router';
import { allPages, get } from '../api/client';
import type { CadreVersionView, CadreView, Page, WartimeFileView } from '@cadre/contracts';
import { OFFICE, useSession } from '../auth/session';
import { analytics, notDeployed } from '../common/analytics-api';
import { fmtDate, fmtDateTime } from '../common/format';
import { useLookup } from '../common/lookup';
import { Badge, Card, Loadable, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { TrendChart } from '../analytics/trend-chart';
import { WartimeTimeline } from '../cycles/wartime-timeline';
import { useI18n } from '../i18n/i18n';

export function CadrePage() {
  const { id } = useParams();
  const { t, e } = useI18n();
  const { can } = useSession();
  const { unitName, teamName, fieldName } = useLookup();
  const cadre = useApi(() => get<CadreView>(`/cadres/${id}`), [id]);
  const history = useApi(() => allPages<Page<CadreVersionView>>(`/cadres/${id}/history`), [id]);
  const wartime = useApi(() => get<WartimeFileView>(`/cadres/${id}/wartime-file`), [id]);
  const trend = useApi(() => analytics.trend(id!), can(...OFFICE) ? [id] : null);
  const c = cadre.data;
  return (
    <Loadable loading={cadre.loading && !c} error={cadre.error}>
      {c && (
        <>
          <PageTitle
            actions={
              <>
                <Link to={`/checklists?cadre=${c.id}`}>{t('nav.checklists')}</Link>
                <Link to={`/dossier/cadre/${c.id}`}>{t('analytics.dossier')}</Link>
              </>
            }
          >
            {c.name} <span className="muted small">{c.position}</span>
          </PageTitle>
          <div className="grid">
            <Card>
              <dl className="facts">
                <dt>{t('roster.personnelNo')}</dt>
                <dd>{c.personnelNo}</dd>
                <dt>{t('roster.gender')}</dt>
                <dd>
                  {e(c.gender)} · {c.age ?? '—'}
                </dd>
                <dt>{t('roster.unit')}</dt>
                <dd>{unitName(c.unitId)}</dd>
                <dt>{t('roster.teams')}</dt>
                <dd>{teamName(c.teamId)}</dd>
                <dt>{t('roster.field')}</dt>
                <dd>{fieldName(c.fieldId)}</dd>
                <dt>{t('roster.rank')}</dt>
                <dd>
                  {c.rank ?? '—'} · {c.education ?? '—'}
                </dd>
                <dt>{t('roster.tags')}</dt>
                <dd>
                  {(c.tags ?? []).map((x) => (
                    <Badge key={x} value={x} />
                  ))}
                </dd>
              </dl>
            </Card>
            {can(...OFFICE) && (
              <Card title={t('analytics.trend')}>
                {notDeployed(trend.error) ? (
                  <p className="muted">{t('analytics.notYet')}</p>
                ) : (
                  <Loadable loading={trend.loading && !trend.data} error={trend.error}>
                    {trend.data && (
                      <>
                        <Badge value={trend.data.direction} />{' '}
                        {trend.data.warning ? (
                          <span className="badge badge-warn" data-testid="lying-warning">
                            {t('dashboard.lying')}
                            {trend.data.warning.fallingCycles >= 2 ? ` · ↓${trend.data.warning.fallingCycles}` : ''}
                            {trend.data.warning.bottomDecile ? ' · 后10%' : ''}
                          </span>
                        ) : null}
                        <TrendChart trend={trend.data} />
                      </>
                    )}
                  </Loadable>
                )}
              </Card>
            )}
          </div>
          <Card title={t('roster.history')}>
            <Loadable loading={history.loading && !history.data} error={history.error}>
              <Table
                testId="history"
                rows={history.data?.items ?? []}
                rowKey={(v) => String(v.versionNo)}
                columns={[
                  { key: 'v', title: t('roster.version'), render: (v) => v.versionNo, className: 'num' },
                  { key: 'change', title: t('roster.change'), render: (v) => <Badge value={v.change} /> },
                  { key: 'what', title: '', render: (v) => v.changed?.join('、') },
                  {
                    key: 'pos',
                    title: t('roster.position'),
                    render: (v) => `${unitName(v.snapshot.unitId)} ${v.snapshot.position ?? ''}`,
                  },
                  { key: 'date', title: t('wartime.date'), render: (v) => fmtDate(v.effectiveDate) },
                  { key: 'reason', title: t('roster.reason'), render: (v) => v.reason ?? '' },
                  { key: 'at', title: t('roster.recordedAt'), render: (v) => fmtDateTime(v.recordedAt) },
                ]}
              />
            </Loadable>
          </Card>
          <Card title={t('wartime.title')}>
            <Loadable loading={wartime.loading && !wartime.data} error={wartime.error}>
              {wartime.data && <WartimeTimeline file={wartime.data} />}
            </Loadable>
          </Card>
        </>
      )}
    </Loadable>
  );
}
