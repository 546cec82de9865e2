import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_COMPOSITE_WEIGHTS, isOfficer } from '@cadre/contracts';
import type {
  ByCycle,
  CompositeWeights,
  EventOf,
  RecordsVerifyView,
  RequestContext,
  SealedRecordView,
} from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { CycleSnapshotRepository } from '../ranking/cycle-snapshot.repository';
import { RankingRepository } from '../ranking/ranking.repository';
import { AnnualRepository } from '../annual/annual.repository';
import {
  annualRecordDigest,
  chainMismatches,
  RECORD_FORMAT,
  recordDigest,
  recordRow,
  recordTeamRow,
} from './record-serialisation';
import type { RecordHeader, RecordSource } from './record-serialisation';
import { RecordsRepository, SealRow } from './records.repository';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * 考核记录 (封存): at publish a cycle's ranked rows, grades, calibration and weights are serialised
 * canonically and hashed, chained to the tenant's previous record (docs/records.md). The publish
 * event asks for the seal; the recompute it marks seals, after ranking the cycle a last time, so the
 * record is what every input up to the publish makes. A sealed cycle is not ranked again while its
 * rows hash to its seal.
 */
@Injectable()
export class RecordsService {
  constructor(
    private readonly records: RecordsRepository,
    private readonly ranking: RankingRepository,
    private readonly snapshots: CycleSnapshotRepository,
    private readonly outbox: Outbox,
    private readonly annual: AnnualRepository,
  ) {}

  /** appraisal.cycle.published, in the consumer's transaction (the cycle projection is already updated). */
  async published(m: EntityManager, event: EventOf<'appraisal.cycle.published'>): Promise<void> {
    await this.records.request(m, event.tenantId, event.data.id, event.occurredAt);
  }

  /**
   * Whether the recompute must leave the cycle alone: it is sealed and its rows still hash to the seal.
   * Rows that do not (the projections are being replayed and were emptied, or are half rebuilt) are
   * ranked again from the events until they do; rows changed by hand are left for verify to report
   * only as long as nothing ranks the cycle again.
   */
  async isSealed(m: EntityManager | undefined, tenantId: string, cycleId: string): Promise<boolean> {
    const seal = await this.records.find(tenantId, cycleId, m);
    return !!seal && (await this.digestNow(tenantId, seal, m)) === seal.digest;
  }

  /** After a recompute, in its transaction: seals the cycle if its publish asked for it. Whether it did. */
  async afterRecompute(m: EntityManager, tenantId: string, cycleId: string): Promise<boolean> {
    const pending = await this.records.pending(m, tenantId, cycleId);
    if (!pending) return false;
    await this.records.lockChain(m, tenantId);
    const last = await this.records.lastSeal(m, tenantId);
    // The weights the cycle was ranked with: frozen at its close (docs/records.md), else the tenant's.
    const weights =
      (await this.snapshots.findFreeze(m, tenantId, cycleId))?.weights ??
      (await this.ranking.findWeights(tenantId, m)) ??
      DEFAULT_COMPOSITE_WEIGHTS;
    const header: RecordHeader = {
      tenantId,
      cycleId,
      sequence: (last?.sequence ?? 0) + 1,
      publishedAt: iso(pending.publishedAt),
      previousDigest: last?.digest ?? null,
    };
    const source = await this.source(tenantId, cycleId, weights, m);
    const digest = recordDigest(RECORD_FORMAT, header, source);
    const sealedAt = await this.records.seal(m, tenantId, cycleId, {
      sequence: header.sequence,
      format: RECORD_FORMAT,
      digest,
      previousDigest: header.previousDigest,
      weights,
      rowCount: source.rows.length,
    });
    await this.outbox.add(m, {
      type: 'analytics.record.sealed',
      tenantId,
      aggregateId: cycleId,
      data: {
        cycleId,
        sequence: header.sequence,
        publishedAt: header.publishedAt,
        digest,
        previousDigest: header.previousDigest,
        sealedAt: new Date(sealedAt).toISOString(),
      },
    });
    return true;
  }

  async record(ctx: RequestContext, payload: ByCycle): Promise<SealedRecordView> {
    if (!isOfficer(ctx)) throw new RpcError(403, '考核记录仅限组织部查看');
    const seal = await this.records.find(ctx.tenantId, payload.cycleId);
    if (!seal) throw RpcError.notFound('考核记录（考核周期未发布或尚未封存）');
    const source = await this.source(ctx.tenantId, payload.cycleId, seal.weights);
    return {
      cycleId: seal.cycleId,
      sequence: seal.sequence,
      publishedAt: iso(seal.publishedAt),
      sealedAt: iso(seal.sealedAt)!,
      digest: seal.digest,
      previousDigest: seal.previousDigest,
      weights: seal.weights,
      rows: source.rows.map(recordRow),
      ...(seal.format >= 2 ? { snapshot: source.snapshot ?? [], teams: (source.teams ?? []).map(recordTeamRow) } : {}),
    };
  }

  /** Recomputes every seal of the tenant from the rows stored now, and checks each link of the chain. */
  async verify(ctx: RequestContext): Promise<RecordsVerifyView> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以核验考核记录');
    const chain = await this.records.chain(ctx.tenantId);
    const digests = new Map<string, string>();
    for (const seal of chain) digests.set(seal.cycleId, await this.digestNow(ctx.tenantId, seal));
    // Asked only where the stored link holds, so the stored previousDigest is the one to hash with.
    const annual = new Map(chain.filter((s) => s.kind === 'annual').map((s) => [s.cycleId, s.year!]));
    const mismatches = chainMismatches(chain, (s) => digests.get(s.cycleId)!).map((x) =>
      annual.has(x.cycleId) ? { ...x, kind: 'annual' as const, year: annual.get(x.cycleId)! } : x,
    );
    return { ok: mismatches.length === 0, checked: chain.length, mismatches };
  }

  private async digestNow(tenantId: string, seal: SealRow, m?: EntityManager): Promise<string> {
    if (seal.kind === 'annual') return this.annualDigestNow(tenantId, seal, m);
    const source = await this.source(tenantId, seal.cycleId, seal.weights, m);
    const header: RecordHeader = {
      tenantId,
      cycleId: seal.cycleId,
      sequence: seal.sequence,
      publishedAt: iso(seal.publishedAt),
      previousDigest: seal.previousDigest,
    };
    return recordDigest(seal.format, header, source);
  }

  /** An annual record's digest from its evaluation and rows as stored now (a row changed by hand shows). */
  private async annualDigestNow(tenantId: string, seal: SealRow, m?: EntityManager): Promise<string> {
    const evaluation = await this.annual.findEvaluationById(tenantId, seal.cycleId, m);
    if (!evaluation) return 'annual evaluation missing';
    const rows = await this.annual.rows(tenantId, evaluation.year, m);
    const teams = await this.annual.teams(tenantId, evaluation.year, m);
    return annualRecordDigest(
      seal.format,
      {
        tenantId,
        annualId: evaluation.id,
        year: evaluation.year,
        sequence: seal.sequence,
        publishedAt: iso(seal.publishedAt)!,
        previousDigest: seal.previousDigest,
      },
      {
        weights: evaluation.weights,
        gateAsOf: iso(evaluation.gateAsOf)!,
        cycleIds: evaluation.cycleIds,
        randomCycleIds: evaluation.randomCycleIds,
        rows,
        teams,
      },
    );
  }

  /** What a record is made of, read now (a format reads the parts it has). */
  private async source(
    tenantId: string,
    cycleId: string,
    weights: CompositeWeights,
    m?: EntityManager,
  ): Promise<RecordSource> {
    const [rows, snapshot, teams] = await Promise.all([
      this.records.rows(tenantId, cycleId, m),
      this.records.snapshot(tenantId, cycleId, m),
      this.records.teams(tenantId, cycleId, m),
    ]);
    return { weights, rows, snapshot, teams };
  }
}
