import { useState } from 'react';
import { Link } from 'react-router';
import { get, qs } from '../api/client';
import type { CadreView, Page } from '@cadre/contracts';
import { CADRE_TAGS } from '../common/enums';
import { useLookup } from '../common/lookup';
import { Badge, Card, Loadable, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

export function CadresPage() {
  const { t, e } = useI18n();
  const { units, fields, unitName } = useLookup();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState('');
  const [fieldId, setFieldId] = useState('');
  const [tag, setTag] = useState('');
  const [pages, setPages] = useState<string[]>(['']);
  const filter = { q: q.trim(), unitId, fieldId, tag };
  const list = useApi(async () => {
    const out: CadreView[] = [];
    let next: string | null = null;
    for (const cursor of pages) {
      const page: Page<CadreView> = await get(`/cadres${qs({ ...filter, limit: 50, cursor: cursor || undefined })}`);
      out.push(...page.items);
      next = page.nextCursor;
    }
    return { items: out, next };
  }, [filter, pages]);
  const reset = () => setPages(['']);

  return (
    <>
      <PageTitle>{t('roster.cadres')}</PageTitle>
      <Card>
        <div className="form">
          <label className="form-field">
            <span>{t('common.search')}</span>
            <input
              name="q"
              placeholder={t('roster.search')}
              value={q}
              onChange={(ev) => (setQ(ev.target.value), reset())}
            />
          </label>
          <label className="form-field">
            <span>{t('roster.unit')}</span>
            <select value={unitId} onChange={(ev) => (setUnitId(ev.target.value), reset())}>
              <option value="">{t('common.all')}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label className="form-field">
            <span>{t('roster.field')}</span>
            <select value={fieldId} onChange={(ev) => (setFieldId(ev.target.value), reset())}>
              <option value="">{t('common.all')}</option>
              {fields.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          <label className="form-field">
            <span>{t('roster.tags')}</span>
            <select value={tag} onChange={(ev) => (setTag(ev.target.value), reset())}>
              <option value="">{t('common.all')}</option>
              {CADRE_TAGS.map((x) => (
                <option key={x} value={x}>
                  {e(x)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </Card>
      <Card>
        <Loadable loading={list.loading && !list.data} error={list.error}>
          <Table
            testId="cadres"
            rows={list.data?.items ?? []}
            rowKey={(c) => c.id}
            columns={[
              { key: 'no', title: t('roster.personnelNo'), render: (c) => c.personnelNo },
              { key: 'name', title: t('roster.name'), render: (c) => <Link to={`/cadres/${c.id}`}>{c.name}</Link> },
              { key: 'gender', title: t('roster.gender'), render: (c) => e(c.gender) },
              { key: 'age', title: t('roster.age'), render: (c) => c.age ?? '—', className: 'num' },
              { key: 'unit', title: t('roster.unit'), render: (c) => unitName(c.unitId) },
              { key: 'position', title: t('roster.position'), render: (c) => c.position },
              {
                key: 'tags',
                title: t('roster.tags'),
                render: (c) => (c.tags ?? []).map((x) => <Badge key={x} value={x} />),
              },
            ]}
          />
          {list.data?.next && (
            <button onClick={() => setPages([...pages, list.data!.next!])} disabled={list.loading}>
              …
            </button>
          )}
        </Loadable>
      </Card>
    </>
  );
}
