import type { Role } from '@cadre/contracts';
import type { MessageKey } from '../i18n/dictionary';

export interface NavItem {
  to: string;
  label: MessageKey;
  roles: Role[];
}

const OFFICE: Role[] = ['admin', 'org_officer'];

/** What each role sees: a cadre only their own lists and published results; an assessor their workspace. */
export const NAV: NavItem[] = [
  { to: '/', label: 'nav.dashboard', roles: [...OFFICE, 'assessor', 'unit_leader'] },
  { to: '/me', label: 'nav.mine', roles: ['cadre'] },
  { to: '/cadres', label: 'nav.cadres', roles: [...OFFICE, 'assessor', 'unit_leader'] },
  { to: '/units', label: 'nav.units', roles: [...OFFICE, 'assessor', 'unit_leader'] },
  { to: '/import', label: 'nav.import', roles: OFFICE },
  { to: '/checklists', label: 'nav.checklists', roles: [...OFFICE, 'assessor', 'unit_leader'] },
  { to: '/cycles', label: 'nav.cycles', roles: [...OFFICE, 'assessor'] },
  { to: '/workspace', label: 'nav.workspace', roles: [...OFFICE, 'assessor'] },
  { to: '/review', label: 'nav.review', roles: OFFICE },
  { to: '/analytics/coordinates', label: 'nav.coordinates', roles: OFFICE },
  { to: '/analytics/rankings', label: 'nav.rankings', roles: OFFICE },
  { to: '/analytics/annual', label: 'nav.annual', roles: OFFICE },
  { to: '/analytics/mechanisms', label: 'nav.mechanisms', roles: OFFICE },
  { to: '/analytics/sandbox', label: 'nav.sandbox', roles: OFFICE },
];

export function navFor(roles: Role[]): NavItem[] {
  return NAV.filter((item) => item.roles.some((r) => roles.includes(r)));
}
