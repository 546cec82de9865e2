import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  DimensionTemplateView,
  ObservationInput,
  ObservationView,
  PoliticalDimensionStateV1,
  PoliticalVerdict,
} from '@cadre/contracts';
import type { Assessment, Observation, VerdictRule } from './political-rule';

/** A stored 政治体检档案: the verdict and dimensions of its last assessment. */
export interface PoliticalFileRow {
  verdict: PoliticalVerdict;
  dimensions: PoliticalDimensionStateV1[];
  updatedAt: Date;
}

/** An observation as the file shows it, recorded at a timestamp. */
export interface ObservationRow extends Omit<ObservationView, 'recordedAt'> {
  recordedAt: Date;
}

/** A file of some tenant, for the nightly reassessment. */
export interface FileKey {
  cadreId: string;
  tenantId: string;
}

/**
 * 政治清单's statements: the tenant's template and verdict rule, observations and files. Every
 * statement names the tenant, but the nightly sweep's list of files (it runs for the service).
 */
@Injectable()
export class PoliticalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Files not at `pass`, of every tenant: only they can change by time alone. */
  filesNotPassing(): Promise<FileKey[]> {
    return this.dataSource.query(
      `SELECT cadre_id AS "cadreId", tenant_id AS "tenantId" FROM political_files WHERE verdict <> 'pass'`,
    );
  }

  /** One file at a time per cadre, for this transaction, so two assessments at once cannot both miss a verdict change. */
  async lockFile(cadreId: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('political-file:' || $1))`, [cadreId]);
  }

  /** The tenant's own wording of the dimensions, or null for the default. */
  async template(tenantId: string): Promise<DimensionTemplateView[] | null> {
    const [row]: Array<{ dimensions: DimensionTemplateView[] }> = await this.dataSource.query(
      `SELECT dimensions FROM political_templates WHERE tenant_id = $1`,
      [tenantId],
    );
    return row?.dimensions ?? null;
  }

  async saveTemplate(tenantId: string, dimensions: DimensionTemplateView[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO political_templates (tenant_id, dimensions) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET dimensions = EXCLUDED.dimensions, updated_at = now()`,
      [tenantId, JSON.stringify(dimensions)],
    );
  }

  /** The tenant's verdict rule, or null for the default. */
  async rule(tenantId: string, manager?: EntityManager): Promise<VerdictRule | null> {
    const [row]: Array<{ rule: VerdictRule }> = await (manager ?? this.dataSource.manager).query(
      `SELECT rule FROM verdict_rules WHERE tenant_id = $1`,
      [tenantId],
    );
    return row?.rule ?? null;
  }

  async saveRule(tenantId: string, rule: VerdictRule): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO verdict_rules (tenant_id, rule) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET rule = EXCLUDED.rule, updated_at = now()`,
      [tenantId, JSON.stringify(rule)],
    );
  }

  async addObservation(
    tenantId: string,
    id: string,
    input: ObservationInput,
    recordedBy: string,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO political_observations (id, tenant_id, cadre_id, dimension, polarity, severity, evidence, occurred_at, source, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        tenantId,
        input.cadreId,
        input.dimension,
        input.polarity,
        input.severity,
        input.evidence,
        input.occurredAt,
        input.source,
        recordedBy,
      ],
    );
  }

  /** Every observation of the cadre, as the verdict rule reads them. */
  observationsToAssess(tenantId: string, cadreId: string, manager: EntityManager): Promise<Observation[]> {
    return manager.query(
      `SELECT dimension, polarity, severity, occurred_at::text AS "occurredAt" FROM political_observations WHERE tenant_id = $1 AND cadre_id = $2`,
      [tenantId, cadreId],
    );
  }

  /** The file's verdict before this assessment, or null when the cadre has no file yet. */
  async verdictOf(tenantId: string, cadreId: string, manager: EntityManager): Promise<PoliticalVerdict | null> {
    const [before]: Array<{ verdict: PoliticalVerdict }> = await manager.query(
      `SELECT verdict FROM political_files WHERE cadre_id = $1 AND tenant_id = $2`,
      [cadreId, tenantId],
    );
    return before?.verdict ?? null;
  }

  async saveFile(tenantId: string, cadreId: string, assessment: Assessment, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO political_files (cadre_id, tenant_id, verdict, dimensions) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cadre_id) DO UPDATE SET verdict = EXCLUDED.verdict, dimensions = EXCLUDED.dimensions, updated_at = now()`,
      [cadreId, tenantId, assessment.verdict, JSON.stringify(assessment.dimensions)],
    );
  }

  async file(tenantId: string, cadreId: string): Promise<PoliticalFileRow | null> {
    const [file]: PoliticalFileRow[] = await this.dataSource.query(
      `SELECT verdict, dimensions, updated_at AS "updatedAt" FROM political_files WHERE tenant_id = $1 AND cadre_id = $2`,
      [tenantId, cadreId],
    );
    return file ?? null;
  }

  /** The cadre's observations, latest first. */
  observations(tenantId: string, cadreId: string): Promise<ObservationRow[]> {
    return this.dataSource.query(
      `SELECT id, dimension, polarity, severity, evidence, occurred_at::text AS "occurredAt", source, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
         FROM political_observations WHERE tenant_id = $1 AND cadre_id = $2 ORDER BY occurred_at DESC, recorded_at DESC`,
      [tenantId, cadreId],
    );
  }
}
