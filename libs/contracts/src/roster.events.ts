/** Events of the `roster` service: 领域, 单位, 领导班子 and 干部 (roster history). */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { UNIT_KINDS } from './enums';
import { bool, changed, date, EXAMPLE_ID as ID, eventsOf, name, nullable, oneOf, text, uuid } from './schema';
import type { PayloadsOf, VersionsOf } from './schema';

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

/** roster.field.created — 领域 created. */
export const FieldCreatedV1 = Type.Object({
  id: uuid('Field id.'),
  code: name(),
  name: name('领域名称, e.g. 经济, 党群, 政法.'),
});
export type FieldCreatedV1 = Static<typeof FieldCreatedV1>;

const unitProperties = {
  id: uuid('Unit id.'),
  code: name('Unit code, unique per tenant.'),
  name: name('单位名称.'),
  kind: oneOf(UNIT_KINDS, '区直部门 department, 镇 town, 街道 street, 开发区 zone.'),
  fieldId: nullable(uuid('领域 of the unit.')),
};

/** roster.unit.created and roster.unit.updated carry the whole unit, so projections never call back. */
export const UnitSnapshotV1 = Type.Object(unitProperties);
export type UnitSnapshotV1 = Static<typeof UnitSnapshotV1>;

export const UnitUpdatedV1 = Type.Object({ ...unitProperties, changed: changed() });
export type UnitUpdatedV1 = Static<typeof UnitUpdatedV1>;

const teamProperties = {
  id: uuid('Team id.'),
  unitId: uuid('The unit whose leadership team this is.'),
  name: name('领导班子名称.'),
};

/** roster.team.created — 领导班子 of a unit. Members are the cadres whose `teamId` is this team. */
export const TeamSnapshotV1 = Type.Object(teamProperties);
export type TeamSnapshotV1 = Static<typeof TeamSnapshotV1>;

export const TeamUpdatedV1 = Type.Object({ ...teamProperties, changed: changed() });
export type TeamUpdatedV1 = Static<typeof TeamUpdatedV1>;

const cadreProperties = {
  id: uuid('Cadre id.'),
  personnelNo: name('人员编号, unique per tenant.'),
  name: name('姓名.'),
  gender: oneOf(GENDERS),
  birthDate: date('出生日期.'),
  unitId: uuid(),
  teamId: nullable(uuid('领导班子 the cadre belongs to.')),
  teamRole: nullable(
    oneOf(TEAM_ROLES, 'Role in the team: principal 主要负责人, deputy 副职, member 成员; null when in no team.'),
  ),
  fieldId: nullable(uuid('领域; defaults to the unit’s field.')),
  position: name('职务.'),
  rank: nullable(text('职级.')),
  isPrincipal: bool('主要负责人.'),
  partyMember: bool('中共党员.'),
  education: nullable(text('学历.')),
  status: oneOf(CADRE_STATUSES, 'active is appraised; the others are kept for history.'),
  versionNo: Type.Integer({
    minimum: 1,
    description:
      'Number of this version in the roster history: 1 when created, +1 on every change. A projection ignores an event whose versionNo is not above the one it holds.',
  }),
};

/** The whole cadre as the roster holds it after the change (干部), so a projection never calls back. */
export const CadreSnapshotV1 = Type.Object(cadreProperties);
export type CadreSnapshotV1 = Static<typeof CadreSnapshotV1>;

/** roster.cadre.updated — the snapshot after the change. */
export const CadreUpdatedV1 = Type.Object({ ...cadreProperties, changed: changed() });
export type CadreUpdatedV1 = Static<typeof CadreUpdatedV1>;

/** Where a cadre sat before a transfer. */
export const CadrePlacementV1 = Type.Object(
  { unitId: uuid(), teamId: nullable(uuid()), fieldId: nullable(uuid()), position: name() },
  { description: 'Where the cadre sat before the transfer.' },
);
export type CadrePlacementV1 = Static<typeof CadrePlacementV1>;

/** roster.cadre.transferred — the snapshot after the transfer (调动) and where the cadre came from. */
export const CadreTransferredV1 = Type.Object({
  ...cadreProperties,
  from: CadrePlacementV1,
  effectiveDate: date('Date the transfer takes effect.'),
});
export type CadreTransferredV1 = Static<typeof CadreTransferredV1>;

const cadreExample: CadreSnapshotV1 = {
  id: ID.cadre,
  personnelNo: 'LY2021-0137',
  name: '张伟',
  gender: 'male',
  birthDate: '1983-06-14',
  unitId: ID.unit,
  teamId: ID.team,
  teamRole: 'deputy',
  fieldId: ID.field,
  position: '副局长',
  rank: '副科级',
  isPrincipal: false,
  partyMember: true,
  education: '研究生',
  status: 'active',
  versionNo: 1,
};

const event = eventsOf('roster');

export const ROSTER_EVENTS = {
  'roster.field.created': event({
    version: 1,
    summary: 'A field (line of work used for horizontal comparison) was created.',
    summaryZh: '新增领域（系统）',
    aggregate: 'field id',
    aggregateKey: 'id',
    payload: FieldCreatedV1,
    example: { id: ID.field, code: 'economy', name: '经济' },
  }),
  'roster.unit.created': event({
    version: 1,
    summary: 'A unit was created; carries the whole unit.',
    summaryZh: '新增单位',
    aggregate: 'unit id',
    aggregateKey: 'id',
    payload: UnitSnapshotV1,
    example: { id: ID.unit, code: 'fgj', name: '区发展和改革局', kind: 'department', fieldId: ID.field },
  }),
  'roster.unit.updated': event({
    version: 1,
    summary: 'A unit changed; carries the whole unit after the change and the names of the changed properties.',
    summaryZh: '单位信息变更',
    aggregate: 'unit id',
    aggregateKey: 'id',
    payload: UnitUpdatedV1,
    example: {
      id: ID.unit,
      code: 'fgj',
      name: '区发展和改革局（区粮食和物资储备局）',
      kind: 'department',
      fieldId: ID.field,
      changed: ['name'],
    },
  }),
  'roster.team.created': event({
    version: 1,
    summary: 'A leadership team of a unit was created. Its members are the cadres whose teamId is the team.',
    summaryZh: '新建领导班子',
    aggregate: 'team id',
    aggregateKey: 'id',
    payload: TeamSnapshotV1,
    example: { id: ID.team, unitId: ID.unit, name: '区发展和改革局领导班子' },
  }),
  'roster.team.updated': event({
    version: 1,
    summary: 'A leadership team changed; carries the whole team after the change.',
    summaryZh: '领导班子信息变更',
    aggregate: 'team id',
    aggregateKey: 'id',
    payload: TeamUpdatedV1,
    example: { id: ID.team, unitId: ID.unit, name: '区发改局领导班子', changed: ['name'] },
  }),
  'roster.cadre.created': event({
    version: 1,
    summary: 'A cadre was added to the roster; carries the whole cadre (version 1 of its history).',
    summaryZh: '新增干部（建立干部动态档案）',
    aggregate: 'cadre id',
    aggregateKey: 'id',
    payload: CadreSnapshotV1,
    example: cadreExample,
  }),
  'roster.cadre.updated': event({
    version: 1,
    summary: 'A cadre changed (a new version in the roster history); carries the whole cadre after the change.',
    summaryZh: '干部信息变更（形成新的历史版本）',
    aggregate: 'cadre id',
    aggregateKey: 'id',
    payload: CadreUpdatedV1,
    example: { ...cadreExample, rank: '正科级', versionNo: 2, changed: ['rank'] },
  }),
  'roster.cadre.transferred': event({
    version: 1,
    summary:
      'A cadre was transferred to another unit, team or position; carries the cadre after the transfer and where it came from.',
    summaryZh: '干部调动（交流任职）',
    aggregate: 'cadre id',
    aggregateKey: 'id',
    payload: CadreTransferredV1,
    example: {
      ...cadreExample,
      unitId: ID.unit2,
      teamId: ID.team2,
      fieldId: ID.field2,
      position: '党委副书记',
      versionNo: 3,
      from: { unitId: ID.unit, teamId: ID.team, fieldId: ID.field, position: '副局长' },
      effectiveDate: '2025-03-01',
    },
  }),
};

export type RosterEventPayloads = PayloadsOf<typeof ROSTER_EVENTS>;
export type RosterEventVersions = VersionsOf<typeof ROSTER_EVENTS>;
