import type { UnitKind } from './enums';

/** roster.field.created — 领域 created. */
export interface FieldCreatedV1 {
  id: string;
  code: string;
  name: string;
}

/** roster.unit.created and roster.unit.updated carry the whole unit, so projections never call back. */
export interface UnitSnapshotV1 {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  fieldId: string | null;
}

export interface UnitUpdatedV1 extends UnitSnapshotV1 {
  /** Names of the properties that changed. */
  changed: string[];
}


/** 性别. Persisted: never rename. */
export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * Where a cadre stands in the roster: `active` is appraised; the others are kept for history only
 * (退休 retired, 调出 transferred out of the tenant, 免职 dismissed). Persisted: never rename.
 */
export const CADRE_STATUSES = ['active', 'retired', 'transferred_out', 'dismissed'] as const;
export type CadreStatus = (typeof CADRE_STATUSES)[number];

/** Role in the leadership team (班子): 主要负责人, 副职, 成员. Persisted: never rename. */
export const TEAM_ROLES = ['principal', 'deputy', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/**
 * The whole cadre as the roster holds it after the change (干部), so a projection never calls back.
 * roster.cadre.created carries exactly this.
 */
export interface CadreSnapshotV1 {
  id: string;
  /** 人员编号, unique per tenant. */
  personnelNo: string;
  name: string;
  gender: Gender;
  /** Calendar date `YYYY-MM-DD`. */
  birthDate: string;
  unitId: string;
  teamId: string | null;
  /** Role in that team; null when the cadre is in no team. */
  teamRole: TeamRole | null;
  /** 领域; defaults to the unit's field. */
  fieldId: string | null;
  /** 职务. */
  position: string;
  /** 职级. */
  rank: string | null;
  /** 主要负责人. */
  isPrincipal: boolean;
  partyMember: boolean;
  education: string | null;
  status: CadreStatus;
  /**
   * Number of this version in the cadre's roster history (动态数据库): 1 when created, +1 on every
   * change. A projection ignores an event whose versionNo is not above the one it holds.
   */
  versionNo: number;
}

/** roster.cadre.updated — the snapshot after the change. */
export interface CadreUpdatedV1 extends CadreSnapshotV1 {
  /** Names of the properties that changed. */
  changed: string[];
}

/** Where a cadre sat before a transfer. */
export interface CadrePlacementV1 {
  unitId: string;
  teamId: string | null;
  fieldId: string | null;
  position: string;
}

/** roster.cadre.transferred — the snapshot after the transfer (调动) and where the cadre came from. */
export interface CadreTransferredV1 extends CadreSnapshotV1 {
  from: CadrePlacementV1;
  /** Calendar date `YYYY-MM-DD` the transfer takes effect. */
  effectiveDate: string;
}

/** roster.team.created — 领导班子 of a unit. Members are the cadres whose `teamId` is this team. */
export interface TeamSnapshotV1 {
  id: string;
  unitId: string;
  name: string;
}

export interface TeamUpdatedV1 extends TeamSnapshotV1 {
  /** Names of the properties that changed. */
  changed: string[];
}

export interface RosterEventPayloads {
  'roster.field.created': FieldCreatedV1;
  'roster.unit.created': UnitSnapshotV1;
  'roster.unit.updated': UnitUpdatedV1;
  'roster.team.created': TeamSnapshotV1;
  'roster.team.updated': TeamUpdatedV1;
  'roster.cadre.created': CadreSnapshotV1;
  'roster.cadre.updated': CadreUpdatedV1;
  'roster.cadre.transferred': CadreTransferredV1;
}
