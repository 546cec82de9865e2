import { lazy, Suspense, type ComponentProps } from 'react';

// ECharts is large: its chunk loads with the first screen that draws a chart.
const Chart = lazy(() => import('./chart'));

export function LazyChart(props: ComponentProps<typeof Chart>) {
  return (
    <Suspense fallback={<div className="chart" style={{ height: props.height ?? 360 }} />}>
      <Chart {...props} />
    </Suspense>
  );
}
