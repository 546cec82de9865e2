import { useNavigate } from 'react-router';
import type { CoordinatePoint } from '@cadre/contracts';
import { analytics, notDeployed } from '../common/analytics-api';
import { QUADRANTS } from '../common/enums';
import { fmtNum } from '../common/format';
import { LazyChart } from '../common/lazy-chart';
import { useLookup } from '../common/lookup';
import { Badge, Card, Loadable, PageTitle } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';
import { useAnalyticsCycle } from './cycle-select';

const COLORS: Record<string, string> = {
  leading: '#1d9a5b',
  team_anchor: '#2f6fdf',
  field_strong: '#e08a00',
  lagging: '#c8161d',
};

/** 年度综合评价坐标系: x the rank in the field, y the rank in the team, four quadrants; hover shows the cadre. */
export function CoordinatesPage() {
  const { t, e } = useI18n();
  const navigate = useNavigate();
  const { teamName, fieldName } = useLookup();
  const { cycleId, select } = useAnalyticsCycle();
  const coords = useApi(() => analytics.coordinates(cycleId!), cycleId ? [cycleId] : null);
  const points = coords.data?.points ?? [];
  const counts = Object.fromEntries(QUADRANTS.map((q) => [q, points.filter((p) => p.quadrant === q).length]));
  return (
    <>
      <PageTitle actions={select}>{t('analytics.coordinates')}</PageTitle>
      <Card>
        {notDeployed(coords.error) ? (
          <p className="hint">{t('analytics.notYet')}</p>
        ) : (
          <Loadable loading={coords.loading && !coords.data} error={coords.error}>
            <div className="stats">
              {QUADRANTS.map((q) => (
                <div key={q} className="stat">
                  <Badge value={q} />
                  <b>{counts[q]}</b>
                </div>
              ))}
            </div>
            <LazyChart
              height={560}
              testId="coordinate-map"
              onClick={(params) => {
                const p = params.data as { cadreId?: string } | undefined;
                if (p?.cadreId) void navigate(`/cadres/${p.cadreId}`);
              }}
              option={{
                tooltip: {
                  trigger: 'item',
                  formatter: (params: { data: CoordinatePoint & { value: number[] } }) => {
                    const p = params.data;
                    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
                    return `<b>${esc(p.name ?? p.cadreId)}</b><br/>${esc(teamName(p.teamId))} · ${esc(fieldName(p.fieldId))}<br/>${t('analytics.composite')} ${fmtNum(p.composite)}<br/>${t('analytics.x')} ${fmtNum(p.x)}<br/>${t('analytics.y')} ${fmtNum(p.y)}<br/>${e(p.quadrant)}`;
                  },
                },
                legend: { data: QUADRANTS.map((q) => e(q)), top: 0 },
                grid: { left: 60, right: 30, top: 40, bottom: 50 },
                xAxis: {
                  type: 'value',
                  min: 0,
                  max: 100,
                  name: t('analytics.x'),
                  nameLocation: 'middle',
                  nameGap: 30,
                  splitLine: { show: false },
                },
                yAxis: {
                  type: 'value',
                  min: 0,
                  max: 100,
                  name: t('analytics.y'),
                  nameLocation: 'middle',
                  nameGap: 40,
                  splitLine: { show: false },
                },
                series: QUADRANTS.map((q, i) => ({
                  name: e(q),
                  type: 'scatter',
                  symbolSize: 11,
                  itemStyle: { color: COLORS[q], opacity: 0.85 },
                  data: points.filter((p) => p.quadrant === q).map((p) => ({ ...p, value: [p.x, p.y] })),
                  ...(i === 0
                    ? {
                        markLine: {
                          silent: true,
                          symbol: 'none',
                          lineStyle: { type: 'dashed', color: '#999' },
                          label: { show: false },
                          data: [{ xAxis: 50 }, { yAxis: 50 }],
                        },
                      }
                    : {}),
                })),
              }}
            />
          </Loadable>
        )}
      </Card>
    </>
  );
}
