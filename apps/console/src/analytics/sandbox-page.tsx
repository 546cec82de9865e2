import { useState } from 'react';
import { ApiError } from '../api/client';
import type { CadreView, SandboxView, TeamMetrics } from '@cadre/contracts';
import { analytics, notDeployed } from '../common/analytics-api';
import { CadrePicker } from '../common/cadre-picker';
import { fmtNum } from '../common/format';
import { LazyChart } from '../common/lazy-chart';
import { useLookup } from '../common/lookup';
import { Card, ErrorBox, PageTitle, Table } from '../common/ui';
import { useI18n } from '../i18n/i18n';

interface Move {
  cadre: CadreView;
  toTeamId: string;
}

/** The team metrics of the sandbox, by name. */
const METRICS: Record<string, string> = {
  members: '人数',
  averageComposite: '平均综合得分',
  spread: '得分离散度',
  fieldsCovered: '擅长领域覆盖',
  averageAge: '平均年龄',
  female: '女干部',
  young: '年轻干部',
};

/** 选配沙盘: simulate moves of cadres between teams and compare the teams before and after. */
export function SandboxPage() {
  const { t } = useI18n();
  const { teams, teamName } = useLookup();
  const [moves, setMoves] = useState<Move[]>([]);
  const [pending, setPending] = useState<CadreView | null>(null);
  const [toTeam, setToTeam] = useState('');
  const [result, setResult] = useState<SandboxView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function simulate() {
    setError(null);
    try {
      setResult(await analytics.sandbox(moves.map((m) => ({ cadreId: m.cadre.id, toTeamId: m.toTeamId }))));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }

  const rows = result ? compare(result.before, result.after) : [];
  return (
    <>
      <PageTitle>{t('analytics.sandbox')}</PageTitle>
      <Card title={t('analytics.move')}>
        <div className="row">
          <CadrePicker onPick={setPending} selected={pending?.id} />
          {pending && <strong>{pending.name}</strong>}
          <select value={toTeam} onChange={(ev) => setToTeam(ev.target.value)} aria-label={t('analytics.toTeam')}>
            <option value="">{t('analytics.toTeam')}</option>
            {teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
          <button
            disabled={!pending || !toTeam}
            onClick={() => (
              setMoves([...moves, { cadre: pending!, toTeamId: toTeam }]),
              setPending(null),
              setToTeam('')
            )}
          >
            +
          </button>
        </div>
        <ul className="list-plain">
          {moves.map((m, i) => (
            <li key={m.cadre.id + i}>
              {m.cadre.name}: {teamName(m.cadre.teamId)} → {teamName(m.toTeamId)}{' '}
              <button className="link" onClick={() => setMoves(moves.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <button className="primary" disabled={moves.length === 0} onClick={simulate}>
          {t('analytics.simulate')}
        </button>
        {notDeployed(error) ? <p className="hint">{t('analytics.notYet')}</p> : <ErrorBox error={error} />}
      </Card>
      {result && (
        <Card title={`${t('analytics.before')} / ${t('analytics.after')}`}>
          <LazyChart
            height={300}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { data: [t('analytics.before'), t('analytics.after')] },
              grid: { left: 120, right: 20, top: 30, bottom: 20 },
              xAxis: { type: 'value' },
              yAxis: { type: 'category', data: rows.map((r) => r.label) },
              series: [
                { name: t('analytics.before'), type: 'bar', data: rows.map((r) => r.before) },
                { name: t('analytics.after'), type: 'bar', data: rows.map((r) => r.after) },
              ],
            }}
          />
          <Table
            rows={rows}
            rowKey={(r) => r.label}
            columns={[
              { key: 'l', title: '', render: (r) => r.label },
              { key: 'b', title: t('analytics.before'), render: (r) => fmtNum(r.before), className: 'num' },
              { key: 'a', title: t('analytics.after'), render: (r) => fmtNum(r.after), className: 'num' },
              {
                key: 'd',
                title: 'Δ',
                render: (r) => fmtNum(r.after !== null && r.before !== null ? r.after - r.before : null),
                className: 'num',
              },
            ]}
          />
        </Card>
      )}
    </>
  );

  /** The numeric metrics of each team side by side (a metric a team lacks on one side is null). */
  function compare(
    before: TeamMetrics[],
    after: TeamMetrics[],
  ): Array<{ label: string; before: number | null; after: number | null }> {
    const flat = (teams: TeamMetrics[]): Map<string, number> => {
      const out = new Map<string, number>();
      for (const team of teams) {
        const label = team.name || teamName(team.teamId);
        for (const [k, x] of Object.entries(team))
          if (typeof x === 'number') out.set(`${label} · ${METRICS[k] ?? k}`, x);
      }
      return out;
    };
    const b = flat(before);
    const a = flat(after);
    return [...new Set([...b.keys(), ...a.keys()])].map((label) => ({
      label,
      before: b.get(label) ?? null,
      after: a.get(label) ?? null,
    }));
  }
}
