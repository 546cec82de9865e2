import type { CadreSnapshotV1, CadreStatus, Gender, TeamRole } from './roster.events';
import type { UnitKind } from './enums';
import type { ById, NoPayload, Page, PageQuery } from './requests';

/** Request-reply patterns the gateway (and other services) use to reach the roster service. */
export const ROSTER_REQUESTS = {
  createField: 'roster.fields.create',
  listFields: 'roster.fields.list',
  createUnit: 'roster.units.create',
  listUnits: 'roster.units.list',
  getUnit: 'roster.units.get',
  /** `{ ids }` → `{ unknown }`: which of the ids are not units of the caller's tenant (for ids inside other services' bodies). */
  unknownUnits: 'roster.units.unknown',
  updateUnit: 'roster.units.update',
  createTeam: 'roster.teams.create',
  listTeams: 'roster.teams.list',
  getTeam: 'roster.teams.get',
  updateTeam: 'roster.teams.update',
  createCadre: 'roster.cadres.create',
  listCadres: 'roster.cadres.list',
  getCadre: 'roster.cadres.get',
  updateCadre: 'roster.cadres.update',
  transferCadre: 'roster.cadres.transfer',
  /** An adjustment batch's moves as transfers, once (analytics' decide; not served by the gateway). */
  applyBatch: 'roster.cadres.apply-batch',
  cadreHistory: 'roster.cadres.history',
  importCadres: 'roster.imports.run',
  exportCadres: 'roster.exports.run',
  getSettings: 'roster.settings.get',
  updateSettings: 'roster.settings.update',
} as const;

export interface CreateFieldCommand {
  code: string;
  name: string;
}

export interface FieldView {
  id: string;
  code: string;
  name: string;
  createdAt: string;
}

export interface CreateUnitCommand {
  code: string;
  name: string;
  kind: UnitKind;
  fieldId?: string | null;
}

export type UpdateUnitCommand = { id: string } & Partial<CreateUnitCommand>;

export interface ListUnitsQuery {
  kind?: UnitKind;
  fieldId?: string;
  limit?: number;
  cursor?: string;
}

export interface UnitView {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  fieldId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateTeamCommand {
  unitId: string;
  name: string;
}

export interface TeamView {
  id: string;
  unitId: string;
  name: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface TeamMemberView {
  cadreId: string;
  name: string;
  position: string;
  teamRole: TeamRole | null;
  age: number;
  gender: Gender;
}

export interface TeamDetailView extends TeamView {
  /** Active cadres of the team: principal first, then deputies, then members, by name. */
  members: TeamMemberView[];
}

export interface CadreInput {
  personnelNo: string;
  name: string;
  gender: Gender;
  birthDate: string;
  unitId: string;
  teamId?: string | null;
  teamRole?: TeamRole | null;
  fieldId?: string | null;
  position: string;
  rank?: string | null;
  isPrincipal?: boolean;
  partyMember?: boolean;
  education?: string | null;
}

export type UpdateCadreCommand = { id: string; reason?: string; status?: CadreStatus } & Partial<
  Omit<CadreInput, 'unitId'>
>;

export interface TransferCadreCommand {
  id: string;
  unitId: string;
  teamId?: string | null;
  teamRole?: TeamRole | null;
  position: string;
  effectiveDate: string;
  reason?: string;
}

/** One move of an adjustment batch as the roster carries it out: the destination resolved by analytics. */
export interface BatchTransfer {
  cadreId: string;
  /** promote 提拔 · transfer 调任 · exchange 交流 · adjust 调整 (what the history's reason names). */
  kind: 'promote' | 'transfer' | 'exchange' | 'adjust';
  unitId?: string;
  teamId?: string | null;
  position?: string;
  effectiveDate: string;
}

/** 调整批次: its moves carried out as transfers, each with the batch as its reason; a second time moves nobody. */
export interface ApplyBatchCommand {
  batchId: string;
  batchName: string;
  moves: BatchTransfer[];
}

export interface ApplyBatchResult {
  /** Moves carried out now. */
  applied: number;
  /** Moves of the batch carried out before (a repeated decide). */
  already: number;
}

/** Computed tags a cadre can be filtered by. `young`: under the tenant's age limit (40 by default). */
export const CADRE_TAGS = ['young', 'principal', 'female', 'party_member'] as const;
export type CadreTag = (typeof CADRE_TAGS)[number];

export const CADRE_SORTS = [
  'name',
  '-name',
  'personnelNo',
  '-personnelNo',
  'birthDate',
  '-birthDate',
  'updatedAt',
  '-updatedAt',
] as const;
export type CadreSort = (typeof CADRE_SORTS)[number];

export interface ListCadresQuery {
  unitId?: string;
  teamId?: string;
  fieldId?: string;
  q?: string;
  tag?: CadreTag;
  status?: CadreStatus;
  sort?: CadreSort;
  limit?: number;
  cursor?: string;
}

/** A cadre as the API shows it: the stored facts (the event snapshot) and what is derived from them. */
export interface CadreView extends CadreSnapshotV1 {
  /** Whole years today. */
  age: number;
  tags: CadreTag[];
  createdAt: string;
  updatedAt: string;
}

export const CADRE_CHANGES = ['created', 'updated', 'transferred', 'status_changed', 'imported'] as const;
export type CadreChange = (typeof CADRE_CHANGES)[number];

/** One version of a cadre in the dynamic database (动态数据库): never overwritten. */
export interface CadreVersionView {
  versionNo: number;
  change: CadreChange;
  changed: string[];
  reason: string | null;
  /** The adjustment batch (调整批次) this version carried out, if any. */
  batchId: string | null;
  effectiveDate: string;
  actor: { userId: string; username: string } | null;
  recordedAt: string;
  snapshot: CadreSnapshotV1;
}

export interface ImportCadresCommand {
  /** Name of the uploaded file in the object store bucket of transfers. */
  object: string;
  filename: string;
  dryRun: boolean;
}

export interface ImportRowError {
  /** Line in the file (the header is row 1), or the sheet row for XLSX. */
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  teamsCreated: number;
  errors: ImportRowError[];
}

export interface ExportCadresCommand extends Omit<ListCadresQuery, 'cursor' | 'limit' | 'sort'> {
  headers?: 'zh' | 'en';
}

export interface ExportResult {
  object: string;
  filename: string;
  rows: number;
}

export interface RosterSettingsView {
  /** Cadres younger than this many years carry the `young` tag (年轻干部). */
  youngAgeLimit: number;
}

export interface ListTeamsQuery extends PageQuery {
  unitId?: string;
}

/** A cadre's versions, oldest first, a page at a time. */
export interface CadreHistoryQuery extends ById, PageQuery {}

export interface RenameTeamCommand {
  id: string;
  name: string;
}

/** Ids that turn up inside other services' bodies (a cycle's `unitIds`), checked against the roster. */
export interface UnknownUnitsQuery {
  ids: string[];
}

export interface UnknownUnitsView {
  /** The ids asked about that are not units of the caller's tenant. */
  unknown: string[];
}

/** What each pattern of {@link ROSTER_REQUESTS} takes and answers (merged into `RequestMap`, requests.ts). */
export interface RosterRequests {
  [ROSTER_REQUESTS.createField]: { payload: CreateFieldCommand; reply: FieldView };
  [ROSTER_REQUESTS.listFields]: { payload: PageQuery; reply: Page<FieldView> };
  [ROSTER_REQUESTS.createUnit]: { payload: CreateUnitCommand; reply: UnitView };
  [ROSTER_REQUESTS.listUnits]: { payload: ListUnitsQuery; reply: Page<UnitView> };
  [ROSTER_REQUESTS.getUnit]: { payload: ById; reply: UnitView };
  [ROSTER_REQUESTS.unknownUnits]: { payload: UnknownUnitsQuery; reply: UnknownUnitsView };
  [ROSTER_REQUESTS.updateUnit]: { payload: UpdateUnitCommand; reply: UnitView };
  [ROSTER_REQUESTS.createTeam]: { payload: CreateTeamCommand; reply: TeamView };
  [ROSTER_REQUESTS.listTeams]: { payload: ListTeamsQuery; reply: Page<TeamView> };
  [ROSTER_REQUESTS.getTeam]: { payload: ById; reply: TeamDetailView };
  [ROSTER_REQUESTS.updateTeam]: { payload: RenameTeamCommand; reply: TeamView };
  [ROSTER_REQUESTS.createCadre]: { payload: CadreInput; reply: CadreView };
  [ROSTER_REQUESTS.listCadres]: { payload: ListCadresQuery; reply: Page<CadreView> };
  [ROSTER_REQUESTS.getCadre]: { payload: ById; reply: CadreView };
  [ROSTER_REQUESTS.updateCadre]: { payload: UpdateCadreCommand; reply: CadreView };
  [ROSTER_REQUESTS.transferCadre]: { payload: TransferCadreCommand; reply: CadreView };
  [ROSTER_REQUESTS.applyBatch]: { payload: ApplyBatchCommand; reply: ApplyBatchResult };
  [ROSTER_REQUESTS.cadreHistory]: { payload: CadreHistoryQuery; reply: Page<CadreVersionView> };
  [ROSTER_REQUESTS.importCadres]: { payload: ImportCadresCommand; reply: ImportResult };
  [ROSTER_REQUESTS.exportCadres]: { payload: ExportCadresCommand; reply: ExportResult };
  [ROSTER_REQUESTS.getSettings]: { payload: NoPayload; reply: RosterSettingsView };
  [ROSTER_REQUESTS.updateSettings]: { payload: RosterSettingsView; reply: RosterSettingsView };
}
