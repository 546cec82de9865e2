import type { ReactElement } from 'react';
import { useSearchParams } from 'react-router';
import { get } from '../api/client';
import type { CycleView } from '@cadre/contracts';
import { useApi } from '../common/use-api';

/** The cycle an analytics screen shows (?cycle=…), by default the latest published periodic one. */
export function useAnalyticsCycle(): { cycleId: string | null; select: ReactElement } {
  const [params, setParams] = useSearchParams();
  const cycles = useApi(() => get<{ items: CycleView[] }>('/cycles?kind=periodic&limit=20'), []);
  const items = cycles.data?.items ?? [];
  const cycleId = params.get('cycle') ?? items.find((c) => c.status === 'published')?.id ?? items[0]?.id ?? null;
  const select = (
    <select
      value={cycleId ?? ''}
      onChange={(ev) => setParams({ cycle: ev.target.value })}
      data-testid="analytics-cycle"
    >
      {items.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
  return { cycleId, select };
}
