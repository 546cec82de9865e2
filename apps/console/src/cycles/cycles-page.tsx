import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, get, post, put } from '../api/client';
import type {
  CreateCycleCommand,
  CycleKind,
  CycleScheduleCommand,
  CycleScheduleView,
  CycleView,
  RandomTopic,
} from '@cadre/contracts';
import { OFFICE, useSession } from '../auth/session';
import { CYCLE_KINDS, RANDOM_TOPICS } from '../common/enums';
import { fmtDateTime, isoToLocal, localToIso } from '../common/format';
import { Badge, Card, EnumSelect, ErrorBox, FormField, Loadable, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

export function CyclesPage() {
  const { t, e } = useI18n();
  const { can } = useSession();
  const cycles = useApi(() => get<{ items: CycleView[] }>('/cycles?limit=50'), []);
  return (
    <>
      <PageTitle>{t('cycles.title')}</PageTitle>
      {can(...OFFICE) && (
        <div className="grid">
          <CreateCycle onCreated={cycles.reload} />
          <ScheduleCard />
        </div>
      )}
      <Card>
        <Loadable loading={cycles.loading && !cycles.data} error={cycles.error}>
          <Table
            testId="cycles"
            rows={cycles.data?.items ?? []}
            rowKey={(c) => c.id}
            columns={[
              { key: 'name', title: t('cycles.name'), render: (c) => <Link to={`/cycles/${c.id}`}>{c.name}</Link> },
              {
                key: 'kind',
                title: t('cycles.kind'),
                render: (c) => `${e(c.kind)}${c.topic ? ` · ${e(c.topic)}` : ''}`,
              },
              { key: 'status', title: t('common.status'), render: (c) => <Badge value={c.status} /> },
              { key: 'opens', title: t('cycles.opensAt'), render: (c) => fmtDateTime(c.opensAt) },
              { key: 'closes', title: t('cycles.closesAt'), render: (c) => fmtDateTime(c.closesAt) },
            ]}
          />
        </Loadable>
      </Card>
    </>
  );
}

function CreateCycle({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const now = new Date();
  const [kind, setKind] = useState<CycleKind>('periodic');
  const [name, setName] = useState('');
  const [year, setYear] = useState(String(now.getFullYear()));
  const [half, setHalf] = useState(now.getMonth() < 6 ? '1' : '2');
  const [topic, setTopic] = useState<RandomTopic>('epidemic');
  const [opensAt, setOpensAt] = useState(isoToLocal(new Date(now.getTime() + 24 * 3600_000)));
  const [closesAt, setClosesAt] = useState(isoToLocal(new Date(now.getTime() + 31 * 24 * 3600_000)));
  const [reminders, setReminders] = useState('72, 24');
  const [error, setError] = useState<ApiError | null>(null);

  async function submit() {
    setError(null);
    try {
      const body: CreateCycleCommand = {
        kind,
        name,
        year: Number(year),
        ...(kind === 'periodic' ? { half: Number(half) as 1 | 2 } : { topic }),
        opensAt: localToIso(opensAt),
        closesAt: localToIso(closesAt),
        reminderOffsetsHours: reminders
          .split(/[,，\s]+/)
          .filter(Boolean)
          .map(Number),
      };
      const created = await post<CycleView>('/cycles', body);
      onCreated();
      void navigate(`/cycles/${created.id}`);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }

  return (
    <Card title={t('cycles.create')}>
      <div className="form" data-testid="create-cycle">
        <FormField label={t('cycles.kind')}>
          <EnumSelect name="kind" value={kind} values={CYCLE_KINDS} onChange={(v) => setKind(v as CycleKind)} />
        </FormField>
        <FormField label={t('cycles.name')} wide>
          <input
            name="name"
            value={name}
            onChange={(ev) => setName(ev.target.value)}
            placeholder="2026年下半年定期考核"
          />
        </FormField>
        <FormField label={t('common.year')}>
          <input name="year" value={year} onChange={(ev) => setYear(ev.target.value)} inputMode="numeric" />
        </FormField>
        {kind === 'periodic' ? (
          <FormField label={t('cycles.half')}>
            <select name="half" value={half} onChange={(ev) => setHalf(ev.target.value)}>
              <option value="1">上半年 H1</option>
              <option value="2">下半年 H2</option>
            </select>
          </FormField>
        ) : (
          <FormField label={t('cycles.topic')}>
            <EnumSelect
              name="topic"
              value={topic}
              values={RANDOM_TOPICS}
              onChange={(v) => setTopic(v as RandomTopic)}
            />
          </FormField>
        )}
        <FormField label={t('cycles.opensAt')}>
          <input name="opensAt" type="datetime-local" value={opensAt} onChange={(ev) => setOpensAt(ev.target.value)} />
        </FormField>
        <FormField label={t('cycles.closesAt')}>
          <input
            name="closesAt"
            type="datetime-local"
            value={closesAt}
            onChange={(ev) => setClosesAt(ev.target.value)}
          />
        </FormField>
        <FormField label={t('cycles.reminders')}>
          <input name="reminders" value={reminders} onChange={(ev) => setReminders(ev.target.value)} />
        </FormField>
        <button className="primary" onClick={submit} data-testid="create-cycle-submit">
          {t('common.create')}
        </button>
      </div>
      <ErrorBox error={error} />
    </Card>
  );
}

/** The schedule as the form edits it: what the department sets, and the next cycle it shows. */
type ScheduleDraft = Pick<CycleScheduleView, 'enabled' | 'windows' | 'reminderOffsetsHours' | 'next'>;

function ScheduleCard() {
  const { t } = useI18n();
  const schedule = useApi(() => get<CycleScheduleView>('/cycle-schedule'), []);
  const [draft, setDraft] = useState<ScheduleDraft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const s: ScheduleDraft = draft ?? schedule.data ?? { enabled: false, windows: [], next: null };
  const windows = [1, 2].map(
    (h) =>
      s.windows.find((w) => w.half === h) ?? {
        half: h as 1 | 2,
        opens: h === 1 ? '06-15' : '12-15',
        closes: h === 1 ? '07-10' : '01-10',
      },
  );
  const setWindow = (half: number, key: 'opens' | 'closes', value: string) =>
    setDraft({ ...s, windows: windows.map((w) => (w.half === half ? { ...w, [key]: value } : w)) });

  async function save() {
    setError(null);
    setSaved(false);
    try {
      // The gateway adds the tenant's time zone.
      const command: Omit<CycleScheduleCommand, 'timezone'> = {
        enabled: s.enabled,
        windows,
        reminderOffsetsHours: s.reminderOffsetsHours ?? [72, 24],
      };
      const next = await put<CycleScheduleView>('/cycle-schedule', command);
      setDraft(null);
      schedule.reload();
      setSaved(!!next);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  }

  return (
    <Card title={t('cycles.schedule')}>
      <Loadable
        loading={schedule.loading && !schedule.data}
        error={schedule.error && schedule.error.status !== 404 ? schedule.error : null}
      >
        <div className="form">
          <label className="row">
            <input
              type="checkbox"
              checked={s.enabled}
              onChange={(ev) => setDraft({ ...s, windows, enabled: ev.target.checked })}
            />{' '}
            {t('cycles.enabled')}
          </label>
          {windows.map((w) => (
            <div key={w.half} className="row">
              <span className="muted">{w.half === 1 ? '上半年 H1' : '下半年 H2'}</span>
              <input
                aria-label="opens"
                value={w.opens}
                onChange={(ev) => setWindow(w.half, 'opens', ev.target.value)}
                style={{ width: 80 }}
              />
              <span>→</span>
              <input
                aria-label="closes"
                value={w.closes}
                onChange={(ev) => setWindow(w.half, 'closes', ev.target.value)}
                style={{ width: 80 }}
              />
            </div>
          ))}
          <button onClick={save}>{t('common.save')}</button>
        </div>
        {s.next && (
          <p className="muted small">
            {t('cycles.next')}: {s.next.year} H{s.next.half} · {fmtDateTime(s.next.opensAt)} →{' '}
            {fmtDateTime(s.next.closesAt)}
          </p>
        )}
        {saved && <p className="notice">{t('common.saved')}</p>}
        <ErrorBox error={error} />
      </Loadable>
    </Card>
  );
}
