import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import type { DossierMapPoint } from '@cadre/contracts';

/**
 * The report's charts drawn on the server with ECharts' SVG renderer, as the console draws them, so
 * that a printed dossier looks like the screen: inline SVG, no script, nothing loaded. Animation off
 * (a server rendering has no frames), fonts the CJK ones the PDF printer has (fonts-noto-cjk).
 */

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
const MARK = '#c0392b';
const OTHER = '#8aa4c8';

function svg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface TrendSeries {
  name: string;
  values: Array<number | null>;
}

/** A trend line over cycles (e.g. 综合得分 per cycle, or the wartime spirit per event). */
export function trendChart(labels: string[], series: TrendSeries[], yName: string, width = 640, height = 260): string {
  return svg(
    {
      grid: { left: 48, right: 24, top: 36, bottom: 40 },
      legend: series.length > 1 ? { top: 4 } : undefined,
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 11 } },
      yAxis: { type: 'value', name: yName, scale: true, nameTextStyle: { fontSize: 11 } },
      series: series.map((s, i) => ({
        name: s.name,
        type: 'line',
        data: s.values,
        connectNulls: true,
        symbolSize: 7,
        label: { show: true, fontSize: 10, formatter: (p: { value: unknown }) => Number(p.value).toFixed(1) },
        lineStyle: { width: 2, color: i === 0 ? MARK : OTHER },
        itemStyle: { color: i === 0 ? MARK : OTHER },
      })),
    },
    width,
    height,
  );
}

/**
 * 坐标系: x the percentile in the field, y in the team, split at 50 into the four quadrants; the
 * report's cadre (or the team's members) marked and named, the others grey dots without names.
 */
export function coordinateChart(points: DossierMapPoint[], width = 640, height = 420): string {
  const marked = points.filter((p) => p.marked);
  const others = points.filter((p) => !p.marked);
  const quadrant = (x: number, y: number, text: string) => ({
    name: text,
    coord: [x, y],
    value: text,
    symbol: 'rect',
    symbolSize: 1,
    label: { show: true, color: '#8f959e', fontSize: 12, formatter: text },
  });
  return svg(
    {
      grid: { left: 48, right: 24, top: 24, bottom: 44 },
      xAxis: { type: 'value', min: 0, max: 100, name: '领域内百分位', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', min: 0, max: 100, name: '班子内百分位', nameLocation: 'middle', nameGap: 32 },
      series: [
        {
          type: 'scatter',
          data: others.map((p) => [p.x, p.y]),
          symbolSize: 7,
          itemStyle: { color: OTHER },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#c9cdd4', type: 'dashed' },
            label: { show: false },
            data: [{ xAxis: 50 }, { yAxis: 50 }],
          },
          markPoint: {
            silent: true,
            data: [
              quadrant(75, 96, '领跑型'),
              quadrant(25, 96, '班子骨干型'),
              quadrant(75, 4, '领域突出型'),
              quadrant(25, 4, '滞后型'),
            ],
          },
        },
        {
          type: 'scatter',
          // A name on the right edge would be cut off: it goes on the left there.
          data: marked.map((p) => ({
            value: [p.x, p.y],
            name: p.name,
            label: { position: p.x > 80 ? 'left' : 'right' },
          })),
          symbolSize: 12,
          itemStyle: { color: MARK },
          label: { show: true, position: 'right', color: MARK, fontSize: 11, formatter: '{b}' },
        },
      ],
    },
    width,
    height,
  );
}
