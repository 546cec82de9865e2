import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export interface RawTable {
  headers: string[];
  /** Data rows with the row number a person sees in the file (the header is row 1). */
  rows: Array<{ row: number; cells: string[] }>;
}

export class UnreadableFile extends Error {}

/** Reads a CSV (UTF-8, with or without BOM) or the first sheet of an XLSX into strings. */
export async function readRosterFile(data: Uint8Array, filename: string): Promise<RawTable> {
  const isXlsx = /\.xlsx$/i.test(filename) || (data[0] === 0x50 && data[1] === 0x4b); // 'PK': a zip
  return isXlsx ? readXlsx(data) : readCsv(data);
}

function readCsv(data: Uint8Array): RawTable {
  const text = Buffer.from(data).toString('utf8');
  if (text.includes('\uFFFD')) throw new UnreadableFile('文件不是 UTF-8 编码（请用 UTF-8 保存 CSV，或改用 XLSX）');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new UnreadableFile(`CSV 格式错误：${(err as Error).message}`);
  }
  if (records.length === 0) throw new UnreadableFile('文件是空的');
  const [header, ...body] = records;
  return { headers: header.record, rows: body.map((r) => ({ row: r.info.lines, cells: r.record })) };
}

async function readXlsx(data: Uint8Array): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  } catch (err) {
    throw new UnreadableFile(`XLSX 文件无法读取：${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new UnreadableFile('工作表是空的');
  const width = sheet.getRow(1).cellCount;
  const cellsOf = (row: ExcelJS.Row) =>
    Array.from({ length: Math.max(width, row.cellCount) }, (_, i) => cellText(row.getCell(i + 1)));
  const headers = cellsOf(sheet.getRow(1));
  const rows: RawTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells = cellsOf(row);
    if (cells.some((c) => c !== '')) rows.push({ row: number, cells });
  });
  return { headers, rows };
}

/** A cell as the text a person sees; dates as YYYY-MM-DD (Excel stores them as dates, not text). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v)
      return v.result === undefined || v.result === null
        ? ''
        : String(v.result instanceof Date ? v.result.toISOString().slice(0, 10) : v.result).trim();
  }
  return String(v).trim();
}
