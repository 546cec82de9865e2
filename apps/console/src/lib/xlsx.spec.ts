import ExcelJS from 'exceljs';
import { crc32, xlsx } from './xlsx';

describe('console xlsx writer', () => {
  it('computes the CRC-32 of the ZIP format', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes a workbook that a spreadsheet library reads back, Chinese included', async () => {
    const rows = [
      ['姓名', '单位', '测评链接'],
      ['张三', '合心镇', 'http://localhost/ballots/abc<&>'],
      ['李四', '正阳街道', 'http://localhost/ballots/def'],
    ];
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx('投票凭证', rows)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('投票凭证');
    const read = [1, 2, 3].map((r) => [1, 2, 3].map((c) => String(sheet.getRow(r).getCell(c).value)));
    expect(read).toEqual(rows);
  });
});
