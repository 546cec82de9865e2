import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 随机考核 at full strength: a wartime record judges the six qualities (each a grade and the fact it
 * rests on; null on the records written before, which stay valid) and follows tasks of the cadre's
 * task list (progress checked on the spot). `task_list_tasks` is a projection of the signed task
 * lists (checklists.tasklist.signed), so that a record names only the cadre's own tasks; on an
 * existing deployment `main.js replay-projections` fills it from the stream.
 */
export class WartimeQualities1765600000500 implements MigrationInterface {
  name = 'WartimeQualities1765600000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wartime_records ADD COLUMN qualities jsonb`);
    await q.query(`ALTER TABLE wartime_records ADD COLUMN tasks jsonb NOT NULL DEFAULT '[]'`);
    // The long run reads an event's span over every cadre's records (wartime-series.ts longRun).
    await q.query(`CREATE INDEX wartime_records_cycle ON wartime_records (tenant_id, cycle_id, date)`);
    await q.query(`
      CREATE TABLE task_list_tasks (
        task_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        task_list_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        year int NOT NULL,
        title text NOT NULL
      )`);
    await q.query(`CREATE INDEX task_list_tasks_cadre ON task_list_tasks (tenant_id, cadre_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_list_tasks`);
    await q.query(`DROP INDEX wartime_records_cycle`);
    await q.query(`ALTER TABLE wartime_records DROP COLUMN tasks`);
    await q.query(`ALTER TABLE wartime_records DROP COLUMN qualities`);
  }
}
