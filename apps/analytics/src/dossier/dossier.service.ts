import { Injectable } from '@nestjs/common';
import { hiddenFromLeader, isOfficer, readsPoliticalVerdict, RequestContext } from '@cadre/contracts';
import type {
  CadreDossierQuery,
  CadreDossierView,
  DossierHtml,
  TeamDossierQuery,
  TeamDossierView,
} from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { ReaderScope } from '../access/reader-scope';
import { RankingRepository } from '../ranking/ranking.repository';
import { pointsByCadre, trendOf } from '../ranking/trend';
import { ageBand, ageIn, areas, teamMetrics } from '../mechanisms/team-metrics';
import { cadreDossierHtml, teamDossierHtml } from './dossier-html';
import { DossierRepository } from './dossier.repository';

/** The most frequent items of a list of texts, e.g. the strengths named over the years. */
function mostNamed(texts: Array<string | null>, n = 5): string[] {
  const counts = new Map<string, number>();
  for (const a of texts.flatMap((t) => areas(t))) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'))
    .slice(0, n)
    .map(([a]) => a);
}

/**
 * 一干部一档案, 一班子一档案: everything the platform knows of a cadre or a team in one file, as JSON
 * and as a printable Chinese HTML report. Readable by the department and by the assessors assigned
 * to the cadre (for a team: to one of its members); the gateway audits every read.
 */
@Injectable()
export class DossierService {
  constructor(
    private readonly repository: DossierRepository,
    private readonly rankings: RankingRepository,
    private readonly scope: ReaderScope,
  ) {}

  async cadre(ctx: RequestContext, payload: CadreDossierQuery): Promise<CadreDossierView | DossierHtml> {
    const cadre = await this.repository.findCadre(ctx.tenantId, payload.cadreId);
    // A leader may read no dossier; one of another unit is still "not found" to them, as an unknown id.
    if (!cadre || hiddenFromLeader(ctx, cadre.unitId)) throw RpcError.notFound('干部');
    await this.mayRead(ctx, [cadre.id]);
    const [history, political, tasks, appraisals, wartime, democratic, points] = await Promise.all([
      this.repository.history(ctx.tenantId, cadre.id),
      this.repository.politicalFile(ctx.tenantId, cadre.id),
      this.repository.taskScores(ctx.tenantId, cadre.id),
      this.repository.appraisals(ctx.tenantId, cadre.id),
      this.repository.wartimeSummary(ctx.tenantId, cadre.id),
      this.repository.cadreDemocratic(ctx.tenantId, cadre.id),
      this.rankings.trendPoints(ctx.tenantId, [cadre.id]),
    ]);
    const dossier = {
      cadre: { ...cadre, age: ageIn(cadre.birthDate, new Date().getUTCFullYear()) },
      history: history.map((h) => ({ ...h, occurredAt: h.occurredAt.toISOString() })),
      political: political
        ? { ...political, updatedAt: political.updatedAt.toISOString() }
        : { verdict: 'pass' as const, dimensions: [], updatedAt: null },
      tasks,
      appraisals,
      wartime,
      democratic,
      trend: trendOf(cadre.id, points),
      strengths: mostNamed(appraisals.map((a) => a.strengths)),
      weaknesses: mostNamed(appraisals.map((a) => a.weaknesses)),
      generatedAt: new Date().toISOString(),
    };
    return payload.format === 'html' ? { html: cadreDossierHtml(dossier) } : dossier;
  }

  async team(ctx: RequestContext, payload: TeamDossierQuery): Promise<TeamDossierView | DossierHtml> {
    const team = await this.repository.findTeam(ctx.tenantId, payload.teamId);
    if (!team || hiddenFromLeader(ctx, team.unitId)) throw RpcError.notFound('领导班子');
    const members = await this.repository.teamMembers(ctx.tenantId, team.id);
    await this.mayRead(
      ctx,
      members.map((m) => m.cadreId),
      true,
    );
    // An assessor reads the team through one member; the verdicts of the members they are not
    // assigned to stay theirs to not know: no issue names it, and a member stopped at the gate reads
    // as one not ranked yet (no composite, no rank, no cycles they were stopped in).
    const assigned = await this.scope.assigned(
      ctx,
      members.map((m) => m.cadreId),
    );
    const veiled = new Set(
      members.filter((m) => !readsPoliticalVerdict(ctx, assigned.has(m.cadreId))).map((m) => m.cadreId),
    );
    for (const m of members.filter((m) => veiled.has(m.cadreId))) {
      m.verdict = null;
      if (m.excluded)
        Object.assign(m, {
          excluded: null,
          composite: null,
          verticalRank: null,
          horizontalRank: null,
          horizontalPercentile: null,
        });
    }
    const year = new Date().getUTCFullYear();
    const open = members.filter((m) => !veiled.has(m.cadreId)).map((m) => m.cadreId);
    const points = [
      ...(open.length ? await this.rankings.trendPoints(ctx.tenantId, open) : []),
      ...(veiled.size ? await this.rankings.trendPoints(ctx.tenantId, [...veiled], undefined, true) : []),
    ];
    const byCadre = pointsByCadre(points);
    const trends = new Map(members.map((m) => [m.cadreId, trendOf(m.cadreId, byCadre.get(m.cadreId) ?? [])]));
    const metrics = teamMetrics(
      team,
      members.map((m) => ({ ...m, strengths: areas(m.strengths) })),
      year,
    );
    const education = new Map<string, number>();
    for (const m of members) education.set(m.education ?? '未填写', (education.get(m.education ?? '未填写') ?? 0) + 1);
    const tenures = members.map((m) => year - Number(String(m.since).slice(0, 4)));
    const democratic = await this.repository.latestUnitDemocratic(ctx.tenantId, team.unitId);
    // Readers who may not learn verdicts count no member stopped at the gate (a member count above the ranked ones would tell).
    const peers = team.fieldId ? await this.repository.fieldPeers(ctx.tenantId, team.fieldId, isOfficer(ctx)) : [];
    const issues = [
      ...members
        .filter((m) => m.verdict && m.verdict !== 'pass')
        .map((m) => `${m.name}：政治体检${m.verdict === 'fail' ? '未通过' : '需关注'}`),
      ...members
        .filter((m) => m.grade === 'basically_competent' || m.grade === 'incompetent')
        .map((m) => `${m.name}：最近一次考核为${m.grade === 'incompetent' ? '不称职' : '基本称职'}`),
      ...members
        .filter((m) => trends.get(m.cadreId)!.warning)
        .map((m) => `${m.name}：排名连续下滑或处于领域末位（“躺平”预警）`),
      ...mostNamed(
        members.map((m) => m.weaknesses),
        3,
      ).map((w) => `短板：${w}`),
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
        averageTenureYears: tenures.length
          ? Math.round((tenures.reduce((s, t) => s + t, 0) / tenures.length) * 10) / 10
          : null,
      },
      democratic,
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
      const n = await this.repository.countAssigned(ctx.tenantId, ctx.userId, cadreIds);
      if (anyOf ? n > 0 : n === cadreIds.length) return;
    }
    throw new RpcError(403, '干部档案仅限组织部和分配到该干部的考核组成员查阅');
  }
}
