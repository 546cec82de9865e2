import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type {
  AdjustmentBatchesView,
  AdjustmentBatchInput,
  AdjustmentBatchView,
  ByCycle,
  RecordedTalkView,
  SandboxCommand,
  SandboxView,
  SelectionTag,
  SelectionView,
  TalkInput,
  TalksQuery,
  TalkView,
  Grade,
  RankingExclusion,
  UnderperformerReason,
  UnderperformersView,
} from '@cadre/contracts';
import { requireOfficer, RpcError } from '@cadre/messaging';
import { RankingRepository } from '../ranking/ranking.repository';
import { RankingService } from '../ranking/ranking.service';
import { BOTTOM_DECILE, FALLING_CYCLES_WARNING, pointsByCadre, trendOf } from '../ranking/trend';
import { ageIn, areas, Member, teamMetrics, YOUNG_AGE } from './team-metrics';

/** Selection candidates: the top fifth of the field (横向 percentile ≥ 80), politically clean. */
export const SELECTION_PERCENTILE = 80;

/**
 * "Distinguished in wartime" (战时表现突出): an outstanding record, or a volunteered one rated good or
 * better. The SQL predicate over the `wartime` projection, aliased w.
 */
const DISTINGUISHED = `(w.performance = 'outstanding' OR (w.volunteered AND w.performance = 'good'))`;

const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);

/**
 * The three mechanisms that use the results: selection (考用结合) with adjustment batches and their
 * statistics, follow-up (考管联动) with the under-performer list and recorded talks, and the team
 * sandbox (选配沙盘) that compares teams before and after hypothetical moves without changing anything.
 */
@Injectable()
export class MechanismsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rankings: RankingService,
    private readonly rankingRepository: RankingRepository,
  ) {}
  async candidates(payload: ByCycle, ctx: RequestContext): Promise<SelectionView> {
    requireOfficer(ctx, '查看选拔任用人选');
    const cycle = await this.rankings.requireCycle(ctx.tenantId, payload.cycleId);
    const rows: Array<{ cadreId: string; name: string; gender: string; birthDate: string; composite: number; horizontalPercentile: number; verticalRank: number | null; grade: string | null; distinguished: boolean }> =
      await this.dataSource.query(
        `SELECT r.cadre_id AS "cadreId", k.name, k.gender, k.birth_date::text AS "birthDate", r.composite, r.horizontal_percentile AS "horizontalPercentile",
                r.vertical_rank AS "verticalRank", a.grade,
                EXISTS (SELECT 1 FROM wartime w WHERE w.cadre_id = r.cadre_id AND ${DISTINGUISHED}) AS distinguished
           FROM rankings r JOIN cadres k ON k.id = r.cadre_id
           LEFT JOIN apply_results a ON a.cycle_id = r.cycle_id AND a.cadre_id = r.cadre_id
           LEFT JOIN political p ON p.cadre_id = r.cadre_id
          WHERE r.tenant_id = $1 AND r.cycle_id = $2 AND r.excluded IS NULL AND coalesce(p.verdict, 'pass') = 'pass'
            AND r.horizontal_percentile >= $3
          ORDER BY r.horizontal_percentile DESC, r.composite DESC, k.name`,
        [ctx.tenantId, cycle.id, SELECTION_PERCENTILE],
      );
    const items = rows.map((r) => {
      const tags: SelectionTag[] = [];
      if (ageIn(r.birthDate, cycle.year) < YOUNG_AGE) tags.push('young');
      if (r.gender === 'female') tags.push('female');
      if (r.distinguished) tags.push('wartime_distinguished');
      if (r.grade === 'excellent') tags.push('excellent');
      return { cadreId: r.cadreId, name: r.name, composite: r.composite, horizontalPercentile: r.horizontalPercentile, verticalRank: r.verticalRank, tags };
    });
    const count = (tag: SelectionTag) => items.filter((i) => i.tags.includes(tag)).length;
    return {
      cycleId: cycle.id,
      rule: `横向排名前 ${100 - SELECTION_PERCENTILE}%、政治体检通过`,
      items,
      stats: { candidates: items.length, youngShare: share(count('young'), items.length), femaleShare: share(count('female'), items.length), wartimeDistinguishedShare: share(count('wartime_distinguished'), items.length) },
    };
  }
  async addBatch(payload: AdjustmentBatchInput, ctx: RequestContext): Promise<AdjustmentBatchView> {
    requireOfficer(ctx, '记录干部调整批次');
    const cadreIds = [...new Set(payload.cadreIds)];
    const known: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM cadres WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [ctx.tenantId, cadreIds]);
    const unknown = cadreIds.filter((id) => !known.some((k) => k.id === id));
    if (unknown.length) throw RpcError.rule('调整名单中有不存在的干部', unknown.map((id) => ({ field: `cadreIds.${payload.cadreIds.indexOf(id)}`, message: `干部 ${id} 不存在` })));
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO adjustment_batches (id, tenant_id, name, decided_on, cadre_ids, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      id,
      ctx.tenantId,
      payload.name,
      payload.decidedOn,
      cadreIds,
      payload.note ?? null,
      ctx.username,
    ]);
    return (await this.batches({}, ctx)).items.find((b) => b.id === id)!;
  }

  /** The batches and what they add up to, e.g. "8 批次, 130 名干部, 年轻干部 22%, 战时表现突出 64%". */
  async batches(_payload: unknown, ctx: RequestContext): Promise<AdjustmentBatchesView> {
    requireOfficer(ctx, '查看干部调整批次');
    const year = new Date().getUTCFullYear();
    const items: Array<{ id: string; name: string; decidedOn: string; cadres: number; young: number; distinguished: number; note: string | null }> = await this.dataSource.query(
      `SELECT b.id, b.name, b.decided_on::text AS "decidedOn", b.note, cardinality(b.cadre_ids) AS cadres,
              (SELECT count(*)::int FROM cadres k WHERE k.id = ANY (b.cadre_ids) AND $2 - extract(year FROM k.birth_date) < $3) AS young,
              (SELECT count(DISTINCT w.cadre_id)::int FROM wartime w WHERE w.cadre_id = ANY (b.cadre_ids) AND ${DISTINGUISHED}) AS distinguished
         FROM adjustment_batches b WHERE b.tenant_id = $1 ORDER BY b.decided_on, b.created_at`,
      [ctx.tenantId, year, YOUNG_AGE],
    );
    const [all] = await this.dataSource.query(
      `WITH moved AS (SELECT DISTINCT unnest(cadre_ids) AS id FROM adjustment_batches WHERE tenant_id = $1)
       SELECT count(*)::int AS cadres,
              count(*) FILTER (WHERE $2 - extract(year FROM k.birth_date) < $3)::int AS young,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM wartime w WHERE w.cadre_id = moved.id AND ${DISTINGUISHED}))::int AS distinguished
         FROM moved JOIN cadres k ON k.id = moved.id`,
      [ctx.tenantId, year, YOUNG_AGE],
    );
    return {
      items,
      stats: { batches: items.length, cadres: all.cadres, youngShare: share(all.young, all.cadres), wartimeDistinguishedShare: share(all.distinguished, all.cadres) },
    };
  }

  /**
   * 考管联动: the cadres of a cycle who need a talk — outside the political gate, in the bottom decile
   * of their field, falling two cycles or more, or concluded 基本称职/不称职 — and whether one was held.
   */
  async underperformers(payload: ByCycle, ctx: RequestContext): Promise<UnderperformersView> {
    requireOfficer(ctx, '查看需要谈话提醒的干部');
    const cycle = await this.rankings.requireCycle(ctx.tenantId, payload.cycleId);
    const rows: Array<{ cadreId: string; name: string; teamId: string | null; composite: number; horizontalPercentile: number | null; excluded: RankingExclusion | null; grade: Grade | null; talked: boolean }> =
      await this.dataSource.query(
        `SELECT r.cadre_id AS "cadreId", k.name, r.team_id AS "teamId", r.composite, r.horizontal_percentile AS "horizontalPercentile", r.excluded, a.grade,
                EXISTS (SELECT 1 FROM talks t WHERE t.tenant_id = r.tenant_id AND r.cadre_id = ANY (t.cadre_ids) AND (t.cycle_id = r.cycle_id OR t.held_on >= c.closes_at::date)) AS talked
           FROM rankings r JOIN cadres k ON k.id = r.cadre_id JOIN cycles c ON c.id = r.cycle_id
           LEFT JOIN apply_results a ON a.cycle_id = r.cycle_id AND a.cadre_id = r.cadre_id
          WHERE r.tenant_id = $1 AND r.cycle_id = $2`,
        [ctx.tenantId, cycle.id],
      );
    const points = await this.rankingRepository.trendPoints(ctx.tenantId, rows.map((r) => r.cadreId), { year: cycle.year, half: cycle.half });
    const byCadre = pointsByCadre(points);
    const items = rows
      .map((r) => {
        const trend = trendOf(r.cadreId, byCadre.get(r.cadreId) ?? []);
        const reasons: UnderperformerReason[] = [];
        if (r.excluded) reasons.push('political_gate');
        if (r.horizontalPercentile !== null && r.horizontalPercentile <= BOTTOM_DECILE) reasons.push('bottom_decile');
        if ((trend.warning?.fallingCycles ?? 0) >= FALLING_CYCLES_WARNING) reasons.push('falling');
        if (r.grade === 'basically_competent' || r.grade === 'incompetent') reasons.push(`grade_${r.grade}`);
        return { ...r, fallingCycles: trend.warning?.fallingCycles ?? 0, reasons };
      })
      .filter((r) => r.reasons.length > 0)
      .sort((a, b) => b.reasons.length - a.reasons.length || a.composite - b.composite);
    return { cycleId: cycle.id, items };
  }
  async addTalk(payload: TalkInput, ctx: RequestContext): Promise<RecordedTalkView> {
    requireOfficer(ctx, '记录谈话');
    const cadreIds = [...new Set(payload.cadreIds)];
    const known = new Set((await this.dataSource.query(`SELECT id FROM cadres WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [ctx.tenantId, cadreIds])).map((r: { id: string }) => r.id));
    // Each id of the body by its place, and the cycle too: another tenant's id is a bad field (422), not a missing page.
    const unknown = payload.cadreIds.flatMap((id, i) => (known.has(id) ? [] : [{ field: `cadreIds.${i}`, message: `干部 ${id} 不存在` }]));
    if (payload.cycleId && !(await this.rankingRepository.findCycle(ctx.tenantId, payload.cycleId))) unknown.push({ field: 'cycleId', message: '考核周期不存在' });
    if (unknown.length) throw RpcError.rule('谈话对象或考核周期不存在', unknown);
    if (payload.kind === 'individual' && cadreIds.length !== 1) throw new RpcError(400, '个别谈话只能有一名谈话对象', [{ field: 'cadreIds', message: '个别谈话只能有一人' }]);
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO talks (id, tenant_id, held_on, kind, topic, cadre_ids, notes, cycle_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
      id,
      ctx.tenantId,
      payload.heldOn,
      payload.kind,
      payload.topic,
      cadreIds,
      payload.notes ?? null,
      payload.cycleId ?? null,
      ctx.username,
    ]);
    return { id, ...payload, cadreIds };
  }
  async talks(payload: TalksQuery, ctx: RequestContext): Promise<{ items: TalkView[] }> {
    requireOfficer(ctx, '查看谈话记录');
    const items = await this.dataSource.query(
      `SELECT id, held_on::text AS "heldOn", kind, topic, cadre_ids AS "cadreIds", notes, cycle_id AS "cycleId", created_by AS "createdBy"
         FROM talks WHERE tenant_id = $1 AND ($2::uuid IS NULL OR $2 = ANY (cadre_ids)) ORDER BY held_on DESC, created_at DESC`,
      [ctx.tenantId, payload.cadreId ?? null],
    );
    return { items };
  }

  /** 选配沙盘: the teams touched by the moves, before and after. Nothing real changes. */
  async sandbox(payload: SandboxCommand, ctx: RequestContext): Promise<SandboxView> {
    requireOfficer(ctx, '使用选配沙盘');
    const cadreIds = [...new Set(payload.moves.map((m) => m.cadreId))];
    const teamIds = [...new Set(payload.moves.map((m) => m.toTeamId))];
    const moved: Array<{ id: string; teamId: string | null }> = await this.dataSource.query(`SELECT id, team_id AS "teamId" FROM cadres WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [ctx.tenantId, cadreIds]);
    const teams: Array<{ id: string; name: string }> = await this.dataSource.query(`SELECT id, name FROM teams WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [
      ctx.tenantId,
      [...new Set([...teamIds, ...moved.map((m) => m.teamId).filter((t): t is string => !!t)])],
    ]);
    const errors = payload.moves.flatMap((m, i) => [
      ...(moved.some((c) => c.id === m.cadreId) ? [] : [{ field: `moves[${i}].cadreId`, message: '干部不存在' }]),
      ...(teams.some((t) => t.id === m.toTeamId) ? [] : [{ field: `moves[${i}].toTeamId`, message: '班子不存在' }]),
    ]);
    if (errors.length) throw RpcError.rule('沙盘调整中有不存在的干部或班子', errors);
    const members: Array<Member & { teamId: string }> = await this.dataSource.query(
      `SELECT k.id AS "cadreId", k.name, k.birth_date::text AS "birthDate", k.gender, k.team_id AS "teamId",
              (SELECT r.composite FROM cycles c JOIN rankings r ON r.cycle_id = c.id AND r.cadre_id = k.id WHERE c.tenant_id = k.tenant_id AND c.kind = 'periodic' ORDER BY c.year DESC, c.half DESC LIMIT 1) AS composite,
              (SELECT a.strengths FROM apply_results a JOIN cycles c ON c.id = a.cycle_id WHERE a.cadre_id = k.id ORDER BY c.year DESC, c.half DESC NULLS LAST LIMIT 1) AS strengths
         FROM cadres k WHERE k.tenant_id = $1 AND k.status = 'active' AND (k.team_id = ANY ($2::uuid[]) OR k.id = ANY ($3::uuid[]))`,
      [ctx.tenantId, teams.map((t) => t.id), cadreIds],
    );
    for (const m of members) m.strengths = areas(m.strengths as unknown as string);
    const year = new Date().getUTCFullYear();
    const metrics = (placement: Map<string, string | null>) =>
      teams.map((t) => teamMetrics(t, members.filter((m) => placement.get(m.cadreId) === t.id), year));
    const now = new Map(members.map((m) => [m.cadreId, m.teamId]));
    const after = new Map(now);
    for (const move of payload.moves) after.set(move.cadreId, move.toTeamId);
    return { before: metrics(now), after: metrics(after) };
  }
}
