import ExcelJS from 'exceljs';
import { zerosDeflated, zipOf } from '../../../../test/fixtures/zip';
import { MAX_UNZIPPED_BYTES, readZipDirectory, xlsxSizeProblem } from './xlsx-size';

const MB = 1024 * 1024;

describe('XLSX size check', () => {
  it('reads the central directory of a real workbook and lets it through', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('干部').addRows([
      ['姓名', '工号'],
      ['张一', 'A1'],
    ]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const directory = readZipDirectory(file);
    expect(directory.kind).toBe('zip');
    if (directory.kind === 'zip') expect(directory.entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    expect(await xlsxSizeProblem(file)).toBeNull();
  });

  it('refuses with 413 a zip whose entries declare more than the cap, before inflating anything', async () => {
    // 300 MB of zeros in ~310 KB; the honest directory says 300 MB.
    const bomb = zipOf([{ name: 'xl/worksheets/sheet1.xml', deflated: zerosDeflated(300), declaredSize: 300 * MB }]);
    expect(bomb.length).toBeLessThan(MB);
    const refused = await xlsxSizeProblem(bomb);
    expect(refused).toMatchObject({
      status: 413,
      errors: [{ field: 'file', message: expect.stringContaining('200 MB') }],
    });
    // Many entries of a little each add up too.
    const many = zipOf(
      Array.from({ length: 3 }, (_, i) => ({ name: `x${i}.xml`, deflated: zerosDeflated(1), declaredSize: 90 * MB })),
    );
    expect((await xlsxSizeProblem(many))?.status).toBe(413);
  });

  it('refuses with 413 an entry that inflates past the size it declares (a lying directory), counting as it streams', async () => {
    const liar = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', deflated: zerosDeflated(300), declaredSize: 1000 },
    ]);
    expect(await xlsxSizeProblem(liar)).toMatchObject({
      status: 413,
      errors: [{ field: 'file', message: expect.stringContaining('sheet1.xml') }],
    });
    // The truth within the cap passes.
    expect(
      await xlsxSizeProblem(zipOf([{ name: 'a.xml', deflated: zerosDeflated(3), declaredSize: 3 * MB }])),
    ).toBeNull();
  });

  it('refuses too many entries, and ZIP64, and leaves what is not a zip to the reader', async () => {
    const crowd = zipOf(Array.from({ length: 1001 }, (_, i) => ({ name: `${i}`, data: Buffer.from('x') })));
    expect((await xlsxSizeProblem(crowd))?.status).toBe(413);
    const zip64 = zipOf([{ name: 'a.xml', data: Buffer.from('a'), declaredSize: 0xffffffff }]);
    expect(await xlsxSizeProblem(zip64)).toMatchObject({ status: 422, errors: [{ field: 'file' }] });
    expect(await xlsxSizeProblem(Buffer.from('not a zip'))).toBeNull();
    expect(await xlsxSizeProblem(Buffer.alloc(0))).toBeNull();
    expect(await xlsxSizeProblem(zipOf([{ name: 'a', data: Buffer.from('plain'), stored: true }]))).toBeNull();
    expect(MAX_UNZIPPED_BYTES).toBe(200 * MB);
  });
});
