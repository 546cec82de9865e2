import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RandomTopic, WartimeQualitiesV2, WartimeRecordView, WartimeTaskCheckView } from '@cadre/contracts';

export interface NewWartimeRecord {
  id: string;
  cycleId: string;
  cadreId: string;
  date: string;
  role: string;
  volunteered: boolean;
  dutyHours: number;
  performance: WartimeRecordView['performance'];
  note: string | null;
  commendation: string | null;
  penalty: string | null;
  qualities: WartimeQualitiesV2 | null;
  tasks: WartimeTaskCheckView[];
  recordedBy: string;
}

export interface WartimeRecordRow extends Omit<WartimeRecordView, 'recordedAt' | 'points'> {
  topic: RandomTopic | null;
  recordedAt: Date;
}

/** A random cycle the cadre has records in: when it opened, and its records' first and last day (anyone's). */
export interface WartimeEventRow {
  cycleId: string;
  opensAt: Date;
  firstRecord: string;
  lastRecord: string;
}

/** 战时档案 records; every statement names the tenant. */
@Injectable()
export class WartimeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, tenantId: string, r: NewWartimeRecord): Promise<void> {
    await m.query(
      `INSERT INTO wartime_records (id, tenant_id, cycle_id, cadre_id, date, role, volunteered, duty_hours, performance, note, commendation, penalty, recorded_by, qualities, tasks)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        r.id,
        tenantId,
        r.cycleId,
        r.cadreId,
        r.date,
        r.role,
        r.volunteered,
        r.dutyHours,
        r.performance,
        r.note,
        r.commendation,
        r.penalty,
        r.recordedBy,
        r.qualities === null ? null : JSON.stringify(r.qualities),
        JSON.stringify(r.tasks),
      ],
    );
  }

  /** The tasks of the cadre's signed task list of `year` (projected from checklists.tasklist.signed): id → title. */
  async tasksOf(tenantId: string, cadreId: string, year: number): Promise<Map<string, string>> {
    const rows: Array<{ id: string; title: string }> = await this.dataSource.query(
      `SELECT task_id AS id, title FROM task_list_tasks WHERE tenant_id = $1 AND cadre_id = $2 AND year = $3`,
      [tenantId, cadreId, year],
    );
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  /** The random cycles the cadre has records in, each with its opening and its records' span over all cadres. */
  eventsOf(tenantId: string, cadreId: string): Promise<WartimeEventRow[]> {
    return this.dataSource.query(
      `SELECT w.cycle_id AS "cycleId", c.opens_at AS "opensAt", min(w.date)::text AS "firstRecord", max(w.date)::text AS "lastRecord"
         FROM wartime_records w JOIN cycles c ON c.id = w.cycle_id
        WHERE w.tenant_id = $1 AND w.cycle_id IN (SELECT cycle_id FROM wartime_records WHERE tenant_id = $1 AND cadre_id = $2)
        GROUP BY w.cycle_id, c.opens_at`,
      [tenantId, cadreId],
    );
  }

  /** The cadre's records over every random cycle, with the cycle's name and topic, in date order. */
  ofCadre(tenantId: string, cadreId: string): Promise<WartimeRecordRow[]> {
    return this.dataSource.query(
      `SELECT w.id, w.cycle_id AS "cycleId", c.name AS "cycleName", c.topic, w.cadre_id AS "cadreId", w.date::text AS date, w.role, w.volunteered,
              w.duty_hours AS "dutyHours", w.performance, w.note, w.commendation, w.penalty, w.qualities, w.tasks, w.recorded_at AS "recordedAt"
         FROM wartime_records w JOIN cycles c ON c.id = w.cycle_id
        WHERE w.tenant_id = $1 AND w.cadre_id = $2 ORDER BY w.date, w.recorded_at`,
      [tenantId, cadreId],
    );
  }
}
