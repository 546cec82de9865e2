import { useState } from 'react';
import { get, qs } from '../api/client';
import type { CadreView, Page } from '@cadre/contracts';
import { useI18n } from '../i18n/i18n';
import { useLookup } from './lookup';
import { useApi } from './use-api';

/** Finds a cadre by name or personnel number (the roster's search) and hands it over. */
export function CadrePicker({ onPick, selected }: { onPick: (cadre: CadreView) => void; selected?: string | null }) {
  const { t } = useI18n();
  const { unitName } = useLookup();
  const [q, setQ] = useState('');
  const found = useApi(
    () => get<Page<CadreView>>(`/cadres${qs({ q: q.trim(), limit: 8 })}`),
    q.trim() ? [q.trim()] : null,
  );
  return (
    <div className="picker">
      <input
        name="cadre-search"
        placeholder={`${t('checklists.pickCadre')}：${t('roster.search')}`}
        value={q}
        onChange={(ev) => setQ(ev.target.value)}
      />
      {q.trim() && (
        <ul className="list-plain picker-results">
          {(found.data?.items ?? []).map((c) => (
            <li key={c.id}>
              <button className={`link ${selected === c.id ? 'on' : ''}`} onClick={() => (onPick(c), setQ(''))}>
                {c.name}
              </button>{' '}
              <span className="muted small">
                {unitName(c.unitId)} · {c.position}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
