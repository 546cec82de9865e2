import { Injectable, Logger } from '@nestjs/common';
import {
  hiddenFromLeader,
  isOfficer,
  readsPoliticalVerdict,
  RequestContext,
  REVIEW_GATEWAY_REQUESTS,
} from '@cadre/contracts';
import type {
  CadreDossierQuery,
  CadreDossierView,
  DossierHtml,
  FieldDossierTeamsQuery,
  FieldDossierTeamsView,
  TeamDossierQuery,
  TeamDossierView,
} from '@cadre/contracts';
import { RpcError, ServiceClient } from '@cadre/messaging';
import { ReaderScope, visibleRows } from '../access/reader-scope';
import { RankingRepository } from '../ranking/ranking.repository';
import { quadrantOf } from '../ranking/ranking-rules';
import { pointsByCadre, trendOf } from '../ranking/trend';
import { ageBand, ageIn, areas, teamMetrics } from '../mechanisms/team-metrics';
import { cadreDossierHtml, teamDossierHtml } from './dossier-html';
import { areasOf, cadreSummary, counted, meanRate, teamSummary, wartimeDirection, youngOf } from './dossier-rules';
import { DossierRepository } from './dossier.repository';
import { YoungAgeLimit } from './young-age-limit';

/** Today as YYYY-MM-DD in Beijing, where the reference tenants are: ages are counted on it. */
function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

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
  private readonly logger = new Logger('Dossier');

  constructor(
    private readonly repository: DossierRepository,
    private readonly rankings: RankingRepository,
    private readonly scope: ReaderScope,
    private readonly youngAgeLimit: YoungAgeLimit,
    private readonly rpc: ServiceClient,
  ) {}

  /**
   * 含金量 of the unit in its latest cycle rated from below, asked of two-way review so that the
   * dossier and the two-way view say the same (the bottom quarter is among all the cycle's units). The
   * department only, as the two-way view; review or checklists away leaves it out, not the dossier.
   */
  private async worthOf(ctx: RequestContext, unitId: string): Promise<TeamDossierView['worth']> {
    if (!isOfficer(ctx)) return null;
    const cycle = await this.repository.latestBottomUpCycle(ctx.tenantId, unitId);
    if (!cycle) return null;
    const { idempotencyKey: _key, ...context } = ctx;
    try {
      const page = await this.rpc.request(
        REVIEW_GATEWAY_REQUESTS.twoWay,
        { cycleId: cycle.cycleId, unitId, limit: 1 },
        context,
      );
      const worth = page.items[0]?.worth;
      return worth ? { ...cycle, ...worth } : null;
    } catch (err) {
      this.logger.warn(`含金量 of unit ${unitId} left out of its team dossier: ${(err as Error).message}`);
      return null;
    }
  }

  /**
   * The unit's rectification items: the department reads them as review holds them (every state, the
   * open ones too); other readers, or review away, get those analytics learned from their events.
   */
  private async rectificationsOf(ctx: RequestContext, unitId: string): Promise<TeamDossierView['rectifications']> {
    if (isOfficer(ctx)) {
      const { idempotencyKey: _key, ...context } = ctx;
      try {
        const items: TeamDossierView['rectifications'] = [];
        let cursor: string | undefined;
        do {
          const page = await this.rpc.request(
            REVIEW_GATEWAY_REQUESTS.listRectifications,
            { unitId, limit: 200, ...(cursor ? { cursor } : {}) },
            context,
          );
          for (const r of page.items)
            items.push({
              id: r.id,
              title: r.title,
              deadline: r.deadline,
              state: r.status === 'done' ? 'done' : r.overdue ? 'overdue' : r.status,
              doneOn: r.doneOn,
              late: r.status === 'done' ? r.overdueOn !== null : null,
            });
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return items.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id));
      } catch (err) {
        this.logger.warn(`rectification items of unit ${unitId} from its events only: ${(err as Error).message}`);
      }
    }
    return this.repository.rectifications(ctx.tenantId, unitId);
  }

  async cadre(ctx: RequestContext, payload: CadreDossierQuery): Promise<CadreDossierView | DossierHtml> {
    const dossier = await this.cadreView(ctx, payload.cadreId);
    return payload.format === 'html' ? { html: cadreDossierHtml(dossier) } : dossier;
  }

  private async cadreView(ctx: RequestContext, cadreId: string): Promise<CadreDossierView> {
    const cadre = await this.repository.findCadre(ctx.tenantId, cadreId);
    // A leader may read no dossier; one of another unit is still "not found" to them, as an unknown id.
    if (!cadre || hiddenFromLeader(ctx, cadre.unitId)) throw RpcError.notFound('干部');
    await this.mayRead(ctx, [cadre.id]);
    const assigned = await this.scope.assigned(ctx, [cadre.id]);
    const readsVerdict = readsPoliticalVerdict(ctx, assigned.has(cadre.id));
    const [history, political, tasks, appraisals, wartime, democratic, points] = await Promise.all([
      this.repository.history(ctx.tenantId, cadre.id),
      this.repository.politicalFile(ctx.tenantId, cadre.id),
      this.repository.taskScores(ctx.tenantId, cadre.id),
      this.repository.appraisals(ctx.tenantId, cadre.id),
      this.repository.wartimeSummary(ctx.tenantId, cadre.id),
      this.repository.cadreDemocratic(ctx.tenantId, cadre.id),
      this.rankings.trendPoints(ctx.tenantId, [cadre.id], undefined, !readsVerdict),
    ]);
    const [problems, duties, wartimeByCycle, talks, awards, latest] = await Promise.all([
      this.repository.problems(ctx.tenantId, cadre.id),
      this.repository.responsibilities(ctx.tenantId, cadre.id),
      this.repository.wartimeByCycle(ctx.tenantId, cadre.id),
      this.repository.talks(ctx.tenantId, cadre.id),
      this.repository.awards(ctx.tenantId, cadre.id),
      this.repository.latestRanking(ctx.tenantId, cadre.id),
    ]);
    const trend = trendOf(cadre.id, points);
    const verdict = readsVerdict ? (political?.verdict ?? 'pass') : null;
    // A cadre stopped at the gate stands nowhere, and to a reader who may not learn why, nowhere at all.
    const ranked = latest && !latest.excluded ? latest : null;
    const position = ranked && {
      cycleId: ranked.cycleId,
      cycleName: ranked.cycleName,
      composite: ranked.composite,
      verticalRank: ranked.verticalRank,
      verticalN: ranked.verticalN,
      horizontalRank: ranked.horizontalRank,
      horizontalN: ranked.horizontalN,
      x: ranked.x,
      y: ranked.y,
      quadrant: ranked.x !== null && ranked.y !== null ? quadrantOf(ranked.x, ranked.y) : null,
    };
    const map = await this.fieldMap(ctx, ranked?.fieldId ?? cadre.fieldId, ranked?.cycleId, new Set([cadre.id]));
    const traits = counted(appraisals.map((a) => a.traits ?? []));
    const areaCounts = areasOf(appraisals);
    const responsibilityRate = meanRate(duties.map((r) => r.fulfillmentRate));
    const wartimeTrend = {
      points: wartimeByCycle,
      direction: wartimeDirection(wartimeByCycle.map((w) => w.spirit)),
    };
    const summary = cadreSummary({
      name: cadre.name,
      teamName: cadre.teamName,
      fieldName: cadre.fieldName,
      position,
      composites: trend.points.map((p) => p.composite).filter((c): c is number => c !== null),
      parts: ranked
        ? { periodic: ranked.periodic, democratic: ranked.democratic, task: ranked.task, wartime: ranked.wartime }
        : {},
      traits,
      strengths: areaCounts.strengths.map((a) => a.name),
      weaknesses: areaCounts.weaknesses.map((a) => a.name),
      problems,
      responsibilityRate,
      wartime: { events: wartime.events, direction: wartimeTrend.direction },
      warning: trend.warning,
      verdict: verdict && (latest?.excluded === 'political_gate' ? 'fail' : verdict),
    });
    return {
      cadre: { ...cadre, age: ageIn(cadre.birthDate, new Date().getUTCFullYear()) },
      history: history.map((h) => ({ ...h, occurredAt: h.occurredAt.toISOString() })),
      political: !readsVerdict
        ? null
        : political
          ? { ...political, updatedAt: political.updatedAt.toISOString() }
          : { verdict: 'pass' as const, dimensions: [], updatedAt: null },
      tasks,
      appraisals,
      wartime,
      democratic,
      trend,
      strengths: mostNamed(appraisals.map((a) => a.strengths)),
      weaknesses: mostNamed(appraisals.map((a) => a.weaknesses)),
      traits,
      areas: areaCounts,
      problems,
      responsibilities: { items: duties, fulfillmentRate: responsibilityRate },
      wartimeTrend,
      talks,
      awards,
      position,
      map,
      summary,
      generatedAt: new Date().toISOString(),
    };
  }

  /**
   * The coordinate map of the field in a cycle (the latest ranked one when not given), as the reader
   * may see it (visibleRows: their reach, nobody stopped at the gate), the dossier's cadres marked.
   */
  private async fieldMap(
    ctx: RequestContext,
    fieldId: string | null,
    cycleId: string | null | undefined,
    marked: ReadonlySet<string>,
  ) {
    if (!fieldId) return [];
    const cycle = cycleId ?? (await this.repository.latestFieldCycle(ctx.tenantId, fieldId));
    if (!cycle) return [];
    const rows = (await this.rankings.coordinates(ctx.tenantId, cycle)).filter((r) => r.fieldId === fieldId);
    return visibleRows(ctx, rows, await this.scope.assigned(ctx)).map((r) => ({
      cadreId: r.cadreId,
      name: r.name,
      x: r.x,
      y: r.y,
      marked: marked.has(r.cadreId),
    }));
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
    const [democratic, cycles, rectifications, teamTrend, twoWay, vacated, limit, worth] = await Promise.all([
      this.repository.latestUnitDemocratic(ctx.tenantId, team.unitId),
      this.repository.teamCycles(ctx.tenantId, team.id),
      this.rectificationsOf(ctx, team.unitId),
      this.repository.teamTrend(ctx.tenantId, team.id),
      this.repository.unitDemocratic(ctx.tenantId, team.unitId),
      this.repository.vacated(ctx.tenantId, team.id),
      this.youngAgeLimit.of(ctx),
      this.worthOf(ctx, team.unitId),
    ]);
    const young = youngOf(members, limit, today());
    const head = members.find((m) => m.teamRole === 'principal');
    const principal = head ? { cadreId: head.cadreId, name: head.name, position: head.position } : null;
    const cooperation = teamTrend[teamTrend.length - 1]?.cooperation ?? null;
    const map = await this.fieldMap(ctx, team.fieldId, undefined, new Set(members.map((m) => m.cadreId)));
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
        youngAgeLimit: limit,
        ...young,
        gender: { male: members.length - metrics.female, female: metrics.female },
        principal,
        vacancies: { principal: !principal, vacated },
      },
      democratic,
      issues,
      peers,
      cycles,
      rectifications,
      trend: teamTrend.map(({ cooperation: _c, ...p }) => p),
      twoWay,
      cooperation,
      worth,
      map,
      summary: teamSummary({
        name: team.name,
        fieldName: team.fieldName,
        members: members.length,
        averageAge: metrics.averageAge,
        female: metrics.female,
        youngAgeLimit: limit,
        ...young,
        principal,
        runningStates: cycles,
        trend: teamTrend,
        rectifications,
        cooperation,
        worth,
        quadrants: map.filter((p) => p.marked).map((p) => quadrantOf(p.x, p.y)),
      }),
      generatedAt: new Date().toISOString(),
    };
    if (payload.format !== 'html') return dossier;
    // members=true: the team and then each member the reader may read on their own, in one report.
    const readable = payload.members
      ? isOfficer(ctx)
        ? members.map((m) => m.cadreId)
        : members.map((m) => m.cadreId).filter((id) => assigned.has(id))
      : [];
    const memberDossiers: CadreDossierView[] = [];
    for (const id of readable) memberDossiers.push(await this.cadreView(ctx, id));
    return { html: teamDossierHtml(dossier, memberDossiers) };
  }

  /** The teams of a field for the department's archive of dossiers; the department's only. */
  async fieldTeams(ctx: RequestContext, payload: FieldDossierTeamsQuery): Promise<FieldDossierTeamsView> {
    if (!isOfficer(ctx)) throw new RpcError(403, '领域档案归档仅限组织部');
    const field = await this.repository.fieldTeams(ctx.tenantId, payload.fieldId);
    if (!field) throw RpcError.notFound('领域');
    return field;
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
