import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import JSZip from 'jszip';
import { ANALYTICS_REQUESTS, problem } from '@cadre/contracts';
import type { FieldDossierTeamsView, RequestContext } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { ProblemException } from '../problems/problem.filter';
import { DossierExportView, entryName, exportView } from './dossier-exports-rules';
import { DossierExportsRepository } from './dossier-exports.repository';
import { CHROMIUM_PATH, htmlToPdf } from './html-to-pdf';

/** A team's report with its members' can take the printer a while; the RPC waits for the HTML only. */
const DOSSIER_TIMEOUT_MS = 60_000;

/**
 * 一班子一档案 for the department's archive: every team of a field as one PDF each (the team and its
 * members), in one ZIP. Built in the background of the gateway that printed it, one team at a time
 * (Chromium is heavy), its progress in dossier_exports so that any replica answers the poll.
 */
@Injectable()
export class DossierExportsService {
  private readonly log = new Logger('DossierExports');

  constructor(
    private readonly rpc: ServiceClient,
    private readonly exports: DossierExportsRepository,
  ) {}

  async start(ctx: RequestContext, fieldId: string): Promise<DossierExportView> {
    const field = await this.rpc.request(ANALYTICS_REQUESTS.fieldDossierTeams, { fieldId }, ctx);
    if (!existsSync(CHROMIUM_PATH)) {
      throw new ProblemException(problem(501, `服务器未安装 Chromium（${CHROMIUM_PATH}），无法生成 PDF 归档`));
    }
    const id = randomUUID();
    await this.exports.create(
      id,
      ctx.tenantId,
      { id: field.fieldId, name: field.name },
      ctx.userId,
      field.teams.length,
    );
    // The reads below are the requester's, with their rights; the key of this request is not theirs to reuse.
    const { idempotencyKey: _key, ...reader } = ctx;
    void this.build(reader, id, field);
    return exportView((await this.exports.find(ctx.tenantId, id))!, new Date());
  }

  async status(ctx: RequestContext, id: string): Promise<DossierExportView> {
    const row = await this.exports.find(ctx.tenantId, id);
    if (!row) throw new ProblemException(problem(404, '未找到该档案导出任务'));
    return exportView(row, new Date());
  }

  async file(ctx: RequestContext, id: string): Promise<{ name: string; data: Buffer }> {
    const view = await this.status(ctx, id);
    if (view.status !== 'done') {
      throw new ProblemException(
        problem(
          409,
          view.status === 'failed' ? `导出失败：${view.error ?? ''}` : `导出尚未完成（${view.done}/${view.total}）`,
        ),
      );
    }
    const data = await this.exports.file(ctx.tenantId, id);
    if (!data) throw new ProblemException(problem(404, '未找到该档案导出任务'));
    return { name: `${view.fieldName}-班子档案.zip`, data };
  }

  private async build(ctx: RequestContext, id: string, field: FieldDossierTeamsView): Promise<void> {
    try {
      const zip = new JSZip();
      for (const [i, team] of field.teams.entries()) {
        const report = await this.rpc.request(
          ANALYTICS_REQUESTS.teamDossier,
          { teamId: team.id, format: 'html', members: true },
          ctx,
          DOSSIER_TIMEOUT_MS,
        );
        if (!('html' in report)) throw new Error('analytics answered JSON for an HTML dossier');
        zip.file(entryName(i, team), await htmlToPdf(report.html));
        await this.exports.progress(ctx.tenantId, id, i + 1);
      }
      await this.exports.finish(
        ctx.tenantId,
        id,
        await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }),
      );
    } catch (err) {
      const message = err instanceof ProblemException ? String(err.problem.detail) : (err as Error).message;
      this.log.error(`dossier export ${id} failed: ${message}`);
      await this.exports.fail(ctx.tenantId, id, message).catch(() => undefined);
    }
  }
}
