import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestContext, ResponsibilitiesView, ResponsibilityInput, ResponsibilityView } from '@cadre/contracts';
import type { FulfilmentInput, ListResponsibilitiesQuery, ResponsibilityRatingInput } from '@cadre/contracts';
import { pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import { Access } from '../access/access';
import { CadresProjection } from '../projections/cadres-projection.repository';
import { ResponsibilitiesRepository, ResponsibilityRow } from './responsibilities.repository';
import { fulfilment, meanFulfillmentRate } from './responsibility-rules';

const RESPONSIBILITY = '责任清单条目';

function toResponsibility(r: ResponsibilityRow): ResponsibilityView {
  const { actual, rate } = fulfilment(
    r.target,
    r.fulfillments.map((f) => f.actual),
  );
  return {
    id: r.id,
    cadreId: r.cadreId,
    year: r.year,
    duty: r.duty,
    target: { metric: r.metric, target: r.target, unit: r.unit },
    measures: r.measures,
    actual,
    fulfillmentRate: rate,
    fulfillments: r.fulfillments.map((f) => ({ ...f, recordedAt: new Date(f.recordedAt).toISOString() })),
    rating: r.rating
      ? { grade: r.rating, comment: r.ratingComment, ratedBy: r.ratedBy!, ratedAt: new Date(r.ratedAt!).toISOString() }
      : null,
  };
}

/** 责任清单: duties with quantified targets and measures, fulfilments with evidence, and the leadership's rating. */
@Injectable()
export class ResponsibilitiesService {
  constructor(
    private readonly responsibilities: ResponsibilitiesRepository,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
  ) {}

  async add(input: ResponsibilityInput, ctx: RequestContext): Promise<ResponsibilityView> {
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, input.cadreId), 'fill');
    const id = randomUUID();
    await this.responsibilities.add(ctx.tenantId, id, input);
    return (await this.load(ctx.tenantId, input.cadreId, null, id))[0];
  }

  async list(payload: ListResponsibilitiesQuery, ctx: RequestContext): Promise<ResponsibilitiesView> {
    const { limit, after } = pageWindow(payload, [cursorPart.int, cursorPart.timestamp, cursorPart.uuid]);
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, payload.cadreId), 'read');
    const year = payload.year ?? null;
    const rows = await this.responsibilities.find(ctx.tenantId, payload.cadreId, year, undefined, {
      after,
      limit: limit + 1,
    });
    // The rate is the whole list's (a cadre's duties are tens at most): the same on every page.
    const all = after || rows.length > limit ? await this.load(ctx.tenantId, payload.cadreId, year) : null;
    const page = toPage(rows, limit, (r) => [r.year, r.sortKey, r.id], toResponsibility);
    return {
      cadreId: payload.cadreId,
      year,
      ...page,
      fulfillmentRate: meanFulfillmentRate((all ?? page.items).map((i) => i.fulfillmentRate)),
    };
  }

  async fulfil(payload: FulfilmentInput, ctx: RequestContext): Promise<ResponsibilityView> {
    const owner = await this.owner(ctx.tenantId, payload.responsibilityId);
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, owner), 'fill', RESPONSIBILITY);
    await this.responsibilities.addFulfilment(ctx.tenantId, randomUUID(), {
      responsibilityId: payload.responsibilityId,
      actual: payload.actual,
      evidence: payload.evidence,
      recordedBy: ctx.username,
    });
    return (await this.load(ctx.tenantId, owner, null, payload.responsibilityId))[0];
  }

  async rate(payload: ResponsibilityRatingInput, ctx: RequestContext): Promise<ResponsibilityView> {
    const owner = await this.owner(ctx.tenantId, payload.responsibilityId);
    // A leader rating a duty of another unit's cadre learns no more than from an unknown id.
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, owner), 'review', RESPONSIBILITY);
    await this.responsibilities.rate(ctx.tenantId, {
      responsibilityId: payload.responsibilityId,
      grade: payload.grade,
      comment: payload.comment ?? null,
      ratedBy: ctx.username,
    });
    return (await this.load(ctx.tenantId, owner, null, payload.responsibilityId))[0];
  }

  private async owner(tenantId: string, id: string): Promise<string> {
    const owner = await this.responsibilities.ownerOf(tenantId, id);
    if (!owner) throw RpcError.notFound(RESPONSIBILITY);
    return owner;
  }

  private async load(
    tenantId: string,
    cadreId: string,
    year: number | null,
    id?: string,
  ): Promise<ResponsibilityView[]> {
    return (await this.responsibilities.find(tenantId, cadreId, year, id)).map(toResponsibility);
  }
}
