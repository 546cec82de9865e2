import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ResponsibilityGrade, ResponsibilityInput } from '@cadre/contracts';

/** A fulfilment as json_agg gives it: numbers as float8, the time as JSON text. */
export interface FulfilmentRow {
  actual: number;
  evidence: string;
  recordedBy: string;
  recordedAt: string;
}

/** A duty with its rating and its fulfilments, oldest first. */
/** A page of a cadre's duties: after the key (year, created_at as text, id), `limit` rows at most. */
export interface ResponsibilitiesPage {
  after?: [number, string, string];
  limit: number;
}

export interface ResponsibilityRow {
  id: string;
  cadreId: string;
  year: number;
  duty: string;
  metric: string;
  target: number;
  unit: string;
  measures: string;
  rating: ResponsibilityGrade | null;
  ratingComment: string | null;
  ratedBy: string | null;
  ratedAt: Date | null;
  fulfillments: FulfilmentRow[];
  /** created_at as Postgres writes it: the list's cursor key. */
  sortKey: string;
}

export interface FulfilmentRecord {
  responsibilityId: string;
  actual: number;
  evidence: string;
  recordedBy: string;
}

export interface RatingRecord {
  responsibilityId: string;
  grade: ResponsibilityGrade;
  comment: string | null;
  ratedBy: string;
}

/** 责任清单's statements; every one names the tenant, so another tenant's duty does not exist for the caller. */
@Injectable()
export class ResponsibilitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async add(tenantId: string, id: string, input: ResponsibilityInput, m?: EntityManager): Promise<void> {
    await (m ?? this.dataSource).query(
      `INSERT INTO responsibilities (id, tenant_id, cadre_id, year, duty, metric, target, unit, measures) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        tenantId,
        input.cadreId,
        input.year,
        input.duty,
        input.target.metric,
        input.target.target,
        input.target.unit,
        input.measures,
      ],
    );
  }

  async addFulfilment(tenantId: string, id: string, record: FulfilmentRecord, m?: EntityManager): Promise<void> {
    await (m ?? this.dataSource).query(
      `INSERT INTO fulfillments (id, tenant_id, responsibility_id, actual, evidence, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, tenantId, record.responsibilityId, record.actual, record.evidence, record.recordedBy],
    );
  }

  async rate(tenantId: string, rating: RatingRecord, m?: EntityManager): Promise<void> {
    await (m ?? this.dataSource).query(
      `UPDATE responsibilities SET rating = $3, rating_comment = $4, rated_by = $5, rated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [tenantId, rating.responsibilityId, rating.grade, rating.comment, rating.ratedBy],
    );
  }

  /** The cadre whose duty it is, or null for an id unknown in the tenant. */
  async ownerOf(tenantId: string, id: string): Promise<string | null> {
    const [row]: Array<{ cadre_id: string }> = await this.dataSource.query(
      `SELECT cadre_id FROM responsibilities WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row?.cadre_id ?? null;
  }

  /** The cadre's duties of a year (null: every year), or the one with `id`, by year and in the order they were added. */
  find(
    tenantId: string,
    cadreId: string,
    year: number | null,
    id?: string,
    page?: ResponsibilitiesPage,
    m?: EntityManager,
  ): Promise<ResponsibilityRow[]> {
    const params: unknown[] = [tenantId, cadreId, year, id ?? null];
    // Keyset on (year, created_at, id); created_at compared as stored (its text keeps the microseconds).
    const after = page?.after
      ? `AND (r.year, r.created_at, r.id) > ($${params.push(page.after[0])}::int, $${params.push(page.after[1])}::timestamptz, $${params.push(page.after[2])}::uuid)`
      : '';
    return (m ?? this.dataSource).query(
      `SELECT r.id, r.cadre_id AS "cadreId", r.year, r.duty, r.metric, r.target::float8 AS target, r.unit, r.measures,
              r.rating, r.rating_comment AS "ratingComment", r.rated_by AS "ratedBy", r.rated_at AS "ratedAt", r.created_at::text AS "sortKey",
              coalesce(json_agg(json_build_object('actual', f.actual::float8, 'evidence', f.evidence, 'recordedBy', f.recorded_by, 'recordedAt', f.recorded_at)
                                ORDER BY f.recorded_at) FILTER (WHERE f.id IS NOT NULL), '[]') AS fulfillments
         FROM responsibilities r LEFT JOIN fulfillments f ON f.responsibility_id = r.id
        WHERE r.tenant_id = $1 AND r.cadre_id = $2 AND ($3::int IS NULL OR r.year = $3) AND ($4::uuid IS NULL OR r.id = $4) ${after}
        GROUP BY r.id ORDER BY r.year, r.created_at, r.id ${page ? `LIMIT ${page.limit}` : ''}`,
      params,
    );
  }
}
