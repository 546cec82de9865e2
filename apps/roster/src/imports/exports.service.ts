import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ExportCadresCommand, ExportResult, RequestContext } from '@cadre/contracts';
import { FileTransfers } from '@cadre/messaging';
import { today } from '../cadres/cadre-rules';
import type { DemoCadre } from '../demo/district';
import { cadresToXlsx } from '../demo/roster-files';
import { SettingsService } from '../settings/settings.service';

/**
 * The roster as an XLSX sheet in the import format: codes and names, not ids, so the file can be
 * edited in a spreadsheet and imported back (an unedited one imports as all unchanged).
 */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FileTransfers,
    private readonly settings: SettingsService,
  ) {}

  async run(ctx: RequestContext, command: ExportCadresCommand): Promise<ExportResult> {
    const where = ['c.tenant_id = $1'];
    const params: unknown[] = [ctx.tenantId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (command.unitId) add('c.unit_id = ?', command.unitId);
    if (command.teamId) add('c.team_id = ?', command.teamId);
    if (command.fieldId) add('c.field_id = ?', command.fieldId);
    if (command.status) add('c.status = ?', command.status);
    if (command.q) add(`(c.name ILIKE '%' || ? || '%')`, command.q.replace(/[\\%_]/g, (ch) => `\\${ch}`));
    if (command.tag === 'young') add('c.birth_date > current_date - make_interval(years => ?)', await this.settings.youngAgeLimit(ctx.tenantId));
    if (command.tag === 'principal') where.push('c.is_principal');
    if (command.tag === 'female') where.push(`c.gender = 'female'`);
    if (command.tag === 'party_member') where.push('c.party_member');
    const rows: DemoCadre[] = await this.dataSource.query(
      `SELECT c.personnel_no AS "personnelNo", c.name, c.gender, c.birth_date::text AS "birthDate", u.code AS "unitCode",
              t.name AS "teamName", c.team_role AS "teamRole", c.is_principal AS "isPrincipal", c.position, c.rank,
              c.party_member AS "partyMember", c.education, f.code AS "fieldCode"
         FROM cadres c
         JOIN units u ON u.id = c.unit_id
         LEFT JOIN teams t ON t.id = c.team_id
         LEFT JOIN fields f ON f.id = c.field_id
        WHERE ${where.join(' AND ')}
        ORDER BY u.code, c.personnel_no`,
      params,
    );
    const data = await cadresToXlsx(rows, { headers: command.headers ?? 'zh', sheetName: '干部名册' });
    const filename = `干部名册-${today()}.xlsx`;
    return { object: await this.files.put(data, `roster export ${filename}`), filename, rows: rows.length };
  }
}
