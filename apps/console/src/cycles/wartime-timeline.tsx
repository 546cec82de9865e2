import type { WartimeFileView } from '@cadre/contracts';
import { LazyChart } from '../common/lazy-chart';
import { fmtNum } from '../common/format';
import { Badge, Empty } from '../common/ui';
import { useI18n } from '../i18n/i18n';

/** 战时档案: the weekly spirit (not only the first 请战之勇 but the long-term 战斗劲头) and each record. */
export function WartimeTimeline({ file }: { file: WartimeFileView }) {
  const { t } = useI18n();
  if (file.records.length === 0) return <Empty />;
  const s = file.summary;
  return (
    <>
      <div className="stats">
        <div className="stat">
          <span className="muted small">{t('wartime.volunteered')}</span>
          <b>{s.volunteered}</b>
        </div>
        <div className="stat">
          <span className="muted small">{t('wartime.dutyHours')}</span>
          <b>{fmtNum(s.totalDutyHours, 0)}</b>
        </div>
        <div className="stat">
          <span className="muted small">{t('wartime.spirit')}</span>
          <b>{fmtNum(s.spirit)}</b>
        </div>
      </div>
      {file.weekly.length > 1 && (
        <LazyChart
          height={200}
          option={{
            tooltip: { trigger: 'axis' },
            grid: { left: 40, right: 40, top: 20, bottom: 30 },
            xAxis: { type: 'category', data: file.weekly.map((w) => w.week) },
            yAxis: [
              { type: 'value', min: 0, max: 105 },
              { type: 'value', name: 'h' },
            ],
            series: [
              { name: t('wartime.spirit'), type: 'line', smooth: true, data: file.weekly.map((w) => w.spirit) },
              {
                name: t('wartime.dutyHours'),
                type: 'bar',
                yAxisIndex: 1,
                data: file.weekly.map((w) => w.dutyHours),
                itemStyle: { opacity: 0.35 },
              },
            ],
          }}
        />
      )}
      <h3 className="small muted">{t('wartime.timeline')}</h3>
      <ul className="timeline" data-testid="wartime-timeline">
        {file.records.map((r) => (
          <li key={r.id}>
            <strong>{r.date}</strong> {r.role}{' '}
            <Badge
              value={r.performance}
              tone={r.performance === 'outstanding' ? 'pass' : r.performance === 'poor' ? 'fail' : undefined}
            />
            {r.volunteered && <span className="badge badge-pass">{t('wartime.volunteered')}</span>}
            <div className="muted small">
              {r.cycleName} · {r.dutyHours} h{r.note ? ` · ${r.note}` : ''}
              {r.commendation ? ` · ${r.commendation}` : ''}
              {r.penalty ? ` · ${r.penalty}` : ''}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
