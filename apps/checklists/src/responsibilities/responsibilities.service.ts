import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CHECKLISTS_REQUESTS, RequestContext, ResponsibilitiesView, ResponsibilityInput, ResponsibilityView } from '@cadre/contracts';
import type { FulfilmentInput, ListResponsibilitiesQuery, ResponsibilityRatingInput } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { Access } from '../access/access';
import { CadresProjection } from '../projections/cadres.projection';
import { progressRatio } from '../progress-ratio';

const RESPONSIBILITY = '责任清单条目';

/** 责任清单: duties with quantified targets and measures, fulfilments with evidence, and the leadership's rating. */
@Injectable()
export class ResponsibilitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
  ) {}
  async add(input: ResponsibilityInput, ctx: RequestContext): Promise<ResponsibilityView> {
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, input.cadreId), 'fill');
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO responsibilities (id, tenant_id, cadre_id, year, duty, metric, target, unit, measures) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, ctx.tenantId, input.cadreId, input.year, input.duty, input.target.metric, input.target.target, input.target.unit, input.measures],
    );
    return (await this.load(ctx.tenantId, input.cadreId, null, id))[0];
  }
  async list(payload: ListResponsibilitiesQuery, ctx: RequestContext): Promise<ResponsibilitiesView> {
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, payload.cadreId), 'read');
    const items = await this.load(ctx.tenantId, payload.cadreId, payload.year ?? null);
    const rate = items.length ? items.reduce((sum, i) => sum + i.fulfillmentRate, 0) / items.length : 0;
    return { cadreId: payload.cadreId, year: payload.year ?? null, items, fulfillmentRate: Math.round(rate * 1000) / 1000 };
  }
  async fulfil(payload: FulfilmentInput, ctx: RequestContext): Promise<ResponsibilityView> {
    const owner = await this.owner(ctx.tenantId, payload.responsibilityId);
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, owner), 'fill', RESPONSIBILITY);
    await this.dataSource.query(`INSERT INTO fulfillments (id, tenant_id, responsibility_id, actual, evidence, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
      randomUUID(),
      ctx.tenantId,
      payload.responsibilityId,
      payload.actual,
      payload.evidence,
      ctx.username,
    ]);
    return (await this.load(ctx.tenantId, owner, null, payload.responsibilityId))[0];
  }
  async rate(payload: ResponsibilityRatingInput, ctx: RequestContext): Promise<ResponsibilityView> {
    const owner = await this.owner(ctx.tenantId, payload.responsibilityId);
    // A leader rating a duty of another unit's cadre learns no more than from an unknown id.
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, owner), 'review', RESPONSIBILITY);
    await this.dataSource.query(
      `UPDATE responsibilities SET rating = $3, rating_comment = $4, rated_by = $5, rated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [ctx.tenantId, payload.responsibilityId, payload.grade, payload.comment ?? null, ctx.username],
    );
    return (await this.load(ctx.tenantId, owner, null, payload.responsibilityId))[0];
  }

  private async owner(tenantId: string, id: string): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT cadre_id FROM responsibilities WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    if (!row) throw RpcError.notFound(RESPONSIBILITY);
    return row.cadre_id;
  }

  private async load(tenantId: string, cadreId: string, year: number | null, id?: string): Promise<ResponsibilityView[]> {
    const rows = await this.dataSource.query(
      `SELECT r.id, r.cadre_id AS "cadreId", r.year, r.duty, r.metric, r.target::float8 AS target, r.unit, r.measures,
              r.rating, r.rating_comment AS "ratingComment", r.rated_by AS "ratedBy", r.rated_at AS "ratedAt",
              coalesce(json_agg(json_build_object('actual', f.actual::float8, 'evidence', f.evidence, 'recordedBy', f.recorded_by, 'recordedAt', f.recorded_at)
                                ORDER BY f.recorded_at) FILTER (WHERE f.id IS NOT NULL), '[]') AS fulfillments
         FROM responsibilities r LEFT JOIN fulfillments f ON f.responsibility_id = r.id
        WHERE r.tenant_id = $1 AND r.cadre_id = $2 AND ($3::int IS NULL OR r.year = $3) AND ($4::uuid IS NULL OR r.id = $4)
        GROUP BY r.id ORDER BY r.year, r.created_at`,
      [tenantId, cadreId, year, id ?? null],
    );
    return rows.map((r: any): ResponsibilityView => {
      const latest = r.fulfillments.length ? r.fulfillments[r.fulfillments.length - 1].actual : null;
      return {
        id: r.id,
        cadreId: r.cadreId,
        year: r.year,
        duty: r.duty,
        target: { metric: r.metric, target: r.target, unit: r.unit },
        measures: r.measures,
        actual: latest,
        fulfillmentRate: progressRatio(latest, r.target),
        fulfillments: r.fulfillments.map((f: any) => ({ ...f, recordedAt: new Date(f.recordedAt).toISOString() })),
        rating: r.rating ? { grade: r.rating, comment: r.ratingComment, ratedBy: r.ratedBy, ratedAt: new Date(r.ratedAt).toISOString() } : null,
      };
    });
  }
}
