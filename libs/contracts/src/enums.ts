/** Roles of the platform (DESIGN.md "Data and security"). Persisted in users.roles: never rename. */
export const ROLES = ['admin', 'org_officer', 'assessor', 'unit_leader', 'cadre'] as const;
export type Role = (typeof ROLES)[number];

/** 单位 kinds: 区直部门, 镇, 街道, 开发区. Persisted: never rename. */
export const UNIT_KINDS = ['department', 'town', 'street', 'zone'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_NAMES: Record<UnitKind, string> = {
  department: '区直部门',
  town: '镇',
  street: '街道',
  zone: '开发区',
};

/** Which parts of a service run in this process (CONTRACT.md `ROLE`). */
export const PROCESS_ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];
