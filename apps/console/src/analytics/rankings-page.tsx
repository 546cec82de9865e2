import { useState } from 'react';
import { Link } from 'react-router';
import { analytics, notDeployed } from '../common/analytics-api';
import { fmtNum } from '../common/format';
import { useLookup } from '../common/lookup';
import { Card, Loadable, Meter, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';
import { useAnalyticsCycle } from './cycle-select';

/** 比对排名: vertical inside a team, horizontal inside a field; a cadre failing the political gate is listed unranked. */
export function RankingsPage() {
  const { t } = useI18n();
  const { teams, fields } = useLookup();
  const { cycleId, select } = useAnalyticsCycle();
  const [scope, setScope] = useState<'vertical' | 'horizontal'>('horizontal');
  const [id, setId] = useState('');
  const chosen = id || (scope === 'vertical' ? teams[0]?.id : fields[0]?.id) || '';
  const ranking = useApi(
    () => analytics.rankings(cycleId!, scope, chosen),
    cycleId && chosen ? [cycleId, scope, chosen] : null,
  );
  const options = scope === 'vertical' ? teams : fields;
  return (
    <>
      <PageTitle actions={select}>{t('analytics.rankings')}</PageTitle>
      <Card>
        <div className="row">
          <select value={scope} onChange={(ev) => (setScope(ev.target.value as 'vertical' | 'horizontal'), setId(''))}>
            <option value="horizontal">{t('analytics.horizontal')}</option>
            <option value="vertical">{t('analytics.vertical')}</option>
          </select>
          <select value={chosen} onChange={(ev) => setId(ev.target.value)}>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      </Card>
      <Card>
        {notDeployed(ranking.error) ? (
          <p className="hint">{t('analytics.notYet')}</p>
        ) : (
          <Loadable loading={ranking.loading && !ranking.data} error={ranking.error}>
            <Table
              testId="rankings"
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
                      {r.parts
                        ? Object.entries(r.parts)
                            .map(([k, v]) => `${k} ${fmtNum(v)}`)
                            .join(' · ')
                        : ''}
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
        )}
      </Card>
    </>
  );
}
