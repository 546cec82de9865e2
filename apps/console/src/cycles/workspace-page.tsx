import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { all, ApiError, get, put } from '../api/client';
import type {
  AppraisalStep,
  AppraisalView,
  CycleView,
  Grade,
  ProblemSeverity,
  StepContent,
  Suggestion,
} from '@cadre/contracts';
import { GRADES, PROBLEM_SEVERITIES, STEPS, SUGGESTIONS } from '../common/enums';
import { fmtNum, fmtPct } from '../common/format';
import { Badge, Card, EnumSelect, ErrorBox, FormField, Loadable, PageTitle } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';
import { StepDots } from './step-dots';

/** 望闻问切 workspace: an assessor's cadres in a periodic cycle, each with its four steps in order. */
export function WorkspacePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const cycles = useApi(() => get<{ items: CycleView[] }>('/cycles?kind=periodic&limit=20'), []);
  const cycleId = params.get('cycle') ?? cycles.data?.items.find((c) => c.status === 'open')?.id ?? null;
  const cadreId = params.get('cadre');
  const appraisals = useApi(
    () => all<AppraisalView>(`/cycles/${cycleId}/appraisals`, 1000),
    cycleId ? [cycleId] : null,
  );
  const current = appraisals.data?.find((a) => a.cadreId === cadreId) ?? null;
  const cycle = cycles.data?.items.find((c) => c.id === cycleId);
  return (
    <>
      <PageTitle
        actions={
          <select value={cycleId ?? ''} onChange={(ev) => setParams({ cycle: ev.target.value })}>
            {(cycles.data?.items ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        }
      >
        {t('workspace.title')}
      </PageTitle>
      <div className="workspace">
        <Card title={t('workspace.pick')}>
          <Loadable loading={appraisals.loading && !appraisals.data} error={appraisals.error}>
            <ul className="list-plain" data-testid="workspace-cadres">
              {(appraisals.data ?? []).map((a) => (
                <li key={a.cadreId} className={a.cadreId === cadreId ? 'selected' : ''}>
                  <button className="link" onClick={() => setParams({ cycle: cycleId!, cadre: a.cadreId })}>
                    {a.cadreName}
                  </button>{' '}
                  <StepDots done={a.completedSteps} />
                </li>
              ))}
            </ul>
          </Loadable>
        </Card>
        {current && cycle && (
          <AppraisalCard
            key={current.cadreId}
            appraisal={current}
            editable={cycle.status === 'open'}
            onSaved={appraisals.reload}
          />
        )}
      </div>
    </>
  );
}

function AppraisalCard({
  appraisal,
  editable,
  onSaved,
}: {
  appraisal: AppraisalView;
  editable: boolean;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const a = appraisal;
  return (
    <Card
      title={
        <>
          {a.cadreName} <Badge value={a.politicalVerdict} />
        </>
      }
    >
      <StepDots done={a.completedSteps} />
      {a.nextStep === null && <p className="notice">{t('workspace.done')}</p>}
      {a.politicalVerdict !== 'pass' && <p className="hint">{t('workspace.gate')}</p>}
      {STEPS.map((step) => (
        <StepForm
          key={step}
          step={step}
          appraisal={a}
          editable={editable && (a.completedSteps.includes(step) || a.nextStep === step)}
          onSaved={onSaved}
        />
      ))}
    </Card>
  );
}

function StepForm({
  step,
  appraisal,
  editable,
  onSaved,
}: {
  step: AppraisalStep;
  appraisal: AppraisalView;
  editable: boolean;
  onSaved: () => void;
}) {
  const { t, e } = useI18n();
  const recorded = appraisal.steps[step]?.content as Record<string, unknown> | undefined;
  const [values, setValues] = useState<Record<string, string>>(() => initial(step, recorded));
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: string) => (ev: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setValues({ ...values, [k]: ev.target.value });

  async function save() {
    setError(null);
    try {
      await put(`/cycles/${appraisal.cycleId}/appraisals/${appraisal.cadreId}/steps/${step}`, body(step, values));
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }

  return (
    <details open={appraisal.nextStep === step} className="step-form">
      <summary>
        <strong>{t(`workspace.${step}` as const)}</strong> {recorded && <span className="badge badge-pass">✓</span>}
      </summary>
      <fieldset disabled={!editable} className="form">
        {step === 'look' && (
          <>
            <FormField label={t('workspace.reportTitle')} wide>
              <input value={values.title} onChange={set('title')} />
            </FormField>
            <FormField label={t('workspace.notes')} wide>
              <textarea value={values.notes} onChange={set('notes')} />
            </FormField>
          </>
        )}
        {step === 'listen' && (
          <>
            {appraisal.democratic.map((d) => (
              <p key={d.campaignId} className="small">
                {t('review.ballots')} {d.ballots} · {t('review.excellentRate')} {fmtPct(d.excellentRate)} ·{' '}
                {t('review.score')} {fmtNum(d.score)}
              </p>
            ))}
            <FormField label={t('workspace.notes')} wide>
              <textarea value={values.notes} onChange={set('notes')} />
            </FormField>
          </>
        )}
        {step === 'ask' && (
          <>
            <FormField label={t('workspace.problem')} wide>
              <input value={values.description} onChange={set('description')} />
            </FormField>
            <FormField label={t('workspace.severity')}>
              <EnumSelect
                value={values.severity}
                values={PROBLEM_SEVERITIES}
                onChange={(v) => setValues({ ...values, severity: v })}
              />
            </FormField>
            <FormField label={t('workspace.followUp')}>
              <input value={values.followUp} onChange={set('followUp')} />
            </FormField>
            <FormField label={t('workspace.notes')} wide>
              <textarea value={values.notes} onChange={set('notes')} />
            </FormField>
          </>
        )}
        {step === 'apply' && (
          <>
            <FormField label={t('workspace.score')}>
              <input value={values.score} onChange={set('score')} inputMode="decimal" />
            </FormField>
            <FormField label={t('workspace.grade')}>
              <EnumSelect value={values.grade} values={GRADES} onChange={(v) => setValues({ ...values, grade: v })} />
            </FormField>
            <FormField label={t('workspace.suggestion')}>
              <EnumSelect
                value={values.suggestion}
                values={SUGGESTIONS}
                onChange={(v) => setValues({ ...values, suggestion: v })}
              />
            </FormField>
            <FormField label={t('workspace.strengths')} wide>
              <input value={values.strengths} onChange={set('strengths')} />
            </FormField>
            <FormField label={t('workspace.weaknesses')} wide>
              <input value={values.weaknesses} onChange={set('weaknesses')} />
            </FormField>
            <FormField label={t('workspace.traits')} wide>
              <input value={values.traits} onChange={set('traits')} />
            </FormField>
          </>
        )}
        <button className="primary" onClick={save} data-testid={`step-${step}`}>
          {t('workspace.record')} · {e(step)}
        </button>
      </fieldset>
      <ErrorBox error={error} />
    </details>
  );
}

function initial(step: AppraisalStep, c: Record<string, unknown> | undefined): Record<string, string> {
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  switch (step) {
    case 'look': {
      const reports = (c?.reports as Array<{ title: string }> | undefined) ?? [];
      return { title: reports[0]?.title ?? '', notes: s(c?.notes) };
    }
    case 'listen':
      return { notes: s(c?.notes) };
    case 'ask': {
      const p = (c?.problems as Array<Record<string, string>> | undefined)?.[0];
      return {
        description: p?.description ?? '',
        severity: p?.severity ?? 'minor',
        followUp: p?.followUp ?? '',
        notes: s(c?.notes),
      };
    }
    case 'apply':
      return {
        score: s(c?.score),
        grade: s(c?.grade) || 'competent',
        suggestion: s(c?.suggestion) || 'keep',
        strengths: s(c?.strengths),
        weaknesses: s(c?.weaknesses),
        traits: ((c?.traits as string[] | undefined) ?? []).join('，'),
      };
  }
}

/** The step's content as the contract defines it, from the form's text fields. */
function body(step: AppraisalStep, v: Record<string, string>): StepContent {
  switch (step) {
    case 'look':
      return { reports: v.title.trim() ? [{ kind: 'report', title: v.title.trim() }] : [], notes: v.notes };
    case 'listen':
      return { notes: v.notes };
    case 'ask':
      return {
        problems: v.description.trim()
          ? [{ description: v.description.trim(), severity: v.severity as ProblemSeverity, followUp: v.followUp }]
          : [],
        ...(v.notes ? { notes: v.notes } : {}),
      };
    case 'apply':
      return {
        score: Number(v.score),
        grade: v.grade as Grade,
        strengths: v.strengths,
        weaknesses: v.weaknesses,
        traits: v.traits
          .split(/[,，、]/)
          .map((x) => x.trim())
          .filter(Boolean),
        suggestion: v.suggestion as Suggestion,
      };
  }
}
