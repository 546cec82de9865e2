import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dropNamespace, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { ANALYTICS_MIGRATIONS } from '../../apps/analytics/src/migrations';
import { CycleSnapshots1765100000700 } from '../../apps/analytics/src/migrations/1765100000700-CycleSnapshots';
import { TeamWeightsAndCooperation1765900000701 } from '../../apps/analytics/src/migrations/1765900000701-TeamWeightsAndCooperation';
import { CycleSnapshotRepository } from '../../apps/analytics/src/ranking/cycle-snapshot.repository';
import { CycleSnapshotService } from '../../apps/analytics/src/ranking/cycle-snapshot.service';
import { FieldPart, RankingInput, RankingRepository } from '../../apps/analytics/src/ranking/ranking.repository';

/**
 * The upgrade (docs/records.md): a schema from before the snapshot, with a published cycle ranked
 * and the roster changed since (a recompute still pending), gets a freeze of that cycle from its
 * stored rows — and a recompute from the freeze writes the very rows that were published. Then the
 * freeze at close, and the late inputs that still enter it until publish (docs/records.md).
 */
describe('analytics cycle snapshots: the upgrade, and what enters a closed cycle late', () => {
  const namespace = testNamespace();
  const schema = `${namespace}_analytics`;
  let db: DataSource;
  const tenantId = randomUUID();
  const id = () => randomUUID();
  const F1 = id();
  const F2 = id();
  const U1 = id();
  const U2 = id();
  const T1 = id();
  const T2 = id();
  const cadres = { a: id(), b: id(), c: id() };
  const published = id();
  const open = id();
  const everyField: FieldPart = { fields: [F1, F2], withoutField: true };
  const weights = { periodic: 0.5, democratic: 0.2, task: 0.3, wartime: 0 };
  const rows = () =>
    db.query(
      `SELECT cadre_id, team_id, field_id, periodic, task, composite, excluded, vertical_rank, vertical_percentile, horizontal_rank, horizontal_percentile
         FROM rankings WHERE cycle_id = $1 ORDER BY cadre_id`,
      [published],
    );
  const input = (frozen: boolean): RankingInput => ({
    tenantId,
    cycleId: published,
    weights,
    cycle: { kind: 'periodic', year: 2025, half: 1, unitIds: null },
    frozen,
  });

  beforeAll(async () => {
    db = new DataSource({
      type: 'postgres',
      url: TEST_DATABASE_URL,
      extra: { options: `-c search_path=${schema}`, max: 4 },
      // A database from before the freezes: without them, nor the later migration that extends them.
      migrations: ANALYTICS_MIGRATIONS.filter(
        (m) => m !== CycleSnapshots1765100000700 && m !== TeamWeightsAndCooperation1765900000701,
      ),
    });
    await db.initialize();
    await db.query(`CREATE SCHEMA "${schema}"`);
    await db.runMigrations();
    await db.query(`INSERT INTO fields (id, tenant_id, name) VALUES ($1, $3, '经济'), ($2, $3, '党群')`, [
      F1,
      F2,
      tenantId,
    ]);
    await db.query(
      `INSERT INTO units (id, tenant_id, name, kind, field_id) VALUES ($1, $5, '发改局', 'department', $3), ($2, $5, '档案馆', 'department', $4)`,
      [U1, U2, F1, F2, tenantId],
    );
    await db.query(`INSERT INTO teams (id, tenant_id, unit_id, name) VALUES ($1, $5, $3, 'T1'), ($2, $5, $4, 'T2')`, [
      T1,
      T2,
      U1,
      U2,
      tenantId,
    ]);
    for (const [key, cadreId] of Object.entries(cadres))
      await db.query(
        `INSERT INTO cadres (id, tenant_id, name, gender, birth_date, unit_id, team_id, team_role, field_id, position, education, party_member, status, version_no, since)
         VALUES ($1, $2, $3, 'male', '1984-03-01', $4, $5, 'deputy', NULL, '副局长', NULL, true, 'active', 1, '2020-01-01')`,
        [cadreId, tenantId, `干部${key}`, U1, T1],
      );
    await db.query(
      `INSERT INTO political (cadre_id, tenant_id, verdict, dimensions, updated_at) VALUES ($1, $2, 'fail', '[]', now())`,
      [cadres.b, tenantId],
    );
    await db.query(`INSERT INTO task_scores (tenant_id, cadre_id, year, completion) VALUES ($1, $2, 2025, 50)`, [
      tenantId,
      cadres.a,
    ]);
    await db.query(`INSERT INTO weights (tenant_id, periodic, democratic, task, wartime) VALUES ($1, $2, $3, $4, $5)`, [
      tenantId,
      weights.periodic,
      weights.democratic,
      weights.task,
      weights.wartime,
    ]);
    await db.query(
      `INSERT INTO cycles (id, tenant_id, kind, name, year, half, status, opens_at, closes_at) VALUES
         ($1, $3, 'periodic', '2025年上半年', 2025, 1, 'published', '2025-01-01', '2025-06-28'),
         ($2, $3, 'periodic', '2025年下半年', 2025, 2, 'open', '2025-07-01', '2025-12-28')`,
      [published, open, tenantId],
    );
    for (const [cadreId, score] of [
      [cadres.a, 90],
      [cadres.b, 80],
      [cadres.c, 70],
    ] as const)
      await db.query(
        `INSERT INTO apply_results (cycle_id, cadre_id, tenant_id, score, grade, strengths, weaknesses, traits, suggestion)
         VALUES ($1, $2, $3, $4, 'competent', '', '', '{}', '')`,
        [published, cadreId, tenantId, score],
      );
  });

  afterAll(async () => {
    await db?.destroy();
    await dropNamespace(namespace);
  });

  it('freezes the published cycle from its stored rows; a recompute from the freeze writes the same rows', async () => {
    const ranking = new RankingRepository(db);
    await db.transaction((m) => ranking.writePart(m, input(false), everyField));
    const before = await rows();
    expect(before).toHaveLength(3);
    // Since the publish: a moved to another unit, team and field, c retired, b passes, a's tasks are done.
    await db.query(`UPDATE cadres SET unit_id = $2, team_id = $3 WHERE id = $1`, [cadres.a, U2, T2]);
    await db.query(`UPDATE cadres SET status = 'retired', team_id = NULL WHERE id = $1`, [cadres.c]);
    await db.query(`UPDATE political SET verdict = 'pass' WHERE cadre_id = $1`, [cadres.b]);
    await db.query(`UPDATE task_scores SET completion = 100 WHERE cadre_id = $1`, [cadres.a]);

    const runner = db.createQueryRunner();
    await new CycleSnapshots1765100000700().up(runner);
    await new TeamWeightsAndCooperation1765900000701().up(runner);
    await runner.release();

    const freezes = await db.query(
      `SELECT cycle_id, periodic, democratic, task, wartime, source, published_at IS NOT NULL AS published FROM cycle_freezes`,
    );
    expect(freezes).toEqual([{ cycle_id: published, ...weights, source: 'upgrade', published: true }]);
    const snapshot = await db.query(
      `SELECT cadre_id, unit_id, team_id, field_id, status, verdict, task FROM cycle_snapshots WHERE cycle_id = $1 ORDER BY cadre_id`,
      [published],
    );
    const expected = [
      { cadre_id: cadres.a, unit_id: U1, team_id: T1, field_id: F1, status: 'active', verdict: null, task: 50 },
      { cadre_id: cadres.b, unit_id: U1, team_id: T1, field_id: F1, status: 'active', verdict: 'fail', task: null },
      { cadre_id: cadres.c, unit_id: U1, team_id: T1, field_id: F1, status: 'active', verdict: null, task: null },
    ].sort((x, y) => x.cadre_id.localeCompare(y.cadre_id));
    expect(snapshot).toEqual(expected);

    const snapshots = new CycleSnapshotRepository(db);
    expect(await snapshots.snapshotRows(tenantId, published)).toEqual(
      expected.map((e) => expect.objectContaining({ cadreId: e.cadre_id, teamId: e.team_id, verdict: e.verdict })),
    );
    await snapshots.deleteMovedRows(tenantId, published);
    await db.transaction((m) => ranking.writePart(m, input(true), everyField));
    expect(await rows()).toEqual(before);
  });

  it('freezes a cycle once at its close; a roster change, verdict or task report that occurred by the close still enters it, a later one does not', async () => {
    const service = new CycleSnapshotService(new CycleSnapshotRepository(db));
    const closed = randomUUID();
    const closedAt = new Date();
    const before = (ms: number) => ({ tenantId, occurredAt: new Date(closedAt.getTime() - ms).toISOString() });
    const after = (ms: number) => ({ tenantId, occurredAt: new Date(closedAt.getTime() + ms).toISOString() });
    await db.query(
      `INSERT INTO cycles (id, tenant_id, kind, name, year, half, status, opens_at, closes_at) VALUES ($1, $2, 'periodic', '2025年下半年', 2025, 2, 'closed', '2025-07-01', '2025-12-28')`,
      [closed, tenantId],
    );
    await db.transaction((m) => service.closed(m, { tenantId, occurredAt: closedAt.toISOString() }, closed));
    const row = async (cadreId: string) =>
      (
        await db.query(
          `SELECT unit_id, team_id, status, verdict, task FROM cycle_snapshots WHERE cycle_id = $1 AND cadre_id = $2`,
          [closed, cadreId],
        )
      )[0];
    // As the roster projection held them at the close: a in U2/T2, c retired; b passes; a's task 100.
    expect(await row(cadres.a)).toEqual({ unit_id: U2, team_id: T2, status: 'active', verdict: null, task: 100 });
    expect(await row(cadres.c)).toMatchObject({ status: 'retired', team_id: null });
    // A second close (redelivered, replayed) freezes nothing anew, even with the roster changed.
    await db.query(`UPDATE cadres SET unit_id = $2, team_id = $3 WHERE id = $1`, [cadres.a, U1, T1]);
    await db.transaction((m) => service.closed(m, { tenantId, occurredAt: new Date().toISOString() }, closed));
    expect(await row(cadres.a)).toMatchObject({ unit_id: U2, team_id: T2 });

    // The move back of a occurred after the close: not in the snapshot. One that occurred before: in it.
    expect(await db.transaction((m) => service.lateRoster(m, after(1_000), cadres.a))).toEqual([]);
    expect(await row(cadres.a)).toMatchObject({ unit_id: U2, team_id: T2 });
    expect(await db.transaction((m) => service.lateRoster(m, before(1_000), cadres.a))).toEqual([closed]);
    expect(await row(cadres.a)).toMatchObject({ unit_id: U1, team_id: T1, verdict: null, task: 100 });
    // An older change than the one taken does not undo it.
    expect(await db.transaction((m) => service.lateRoster(m, before(60_000), cadres.a))).toEqual([]);

    expect(await db.transaction((m) => service.lateVerdict(m, after(1), cadres.b, 'fail'))).toEqual([]);
    expect(await db.transaction((m) => service.lateVerdict(m, before(1), cadres.b, 'fail'))).toEqual([closed]);
    expect(await row(cadres.b)).toMatchObject({ verdict: 'fail' });
    expect(await db.transaction((m) => service.lateTask(m, after(1), cadres.a, 2025, 20))).toEqual([]);
    expect(await db.transaction((m) => service.lateTask(m, before(1), cadres.a, 2024, 20))).toEqual([]);
    expect(await db.transaction((m) => service.lateTask(m, before(1), cadres.a, 2025, 70))).toEqual([closed]);
    expect(await row(cadres.a)).toMatchObject({ task: 70 });

    // Published: nothing enters any more.
    await db.transaction((m) => service.published(m, after(5_000), closed));
    expect(await db.transaction((m) => service.lateVerdict(m, before(1), cadres.a, 'fail'))).toEqual([]);
    expect(await db.transaction((m) => service.lateRoster(m, before(1), cadres.b))).toEqual([]);
  });
});
