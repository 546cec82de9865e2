import { useState } from 'react';
import type { AwardDetailView, AwardKind, AwardView } from '@cadre/contracts';
import { ApiError, get, post } from '../api/client';
import { ErrorBox, FormField, Loadable, Table, Badge } from '../common/ui';
import { useApi } from '../common/use-api';
import { fmtNum } from '../common/format';
import { useI18n } from '../i18n/i18n';

/** A line of the table: a winner, a proposed or an eligible nominee (winners carry no score). */
interface NomineeRow {
  targetId: string;
  name: string | null;
  grassroots: boolean;
  score?: number | null;
  recommendation?: number | null;
}

const KINDS = ['good_team', 'good_cadre', 'advanced_individual'] as const satisfies readonly AwardKind[];

/** 正向激励: award campaigns (好班子 / 好干部 / 先进个人) — nominate, decide, publish (公示). */
export function AwardsCard({ cycleId }: { cycleId: string }) {
  const { t, e } = useI18n();
  const awards = useApi(() => get<{ items: AwardView[] }>('/awards'), []);
  const [kind, setKind] = useState<AwardKind>('good_cadre');
  const [quota, setQuota] = useState('10');
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const detail = useApi(() => get<AwardDetailView>(`/awards/${open}`), open ? [open] : null);

  async function run(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      awards.reload();
      detail.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }

  const d = detail.data;
  return (
    <>
      <div className="form">
        <FormField label={t('common.kind')}>
          <select value={kind} onChange={(ev) => setKind(ev.target.value as AwardKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {e(k)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label={t('analytics.quota')}>
          <input value={quota} onChange={(ev) => setQuota(ev.target.value)} inputMode="numeric" />
        </FormField>
        <button
          onClick={() =>
            run(() =>
              post<AwardDetailView>('/awards', { kind, cycleId, quota: Number(quota) }).then((a) => setOpen(a.id)),
            )
          }
        >
          {t('common.create')}
        </button>
      </div>
      <ErrorBox error={error} />
      <Loadable loading={awards.loading && !awards.data} error={awards.error}>
        <Table
          testId="awards"
          rows={awards.data?.items ?? []}
          rowKey={(a) => a.id}
          columns={[
            {
              key: 'name',
              title: t('common.name'),
              render: (a) => (
                <button className="link" onClick={() => setOpen(a.id)}>
                  {a.name || e(a.kind)}
                </button>
              ),
            },
            { key: 'quota', title: t('analytics.quota'), render: (a) => a.quota, className: 'num' },
            { key: 'status', title: t('common.status'), render: (a) => <Badge value={a.status} /> },
          ]}
        />
      </Loadable>
      {d && (
        <div className="stack" style={{ marginTop: 10 }}>
          <strong>
            {d.title} <Badge value={d.status} />
          </strong>
          <Table<NomineeRow>
            rows={d.winners.length ? d.winners : d.proposal.length ? d.proposal : d.nominees}
            rowKey={(n) => n.targetId}
            columns={[
              { key: 'name', title: t('roster.name'), render: (n) => n.name ?? n.targetId.slice(0, 8) },
              {
                key: 'score',
                title: t('review.score'),
                render: (n) =>
                  n.recommendation !== undefined && n.recommendation !== null
                    ? `${fmtNum(n.recommendation * 100)}%`
                    : fmtNum(n.score),
                className: 'num',
              },
              {
                key: 'g',
                title: '',
                render: (n) =>
                  n.grassroots ? <span className="badge badge-pass">{t('analytics.grassroots')}</span> : null,
              },
            ]}
          />
          <div className="row">
            {d.status === 'nominating' && (
              <button className="primary" onClick={() => run(() => post(`/awards/${d.id}/decide`, {}))}>
                {t('analytics.decide')}
              </button>
            )}
            {d.status === 'decided' && (
              <button className="primary" onClick={() => run(() => post(`/awards/${d.id}/publish`, {}))}>
                {t('analytics.publish')}
              </button>
            )}
          </div>
        </div>
      )}
    </>
  );
}
