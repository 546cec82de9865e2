import { useState } from 'react';
import { ApiError, get, post } from '../api/client';
import type { Role, TaskListAction, TaskListStatus, TaskView, TaskListView as TaskList } from '@cadre/contracts';
import { OFFICE, useSession } from '../auth/session';
import { fmtDate, fmtDateTime, fmtNum } from '../common/format';
import { Badge, ErrorBox, FormField, Loadable, Meter, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

/** Who may do what from which state (docs/api.md, "Task list and commitment"). */
const FLOW: Array<{ action: TaskListAction; from: TaskListStatus[]; roles: Array<Role | 'self'>; reason?: boolean }> = [
  { action: 'submit', from: ['draft', 'returned'], roles: ['self', ...OFFICE] },
  { action: 'approve', from: ['submitted'], roles: [...OFFICE, 'unit_leader'] },
  { action: 'return', from: ['submitted'], roles: [...OFFICE, 'unit_leader'], reason: true },
  { action: 'sign', from: ['approved'], roles: ['self'] },
  { action: 'amend', from: ['signed'], roles: ['self'], reason: true },
];

/** 任务清单: tasks with their progress, the approval and signing flow (承诺书), progress reports. */
export function TaskListView({ cadreId, year }: { cadreId: string; year: number }) {
  const { t, e } = useI18n();
  const { session } = useSession();
  const list = useApi(() => get<TaskList>(`/cadres/${cadreId}/task-lists/${year}`), [cadreId, year]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const self = session?.cadreId === cadreId;
  const may = (roles: Array<Role | 'self'>) => roles.some((r) => (r === 'self' ? self : session?.roles.includes(r)));

  async function run(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }

  const l = list.data;
  const actions = l ? FLOW.filter((f) => f.from.includes(l.status) && may(f.roles)) : [];
  return (
    <Loadable loading={list.loading && !l} error={list.error}>
      {l && (
        <>
          <div className="stats">
            <div className="stat">
              <span className="muted small">{t('common.status')}</span>
              <b>
                <Badge value={l.status} />
              </b>
            </div>
            <div className="stat">
              <span className="muted small">{t('checklists.completion')}</span>
              <b>{fmtNum(l.completionScore)}</b>
            </div>
            <div className="stat">
              <span className="muted small">{t('checklists.signedAt')}</span>
              <b className="small">{fmtDateTime(l.signedAt)}</b>
            </div>
          </div>
          {l.returnedReason && l.status === 'returned' && <p className="hint">{l.returnedReason}</p>}
          <Table
            testId="tasks"
            rows={l.tasks}
            rowKey={(x) => x.id}
            columns={[
              {
                key: 'title',
                title: t('checklists.task'),
                render: (x) => (
                  <>
                    <strong>{x.title}</strong>
                    <div className="muted small">{x.measures}</div>
                  </>
                ),
              },
              {
                key: 'target',
                title: t('checklists.target'),
                render: (x) => `${x.indicator.metric} ${x.indicator.target}${x.indicator.unit}`,
              },
              {
                key: 'actual',
                title: t('checklists.actual'),
                render: (x) => (
                  <>
                    <Meter value={x.actual ?? 0} max={x.indicator.target} /> {x.actual ?? '—'}
                  </>
                ),
              },
              { key: 'deadline', title: t('checklists.deadline'), render: (x) => fmtDate(x.deadline) },
              { key: 'weight', title: t('checklists.weight'), render: (x) => x.weight, className: 'num' },
              { key: 'status', title: t('common.status'), render: (x) => <Badge value={x.status} /> },
              ...((l.status === 'approved' || l.status === 'signed') &&
              (self || session?.roles.some((r) => OFFICE.includes(r)))
                ? [
                    {
                      key: 'progress',
                      title: '',
                      render: (x: TaskView) => <ProgressButton taskId={x.id} onDone={() => list.reload()} />,
                    },
                  ]
                : []),
            ]}
          />
          {actions.length > 0 && (
            <div className="row" style={{ marginTop: 10 }}>
              {actions.some((a) => a.reason) && (
                <FormField label={t('checklists.reason')}>
                  <input value={reason} onChange={(ev) => setReason(ev.target.value)} />
                </FormField>
              )}
              {actions.map((a) => (
                <button
                  key={a.action}
                  className={a.action === 'sign' || a.action === 'approve' ? 'primary' : ''}
                  data-testid={`tasklist-${a.action}`}
                  disabled={a.reason && !reason.trim()}
                  onClick={() =>
                    run(() => post(`/cadres/${cadreId}/task-lists/${year}/${a.action}`, a.reason ? { reason } : {}))
                  }
                >
                  {t(`checklists.${a.action}` as const)}
                </button>
              ))}
            </div>
          )}
          {(l.status === 'draft' || l.status === 'returned') &&
            (self || session?.roles.some((r) => OFFICE.includes(r))) && (
              <AddTask cadreId={cadreId} year={year} onDone={() => list.reload()} />
            )}
          <ErrorBox error={error} />
          {l.history.length > 0 && (
            <ul className="timeline" style={{ marginTop: 12 }}>
              {l.history.map((h) => (
                <li key={h.at + h.action} className="small">
                  {fmtDateTime(h.at)} · {t(`checklists.${h.action}` as 'checklists.submit') ?? e(h.action)}{' '}
                  {h.reason ? `· ${h.reason}` : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Loadable>
  );
}

function ProgressButton({ taskId, onDone }: { taskId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  return (
    <span className="row" style={{ flexWrap: 'nowrap' }}>
      <input
        style={{ width: 70 }}
        inputMode="decimal"
        value={value}
        onChange={(ev) => setValue(ev.target.value)}
        placeholder={t('checklists.actual')}
      />
      <button
        disabled={value === '' || Number.isNaN(Number(value))}
        onClick={() => void post(`/tasks/${taskId}/progress`, { actual: Number(value) }).then(onDone)}
      >
        ✓
      </button>
    </span>
  );
}

function AddTask({ cadreId, year, onDone }: { cadreId: string; year: number; onDone: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    title: '',
    measures: '',
    metric: '',
    target: '',
    unit: '',
    deadline: `${year}-12-31`,
    weight: '1',
  });
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof form) => (ev: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: ev.target.value });
  async function submit() {
    setError(null);
    try {
      await post(`/cadres/${cadreId}/task-lists/${year}/tasks`, {
        title: form.title,
        measures: form.measures,
        indicator: { metric: form.metric, target: Number(form.target), unit: form.unit },
        deadline: form.deadline,
        weight: Number(form.weight),
      });
      setForm({ ...form, title: '', measures: '', metric: '', target: '' });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }
  return (
    <details style={{ marginTop: 12 }}>
      <summary>{t('checklists.addTask')}</summary>
      <div className="form">
        <FormField label={t('checklists.task')} wide>
          <input value={form.title} onChange={set('title')} />
        </FormField>
        <FormField label={t('checklists.measures')} wide>
          <input value={form.measures} onChange={set('measures')} />
        </FormField>
        <FormField label={t('checklists.metric')}>
          <input value={form.metric} onChange={set('metric')} />
        </FormField>
        <FormField label={t('checklists.target')}>
          <input value={form.target} onChange={set('target')} inputMode="decimal" />
        </FormField>
        <FormField label={t('checklists.unit')}>
          <input value={form.unit} onChange={set('unit')} />
        </FormField>
        <FormField label={t('checklists.deadline')}>
          <input type="date" value={form.deadline} onChange={set('deadline')} />
        </FormField>
        <FormField label={t('checklists.weight')}>
          <input value={form.weight} onChange={set('weight')} inputMode="decimal" />
        </FormField>
        <button onClick={submit}>{t('common.create')}</button>
      </div>
      <ErrorBox error={error} />
    </details>
  );
}
