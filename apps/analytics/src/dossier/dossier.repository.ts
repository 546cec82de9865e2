import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type {
  CadreDossierView,
  FieldDossierTeamsView,
  Gender,
  Grade,
  PoliticalVerdict,
  RankingExclusion,
  TeamDossierView,
  TeamRole,
} from '@cadre/contracts';

export type DossierCadreRow = Omit<CadreDossierView['cadre'], 'age'>;
export type CadreHistoryRow = Omit<CadreDossierView['history'][number], 'occurredAt'> & { occurredAt: Date };
export type PoliticalFileRow = Omit<NonNullable<CadreDossierView['political']>, 'updatedAt'> & { updatedAt: Date };
export type TaskScoreRow = CadreDossierView['tasks'][number];
export type AppraisalRow = CadreDossierView['appraisals'][number];
export type WartimeSummaryRow = CadreDossierView['wartime'];
export type CadreDemocraticRow = CadreDossierView['democratic'][number];
export type DossierTeamRow = TeamDossierView['team'];
export type TeamDemocraticRow = NonNullable<TeamDossierView['democratic']>;
export type FieldPeerRow = TeamDossierView['peers'][number];

export interface LatestRankingRow {
  cycleId: string;
  cycleName: string;
  composite: number;
  excluded: RankingExclusion | null;
  periodic: number | null;
  democratic: number | null;
  task: number | null;
  wartime: number | null;
  fieldId: string | null;
  verticalRank: number | null;
  verticalN: number | null;
  horizontalRank: number | null;
  horizontalN: number | null;
  x: number | null;
  y: number | null;
}

/** An active member of a team with their latest periodic ranking, latest conclusion and verdict. */
export interface TeamMemberRow {
  cadreId: string;
  name: string;
  gender: Gender;
  birthDate: string;
  position: string;
  teamRole: TeamRole | null;
  education: string | null;
  since: string;
  composite: number | null;
  verticalRank: number | null;
  horizontalRank: number | null;
  horizontalPercentile: number | null;
  excluded: RankingExclusion | null;
  strengths: string | null;
  weaknesses: string | null;
  grade: Grade | null;
  verdict: PoliticalVerdict | null;
}

/** The reads of 一干部一档案 and 一班子一档案; every one names the tenant. */
@Injectable()
export class DossierRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findCadre(tenantId: string, cadreId: string): Promise<DossierCadreRow | null> {
    const [cadre]: DossierCadreRow[] = await this.dataSource.query(
      `SELECT k.id, k.name, k.gender, k.birth_date::text AS "birthDate", k.position, k.education, k.party_member AS "partyMember", k.status, k.team_role AS "teamRole",
              k.since::text AS since, u.id AS "unitId", u.name AS "unitName", t.id AS "teamId", t.name AS "teamName", f.id AS "fieldId", f.name AS "fieldName"
         FROM cadres k JOIN units u ON u.id = k.unit_id LEFT JOIN teams t ON t.id = k.team_id LEFT JOIN fields f ON f.id = u.field_id
        WHERE k.tenant_id = $1 AND k.id = $2`,
      [tenantId, cadreId],
    );
    return cadre ?? null;
  }

  history(tenantId: string, cadreId: string): Promise<CadreHistoryRow[]> {
    return this.dataSource.query(
      `SELECT version_no AS "versionNo", type, occurred_at AS "occurredAt", summary FROM cadre_history WHERE cadre_id = $1 AND tenant_id = $2 ORDER BY version_no`,
      [cadreId, tenantId],
    );
  }

  async politicalFile(tenantId: string, cadreId: string): Promise<PoliticalFileRow | null> {
    const [file]: PoliticalFileRow[] = await this.dataSource.query(
      `SELECT verdict, dimensions, updated_at AS "updatedAt" FROM political WHERE cadre_id = $1 AND tenant_id = $2`,
      [cadreId, tenantId],
    );
    return file ?? null;
  }

  taskScores(tenantId: string, cadreId: string): Promise<TaskScoreRow[]> {
    return this.dataSource.query(
      `SELECT year, completion, signed, overdue FROM task_scores WHERE cadre_id = $1 AND tenant_id = $2 ORDER BY year`,
      [cadreId, tenantId],
    );
  }

  /** The conclusions (切) of every cycle, oldest first. */
  appraisals(tenantId: string, cadreId: string): Promise<AppraisalRow[]> {
    return this.dataSource.query(
      `SELECT c.id AS "cycleId", c.name AS "cycleName", c.year, c.half, a.score, a.grade, a.strengths, a.weaknesses, a.traits, a.suggestion
           FROM apply_results a JOIN cycles c ON c.id = a.cycle_id WHERE a.cadre_id = $1 AND a.tenant_id = $2 ORDER BY c.year, c.half`,
      [cadreId, tenantId],
    );
  }

  /** The wartime records summed up (an aggregate: always one row). */
  async wartimeSummary(tenantId: string, cadreId: string): Promise<WartimeSummaryRow> {
    const [summary]: WartimeSummaryRow[] = await this.dataSource.query(
      `SELECT count(*)::int AS records, count(DISTINCT cycle_id)::int AS events, count(*) FILTER (WHERE performance = 'outstanding')::int AS outstanding,
                count(*) FILTER (WHERE volunteered)::int AS volunteered, coalesce(sum(duty_hours), 0)::float8 AS "dutyHours",
                min(date) FILTER (WHERE volunteered)::text AS "firstVolunteeredOn", round(avg(points)::numeric, 1)::float8 AS spirit
           FROM wartime WHERE cadre_id = $1 AND tenant_id = $2`,
      [cadreId, tenantId],
    );
    return summary;
  }

  /** The democratic results on the cadre, oldest cycle first. */
  cadreDemocratic(tenantId: string, cadreId: string): Promise<CadreDemocraticRow[]> {
    return this.dataSource.query(
      `SELECT c.id AS "cycleId", c.name AS "cycleName", d.campaign_id AS "campaignId", d.direction, d.score, d.ballots, d.excellent_rate AS "excellentRate"
           FROM democratic d JOIN cycles c ON c.id = d.cycle_id WHERE d.target_id = $1 AND d.tenant_id = $2 ORDER BY c.year, c.half`,
      [cadreId, tenantId],
    );
  }

  async findTeam(tenantId: string, teamId: string): Promise<DossierTeamRow | null> {
    const [team]: DossierTeamRow[] = await this.dataSource.query(
      `SELECT t.id, t.name, u.id AS "unitId", u.name AS "unitName", u.kind AS "unitKind", f.id AS "fieldId", f.name AS "fieldName"
         FROM teams t JOIN units u ON u.id = t.unit_id LEFT JOIN fields f ON f.id = u.field_id WHERE t.tenant_id = $1 AND t.id = $2`,
      [tenantId, teamId],
    );
    return team ?? null;
  }

  /** The active members, principal first, then deputies, each group by their vertical rank. */
  teamMembers(tenantId: string, teamId: string): Promise<TeamMemberRow[]> {
    return this.dataSource.query(
      `SELECT k.id AS "cadreId", k.name, k.gender, k.birth_date::text AS "birthDate", k.position, k.team_role AS "teamRole", k.education, k.since::text AS since,
              r.composite, r.vertical_rank AS "verticalRank", r.horizontal_rank AS "horizontalRank", r.horizontal_percentile AS "horizontalPercentile", r.excluded,
              a.strengths, a.weaknesses, a.grade, p.verdict
         FROM cadres k
         LEFT JOIN LATERAL (SELECT r.* FROM cycles c JOIN rankings r ON r.cycle_id = c.id AND r.cadre_id = k.id WHERE c.tenant_id = k.tenant_id AND c.kind = 'periodic' ORDER BY c.year DESC, c.half DESC LIMIT 1) r ON true
         LEFT JOIN LATERAL (SELECT a.* FROM apply_results a JOIN cycles c ON c.id = a.cycle_id WHERE a.cadre_id = k.id ORDER BY c.year DESC, c.half DESC NULLS LAST LIMIT 1) a ON true
         LEFT JOIN political p ON p.cadre_id = k.id
        WHERE k.tenant_id = $1 AND k.team_id = $2 AND k.status = 'active'
        ORDER BY CASE k.team_role WHEN 'principal' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, r.vertical_rank NULLS LAST, k.name`,
      [tenantId, teamId],
    );
  }

  /** The latest democratic result on the team's unit (cooperation and the rest), if any. */
  async latestUnitDemocratic(tenantId: string, unitId: string): Promise<TeamDemocraticRow | null> {
    const [democratic]: TeamDemocraticRow[] = await this.dataSource.query(
      `SELECT d.direction, d.score, d.ballots, d.excellent_rate AS "excellentRate", c.name AS "cycleName"
         FROM democratic d JOIN cycles c ON c.id = d.cycle_id WHERE d.tenant_id = $1 AND d.target_id = $2 ORDER BY c.year DESC, c.half DESC LIMIT 1`,
      [tenantId, unitId],
    );
    return democratic ?? null;
  }

  /**
   * The teams of the field by the mean latest composite of their members; members stopped at the
   * gate are counted only `withGated` (for readers who may learn verdicts).
   */
  fieldPeers(tenantId: string, fieldId: string, withGated: boolean): Promise<FieldPeerRow[]> {
    return this.dataSource.query(
      `WITH latest AS (SELECT DISTINCT ON (r.cadre_id) r.cadre_id, r.team_id, r.composite, r.excluded FROM rankings r JOIN cycles c ON c.id = r.cycle_id
                            WHERE r.tenant_id = $1 AND r.field_id = $2 AND c.kind = 'periodic' ORDER BY r.cadre_id, c.year DESC, c.half DESC)
           SELECT t.id AS "teamId", t.name, round(avg(l.composite)::numeric, 2)::float8 AS "averageComposite", count(*)::int AS members,
                  rank() OVER (ORDER BY avg(l.composite) DESC)::int AS rank
             FROM latest l JOIN teams t ON t.id = l.team_id WHERE $3 OR l.excluded IS NULL GROUP BY t.id, t.name ORDER BY rank`,
      [tenantId, fieldId, withGated],
    );
  }

  /** The problems found in the 问 step, cycle by cycle (oldest first), in the order recorded. */
  problems(tenantId: string, cadreId: string): Promise<CadreDossierView['problems']> {
    return this.dataSource.query(
      `SELECT c.id AS "cycleId", c.name AS "cycleName", p->>'description' AS description, p->>'severity' AS severity, p->>'followUp' AS "followUp"
         FROM ask_problems a JOIN cycles c ON c.id = a.cycle_id AND c.tenant_id = a.tenant_id, jsonb_array_elements(a.problems) WITH ORDINALITY AS e(p, i)
        WHERE a.tenant_id = $1 AND a.cadre_id = $2 ORDER BY c.year, c.half NULLS LAST, c.opens_at, e.i`,
      [tenantId, cadreId],
    );
  }

  responsibilities(tenantId: string, cadreId: string): Promise<CadreDossierView['responsibilities']['items']> {
    return this.dataSource.query(
      `SELECT id, year, duty, target, measures, actual, fulfillment_rate AS "fulfillmentRate", rating
         FROM responsibilities WHERE tenant_id = $1 AND cadre_id = $2 ORDER BY year, duty, id`,
      [tenantId, cadreId],
    );
  }

  /** The wartime file per random cycle (an event), in the order the events began. */
  wartimeByCycle(tenantId: string, cadreId: string): Promise<CadreDossierView['wartimeTrend']['points']> {
    return this.dataSource.query(
      `SELECT c.id AS "cycleId", c.name AS "cycleName", c.topic, min(w.date)::text AS "from", count(*)::int AS records,
              count(*) FILTER (WHERE w.performance = 'outstanding')::int AS outstanding, round(avg(w.points)::numeric, 1)::float8 AS spirit
         FROM wartime w JOIN cycles c ON c.id = w.cycle_id AND c.tenant_id = w.tenant_id
        WHERE w.tenant_id = $1 AND w.cadre_id = $2 GROUP BY c.id, c.name, c.topic ORDER BY min(w.date), c.id`,
      [tenantId, cadreId],
    );
  }

  talks(tenantId: string, cadreId: string): Promise<CadreDossierView['talks']> {
    return this.dataSource.query(
      `SELECT id, held_on::text AS "heldOn", kind, topic FROM talks WHERE tenant_id = $1 AND $2 = ANY (cadre_ids) ORDER BY held_on, id`,
      [tenantId, cadreId],
    );
  }

  /** The awards the cadre won, decided or published (a nominee not chosen has no row). */
  awards(tenantId: string, targetId: string): Promise<CadreDossierView['awards']> {
    return this.dataSource.query(
      `SELECT a.id AS "awardId", a.name, a.kind, w.place, a.status
         FROM award_winners w JOIN awards a ON a.id = w.award_id AND a.tenant_id = w.tenant_id
        WHERE w.tenant_id = $1 AND w.target_id = $2 ORDER BY a.created_at, a.id`,
      [tenantId, targetId],
    );
  }

  /** The cadre's row of the latest closed or published periodic cycle they were ranked in, with its parts. */
  async latestRanking(tenantId: string, cadreId: string): Promise<LatestRankingRow | null> {
    const [row]: LatestRankingRow[] = await this.dataSource.query(
      `SELECT c.id AS "cycleId", c.name AS "cycleName", r.composite, r.excluded, r.periodic, r.democratic, r.task, r.wartime, r.field_id AS "fieldId",
              r.vertical_rank AS "verticalRank", r.vertical_n AS "verticalN", r.horizontal_rank AS "horizontalRank", r.horizontal_n AS "horizontalN",
              r.horizontal_percentile AS x, r.vertical_percentile AS y
         FROM cycles c JOIN rankings r ON r.cycle_id = c.id AND r.cadre_id = $2
        WHERE c.tenant_id = $1 AND c.kind = 'periodic' AND c.status IN ('closed', 'published')
        ORDER BY c.year DESC, c.half DESC NULLS LAST LIMIT 1`,
      [tenantId, cadreId],
    );
    return row ?? null;
  }

  /** The latest closed or published periodic cycle in which anyone of the field was ranked. */
  async latestFieldCycle(tenantId: string, fieldId: string): Promise<string | null> {
    const [row]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT c.id FROM cycles c WHERE c.tenant_id = $1 AND c.kind = 'periodic' AND c.status IN ('closed', 'published')
          AND EXISTS (SELECT 1 FROM rankings r WHERE r.cycle_id = c.id AND r.field_id = $2)
        ORDER BY c.year DESC, c.half DESC NULLS LAST LIMIT 1`,
      [tenantId, fieldId],
    );
    return row?.id ?? null;
  }

  /** The team's 切 per cycle: 班子运行状态, problems and rectification requirement. */
  teamCycles(tenantId: string, teamId: string): Promise<TeamDossierView['cycles']> {
    return this.dataSource.query(
      `SELECT c.id AS "cycleId", c.name AS "cycleName", a.score, a.running_state AS "runningState", a.problems, a.rectification
         FROM team_apply_results a JOIN cycles c ON c.id = a.cycle_id AND c.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 AND a.team_id = $2 ORDER BY c.year, c.half NULLS LAST, c.opens_at`,
      [tenantId, teamId],
    );
  }

  rectifications(tenantId: string, unitId: string): Promise<TeamDossierView['rectifications']> {
    return this.dataSource.query(
      `SELECT id, title, deadline::text AS deadline, state, done_on::text AS "doneOn", late
         FROM rectifications WHERE tenant_id = $1 AND unit_id = $2 ORDER BY deadline, id`,
      [tenantId, unitId],
    );
  }

  /**
   * The team composite per published cycle, with 配合度 when the team ranking carries it (a part
   * read by name from the row, so the report needs no change the day the column appears).
   */
  teamTrend(
    tenantId: string,
    teamId: string,
  ): Promise<Array<TeamDossierView['trend'][number] & { cooperation: number | null }>> {
    return this.dataSource.query(
      `SELECT r.cycle_id AS "cycleId", c.year, c.half, r.composite, r.rank, r.n, (to_jsonb(r) ->> 'cooperation')::float8 AS cooperation
         FROM team_rankings r JOIN cycles c ON c.id = r.cycle_id AND c.tenant_id = r.tenant_id
        WHERE r.tenant_id = $1 AND r.team_id = $2 AND c.status = 'published' AND c.kind = 'periodic'
        ORDER BY c.year, c.half NULLS LAST, c.opens_at`,
      [tenantId, teamId],
    );
  }

  /** 双向考核: every democratic result on the unit, both directions, oldest cycle first. */
  unitDemocratic(tenantId: string, unitId: string): Promise<TeamDossierView['twoWay']> {
    return this.dataSource.query(
      `SELECT c.name AS "cycleName", d.direction, d.score, d.ballots, d.excellent_rate AS "excellentRate"
         FROM democratic d JOIN cycles c ON c.id = d.cycle_id WHERE d.tenant_id = $1 AND d.target_id = $2 ORDER BY c.year, c.half NULLS LAST, d.direction`,
      [tenantId, unitId],
    );
  }

  /** Cadres a version of whose history was in the team and who are no longer active in it: posts they left. */
  vacated(tenantId: string, teamId: string): Promise<TeamDossierView['structure']['vacancies']['vacated']> {
    return this.dataSource.query(
      `SELECT k.id AS "cadreId", k.name, inside.summary->>'position' AS position, left_at.occurred_at::date::text AS "leftOn"
         FROM cadres k
         JOIN LATERAL (SELECT h.version_no, h.summary FROM cadre_history h WHERE h.cadre_id = k.id AND h.summary->>'teamId' = $2::text ORDER BY h.version_no DESC LIMIT 1) inside ON true
         JOIN LATERAL (SELECT h.occurred_at FROM cadre_history h WHERE h.cadre_id = k.id AND h.version_no > inside.version_no ORDER BY h.version_no LIMIT 1) left_at ON true
        WHERE k.tenant_id = $1 AND (k.team_id IS DISTINCT FROM $2::uuid OR k.status <> 'active')
        ORDER BY left_at.occurred_at DESC, k.name`,
      [tenantId, teamId],
    );
  }

  async fieldTeams(tenantId: string, fieldId: string): Promise<FieldDossierTeamsView | null> {
    const [field]: Array<{ id: string; name: string }> = await this.dataSource.query(
      `SELECT id, name FROM fields WHERE tenant_id = $1 AND id = $2`,
      [tenantId, fieldId],
    );
    if (!field) return null;
    const teams: FieldDossierTeamsView['teams'] = await this.dataSource.query(
      `SELECT t.id, t.name, u.name AS "unitName" FROM teams t JOIN units u ON u.id = t.unit_id AND u.tenant_id = t.tenant_id
        WHERE t.tenant_id = $1 AND u.field_id = $2 ORDER BY u.name, t.name, t.id`,
      [tenantId, fieldId],
    );
    return { fieldId: field.id, name: field.name, teams };
  }

  /** How many of the cadres are assigned to the assessor. */
  async countAssigned(tenantId: string, assessorUserId: string, cadreIds: string[]): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(DISTINCT cadre_id)::int AS n FROM assignments WHERE tenant_id = $1 AND assessor_user_id = $2 AND cadre_id = ANY ($3::uuid[])`,
      [tenantId, assessorUserId, cadreIds],
    );
    return n;
  }
}
