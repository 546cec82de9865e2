import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANALYTICS_REQUESTS, hiddenFromLeader, isOfficer, readsPoliticalVerdict, RequestContext } from '@cadre/contracts';
import type { CadreDossierQuery, CadreDossierView, DossierHtml, TeamDossierQuery, TeamDossierView } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { ReaderScope } from '../access/reader-scope';
import { RankingRepository } from '../ranking/ranking.repository';
import { pointsByCadre, trendOf } from '../ranking/trend';
import { ageBand, ageIn, areas, teamMetrics } from '../mechanisms/team-metrics';
import { cadreDossierHtml, teamDossierHtml } from './dossier-html';

/** The most frequent items of a list of texts, e.g. the strengths named over the years. */
function mostNamed(texts: Array<string | null>, n = 5): string[] {
  const counts = new Map<string, number>();
  for (const a of texts.flatMap((t) => areas(t))) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh')).slice(0, n).map(([a]) => a);
}

/**
 * 一干部一档案, 一班子一档案: everything the platform knows of a cadre or a team in one file, as JSON
 * and as a printable Chinese HTML report. Readable by the department and by the assessors assigned
 * to the cadre (for a team: to one of its members); the gateway audits every read.
 */
@Injectable()
export class DossierService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rankings: RankingRepository,
    private readonly scope: ReaderScope,
  ) {}
  async cadre(payload: CadreDossierQuery, ctx: RequestContext): Promise<CadreDossierView | DossierHtml> {
    const [cadre] = await this.dataSource.query(
      `SELECT k.id, k.name, k.gender, k.birth_date::text AS "birthDate", k.position, k.education, k.party_member AS "partyMember", k.status, k.team_role AS "teamRole",
              k.since::text AS since, u.id AS "unitId", u.name AS "unitName", t.id AS "teamId", t.name AS "teamName", f.id AS "fieldId", f.name AS "fieldName"
         FROM cadres k JOIN units u ON u.id = k.unit_id LEFT JOIN teams t ON t.id = k.team_id LEFT JOIN fields f ON f.id = u.field_id
        WHERE k.tenant_id = $1 AND k.id = $2`,
      [ctx.tenantId, payload.cadreId],
    );
    // A leader may read no dossier; one of another unit is still "not found" to them, as an unknown id.
    if (!cadre || hiddenFromLeader(ctx, cadre.unitId)) throw RpcError.notFound('干部');
    await this.mayRead(ctx, [cadre.id]);
    const [history, political, tasks, appraisals, wartime, democratic, points] = await Promise.all([
      this.dataSource.query(`SELECT version_no AS "versionNo", type, occurred_at AS "occurredAt", summary FROM cadre_history WHERE cadre_id = $1 ORDER BY version_no`, [cadre.id]),
      this.dataSource.query(`SELECT verdict, dimensions, updated_at AS "updatedAt" FROM political WHERE cadre_id = $1`, [cadre.id]),
      this.dataSource.query(`SELECT year, completion, signed, overdue FROM task_scores WHERE cadre_id = $1 ORDER BY year`, [cadre.id]),
      this.dataSource.query(
        `SELECT c.id AS "cycleId", c.name AS "cycleName", c.year, c.half, a.score, a.grade, a.strengths, a.weaknesses, a.traits, a.suggestion
           FROM apply_results a JOIN cycles c ON c.id = a.cycle_id WHERE a.cadre_id = $1 ORDER BY c.year, c.half`,
        [cadre.id],
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS records, count(DISTINCT cycle_id)::int AS events, count(*) FILTER (WHERE performance = 'outstanding')::int AS outstanding,
                count(*) FILTER (WHERE volunteered)::int AS volunteered, coalesce(sum(duty_hours), 0)::float8 AS "dutyHours",
                min(date) FILTER (WHERE volunteered)::text AS "firstVolunteeredOn", round(avg(points)::numeric, 1)::float8 AS spirit
           FROM wartime WHERE cadre_id = $1`,
        [cadre.id],
      ),
      this.dataSource.query(
        `SELECT c.id AS "cycleId", c.name AS "cycleName", d.campaign_id AS "campaignId", d.direction, d.score, d.ballots, d.excellent_rate AS "excellentRate"
           FROM democratic d JOIN cycles c ON c.id = d.cycle_id WHERE d.target_id = $1 ORDER BY c.year, c.half`,
        [cadre.id],
      ),
      this.rankings.trendPoints(ctx.tenantId, [cadre.id]),
    ]);
    const dossier = {
      cadre: { ...cadre, age: ageIn(cadre.birthDate, new Date().getUTCFullYear()) },
      history: history.map((h: any) => ({ ...h, occurredAt: h.occurredAt.toISOString() })),
      political: political[0] ? { ...political[0], updatedAt: political[0].updatedAt.toISOString() } : { verdict: 'pass', dimensions: [], updatedAt: null },
      tasks,
      appraisals,
      wartime: wartime[0],
      democratic,
      trend: trendOf(cadre.id, points),
      strengths: mostNamed(appraisals.map((a: { strengths: string }) => a.strengths)),
      weaknesses: mostNamed(appraisals.map((a: { weaknesses: string }) => a.weaknesses)),
      generatedAt: new Date().toISOString(),
    };
    return payload.format === 'html' ? { html: cadreDossierHtml(dossier) } : dossier;
  }
  async team(payload: TeamDossierQuery, ctx: RequestContext): Promise<TeamDossierView | DossierHtml> {
    const [team] = await this.dataSource.query(
      `SELECT t.id, t.name, u.id AS "unitId", u.name AS "unitName", u.kind AS "unitKind", f.id AS "fieldId", f.name AS "fieldName"
         FROM teams t JOIN units u ON u.id = t.unit_id LEFT JOIN fields f ON f.id = u.field_id WHERE t.tenant_id = $1 AND t.id = $2`,
      [ctx.tenantId, payload.teamId],
    );
    if (!team || hiddenFromLeader(ctx, team.unitId)) throw RpcError.notFound('领导班子');
    const members: any[] = await this.dataSource.query(
      `SELECT k.id AS "cadreId", k.name, k.gender, k.birth_date::text AS "birthDate", k.position, k.team_role AS "teamRole", k.education, k.since::text AS since,
              r.composite, r.vertical_rank AS "verticalRank", r.horizontal_rank AS "horizontalRank", r.horizontal_percentile AS "horizontalPercentile", r.excluded,
              a.strengths, a.weaknesses, a.grade, p.verdict
         FROM cadres k
         LEFT JOIN LATERAL (SELECT r.* FROM cycles c JOIN rankings r ON r.cycle_id = c.id AND r.cadre_id = k.id WHERE c.tenant_id = k.tenant_id AND c.kind = 'periodic' ORDER BY c.year DESC, c.half DESC LIMIT 1) r ON true
         LEFT JOIN LATERAL (SELECT a.* FROM apply_results a JOIN cycles c ON c.id = a.cycle_id WHERE a.cadre_id = k.id ORDER BY c.year DESC, c.half DESC NULLS LAST LIMIT 1) a ON true
         LEFT JOIN political p ON p.cadre_id = k.id
        WHERE k.tenant_id = $1 AND k.team_id = $2 AND k.status = 'active'
        ORDER BY CASE k.team_role WHEN 'principal' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, r.vertical_rank NULLS LAST, k.name`,
      [ctx.tenantId, team.id],
    );
    await this.mayRead(ctx, members.map((m) => m.cadreId), true);
    // An assessor reads the team through one member; the verdicts of the members they are not
    // assigned to stay theirs to not know: no issue names it, and a member stopped at the gate reads
    // as one not ranked yet (no composite, no rank, no cycles they were stopped in).
    const assigned = await this.scope.assigned(ctx, members.map((m) => m.cadreId));
    const veiled = new Set(members.filter((m) => !readsPoliticalVerdict(ctx, assigned.has(m.cadreId))).map((m) => m.cadreId));
    for (const m of members.filter((m) => veiled.has(m.cadreId))) {
      m.verdict = null;
      if (m.excluded) Object.assign(m, { excluded: null, composite: null, verticalRank: null, horizontalRank: null, horizontalPercentile: null });
    }
    const year = new Date().getUTCFullYear();
    const open = members.filter((m) => !veiled.has(m.cadreId)).map((m) => m.cadreId);
    const points = [
      ...(open.length ? await this.rankings.trendPoints(ctx.tenantId, open) : []),
      ...(veiled.size ? await this.rankings.trendPoints(ctx.tenantId, [...veiled], undefined, true) : []),
    ];
    const byCadre = pointsByCadre(points);
    const trends = new Map(members.map((m) => [m.cadreId, trendOf(m.cadreId, byCadre.get(m.cadreId) ?? [])]));
    const metrics = teamMetrics(team, members.map((m) => ({ ...m, strengths: areas(m.strengths) })), year);
    const education = new Map<string, number>();
    for (const m of members) education.set(m.education ?? '未填写', (education.get(m.education ?? '未填写') ?? 0) + 1);
    const tenures = members.map((m) => year - Number(String(m.since).slice(0, 4)));
    const [democratic] = await this.dataSource.query(
      `SELECT d.direction, d.score, d.ballots, d.excellent_rate AS "excellentRate", c.name AS "cycleName"
         FROM democratic d JOIN cycles c ON c.id = d.cycle_id WHERE d.tenant_id = $1 AND d.target_id = $2 ORDER BY c.year DESC, c.half DESC LIMIT 1`,
      [ctx.tenantId, team.unitId],
    );
    const peers = team.fieldId
      ? await this.dataSource.query(
          `WITH latest AS (SELECT DISTINCT ON (r.cadre_id) r.cadre_id, r.team_id, r.composite, r.excluded FROM rankings r JOIN cycles c ON c.id = r.cycle_id
                            WHERE r.tenant_id = $1 AND r.field_id = $2 AND c.kind = 'periodic' ORDER BY r.cadre_id, c.year DESC, c.half DESC)
           SELECT t.id AS "teamId", t.name, round(avg(l.composite)::numeric, 2)::float8 AS "averageComposite", count(*)::int AS members,
                  rank() OVER (ORDER BY avg(l.composite) DESC)::int AS rank
             FROM latest l JOIN teams t ON t.id = l.team_id WHERE $3 OR l.excluded IS NULL GROUP BY t.id, t.name ORDER BY rank`,
          // Readers who may not learn verdicts count no member stopped at the gate (a member count above the ranked ones would tell).
          [ctx.tenantId, team.fieldId, isOfficer(ctx)],
        )
      : [];
    const issues = [
      ...members.filter((m) => m.verdict && m.verdict !== 'pass').map((m) => `${m.name}：政治体检${m.verdict === 'fail' ? '未通过' : '需关注'}`),
      ...members.filter((m) => m.grade === 'basically_competent' || m.grade === 'incompetent').map((m) => `${m.name}：最近一次考核为${m.grade === 'incompetent' ? '不称职' : '基本称职'}`),
      ...members.filter((m) => trends.get(m.cadreId)!.warning).map((m) => `${m.name}：排名连续下滑或处于领域末位（“躺平”预警）`),
      ...mostNamed(members.map((m) => m.weaknesses), 3).map((w) => `短板：${w}`),
    ];
    const dossier = {
      team,
      members: members.map((m) => ({
        cadreId: m.cadreId,
        name: m.name,
        position: m.position,
        teamRole: m.teamRole,
        age: ageIn(m.birthDate, year),
        gender: m.gender,
        composite: m.composite,
        verticalRank: m.verticalRank,
        horizontalRank: m.horizontalRank,
        excluded: m.excluded,
        direction: trends.get(m.cadreId)!.direction,
      })),
      structure: {
        ...metrics,
        ageBandOf: Object.fromEntries(members.map((m) => [m.cadreId, ageBand(ageIn(m.birthDate, year))])),
        education: Object.fromEntries(education),
        averageTenureYears: tenures.length ? Math.round((tenures.reduce((s, t) => s + t, 0) / tenures.length) * 10) / 10 : null,
      },
      democratic: democratic ?? null,
      issues,
      peers,
      generatedAt: new Date().toISOString(),
    };
    return payload.format === 'html' ? { html: teamDossierHtml(dossier) } : dossier;
  }

  /** The department, or an assessor assigned to (one of) the cadres. */
  private async mayRead(ctx: RequestContext, cadreIds: string[], anyOf = false): Promise<void> {
    if (isOfficer(ctx)) return;
    if (ctx.roles.includes('assessor') && cadreIds.length > 0) {
      const [{ n }] = await this.dataSource.query(
        `SELECT count(DISTINCT cadre_id)::int AS n FROM assignments WHERE tenant_id = $1 AND assessor_user_id = $2 AND cadre_id = ANY ($3::uuid[])`,
        [ctx.tenantId, ctx.userId, cadreIds],
      );
      if (anyOf ? n > 0 : n === cadreIds.length) return;
    }
    throw new RpcError(403, '干部档案仅限组织部和分配到该干部的考核组成员查阅');
  }
}
