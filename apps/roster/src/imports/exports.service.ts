import { Injectable } from '@nestjs/common';
import type { ExportCadresCommand, ExportResult, RequestContext } from '@cadre/contracts';
import { FileTransfers } from '@cadre/messaging';
import { today } from '../cadres/cadre-rules';
import { CadresRepository } from '../cadres/cadres.repository';
import { SettingsService } from '../settings/settings.service';
import { cadresToXlsx } from './roster-sheet';

/**
 * The roster as an XLSX sheet in the import format: codes and names, not ids, so the file can be
 * edited in a spreadsheet and imported back (an unedited one imports as all unchanged).
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly cadres: CadresRepository,
    private readonly files: FileTransfers,
    private readonly settings: SettingsService,
  ) {}

  async run(ctx: RequestContext, command: ExportCadresCommand): Promise<ExportResult> {
    const { headers, ...filter } = command;
    const rows = await this.cadres.exportRows(ctx.tenantId, {
      ...filter,
      youngAgeLimit: await this.settings.youngAgeLimit(ctx.tenantId),
    });
    const data = await cadresToXlsx(rows, { headers: headers ?? 'zh', sheetName: '干部名册' });
    const filename = `干部名册-${today()}.xlsx`;
    return { object: await this.files.put(data, `roster export ${filename}`), filename, rows: rows.length };
  }
}
