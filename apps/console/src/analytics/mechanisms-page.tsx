import { Link } from 'react-router';
import { analytics, itemsOf, notDeployed } from '../common/analytics-api';
import { fmtNum } from '../common/format';
import { useLookup } from '../common/lookup';
import { Card, Loadable, PageTitle, Table } from '../common/ui';
import { useApi, type Loaded } from '../common/use-api';
import { useI18n } from '../i18n/i18n';
import { useAnalyticsCycle } from './cycle-select';

interface Row {
  cadreId: string;
  name?: string;
  composite?: number | null;
  rank?: number | null;
  reason?: string;
  reasons?: string[];
  direction?: string;
}

/** 三项机制: 考用结合 (selection candidates), 考管联动 (talks with under-performers), 正向激励 (the best by composite). */
export function MechanismsPage() {
  const { t } = useI18n();
  const { cycleId, select } = useAnalyticsCycle();
  const selection = useApi(() => analytics.selection(cycleId!), cycleId ? [cycleId] : null);
  const under = useApi(() => analytics.underperformers(cycleId!), cycleId ? [cycleId] : null);
  return (
    <>
      <PageTitle actions={select}>{t('nav.mechanisms')}</PageTitle>
      <div className="grid">
        <Card title={t('analytics.selection')}>
          <Rows loaded={selection} testId="selection" />
        </Card>
        <Card title={t('analytics.underperformers')}>
          <Rows loaded={under} testId="underperformers" />
        </Card>
        {cycleId && (
          <Card title={t('analytics.awards')}>
            <Awards cycleId={cycleId} />
          </Card>
        )}
      </div>
    </>
  );
}

/** 正向激励: the first of each field (horizontal ranking) as candidates for 担当作为好干部, for a democratic recommendation. */
function Awards({ cycleId }: { cycleId: string }) {
  const { t } = useI18n();
  const { fields } = useLookup();
  const best = useApi(
    async () => {
      const lists = await Promise.all(fields.map(async (f) => ({ field: f, items: (await analytics.rankings(cycleId, 'horizontal', f.id)).items })));
      return lists.flatMap(({ field, items }) => items.filter((r) => r.rank !== null && r.rank <= 2 && !r.excluded).map((r) => ({ ...r, fieldName: field.name })));
    },
    fields.length ? [cycleId, fields.map((f) => f.id)] : null,
  );
  if (notDeployed(best.error)) return <p className="hint">{t('analytics.notYet')}</p>;
  return (
    <Loadable loading={best.loading && !best.data} error={best.error}>
      <Table
        testId="awards"
        rows={best.data ?? []}
        rowKey={(r) => r.cadreId}
        columns={[
          { key: 'field', title: t('roster.field'), render: (r) => r.fieldName },
          { key: 'rank', title: t('analytics.rank'), render: (r) => r.rank, className: 'num' },
          { key: 'name', title: t('roster.name'), render: (r) => <Link to={`/cadres/${r.cadreId}`}>{r.name ?? r.cadreId.slice(0, 8)}</Link> },
          { key: 'c', title: t('analytics.composite'), render: (r) => fmtNum(r.composite), className: 'num' },
        ]}
      />
    </Loadable>
  );
}

function Rows({ loaded, testId }: { loaded: Loaded<unknown>; testId: string }) {
  const { t, e } = useI18n();
  if (notDeployed(loaded.error)) return <p className="hint">{t('analytics.notYet')}</p>;
  return (
    <Loadable loading={loaded.loading && !loaded.data} error={loaded.error}>
      <Table
        testId={testId}
        rows={itemsOf<Row>(loaded.data)}
        rowKey={(r) => r.cadreId}
        columns={[
          { key: 'name', title: t('roster.name'), render: (r) => <Link to={`/cadres/${r.cadreId}`}>{r.name ?? r.cadreId.slice(0, 8)}</Link> },
          { key: 'c', title: t('analytics.composite'), render: (r) => fmtNum(r.composite), className: 'num' },
          { key: 'why', title: '', render: (r) => <span className="small">{[r.reason, ...(r.reasons ?? []), r.direction].filter(Boolean).map((x) => e(x)).join('、')}</span> },
          { key: 'dossier', title: '', render: (r) => <Link to={`/dossier/cadre/${r.cadreId}`}>{t('analytics.dossier')}</Link> },
        ]}
      />
    </Loadable>
  );
}
