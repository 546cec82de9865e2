import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { all, ApiError, get, post } from '../api/client';
import type {
  AppraisalView,
  CadreView,
  CycleAction,
  CycleStatus,
  CycleView,
  WartimePerformance,
  WartimeRecordCommand,
} from '@cadre/contracts';
import { OFFICE, useSession } from '../auth/session';
import { CadrePicker } from '../common/cadre-picker';
import { WARTIME_PERFORMANCES } from '../common/enums';
import { fmtDateTime, fmtNum } from '../common/format';
import { Badge, Card, EnumSelect, ErrorBox, FormField, Loadable, Meter, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';
import { stepContent } from '../common/steps';
import { StepDots } from './step-dots';

const NEXT: Record<CycleStatus, CycleAction | null> = {
  scheduled: 'open',
  open: 'close',
  closed: 'publish',
  published: null,
};

export function CyclePage() {
  const { id } = useParams();
  const { t, e } = useI18n();
  const { can } = useSession();
  const cycle = useApi(() => get<CycleView>(`/cycles/${id}`), [id]);
  const appraisals = useApi(
    () => all<AppraisalView>(`/cycles/${id}/appraisals`, 1000),
    cycle.data?.kind === 'periodic' ? [id, cycle.data.status] : null,
  );
  const [error, setError] = useState<ApiError | null>(null);
  const c = cycle.data;
  const next = c ? NEXT[c.status] : null;

  async function transition(action: CycleAction, overrideReason?: string) {
    setError(null);
    try {
      await post(`/cycles/${id}/${action}`, overrideReason ? { overrideReason } : undefined);
      cycle.reload();
    } catch (err) {
      // Over the 优秀 guideline: the department may still publish, with the reason its trail keeps.
      const overGuideline =
        action === 'publish' &&
        !overrideReason &&
        err instanceof ApiError &&
        err.status === 422 &&
        err.errors.some((e) => e.field === 'overrideReason');
      const reason = overGuideline ? window.prompt(`${err.message}\n\n${t('cycles.overrideReason')}`)?.trim() : '';
      if (reason) return transition(action, reason);
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }

  return (
    <Loadable loading={cycle.loading && !c} error={cycle.error}>
      {c && (
        <>
          <PageTitle
            actions={
              <>
                <Badge value={c.status} />
                {can(...OFFICE) && next && (
                  <button className="primary" data-testid={`cycle-${next}`} onClick={() => transition(next)}>
                    {t(`cycles.${next}` as const)}
                  </button>
                )}
                {c.kind === 'periodic' && <Link to={`/workspace?cycle=${c.id}`}>{t('cycles.workspace')}</Link>}
                {can(...OFFICE) && <Link to={`/review?cycle=${c.id}`}>{t('cycles.campaigns')}</Link>}
              </>
            }
          >
            <span data-testid="cycle-name">{c.name}</span>
          </PageTitle>
          <ErrorBox error={error} />
          <Card>
            <dl className="facts">
              <dt>{t('cycles.kind')}</dt>
              <dd>
                {e(c.kind)}
                {c.topic ? ` · ${e(c.topic)}` : ''}
                {c.half ? ` · H${c.half}` : ''}
              </dd>
              <dt>{t('cycles.opensAt')}</dt>
              <dd>{fmtDateTime(c.opensAt)}</dd>
              <dt>{t('cycles.closesAt')}</dt>
              <dd>{fmtDateTime(c.closesAt)}</dd>
              <dt>{t('cycles.reminders')}</dt>
              <dd>{c.reminderOffsetsHours.join(', ') || '—'}</dd>
              {c.progress && (
                <>
                  <dt>{t('cycles.progress')}</dt>
                  <dd>
                    <Meter value={c.progress.cadres ? (100 * c.progress.completed) / c.progress.cadres : 0} />{' '}
                    {c.progress.completed}/{c.progress.cadres}
                  </dd>
                </>
              )}
            </dl>
          </Card>
          {c.kind === 'random' && <WartimeEntry cycle={c} />}
          {c.kind === 'periodic' && (
            <Card title={t('workspace.title')}>
              <Loadable loading={appraisals.loading && !appraisals.data} error={appraisals.error}>
                <Table
                  testId="appraisals"
                  rows={appraisals.data ?? []}
                  rowKey={(a) => a.cadreId}
                  columns={[
                    {
                      key: 'name',
                      title: t('roster.name'),
                      render: (a) => <Link to={`/workspace?cycle=${c.id}&cadre=${a.cadreId}`}>{a.cadreName}</Link>,
                    },
                    { key: 'steps', title: t('cycles.progress'), render: (a) => <StepDots done={a.completedSteps} /> },
                    {
                      key: 'verdict',
                      title: t('checklists.verdict'),
                      render: (a) => <Badge value={a.politicalVerdict} />,
                    },
                    {
                      key: 'score',
                      title: t('workspace.score'),
                      render: (a) => fmtNum(stepContent(a, 'apply')?.score),
                      className: 'num',
                    },
                    {
                      key: 'grade',
                      title: t('workspace.grade'),
                      render: (a) => (stepContent(a, 'apply') ? <Badge value={stepContent(a, 'apply')!.grade} /> : '—'),
                    },
                    {
                      key: 'dem',
                      title: t('review.score'),
                      render: (a) => fmtNum(a.democratic[0]?.score),
                      className: 'num',
                    },
                  ]}
                />
              </Loadable>
            </Card>
          )}
        </>
      )}
    </Loadable>
  );
}

/** 战时档案 entry during a random appraisal (疫情防控、抢险救灾 …). */
function WartimeEntry({ cycle }: { cycle: CycleView }) {
  const { t } = useI18n();
  const [cadre, setCadre] = useState<CadreView | null>(null);
  const [form, setForm] = useState({
    date: new Date().toISOString().slice(0, 10),
    role: '',
    volunteered: true,
    dutyHours: '8',
    performance: 'good' as WartimePerformance,
    note: '',
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(0);
  async function submit() {
    if (!cadre) return;
    setError(null);
    try {
      const record: Omit<WartimeRecordCommand, 'cycleId'> = {
        cadreId: cadre.id,
        date: form.date,
        role: form.role,
        volunteered: form.volunteered,
        dutyHours: Number(form.dutyHours),
        performance: form.performance,
        ...(form.note ? { note: form.note } : {}),
      };
      await post(`/cycles/${cycle.id}/wartime-records`, record);
      setDone(done + 1);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }
  return (
    <Card title={t('wartime.title')}>
      <CadrePicker onPick={setCadre} selected={cadre?.id} />
      {cadre && (
        <p>
          <Link to={`/cadres/${cadre.id}`}>{cadre.name}</Link> <span className="muted small">{cadre.position}</span>
        </p>
      )}
      <div className="form">
        <FormField label={t('wartime.date')}>
          <input type="date" value={form.date} onChange={(ev) => setForm({ ...form, date: ev.target.value })} />
        </FormField>
        <FormField label={t('wartime.role')}>
          <input
            value={form.role}
            onChange={(ev) => setForm({ ...form, role: ev.target.value })}
            placeholder="社区卡点值守"
          />
        </FormField>
        <FormField label={t('wartime.dutyHours')}>
          <input
            value={form.dutyHours}
            onChange={(ev) => setForm({ ...form, dutyHours: ev.target.value })}
            inputMode="decimal"
          />
        </FormField>
        <FormField label={t('wartime.performance')}>
          <EnumSelect
            value={form.performance}
            values={WARTIME_PERFORMANCES}
            onChange={(v) => setForm({ ...form, performance: v as WartimePerformance })}
          />
        </FormField>
        <label className="row">
          <input
            type="checkbox"
            checked={form.volunteered}
            onChange={(ev) => setForm({ ...form, volunteered: ev.target.checked })}
          />{' '}
          {t('wartime.volunteered')}
        </label>
        <FormField label={t('wartime.note')} wide>
          <input value={form.note} onChange={(ev) => setForm({ ...form, note: ev.target.value })} />
        </FormField>
        <button className="primary" disabled={!cadre || cycle.status !== 'open'} onClick={submit}>
          {t('wartime.add')}
        </button>
      </div>
      {done > 0 && (
        <p className="notice">
          {t('common.saved')} ({done})
        </p>
      )}
      <ErrorBox error={error} />
    </Card>
  );
}
