import { all } from '../api/client';
import type { TwoWayUnitView } from '@cadre/contracts';
import { LazyChart } from '../common/lazy-chart';
import { fmtNum } from '../common/format';
import { useLookup } from '../common/lookup';
import { Loadable, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

const STATUS_KEY = {
  open: 'rectification.open',
  in_progress: 'rectification.in_progress',
  done: 'rectification.done',
} as const;

/** 双向考核意见: each unit rated from above and from below, largest gap first. */
export function TwoWayView({ cycleId, ended }: { cycleId: string; ended: boolean }) {
  const { t } = useI18n();
  const { unitName } = useLookup();
  // Asked only once the cycle has closed: review answers 409 while it is open.
  const rows = useApi(() => all<TwoWayUnitView>(`/cycles/${cycleId}/two-way`), ended ? [cycleId] : null);
  const data = rows.data ?? [];
  const top = data.slice(0, 12);
  if (!ended) return <p className="muted">{t('review.afterClose')}</p>;
  return (
    <Loadable loading={rows.loading && !rows.data} error={rows.error}>
      {top.length > 0 && (
        <LazyChart
          height={300}
          option={{
            tooltip: { trigger: 'axis' },
            legend: { data: [t('review.topDown'), t('review.bottomUp')] },
            grid: { left: 110, right: 20, top: 30, bottom: 20 },
            xAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min - 10)) },
            yAxis: { type: 'category', data: top.map((r) => unitName(r.unitId)), inverse: true },
            series: [
              { name: t('review.topDown'), type: 'bar', data: top.map((r) => r.topDown) },
              { name: t('review.bottomUp'), type: 'bar', data: top.map((r) => r.bottomUp) },
            ],
          }}
        />
      )}
      <Table
        testId="two-way"
        rows={data}
        rowKey={(r) => r.unitId}
        columns={[
          { key: 'unit', title: t('roster.unit'), render: (r) => unitName(r.unitId) },
          {
            key: 'td',
            title: t('review.topDown'),
            render: (r) =>
              r.topDown === null ? (
                <span className="muted small" title={t('review.suppressed')}>
                  —
                </span>
              ) : (
                fmtNum(r.topDown)
              ),
            className: 'num',
          },
          {
            key: 'bu',
            title: t('review.bottomUp'),
            render: (r) =>
              r.bottomUp === null ? (
                <span className="muted small" title={t('review.suppressed')}>
                  —
                </span>
              ) : (
                fmtNum(r.bottomUp)
              ),
            className: 'num',
          },
          { key: 'gap', title: t('review.gap'), render: (r) => fmtNum(r.gap), className: 'num' },
          {
            key: 'flag',
            title: '',
            render: (r) => (r.flagged ? <span className="badge badge-warn">{t('review.flagged')}</span> : null),
          },
          {
            key: 'worth',
            title: t('review.worth'),
            render: (r) =>
              r.worth?.flagged ? (
                <span className="badge badge-warn" title={fmtNum((r.worth.reportedCompletion ?? 0) * 100)}>
                  {t('review.worthFlagged')}
                </span>
              ) : null,
          },
          {
            key: 'opinions',
            title: t('review.opinions'),
            // The opinions as review gives them: in no cast order, without time.
            render: (r) => (r.opinions ? <span title={r.opinions.join('\n')}>{r.opinions.length}</span> : null),
            className: 'num',
          },
          {
            key: 'rect',
            title: t('review.rectification'),
            render: (r) => r.opinion?.items.map((i) => i.title).join('；') ?? null,
          },
          {
            key: 'prev',
            title: t('review.previousRectification'),
            render: (r) =>
              r.previousRectifications?.map((i) => (
                <div key={i.id} className="small">
                  {i.title} · {t(STATUS_KEY[i.status])}
                  {i.overdue ? <span className="badge badge-warn">{t('review.overdue')}</span> : null}
                </div>
              )) ?? null,
          },
        ]}
      />
    </Loadable>
  );
}
