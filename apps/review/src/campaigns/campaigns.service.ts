import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CampaignView,
  CreateCampaignInput,
  CreatedCampaignView,
  ParticipationView,
  PendingVotersQuery,
  PendingVotersView,
  RequestContext,
} from '@cadre/contracts';
import type { ByCampaign, ListCampaignsQuery, Page } from '@cadre/contracts';
import { Outbox, pageWindow, requireOfficer, RpcError, toPage } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import { newBallotToken, tokenHash } from '../ballots/ballot-token';
import { RosterProjection } from '../projections/roster.projection';
import { TEMPLATE_NAMES } from '../templates/default-templates';
import { TemplatesService } from '../templates/templates.service';
import { campaignProblems, defaultTemplate, directionProblems, refusalDetail } from './campaign-rules';
import { CampaignsRepository } from './campaigns.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIRECTION_NAMES = { top_down: '自上而下评价', bottom_up: '自下而上评价', peer: '互评' };

/**
 * Campaigns (测评活动) inside a cycle: who rates what, on which items, and the one-time tokens of the
 * voters. A campaign may be set up while its cycle is scheduled or open; ballots wait for `open`.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly roster: RosterProjection,
    private readonly templates: TemplatesService,
    private readonly outbox: Outbox,
  ) {}
  async create(input: CreateCampaignInput, ctx: RequestContext): Promise<CreatedCampaignView> {
    requireOfficer(ctx, '发起测评');
    const cycle = await this.roster.requireCycle(ctx.tenantId, input.cycleId);
    if (cycle.status !== 'scheduled' && cycle.status !== 'open')
      throw RpcError.conflict(`考核周期已${cycle.status === 'closed' ? '关闭' : '发布'}，不能再发起测评`);
    const targets = await this.roster.targets(ctx.tenantId, input.subject, input.targetIds);
    const voterUnitIds = [...new Set(input.voters.map((v) => v.unitId))];
    const voterUnits = new Map((await this.roster.units(ctx.tenantId, voterUnitIds)).map((u) => [u.id, u.kind]));
    const problems = campaignProblems(input, cycle, targets, voterUnits);
    if (problems.length > 0) {
      const brokeDirection = input.subject === 'unit' && directionProblems(input, targets, voterUnits).length > 0;
      throw RpcError.rule(refusalDetail(input.direction, brokeDirection), problems);
    }

    const template = input.template ?? defaultTemplate(input);
    const items = (await this.templates.of(ctx.tenantId))[template];
    const id = randomUUID();
    const name =
      input.name ??
      `${cycle.name}·${input.subject === 'cadre' ? TEMPLATE_NAMES.democratic : input.subject === 'team' ? TEMPLATE_NAMES.team : DIRECTION_NAMES[input.direction]}`;
    const issued = input.voters.map((voter) => ({ voter, token: newBallotToken() }));
    await this.outbox.transaction((manager) =>
      this.campaigns.insert(
        manager,
        {
          id,
          tenantId: ctx.tenantId,
          cycleId: cycle.id,
          name,
          direction: input.direction,
          subject: input.subject,
          items,
          targetIds: input.targetIds,
          groupWeights: input.groupWeights ?? null,
          createdBy: ctx.username,
        },
        issued.map(({ voter, token }) => ({
          hash: tokenHash(token),
          name: voter.name,
          unitId: voter.unitId,
          group: voter.group,
          userId: voter.userId ?? null,
        })),
      ),
    );
    const campaign = await this.campaigns.require(ctx.tenantId, id);
    return {
      ...campaign,
      tokens: issued.map(({ voter, token }) => ({
        voter: { name: voter.name, unitId: voter.unitId, group: voter.group, userId: voter.userId ?? null },
        token,
      })),
    };
  }
  async list(payload: ListCampaignsQuery, ctx: RequestContext): Promise<Page<CampaignView>> {
    requireOfficer(ctx, '查看测评活动');
    const { limit, after } = pageWindow(payload, [cursorPart.timestamp, cursorPart.uuid]);
    await this.roster.requireCycle(ctx.tenantId, payload.cycleId);
    const rows = await this.campaigns.ofCycle(ctx.tenantId, payload.cycleId, { after, limit: limit + 1 });
    return toPage(
      rows,
      limit,
      (r) => [r.sortKey, r.campaign.id],
      (r) => r.campaign,
    );
  }
  get(payload: ByCampaign, ctx: RequestContext): Promise<CampaignView> {
    requireOfficer(ctx, '查看测评活动');
    return this.campaigns.require(ctx.tenantId, payload.campaignId);
  }
  async participation(payload: ByCampaign, ctx: RequestContext): Promise<ParticipationView> {
    requireOfficer(ctx, '查看参评情况');
    await this.campaigns.require(ctx.tenantId, payload.campaignId);
    return this.campaigns.participation(payload.campaignId);
  }

  /** For the appraisal service's reminders (not served by the gateway). */
  async pendingVoters(payload: PendingVotersQuery, ctx: RequestContext): Promise<PendingVotersView> {
    if (typeof payload?.cycleId !== 'string' || !UUID.test(payload.cycleId))
      throw new RpcError(400, 'cycleId 必须是 UUID', [{ field: 'cycleId', message: '必须是 UUID' }]);
    return { voters: await this.campaigns.pendingVoters(ctx.tenantId || null, payload.cycleId) };
  }
}
