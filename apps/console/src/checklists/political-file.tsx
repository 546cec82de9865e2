import { get } from '../api/client';
import type { PoliticalFileView as PoliticalFile } from '@cadre/contracts';
import { LazyChart } from '../common/lazy-chart';
import { fmtDate } from '../common/format';
import { Badge, Loadable, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

const LEVEL = { good: 100, watch: 60, bad: 20 } as const;

/** 政治体检档案: the gate verdict, the six dimensions as a radar (status) and bars (positives, negatives). */
export function PoliticalFileView({ cadreId }: { cadreId: string }) {
  const { t, e } = useI18n();
  const file = useApi(() => get<PoliticalFile>(`/cadres/${cadreId}/political-file`), [cadreId]);
  const f = file.data;
  return (
    <Loadable loading={file.loading && !f} error={file.error}>
      {f && (
        <>
          <p>
            {t('checklists.verdict')}: <Badge value={f.verdict} />{' '}
            {f.verdict === 'fail' && <span className="muted small">首关不过，余关莫论</span>}
          </p>
          <div className="grid">
            <LazyChart
              height={300}
              testId="political-radar"
              option={{
                tooltip: {},
                radar: { indicator: f.dimensions.map((d) => ({ name: d.name, max: 100 })), radius: '62%' },
                series: [
                  {
                    type: 'radar',
                    areaStyle: { opacity: 0.2 },
                    data: [{ name: t('checklists.political'), value: f.dimensions.map((d) => LEVEL[d.status]) }],
                  },
                ],
              }}
            />
            <LazyChart
              height={300}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { data: [e('positive'), e('negative')] },
                grid: { left: 80, right: 20, top: 30, bottom: 20 },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', data: f.dimensions.map((d) => d.name) },
                series: [
                  {
                    name: e('positive'),
                    type: 'bar',
                    data: f.dimensions.map((d) => d.positives),
                    itemStyle: { color: '#1d9a5b' },
                  },
                  {
                    name: e('negative'),
                    type: 'bar',
                    data: f.dimensions.map((d) => d.negatives),
                    itemStyle: { color: '#c8161d' },
                  },
                ],
              }}
            />
          </div>
          <h3 className="small muted">{t('checklists.observations')}</h3>
          <Table
            rows={f.observations}
            rowKey={(o) => o.id}
            columns={[
              { key: 'date', title: t('wartime.date'), render: (o) => fmtDate(o.occurredAt) },
              { key: 'dim', title: '', render: (o) => e(o.dimension) },
              {
                key: 'pol',
                title: '',
                render: (o) => <Badge value={o.polarity} tone={o.polarity === 'positive' ? 'pass' : 'fail'} />,
              },
              { key: 'sev', title: t('workspace.severity'), render: (o) => e(o.severity) },
              { key: 'ev', title: '', render: (o) => o.evidence },
              { key: 'src', title: '', render: (o) => <span className="muted small">{o.source}</span> },
            ]}
          />
        </>
      )}
    </Loadable>
  );
}
