import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface UnitCadreRow {
  id: string;
  unitId: string;
}

export interface CadreTasksRow {
  cadreId: string;
  tasks: Array<{ weight: number; target: number; actual: number | null }>;
}

export interface CadreDutyRow {
  cadreId: string;
  target: number;
  /** The latest reported value (a later report corrects an earlier one); null before any. */
  actual: number | null;
}

/** What the units' cadres report in their lists of a year; every statement names the tenant. */
@Injectable()
export class UnitFulfilmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active cadres of the units. */
  cadres(tenantId: string, unitIds: string[]): Promise<UnitCadreRow[]> {
    return this.dataSource.query(
      `SELECT id, unit_id AS "unitId" FROM cadres WHERE tenant_id = $1 AND unit_id = ANY($2::uuid[]) AND status = 'active'`,
      [tenantId, unitIds],
    );
  }

  /** The tasks of the cadres' approved or signed task lists of the year (a draft reports nothing yet). */
  tasks(tenantId: string, cadreIds: string[], year: number): Promise<CadreTasksRow[]> {
    return this.dataSource.query(
      `SELECT l.cadre_id AS "cadreId",
              json_agg(json_build_object('weight', t.weight::float8, 'target', t.target::float8, 'actual', t.actual::float8)) AS tasks
         FROM task_lists l JOIN tasks t ON t.task_list_id = l.id
        WHERE l.tenant_id = $1 AND l.cadre_id = ANY($2::uuid[]) AND l.year = $3 AND l.status IN ('approved', 'signed')
        GROUP BY l.cadre_id`,
      [tenantId, cadreIds, year],
    );
  }

  /** The cadres' duties of the year with their latest reported value. */
  duties(tenantId: string, cadreIds: string[], year: number): Promise<CadreDutyRow[]> {
    return this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", r.target::float8 AS target,
              (SELECT f.actual::float8 FROM fulfillments f WHERE f.responsibility_id = r.id ORDER BY f.recorded_at DESC, f.id DESC LIMIT 1) AS actual
         FROM responsibilities r WHERE r.tenant_id = $1 AND r.cadre_id = ANY($2::uuid[]) AND r.year = $3`,
      [tenantId, cadreIds, year],
    );
  }
}
