import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestContext, ResponsibilitiesView, ResponsibilityInput, ResponsibilityView } from '@cadre/contracts';
import type { FulfilmentInput, ListResponsibilitiesQuery, ResponsibilityRatingInput } from '@cadre/contracts';
import type { EntityManager } from 'typeorm';
import { Outbox, pageWindow, RpcError, toPage } from '@cadre/messaging';
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
    private readonly outbox: Outbox,
  ) {}

  async add(input: ResponsibilityInput, ctx: RequestContext): Promise<ResponsibilityView> {
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, input.cadreId), 'fill');
    const id = randomUUID();
    return this.changed(ctx, input.cadreId, id, (m) => this.responsibilities.add(ctx.tenantId, id, input, m));
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
    return this.changed(ctx, owner, payload.responsibilityId, (m) =>
      this.responsibilities.addFulfilment(
        ctx.tenantId,
        randomUUID(),
        {
          responsibilityId: payload.responsibilityId,
          actual: payload.actual,
          evidence: payload.evidence,
          recordedBy: ctx.username,
        },
        m,
      ),
    );
  }

  async rate(payload: ResponsibilityRatingInput, ctx: RequestContext): Promise<ResponsibilityView> {
    const owner = await this.owner(ctx.tenantId, payload.responsibilityId);
    // A leader rating a duty of another unit's cadre learns no more than from an unknown id.
    await this.access.check(ctx, await this.cadres.require(ctx.tenantId, owner), 'review', RESPONSIBILITY);
    return this.changed(ctx, owner, payload.responsibilityId, (m) =>
      this.responsibilities.rate(
        ctx.tenantId,
        {
          responsibilityId: payload.responsibilityId,
          grade: payload.grade,
          comment: payload.comment ?? null,
          ratedBy: ctx.username,
        },
        m,
      ),
    );
  }

  /** The write and `checklists.responsibility.updated` with the duty as it now stands, in one transaction. */
  private async changed(
    ctx: RequestContext,
    cadreId: string,
    id: string,
    write: (m: EntityManager) => Promise<void>,
  ): Promise<ResponsibilityView> {
    return this.outbox.transaction(async (m) => {
      await write(m);
      const [view] = (await this.responsibilities.find(ctx.tenantId, cadreId, null, id, undefined, m)).map(
        toResponsibility,
      );
      await this.outbox.add(m, {
        type: 'checklists.responsibility.updated',
        tenantId: ctx.tenantId,
        aggregateId: id,
        data: {
          responsibilityId: id,
          cadreId,
          year: view.year,
          duty: view.duty,
          target: view.target,
          measures: view.measures,
          actual: view.actual,
          fulfillmentRate: view.fulfillmentRate,
          fulfillments: view.fulfillments.length,
          rating: view.rating?.grade ?? null,
        },
      });
      return view;
    });
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
