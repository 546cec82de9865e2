import type { EntityManager } from 'typeorm';
import type { CadreStatus, EventOf } from '@cadre/contracts';

export type CadreEvent = EventOf<'roster.cadre.created' | 'roster.cadre.updated' | 'roster.cadre.transferred'>;
export type UnitEvent = EventOf<'roster.unit.created' | 'roster.unit.updated'>;
export type TeamEvent = EventOf<'roster.team.created' | 'roster.team.updated'>;
export type FieldEvent = EventOf<'roster.field.created'>;

/** A cadre's row as held before a snapshot is applied; `teamId` only where the profile is kept. */
export interface HeldCadre {
  unitId: string;
  status: CadreStatus;
  versionNo: number;
  teamId?: string | null;
}

export interface HeldUnit {
  fieldId: string | null;
}

/*
 * The writes of the roster projection, each in the event's transaction. Every event carries the whole
 * record, so a write replaces what is held; an id of another tenant is never overwritten.
 */

export async function heldCadre(
  m: EntityManager,
  tenantId: string,
  cadreId: string,
  profile: boolean,
): Promise<HeldCadre | undefined> {
  const [row] = await m.query(
    `SELECT unit_id AS "unitId", status, version_no AS "versionNo"${profile ? `, team_id AS "teamId"` : ''} FROM cadres WHERE tenant_id = $1 AND id = $2`,
    [tenantId, cadreId],
  );
  return row;
}

export async function heldUnit(m: EntityManager, tenantId: string, unitId: string): Promise<HeldUnit | undefined> {
  const [row] = await m.query(`SELECT field_id AS "fieldId" FROM units WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    unitId,
  ]);
  return row;
}

/**
 * A snapshot older than the one held is ignored, since replicas may deliver out of order. With the
 * profile, `since` is the day of the first event that placed the cadre in its current unit.
 */
export async function upsertCadre(m: EntityManager, event: CadreEvent, profile: boolean): Promise<void> {
  const c = event.data;
  const newer = `WHERE cadres.version_no < EXCLUDED.version_no AND cadres.tenant_id = EXCLUDED.tenant_id`;
  if (!profile) {
    await m.query(
      `INSERT INTO cadres (id, tenant_id, unit_id, name, status, version_no) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET unit_id = EXCLUDED.unit_id, name = EXCLUDED.name, status = EXCLUDED.status, version_no = EXCLUDED.version_no
       ${newer}`,
      [c.id, event.tenantId, c.unitId, c.name, c.status, c.versionNo],
    );
    return;
  }
  await m.query(
    `INSERT INTO cadres (id, tenant_id, name, gender, birth_date, unit_id, team_id, team_role, field_id, position, education, party_member, status, version_no, since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::timestamptz::date)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, gender = EXCLUDED.gender, birth_date = EXCLUDED.birth_date, unit_id = EXCLUDED.unit_id,
       team_id = EXCLUDED.team_id, team_role = EXCLUDED.team_role, field_id = EXCLUDED.field_id, position = EXCLUDED.position, education = EXCLUDED.education,
       party_member = EXCLUDED.party_member, status = EXCLUDED.status, version_no = EXCLUDED.version_no,
       since = CASE WHEN cadres.unit_id = EXCLUDED.unit_id THEN cadres.since ELSE EXCLUDED.since END
     ${newer}`,
    [
      c.id,
      event.tenantId,
      c.name,
      c.gender,
      c.birthDate,
      c.unitId,
      c.teamId,
      c.teamRole,
      c.fieldId,
      c.position,
      c.education,
      c.partyMember,
      c.status,
      c.versionNo,
      event.occurredAt,
    ],
  );
}

export async function upsertUnit(m: EntityManager, event: UnitEvent): Promise<void> {
  const u = event.data;
  await m.query(
    `INSERT INTO units (id, tenant_id, name, kind, field_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, field_id = EXCLUDED.field_id
     WHERE units.tenant_id = EXCLUDED.tenant_id`,
    [u.id, event.tenantId, u.name, u.kind, u.fieldId],
  );
}

export async function upsertTeam(m: EntityManager, event: TeamEvent): Promise<void> {
  const t = event.data;
  await m.query(
    `INSERT INTO teams (id, tenant_id, unit_id, name) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET unit_id = EXCLUDED.unit_id, name = EXCLUDED.name
     WHERE teams.tenant_id = EXCLUDED.tenant_id`,
    [t.id, event.tenantId, t.unitId, t.name],
  );
}

export async function upsertField(m: EntityManager, event: FieldEvent): Promise<void> {
  const f = event.data;
  await m.query(
    `INSERT INTO fields (id, tenant_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE fields.tenant_id = EXCLUDED.tenant_id`,
    [f.id, event.tenantId, f.name],
  );
}
