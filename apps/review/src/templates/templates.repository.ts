import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReviewTemplatesView } from '@cadre/contracts';

/** What a tenant has saved of its item templates: any of the three, the rest fall back to the defaults. */
export interface TemplatesRow {
  templates: Partial<ReviewTemplatesView> | null;
}

/** The tenant's saved item templates (item_templates, one row per tenant). */
@Injectable()
export class TemplatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findTemplates(tenantId: string): Promise<Partial<ReviewTemplatesView> | undefined> {
    const [row]: TemplatesRow[] = await this.dataSource.query(
      `SELECT templates FROM item_templates WHERE tenant_id = $1`,
      [tenantId],
    );
    return row?.templates ?? undefined;
  }

  async saveTemplates(tenantId: string, templates: ReviewTemplatesView): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO item_templates (tenant_id, templates) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET templates = EXCLUDED.templates, updated_at = now()`,
      [tenantId, JSON.stringify(templates)],
    );
  }
}
