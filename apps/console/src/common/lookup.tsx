// Names of units, fields and teams, loaded once per session and shared by every screen.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { all } from '../api/client';
import type { FieldView, TeamView, UnitView } from '@cadre/contracts';
import { useSession } from '../auth/session';

interface Lookup {
  units: UnitView[];
  fields: FieldView[];
  teams: TeamView[];
  unitName: (id: string | null | undefined) => string;
  fieldName: (id: string | null | undefined) => string;
  teamName: (id: string | null | undefined) => string;
  reload: () => void;
}

const Context = createContext<Lookup | null>(null);

export function LookupProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const [units, setUnits] = useState<UnitView[]>([]);
  const [fields, setFields] = useState<FieldView[]>([]);
  const [teams, setTeams] = useState<TeamView[]>([]);
  const [tick, setTick] = useState(0);
  const readsRoster = !!session && session.roles.some((r) => r !== 'cadre');

  useEffect(() => {
    if (!session) return;
    void all<UnitView>('/units')
      .then(setUnits)
      .catch(() => setUnits([]));
    void all<FieldView>('/fields')
      .then(setFields)
      .catch(() => setFields([]));
    if (readsRoster)
      void all<TeamView>('/teams')
        .then(setTeams)
        .catch(() => setTeams([]));
  }, [session, readsRoster, tick]);

  const value = useMemo<Lookup>(() => {
    const u = new Map(units.map((x) => [x.id, x.name]));
    const f = new Map(fields.map((x) => [x.id, x.name]));
    const t = new Map(teams.map((x) => [x.id, x.name]));
    return {
      units,
      fields,
      teams,
      unitName: (id) => (id ? (u.get(id) ?? '—') : '—'),
      fieldName: (id) => (id ? (f.get(id) ?? '—') : '—'),
      teamName: (id) => (id ? (t.get(id) ?? '—') : '—'),
      reload: () => setTick((n) => n + 1),
    };
  }, [units, fields, teams]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useLookup(): Lookup {
  const value = useContext(Context);
  if (!value) throw new Error('useLookup outside LookupProvider');
  return value;
}
