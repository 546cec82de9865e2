// Small building blocks shared by the screens.
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{children}</h1>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}

export function Card({
  title,
  children,
  actions,
  className,
}: {
  title?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && (
        <header>
          {title && <h2>{title}</h2>}
          {actions && <div className="actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

/** Loading, error (with the fields the API named) or the content. */
export function Loadable({
  loading,
  error,
  children,
}: {
  loading?: boolean;
  error?: ApiError | null;
  children: ReactNode;
}) {
  const { t } = useI18n();
  if (error) return <ErrorBox error={error} />;
  if (loading) return <p className="muted">{t('common.loading')}</p>;
  return <>{children}</>;
}

export function ErrorBox({ error }: { error: ApiError | null | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  const text = error.status === 404 && /Cannot GET|not found|没有/i.test(error.message) ? error.message : error.message;
  return (
    <div className="error" role="alert">
      {error.status === 403
        ? t('common.forbidden')
        : error.status === 503 || error.status === 504
          ? t('common.unavailable')
          : text}
      {error.errors.length > 0 && (
        <ul>
          {error.errors.map((e) => (
            <li key={e.field + e.message}>
              <code>{e.field}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Badge({ value, tone }: { value: string | null | undefined; tone?: string }) {
  const { e } = useI18n();
  return <span className={`badge badge-${tone ?? value ?? 'none'}`}>{e(value)}</span>;
}

export function Empty() {
  const { t } = useI18n();
  return <p className="muted">{t('common.empty')}</p>;
}

export interface Column<T> {
  key: string;
  title: ReactNode;
  render: (row: T) => ReactNode;
  className?: string;
}

export function Table<T>({
  rows,
  columns,
  rowKey,
  testId,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  testId?: string;
}) {
  if (rows.length === 0) return <Empty />;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.className}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={c.className}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FormField({ label, children, wide }: { label: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <label className={`form-field ${wide ? 'wide' : ''}`}>
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A select over API enum values, labelled in the current language. */
export function EnumSelect({
  value,
  values,
  onChange,
  name,
  allowEmpty,
}: {
  value: string;
  values: readonly string[];
  onChange: (v: string) => void;
  name?: string;
  allowEmpty?: boolean;
}) {
  const { e, t } = useI18n();
  return (
    <select name={name} value={value} onChange={(ev) => onChange(ev.target.value)}>
      {allowEmpty && <option value="">{t('common.all')}</option>}
      {values.map((v) => (
        <option key={v} value={v}>
          {e(v)}
        </option>
      ))}
    </select>
  );
}

export function Meter({ value, max = 100 }: { value: number | null | undefined; max?: number }) {
  const pct = value === null || value === undefined ? 0 : Math.max(0, Math.min(100, (value / max) * 100));
  return (
    <span className="meter" title={value === null || value === undefined ? '—' : String(Math.round(value * 10) / 10)}>
      <span style={{ width: `${pct}%` }} />
    </span>
  );
}
