import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RandomTopic, WartimeRecordView } from '@cadre/contracts';

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
  recordedBy: string;
}

export interface WartimeRecordRow extends Omit<WartimeRecordView, 'recordedAt'> {
  topic: RandomTopic | null;
  recordedAt: Date;
}

/** 战时档案 records; every statement names the tenant. */
@Injectable()
export class WartimeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, tenantId: string, r: NewWartimeRecord): Promise<void> {
    await m.query(
      `INSERT INTO wartime_records (id, tenant_id, cycle_id, cadre_id, date, role, volunteered, duty_hours, performance, note, commendation, penalty, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
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
      ],
    );
  }

  /** The cadre's records over every random cycle, with the cycle's name and topic, in date order. */
  ofCadre(tenantId: string, cadreId: string): Promise<WartimeRecordRow[]> {
    return this.dataSource.query(
      `SELECT w.id, w.cycle_id AS "cycleId", c.name AS "cycleName", c.topic, w.cadre_id AS "cadreId", w.date::text AS date, w.role, w.volunteered,
              w.duty_hours AS "dutyHours", w.performance, w.note, w.commendation, w.penalty, w.recorded_at AS "recordedAt"
         FROM wartime_records w JOIN cycles c ON c.id = w.cycle_id
        WHERE w.tenant_id = $1 AND w.cadre_id = $2 ORDER BY w.date, w.recorded_at`,
      [tenantId, cadreId],
    );
  }
}
