import { WARTIME_QUALITIES } from '@cadre/contracts';
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
      {(file.byTopic ?? []).map((topic) => (
        <div key={topic.topic ?? 'none'} data-testid="wartime-topic">
          <h3 className="small muted">
            {topic.topic && <Badge value={topic.topic} />} {t('wartime.longRun')}
          </h3>
          <div className="stats">
            <div className="stat">
              <span className="muted small">{t('wartime.participation')}</span>
              <b>
                {topic.longRun.weeksPresent} / {topic.longRun.eventWeeks}
              </b>
            </div>
            <div className="stat">
              <span className="muted small">{t('wartime.streak')}</span>
              <b>{topic.longRun.longestStreak}</b>
            </div>
            <div className="stat">
              <span className="muted small">{t('wartime.longRunScore')}</span>
              <b>{fmtNum(topic.longRun.score)}</b>
            </div>
          </div>
          {topic.qualities.some((q) => q.points.length > 0) && (
            <table className="small">
              <thead>
                <tr>
                  <th>{t('wartime.qualities')}</th>
                  <th>{t('wartime.timeline')}</th>
                  <th>{t('wartime.mean')}</th>
                </tr>
              </thead>
              <tbody>
                {topic.qualities.map((q) => (
                  <tr key={q.quality}>
                    <td>{t(`quality.${q.quality}`)}</td>
                    <td>
                      {q.points.map((p) => (
                        <Badge key={p.recordId} value={p.grade} />
                      ))}
                    </td>
                    <td>{fmtNum(q.mean)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
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
            {r.qualities && (
              <div className="muted small">
                {WARTIME_QUALITIES.map((q) => (
                  <div key={q}>
                    {t(`quality.${q}`)}：<Badge value={r.qualities![q].grade} /> {r.qualities![q].fact}
                  </div>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
