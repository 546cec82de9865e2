import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { get } from '../api/client';
import type { CadreView } from '@cadre/contracts';
import { OFFICE, useSession } from '../auth/session';
import { CadrePicker } from '../common/cadre-picker';
import { Card, PageTitle } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';
import { PoliticalFileView } from './political-file';
import { ResponsibilitiesView } from './responsibilities';
import { TaskListView } from './task-list';

type Tab = 'political' | 'tasks' | 'responsibility';

/** 三张清单 of one cadre: political file, task list and responsibility list. */
export function ChecklistsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const cadreId = params.get('cadre');
  const year = Number(params.get('year') ?? new Date().getFullYear());
  const readsPolitical = can(...OFFICE, 'assessor');
  const [tab, setTab] = useState<Tab>(readsPolitical ? 'political' : 'tasks');
  const cadre = useApi(() => get<CadreView>(`/cadres/${cadreId}`), cadreId ? [cadreId] : null);
  const pick = (c: CadreView) => setParams({ cadre: c.id, year: String(year) });
  const tabs: Tab[] = readsPolitical ? ['political', 'tasks', 'responsibility'] : ['tasks', 'responsibility'];
  return (
    <>
      <PageTitle
        actions={
          <select
            value={year}
            onChange={(ev) => setParams({ ...(cadreId ? { cadre: cadreId } : {}), year: ev.target.value })}
          >
            {[0, 1, 2, 3]
              .map((d) => new Date().getFullYear() - d)
              .map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
          </select>
        }
      >
        {t('nav.checklists')} {cadre.data && <span className="muted">· {cadre.data.name}</span>}
      </PageTitle>
      <Card>
        <CadrePicker onPick={pick} selected={cadreId} />
      </Card>
      {cadreId && (
        <Card>
          <div className="tabs">
            {tabs.map((x) => (
              <button key={x} className={tab === x ? 'on' : ''} onClick={() => setTab(x)}>
                {t(
                  x === 'political'
                    ? 'checklists.political'
                    : x === 'tasks'
                      ? 'checklists.tasks'
                      : 'checklists.responsibility',
                )}
              </button>
            ))}
          </div>
          {tab === 'political' && <PoliticalFileView cadreId={cadreId} />}
          {tab === 'tasks' && <TaskListView cadreId={cadreId} year={year} />}
          {tab === 'responsibility' && <ResponsibilitiesView cadreId={cadreId} year={year} />}
        </Card>
      )}
    </>
  );
}
