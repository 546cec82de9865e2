import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  ProblemFoundV1,
  RectificationDoneV1,
  RectificationOverdueV1,
  ResponsibilityUpdatedV1,
} from '@cadre/contracts';

/** Writes of the dossier's own projections (DossierSources migration), each in the handler's transaction. */
@Injectable()
export class DossierSourcesRepository {
  /** The 问 step's problems as recorded last (a step recorded again replaces them). */
  async upsertAskProblems(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    cadreId: string,
    problems: ProblemFoundV1[],
  ): Promise<void> {
    await m.query(
      `INSERT INTO ask_problems (tenant_id, cycle_id, cadre_id, problems) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cycle_id, cadre_id) DO UPDATE SET problems = EXCLUDED.problems WHERE ask_problems.tenant_id = EXCLUDED.tenant_id`,
      [tenantId, cycleId, cadreId, JSON.stringify(problems)],
    );
  }

  /** The duty as the event tells it; an older event redelivered after a newer one changes nothing. */
  async upsertResponsibility(
    m: EntityManager,
    tenantId: string,
    r: ResponsibilityUpdatedV1,
    occurredAt: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO responsibilities (id, tenant_id, cadre_id, year, duty, target, measures, actual, fulfillment_rate, fulfillments, rating, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET duty = EXCLUDED.duty, target = EXCLUDED.target, measures = EXCLUDED.measures, actual = EXCLUDED.actual,
             fulfillment_rate = EXCLUDED.fulfillment_rate, fulfillments = EXCLUDED.fulfillments, rating = EXCLUDED.rating, occurred_at = EXCLUDED.occurred_at
        WHERE responsibilities.tenant_id = EXCLUDED.tenant_id AND responsibilities.occurred_at <= EXCLUDED.occurred_at`,
      [
        r.responsibilityId,
        tenantId,
        r.cadreId,
        r.year,
        r.duty,
        JSON.stringify(r.target),
        r.measures,
        r.actual,
        r.fulfillmentRate,
        r.fulfillments,
        r.rating,
        occurredAt,
      ],
    );
  }

  /** A team's 切 text beside the score and running state the team ranking keeps. */
  async setTeamProblems(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    teamId: string,
    problems: string,
    rectification: string,
  ): Promise<void> {
    await m.query(
      `UPDATE team_apply_results SET problems = $4, rectification = $5 WHERE tenant_id = $1 AND cycle_id = $2 AND team_id = $3`,
      [tenantId, cycleId, teamId, problems, rectification],
    );
  }

  /** Overdue, unless already done: done is where an item ends, whichever event arrives last. */
  async rectificationOverdue(m: EntityManager, tenantId: string, r: RectificationOverdueV1): Promise<void> {
    await m.query(
      `INSERT INTO rectifications (id, tenant_id, opinion_id, cycle_id, unit_id, title, deadline, state) VALUES ($1, $2, $3, $4, $5, $6, $7, 'overdue')
       ON CONFLICT (id) DO NOTHING`,
      [r.rectificationId, tenantId, r.opinionId, r.cycleId, r.unitId, r.title, r.deadline],
    );
  }

  async rectificationDone(m: EntityManager, tenantId: string, r: RectificationDoneV1): Promise<void> {
    await m.query(
      `INSERT INTO rectifications (id, tenant_id, opinion_id, cycle_id, unit_id, title, deadline, state, done_on, late, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'done', $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET state = 'done', done_on = EXCLUDED.done_on, late = EXCLUDED.late, note = EXCLUDED.note
        WHERE rectifications.tenant_id = EXCLUDED.tenant_id`,
      [r.rectificationId, tenantId, r.opinionId, r.cycleId, r.unitId, r.title, r.deadline, r.doneOn, r.late, r.note],
    );
  }
}
