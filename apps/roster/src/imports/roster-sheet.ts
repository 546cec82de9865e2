import ExcelJS from 'exceljs';
import type { Gender, TeamRole } from '@cadre/contracts';
import { IMPORT_COLUMNS } from './import-columns';

/** One cadre as a row of a roster file: codes and names, not ids. */
export interface RosterRow {
  personnelNo: string;
  name: string;
  gender: Gender;
  /** YYYY-MM-DD */
  birthDate: string;
  unitCode: string;
  teamName: string | null;
  teamRole: TeamRole | null;
  isPrincipal: boolean;
  position: string;
  rank: string | null;
  partyMember: boolean;
  education: string | null;
  fieldCode: string | null;
}

/**
 * Roster files in the import format (import-columns.ts), for the export, the demo seed, import
 * fixtures and benchmarks. Columns come from IMPORT_COLUMNS, so a file written here always
 * imports back. `en` writes the English keys and values (true, male, principal); `zh` what an
 * office worker would type (是, 男, 主要负责人).
 */

export type HeaderLanguage = 'en' | 'zh';

const ZH_GENDER = { male: '男', female: '女' } as const;
const ZH_TEAM_ROLE = { principal: '主要负责人', deputy: '副职', member: '成员' } as const;

/** One cadre as the cells of a row, in IMPORT_COLUMNS order; null is an empty cell. */
function cells(cadre: RosterRow, language: HeaderLanguage): string[] {
  const zh = language === 'zh';
  const flag = (value: boolean) => (zh ? (value ? '是' : '否') : String(value));
  return IMPORT_COLUMNS.map(({ key }) => {
    switch (key) {
      case 'gender':
        return zh ? ZH_GENDER[cadre.gender] : cadre.gender;
      case 'teamRole':
        return cadre.teamRole === null ? '' : zh ? ZH_TEAM_ROLE[cadre.teamRole] : cadre.teamRole;
      case 'isPrincipal':
      case 'partyMember':
        return flag(cadre[key]);
      default:
        return cadre[key] ?? '';
    }
  });
}

function headers(language: HeaderLanguage): string[] {
  return IMPORT_COLUMNS.map((column) => (language === 'zh' ? column.zh : column.key));
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, and its quotes doubled. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV with a header row, UTF-8 without BOM, '\n' after every row. (Excel on Windows wants a BOM
 * to read UTF-8; prepend '\uFEFF' when a person will open the file there. The importer accepts both.)
 */
export function cadresToCsv(cadres: RosterRow[], options: { headers?: HeaderLanguage } = {}): string {
  const language = options.headers ?? 'en';
  const lines = [headers(language), ...cadres.map((cadre) => cells(cadre, language))];
  return lines.map((row) => row.map(csvCell).join(',') + '\n').join('');
}

/** An XLSX with one sheet, the header row frozen, every cell text so Excel keeps dates and numbers as written. */
export async function cadresToXlsx(
  cadres: RosterRow[],
  options: { headers?: HeaderLanguage; sheetName?: string } = {},
): Promise<Buffer> {
  const language = options.headers ?? 'en';
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheetName ?? '干部名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  // '@' is Excel's text format: without it an edited 出生日期 or 人员编号 turns into a date or number.
  sheet.columns = headers(language).map((header) => ({
    header,
    width: Math.max(12, header.length * 2),
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const cadre of cadres) {
    // An empty cell, not an empty string, where the value is null: that is what a person leaves.
    sheet.addRow(cells(cadre, language).map((value) => (value === '' ? null : value)));
  }
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
