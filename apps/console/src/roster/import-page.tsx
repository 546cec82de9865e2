import { useState } from 'react';
import { API_BASE, ApiError, api } from '../api/client';
import type { ImportResult } from '@cadre/contracts';
import { useLookup } from '../common/lookup';
import { Card, ErrorBox, PageTitle, Table } from '../common/ui';
import { useI18n } from '../i18n/i18n';

/** 批量导入: a dry run first shows every bad cell; the real import writes all rows or none. */
export function ImportPage() {
  const { t } = useI18n();
  const { reload } = useLookup();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(dryRun: boolean) {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    setBusy(true);
    setError(null);
    try {
      setResult(await api<ImportResult>('POST', `/roster/imports?dryRun=${dryRun}`, form));
      if (!dryRun) reload();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, String(err));
      const body = e.body as Partial<ImportResult> | null;
      // 422 with the bad cells: nothing was written, the table shows why.
      if (e.status === 422 && body && Array.isArray(body.errors))
        setResult({
          dryRun: false,
          rows: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          teamsCreated: 0,
          errors: [],
          ...body,
        });
      else setResult(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle
        actions={
          <a href={`${API_BASE}/roster/export?headers=zh`} onClick={(ev) => downloadExport(ev)}>
            {t('roster.export')}
          </a>
        }
      >
        {t('roster.import')}
      </PageTitle>
      <Card>
        <div className="row">
          <input type="file" name="file" accept=".csv,.xlsx" onChange={(ev) => setFile(ev.target.files?.[0] ?? null)} />
          <button onClick={() => send(true)} disabled={!file || busy}>
            {t('roster.dryRun')}
          </button>
          <button
            className="primary"
            onClick={() => send(false)}
            disabled={!file || busy || !result || result.errors.length > 0}
          >
            {t('roster.doImport')}
          </button>
        </div>
        <ErrorBox error={error && error.status !== 422 ? error : null} />
      </Card>
      {result && <ImportResultTable result={result} />}
    </>
  );
}

function ImportResultTable({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  return (
    <Card title={result.dryRun ? t('roster.dryRun') : t('roster.doImport')}>
      <div className="stats" data-testid="import-summary">
        <div className="stat">
          <span className="muted small">{t('roster.row')}</span>
          <b>{result.rows}</b>
        </div>
        <div className="stat">
          <span className="muted small">{t('roster.created')}</span>
          <b>{result.created}</b>
        </div>
        <div className="stat">
          <span className="muted small">{t('roster.updated')}</span>
          <b>{result.updated}</b>
        </div>
        <div className="stat">
          <span className="muted small">{t('roster.unchanged')}</span>
          <b>{result.unchanged}</b>
        </div>
      </div>
      {result.errors.length === 0 ? (
        <p className="notice">{t('roster.noErrors')}</p>
      ) : (
        <Table
          testId="import-errors"
          rows={result.errors}
          rowKey={(r) => `${r.row}:${r.column}:${r.message}`}
          columns={[
            { key: 'row', title: t('roster.row'), render: (r) => r.row, className: 'num' },
            { key: 'col', title: t('roster.column'), render: (r) => r.column },
            { key: 'msg', title: t('roster.message'), render: (r) => r.message },
          ]}
        />
      )}
    </Card>
  );
}

/** The export needs the bearer token, so it is fetched and handed to the browser as a file. */
async function downloadExport(ev: React.MouseEvent<HTMLAnchorElement>) {
  ev.preventDefault();
  const token = JSON.parse(sessionStorage.getItem('cadre.session') ?? '{}').token as string | undefined;
  const res = await fetch(ev.currentTarget.href, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = 'roster.xlsx';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
