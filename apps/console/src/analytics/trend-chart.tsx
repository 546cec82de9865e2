import type { TrendView } from '@cadre/contracts';
import { LazyChart } from '../common/lazy-chart';
import { useI18n } from '../i18n/i18n';

/** 排名升降趋势变化曲线: composite score and ranks over the half-years. */
export function TrendChart({ trend, height = 280 }: { trend: TrendView; height?: number }) {
  const { t } = useI18n();
  const labels = trend.points.map((p) => `${p.year}${p.half ? `-H${p.half}` : ''}`);
  return (
    <LazyChart
      height={height}
      testId="trend-chart"
      option={{
        tooltip: { trigger: 'axis' },
        legend: { data: [t('analytics.composite'), t('analytics.vertical'), t('analytics.horizontal')] },
        grid: { left: 44, right: 44, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: labels },
        yAxis: [
          {
            type: 'value',
            name: t('analytics.composite'),
            min: (v: { min: number }) => Math.max(0, Math.floor(v.min - 5)),
          },
          { type: 'value', name: t('analytics.rank'), inverse: true, minInterval: 1 },
        ],
        series: [
          { name: t('analytics.composite'), type: 'line', smooth: true, data: trend.points.map((p) => p.composite) },
          { name: t('analytics.vertical'), type: 'line', yAxisIndex: 1, data: trend.points.map((p) => p.verticalRank) },
          {
            name: t('analytics.horizontal'),
            type: 'line',
            yAxisIndex: 1,
            data: trend.points.map((p) => p.horizontalRank),
          },
        ],
      }}
    />
  );
}
