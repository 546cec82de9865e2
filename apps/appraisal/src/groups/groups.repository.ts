import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { GroupChange } from './group-rules';

export interface GroupRow {
  id: string;
  name: string;
  assessorUserIds: string[];
  cadreIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface GroupChangeRow {
  id: string;
  reason: string;
  changedBy: string;
  changedAt: Date;
  assessorsAdded: string[];
  assessorsRemoved: string[];
  cadresAdded: string[];
  cadresRemoved: string[];
  /** changed_at as Postgres writes it: the list's cursor key. */
  sortKey: string;
}

export interface GroupMembers {
  name: string;
  assessorUserIds: string[];
  cadreIds: string[];
}

const COLUMNS = `id, name, assessor_user_ids AS "assessorUserIds", cadre_ids AS "cadreIds", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** 考核组 and their change records; every statement names the tenant. */
@Injectable()
export class GroupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, tenantId: string, id: string, group: GroupMembers): Promise<GroupRow> {
    const [row]: GroupRow[] = await manager.query(
      `INSERT INTO assessment_groups (id, tenant_id, name, assessor_user_ids, cadre_ids) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [id, tenantId, group.name, group.assessorUserIds, group.cadreIds],
    );
    return row;
  }

  /** Locks the group for a change in this transaction, so two changes record their differences in order. */
  async findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<GroupRow | null> {
    const [row]: GroupRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM assessment_groups WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    );
    return row ?? null;
  }

  async update(manager: EntityManager, tenantId: string, id: string, group: GroupMembers): Promise<GroupRow> {
    const [[row]]: [GroupRow[], number] = await manager.query(
      `UPDATE assessment_groups SET name = $3, assessor_user_ids = $4, cadre_ids = $5, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, group.name, group.assessorUserIds, group.cadreIds],
    );
    return row;
  }

  async insertChange(
    manager: EntityManager,
    tenantId: string,
    c: { id: string; groupId: string; reason: string; changedBy: string } & GroupChange,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO assessment_group_changes (id, tenant_id, group_id, reason, changed_by, assessors_added, assessors_removed, cadres_added, cadres_removed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.id,
        tenantId,
        c.groupId,
        c.reason,
        c.changedBy,
        c.assessorsAdded,
        c.assessorsRemoved,
        c.cadresAdded,
        c.cadresRemoved,
      ],
    );
  }

  /** Every group of the tenant (`all`), or those the user sits in. */
  /** Keyset: by (name, id), after `page.after`; `page.limit` rows at most. */
  list(
    tenantId: string,
    all: boolean,
    userId: string,
    page: { after?: [string, string]; limit: number },
  ): Promise<GroupRow[]> {
    const params: unknown[] = [tenantId, all, userId];
    const after = page.after
      ? `AND (name, id) > ($${params.push(page.after[0])}, $${params.push(page.after[1])}::uuid)`
      : '';
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM assessment_groups WHERE tenant_id = $1 AND ($2 OR $3 = ANY (assessor_user_ids)) ${after}
        ORDER BY name, id LIMIT ${page.limit}`,
      params,
    );
  }

  async exists(tenantId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM assessment_groups WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows.length > 0;
  }

  /**
   * The group's changes, the latest first. Keyset on (changed_at, id) descending, before `page.before`
   * (changed_at as its text, `sortKey`: microseconds kept); `page.limit` rows at most.
   */
  changes(
    tenantId: string,
    groupId: string,
    page: { before?: [string, string]; limit: number },
  ): Promise<GroupChangeRow[]> {
    const params: unknown[] = [tenantId, groupId];
    const before = page.before
      ? `AND (changed_at, id) < ($${params.push(page.before[0])}::timestamptz, $${params.push(page.before[1])}::uuid)`
      : '';
    return this.dataSource.query(
      `SELECT id, reason, changed_by AS "changedBy", changed_at AS "changedAt", assessors_added AS "assessorsAdded", assessors_removed AS "assessorsRemoved",
              cadres_added AS "cadresAdded", cadres_removed AS "cadresRemoved", changed_at::text AS "sortKey"
         FROM assessment_group_changes WHERE tenant_id = $1 AND group_id = $2 ${before}
        ORDER BY changed_at DESC, id DESC LIMIT ${page.limit}`,
      params,
    );
  }
}
