import { useState } from 'react';
import { Link } from 'react-router';
import { get } from '../api/client';
import type { TeamDetailView, TeamView } from '@cadre/contracts';
import { UNIT_KINDS } from '../common/enums';
import { useLookup } from '../common/lookup';
import { Badge, Card, Empty, Loadable, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';

/** 单位与领导班子: the units by kind, and the selected unit's teams with their members. */
export function UnitsPage() {
  const { t, e } = useI18n();
  const { units, teams, fieldName } = useLookup();
  const [kind, setKind] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const shown = units.filter((u) => !kind || u.kind === kind);
  const unitTeams = teams.filter((x) => x.unitId === unitId);
  return (
    <>
      <PageTitle
        actions={
          <select value={kind} onChange={(ev) => setKind(ev.target.value)}>
            <option value="">{t('common.all')}</option>
            {UNIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {e(k)}
              </option>
            ))}
          </select>
        }
      >
        {t('nav.units')} <span className="muted small">{shown.length}</span>
      </PageTitle>
      <div className="grid">
        <Card title={t('roster.units')}>
          <Table
            testId="units"
            rows={shown}
            rowKey={(u) => u.id}
            columns={[
              { key: 'code', title: t('common.code'), render: (u) => u.code },
              {
                key: 'name',
                title: t('common.name'),
                render: (u) => (
                  <button className="link" onClick={() => setUnitId(u.id)}>
                    {u.name}
                  </button>
                ),
              },
              { key: 'kind', title: t('common.kind'), render: (u) => <Badge value={u.kind} /> },
              { key: 'field', title: t('roster.field'), render: (u) => fieldName(u.fieldId) },
            ]}
          />
        </Card>
        <Card title={t('roster.teams')}>
          {!unitId && <Empty />}
          {unitTeams.map((team) => (
            <TeamCard key={team.id} team={team} />
          ))}
        </Card>
      </div>
    </>
  );
}

function TeamCard({ team }: { team: TeamView }) {
  const { t, e } = useI18n();
  const detail = useApi(() => get<TeamDetailView>(`/teams/${team.id}`), [team.id]);
  return (
    <div className="stack">
      <h3>
        {team.name} <span className="muted small">{team.memberCount}</span>{' '}
        <Link to={`/dossier/team/${team.id}`}>{t('analytics.teamDossier')}</Link>
      </h3>
      <Loadable loading={detail.loading && !detail.data} error={detail.error}>
        <Table
          rows={detail.data?.members ?? []}
          rowKey={(m) => m.cadreId}
          columns={[
            { key: 'name', title: t('roster.name'), render: (m) => <Link to={`/cadres/${m.cadreId}`}>{m.name}</Link> },
            { key: 'role', title: '', render: (m) => e(m.teamRole) },
            { key: 'position', title: t('roster.position'), render: (m) => m.position },
            { key: 'age', title: t('roster.age'), render: (m) => m.age, className: 'num' },
          ]}
        />
      </Loadable>
    </div>
  );
}
