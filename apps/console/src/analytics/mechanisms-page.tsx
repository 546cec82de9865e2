import { Link } from 'react-router';
import type { SelectionCandidateView, SelectionView, UnderperformersView, UnderperformerView } from '@cadre/contracts';
import { analytics, notDeployed } from '../common/analytics-api';
import { fmtNum } from '../common/format';
import { AwardsCard } from './awards-card';
import { post } from '../api/client';
import { Badge, Card, Loadable, PageTitle, Table } from '../common/ui';
import { useApi, type Loaded } from '../common/use-api';
import { useI18n } from '../i18n/i18n';
import { useAnalyticsCycle } from './cycle-select';

/** A line of either list: a selection candidate (tags) or a cadre who needs a talk (reasons). */
interface Row {
  cadreId: string;
  name: string;
  composite: number;
  tags: string[];
  reasons: string[];
  talked?: boolean;
}

function toRow(x: SelectionCandidateView | UnderperformerView): Row {
  return 'reasons' in x
    ? { cadreId: x.cadreId, name: x.name, composite: x.composite, tags: [], reasons: x.reasons, talked: x.talked }
    : { cadreId: x.cadreId, name: x.name, composite: x.composite, tags: x.tags, reasons: [] };
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
          <Rows loaded={under} testId="underperformers" cycleId={cycleId} />
        </Card>
        {cycleId && (
          <Card title={t('analytics.awards')}>
            <AwardsCard cycleId={cycleId} />
          </Card>
        )}
      </div>
    </>
  );
}

function Rows({
  loaded,
  testId,
  cycleId,
}: {
  loaded: Loaded<SelectionView | UnderperformersView>;
  testId: string;
  cycleId?: string | null;
}) {
  const { t } = useI18n();
  if (notDeployed(loaded.error)) return <p className="hint">{t('analytics.notYet')}</p>;
  return (
    <Loadable loading={loaded.loading && !loaded.data} error={loaded.error}>
      <Table
        testId={testId}
        rows={(loaded.data?.items ?? []).map(toRow)}
        rowKey={(r) => r.cadreId}
        columns={[
          { key: 'name', title: t('roster.name'), render: (r) => <Link to={`/cadres/${r.cadreId}`}>{r.name}</Link> },
          { key: 'c', title: t('analytics.composite'), render: (r) => fmtNum(r.composite), className: 'num' },
          {
            key: 'why',
            title: '',
            render: (r) =>
              [...r.tags, ...r.reasons].map((x) => (
                <Badge key={x} value={x} tone={r.reasons.includes(x) ? 'warn' : 'pass'} />
              )),
          },
          ...(cycleId
            ? [
                {
                  key: 'talk',
                  title: '',
                  render: (r: Row) =>
                    r.talked ? (
                      <span className="muted small">{t('analytics.talked')}</span>
                    ) : (
                      <button
                        onClick={() =>
                          void post('/talks', {
                            heldOn: new Date().toISOString().slice(0, 10),
                            kind: 'individual',
                            topic: '考核结果反馈与提醒',
                            cadreIds: [r.cadreId],
                            cycleId,
                          }).then(loaded.reload)
                        }
                      >
                        {t('analytics.talk')}
                      </button>
                    ),
                },
              ]
            : []),
          {
            key: 'dossier',
            title: '',
            render: (r) => <Link to={`/dossier/cadre/${r.cadreId}`}>{t('analytics.dossierShort')}</Link>,
          },
        ]}
      />
    </Loadable>
  );
}
