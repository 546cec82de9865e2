import { get } from '../api/client';
import type { AppraisalView, CycleView } from '@cadre/contracts';
import { useSession } from '../auth/session';
import { ResponsibilitiesView } from '../checklists/responsibilities';
import { TaskListView } from '../checklists/task-list';
import { fmtNum } from '../common/format';
import { stepContent } from '../common/steps';
import { Badge, Card, Loadable, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

/** A cadre's own page: their task list (sign the commitment here), responsibilities and published results. */
export function MyPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const cadreId = session?.cadreId;
  const year = new Date().getFullYear();
  const results = useApi(
    async () => {
      const cycles = (await get<{ items: CycleView[] }>('/cycles?status=published&limit=20')).items;
      const rows = await Promise.all(
        cycles.map(async (c) => ({
          cycle: c,
          appraisal: (await get<{ items: AppraisalView[] }>(`/cycles/${c.id}/appraisals?cadreId=${cadreId}`)).items[0],
        })),
      );
      return rows.filter((r) => r.appraisal);
    },
    cadreId ? [cadreId] : null,
  );
  if (!cadreId) return <p className="hint">{t('mine.noCadre')}</p>;
  return (
    <>
      <PageTitle>{t('mine.title')}</PageTitle>
      <Card title={`${t('checklists.tasks')} · ${year}`}>
        <TaskListView cadreId={cadreId} year={year} />
      </Card>
      <Card title={t('checklists.responsibility')}>
        <ResponsibilitiesView cadreId={cadreId} year={year} />
      </Card>
      <Card title={t('mine.results')}>
        <Loadable loading={results.loading && !results.data} error={results.error}>
          <Table
            testId="my-results"
            rows={results.data ?? []}
            rowKey={(r) => r.cycle.id}
            columns={[
              { key: 'c', title: t('cycles.name'), render: (r) => r.cycle.name },
              {
                key: 'g',
                title: t('workspace.grade'),
                render: (r) => <Badge value={stepContent(r.appraisal, 'apply')?.grade} />,
              },
              {
                key: 's',
                title: t('workspace.score'),
                render: (r) => fmtNum(stepContent(r.appraisal, 'apply')?.score),
                className: 'num',
              },
              {
                key: 'st',
                title: t('workspace.strengths'),
                render: (r) => stepContent(r.appraisal, 'apply')?.strengths ?? '',
              },
              {
                key: 'w',
                title: t('workspace.weaknesses'),
                render: (r) => stepContent(r.appraisal, 'apply')?.weaknesses ?? '',
              },
            ]}
          />
        </Loadable>
      </Card>
    </>
  );
}
