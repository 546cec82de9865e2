import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type {
  CadreDossierView,
  Gender,
  Grade,
  PoliticalVerdict,
  RankingExclusion,
  TeamDossierView,
  TeamRole,
} from '@cadre/contracts';

export type DossierCadreRow = Omit<CadreDossierView['cadre'], 'age'>;
export type CadreHistoryRow = Omit<CadreDossierView['history'][number], 'occurredAt'> & { occurredAt: Date };
export type PoliticalFileRow = Omit<CadreDossierView['political'], 'updatedAt'> & { updatedAt: Date };
export type TaskScoreRow = CadreDossierView['tasks'][number];
export type AppraisalRow = CadreDossierView['appraisals'][number];
export type WartimeSummaryRow = CadreDossierView['wartime'];
export type CadreDemocraticRow = CadreDossierView['democratic'][number];
export type DossierTeamRow = TeamDossierView['team'];
export type TeamDemocraticRow = NonNullable<TeamDossierView['democratic']>;
export type FieldPeerRow = TeamDossierView['peers'][number];

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

  /** How many of the cadres are assigned to the assessor. */
  async countAssigned(tenantId: string, assessorUserId: string, cadreIds: string[]): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(DISTINCT cadre_id)::int AS n FROM assignments WHERE tenant_id = $1 AND assessor_user_id = $2 AND cadre_id = ANY ($3::uuid[])`,
      [tenantId, assessorUserId, cadreIds],
    );
    return n;
  }
}
