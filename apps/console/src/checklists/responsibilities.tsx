import { allPages } from '../api/client';
import type { ResponsibilitiesView as Responsibilities } from '@cadre/contracts';
import { fmtPct } from '../common/format';
import { Badge, Loadable, Meter, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

/** 责任清单: 岗位职责细化、目标任务量化、措施成效实化, with each duty's fulfilment. */
export function ResponsibilitiesView({ cadreId, year }: { cadreId: string; year: number }) {
  const { t } = useI18n();
  const list = useApi(
    () => allPages<Responsibilities>(`/cadres/${cadreId}/responsibilities?year=${year}`),
    [cadreId, year],
  );
  return (
    <Loadable loading={list.loading && !list.data} error={list.error}>
      {list.data && (
        <>
          <p>
            {t('checklists.rate')}: <Meter value={list.data.fulfillmentRate * 100} />{' '}
            {fmtPct(list.data.fulfillmentRate)}
          </p>
          <Table
            testId="responsibilities"
            rows={list.data.items}
            rowKey={(r) => r.id}
            columns={[
              {
                key: 'duty',
                title: t('checklists.duty'),
                render: (r) => (
                  <>
                    <strong>{r.duty}</strong>
                    <div className="muted small">{r.measures}</div>
                  </>
                ),
              },
              {
                key: 'target',
                title: t('checklists.target'),
                render: (r) => `${r.target.metric} ${r.target.target}${r.target.unit}`,
              },
              { key: 'actual', title: t('checklists.actual'), render: (r) => r.actual ?? '—', className: 'num' },
              { key: 'rate', title: t('checklists.rate'), render: (r) => fmtPct(r.fulfillmentRate), className: 'num' },
              { key: 'rating', title: '', render: (r) => (r.rating ? <Badge value={r.rating.grade} /> : null) },
            ]}
          />
        </>
      )}
    </Loadable>
  );
}
