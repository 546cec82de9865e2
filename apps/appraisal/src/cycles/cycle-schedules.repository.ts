import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ScheduleWindow } from '@cadre/contracts';

export interface ScheduleRow {
  tenantId: string;
  enabled: boolean;
  windows: ScheduleWindow[];
  reminderOffsetsHours: number[];
  timezone: string;
  updatedAt: Date;
}

export interface ScheduleSettings {
  enabled: boolean;
  windows: ScheduleWindow[];
  reminderOffsetsHours: number[];
  timezone: string;
  updatedBy: string;
}

const COLUMNS = `tenant_id AS "tenantId", enabled, windows, reminder_offsets_hours AS "reminderOffsetsHours", timezone, updated_at AS "updatedAt"`;

/** The tenants' half-yearly schedules, one row per tenant. */
@Injectable()
export class CycleSchedulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(tenantId: string): Promise<ScheduleRow | null> {
    const [row]: ScheduleRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM cycle_schedules WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? null;
  }

  async upsert(tenantId: string, s: ScheduleSettings): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO cycle_schedules (tenant_id, enabled, windows, reminder_offsets_hours, timezone, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET enabled = EXCLUDED.enabled, windows = EXCLUDED.windows, reminder_offsets_hours = EXCLUDED.reminder_offsets_hours,
         timezone = EXCLUDED.timezone, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenantId, s.enabled, JSON.stringify(s.windows), s.reminderOffsetsHours, s.timezone, s.updatedBy],
    );
  }

  /** The tenants whose schedule is on, of every tenant: the sweep ensures each one. */
  async enabledTenants(): Promise<string[]> {
    const rows: Array<{ tenantId: string }> = await this.dataSource.query(
      `SELECT tenant_id AS "tenantId" FROM cycle_schedules WHERE enabled`,
    );
    return rows.map((r) => r.tenantId);
  }
}
