import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { analytics, notDeployed } from '../common/analytics-api';
import { QUADRANTS } from '../common/enums';
import { fmtNum } from '../common/format';
import { LazyChart } from '../common/lazy-chart';
import { useLookup } from '../common/lookup';
import { Card, Loadable, Meter, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

const COLORS: Record<string, string> = {
  leading: '#1d9a5b',
  team_anchor: '#2f6fdf',
  field_strong: '#e08a00',
  lagging: '#c8161d',
};

/**
 * 年度综合评价: a past year's annual ranking (vertical in a team, horizontal in a field) and its map, as
 * frozen and sealed when the year was made (docs/api.md "The annual evaluation").
 */
export function AnnualPage() {
  const { t, e } = useI18n();
  const { teams, fields } = useLookup();
  const [params, setParams] = useSearchParams();
  const lastYear = new Date().getFullYear() - 1;
  const year = Number(params.get('year') ?? lastYear);
  const [scope, setScope] = useState<'vertical' | 'horizontal'>('horizontal');
  const [id, setId] = useState('');
  const chosen = id || (scope === 'vertical' ? teams[0]?.id : fields[0]?.id) || '';
  const evaluation = useApi(() => analytics.annualEvaluation(year), [year]);
  const made = !!evaluation.data;
  const ranking = useApi(
    () => analytics.annualRankings(year, scope, chosen),
    made && chosen ? [year, scope, chosen] : null,
  );
  const map = useApi(() => analytics.annualCoordinates(year), made ? [year] : null);
  const options = scope === 'vertical' ? teams : fields;
  const select = (
    <select value={year} onChange={(ev) => setParams({ year: ev.target.value })} data-testid="annual-year">
      {[0, 1, 2, 3, 4].map((back) => (
        <option key={back} value={lastYear + 1 - back}>
          {lastYear + 1 - back}
        </option>
      ))}
    </select>
  );
  const ev = evaluation.data;
  return (
    <>
      <PageTitle actions={select}>{t('annual.title')}</PageTitle>
      {notDeployed(evaluation.error) ? (
        <Card>
          <p className="hint">{t('analytics.notYet')}</p>
        </Card>
      ) : evaluation.error?.status === 404 ? (
        <Card>
          <p className="hint">{t('annual.none')}</p>
        </Card>
      ) : (
        <Loadable loading={evaluation.loading && !ev} error={evaluation.error}>
          {ev && (
            <Card>
              <p className="muted small" data-testid="annual-summary">
                {t('annual.summary')
                  .replace('{cycles}', String(ev.cycleIds.length))
                  .replace('{random}', String(ev.randomCycleIds.length))
                  .replace('{cadres}', String(ev.cadres))
                  .replace('{teams}', String(ev.teams))}{' '}
                <code>{ev.digest.slice(0, 16)}…</code>
              </p>
              <div className="row">
                <select
                  value={scope}
                  onChange={(ev2) => (setScope(ev2.target.value as 'vertical' | 'horizontal'), setId(''))}
                >
                  <option value="horizontal">{t('analytics.horizontal')}</option>
                  <option value="vertical">{t('analytics.vertical')}</option>
                </select>
                <select value={chosen} onChange={(ev2) => setId(ev2.target.value)}>
                  {options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
              <Loadable loading={ranking.loading && !ranking.data} error={ranking.error}>
                <Table
                  testId="annual-rankings"
                  rows={ranking.data?.items ?? []}
                  rowKey={(r) => r.cadreId}
                  columns={[
                    { key: 'rank', title: t('analytics.rank'), render: (r) => r.rank ?? '—', className: 'num' },
                    {
                      key: 'name',
                      title: t('roster.name'),
                      render: (r) => <Link to={`/cadres/${r.cadreId}`}>{r.name ?? r.cadreId.slice(0, 8)}</Link>,
                    },
                    {
                      key: 'composite',
                      title: t('analytics.composite'),
                      render: (r) => fmtNum(r.composite),
                      className: 'num',
                    },
                    {
                      key: 'pct',
                      title: t('analytics.percentile'),
                      render: (r) => (
                        <>
                          <Meter value={r.percentile} /> {fmtNum(r.percentile, 0)}
                        </>
                      ),
                    },
                    {
                      key: 'parts',
                      title: '',
                      render: (r) => (
                        <span className="muted small">
                          {Object.entries(r.parts)
                            .map(([k, v]) => `${k} ${fmtNum(v)}`)
                            .join(' · ')}
                        </span>
                      ),
                    },
                    {
                      key: 'ex',
                      title: '',
                      render: (r) =>
                        r.excluded ? <span className="badge badge-fail">{t('analytics.excluded')}</span> : null,
                    },
                  ]}
                />
              </Loadable>
            </Card>
          )}
          {ev && (
            <Card>
              <h3>{t('annual.map')}</h3>
              <Loadable loading={map.loading && !map.data} error={map.error}>
                <LazyChart
                  height={480}
                  testId="annual-map"
                  option={{
                    tooltip: {
                      trigger: 'item',
                      formatter: (p: { data: { name: string; composite: number } }) =>
                        `${p.data.name.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)} ${fmtNum(p.data.composite)}`,
                    },
                    legend: { data: QUADRANTS.map((q) => e(q)), top: 0 },
                    xAxis: {
                      type: 'value',
                      min: 0,
                      max: 100,
                      name: t('analytics.x'),
                      nameLocation: 'middle',
                      nameGap: 30,
                    },
                    yAxis: {
                      type: 'value',
                      min: 0,
                      max: 100,
                      name: t('analytics.y'),
                      nameLocation: 'middle',
                      nameGap: 40,
                    },
                    series: QUADRANTS.map((q) => ({
                      name: e(q),
                      type: 'scatter',
                      symbolSize: 11,
                      itemStyle: { color: COLORS[q], opacity: 0.85 },
                      data: (map.data?.points ?? [])
                        .filter((p) => p.quadrant === q)
                        .map((p) => ({ ...p, value: [p.x, p.y] })),
                    })),
                  }}
                />
              </Loadable>
            </Card>
          )}
        </Loadable>
      )}
    </>
  );
}
