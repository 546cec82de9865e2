import { useParams } from 'react-router';
import { API_BASE } from '../api/client';
import { analytics, notDeployed } from '../common/analytics-api';
import { Card, Loadable, PageTitle } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

/** 一班子一档案, 一干部一档案: the comprehensive file, printable. */
export function DossierPage() {
  const { kind, id } = useParams();
  const { t } = useI18n();
  const dossier = useApi(
    () => (kind === 'team' ? analytics.teamDossier(id!) : analytics.cadreDossier(id!)),
    [kind, id],
  );
  return (
    <>
      <PageTitle
        actions={
          <>
            <button
              onClick={() =>
                void openHtml(`${API_BASE}/${kind === 'team' ? 'teams' : 'cadres'}/${id}/dossier?format=html`)
              }
            >
              HTML
            </button>
            <button onClick={() => window.print()}>{t('common.print')}</button>
          </>
        }
      >
        {kind === 'team' ? t('analytics.teamDossier') : t('analytics.dossier')}
      </PageTitle>
      <Card>
        {notDeployed(dossier.error) ? (
          <p className="hint">{t('analytics.notYet')}</p>
        ) : (
          <Loadable loading={dossier.loading && !dossier.data} error={dossier.error}>
            {dossier.data && <Section value={dossier.data} />}
          </Loadable>
        )}
      </Card>
    </>
  );
}

/** The printable report needs the bearer token: fetched here, shown from a blob in a new tab. */
async function openHtml(url: string) {
  const token = JSON.parse(sessionStorage.getItem('cadre.session') ?? '{}').token as string | undefined;
  const res = await fetch(url, {
    headers: { accept: 'text/html', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (!res.ok) return;
  const blob = new Blob([await res.text()], { type: 'text/html;charset=utf-8' });
  window.open(URL.createObjectURL(blob), '_blank', 'noopener');
}

/** Any JSON as nested definition lists and tables: the dossier's shape belongs to analytics. */
function Section({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (Array.isArray(value)) {
    if (value.length && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
      const keys = [...new Set(value.flatMap((v) => Object.keys(v as object)))].filter(
        (k) => !/id$/i.test(k) || k === 'id',
      );
      return (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {keys.map((k) => (
                  <th key={k}>{k}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.map((row, i) => (
                <tr key={i}>
                  {keys.map((k) => (
                    <td key={k}>
                      <Section value={(row as Record<string, unknown>)[k]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    return (
      <>
        {value.map((v, i) => (
          <Section key={i} value={v} />
        ))}
      </>
    );
  }
  if (typeof value === 'object') {
    return (
      <dl className="facts">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>
              <Section value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span>{typeof value === 'number' ? Math.round(value * 10) / 10 : String(value)}</span>;
}
