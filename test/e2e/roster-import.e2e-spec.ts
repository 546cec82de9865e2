import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dropNamespace, testNamespace } from '@cadre/testing';
import { DemoCadre, generateCadres, generateDistrict } from '../../scripts/demo/district';
import { cadresToCsv, cadresToXlsx } from '../../apps/roster/src/imports/roster-sheet';
import { DEMO_SEED, loadDistrict } from '../../scripts/demo/roster';
import { zerosDeflated, zipOf } from '../fixtures/zip';
import { createTenant, demoAnswer, demoClient, startGateway, startRoster } from '../support';

/**
 * Bulk import all or nothing, the export that imports back unchanged, and the demo district:
 * 5,000 rows with 3 bad ones write nothing and name exactly those 3; the fixed file imports in one
 * go; importing it again changes nothing.
 */
describe('roster import and export', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let gateway: INestApplication;
  let token: string;
  const http = () => request(gateway.getHttpServer());
  const as = () => ({ authorization: `Bearer ${token}` });
  const upload = (content: string | Buffer, filename: string, dryRun?: boolean) =>
    http()
      .post(`/api/v1/roster/imports${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`)
      .set(as())
      .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), filename);
  const cadreCount = async () => {
    let total = 0;
    let cursor: string | null = null;
    do {
      const page: request.Response = await http()
        .get(`/api/v1/cadres?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .set(as());
      total += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    return total;
  };

  const district = generateDistrict({ seed: DEMO_SEED });
  const batch: DemoCadre[] = generateCadres({
    seed: 7,
    count: 5_000,
    units: district.units,
    teams: district.teams,
    personnelPrefix: 'IMP',
  });

  beforeAll(async () => {
    roster = await startRoster(namespace);
    gateway = await startGateway(namespace);
    token = (await createTenant(gateway, 'lvyuan')).token;
  });

  afterAll(async () => {
    await gateway?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('loads the demo district into an empty roster, once', async () => {
    // The seed tool's district (scripts/demo), through the public API.
    const seed = await demoClient(gateway, 'lvyuan', token);
    const res = await demoAnswer(() => loadDistrict(seed));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ fields: 6, units: 73, teams: 73, cadres: 299 });
    expect((await http().get('/api/v1/units?limit=200').set(as())).body.items).toHaveLength(73);
    expect(await cadreCount()).toBe(299);
    expect((await demoAnswer(() => loadDistrict(seed))).status).toBe(409);
  });

  it('refuses 5,000 rows with 3 bad ones, writing nothing and naming exactly those 3', async () => {
    const rows = batch.map((c) => ({ ...c }));
    rows[99] = { ...rows[99], unitCode: 'LY-999' }; // file row 101
    rows[2_499] = { ...rows[2_499], birthDate: '1980-02-30' }; // file row 2501
    rows[4_999] = { ...rows[4_999], personnelNo: rows[10].personnelNo }; // file row 5001 repeats row 12
    const res = await upload(cadresToCsv(rows), 'roster.csv', false);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ dryRun: false, rows: 5_000, created: 0, updated: 0, unchanged: 0, errorCount: 3 });
    expect(res.body.errors).toEqual([
      { row: 101, column: '单位编码', message: '单位编码“LY-999”不存在' },
      { row: 2_501, column: '出生日期', message: expect.stringContaining('1980-02-30') },
      { row: 5_001, column: '人员编号', message: `人员编号“${rows[10].personnelNo}”与第 12 行重复` },
    ]);
    expect(await cadreCount()).toBe(299);
  });

  it('checks the fixed file in a dry run without writing, then imports it in one go', async () => {
    const csv = cadresToCsv(batch);
    const dry = await upload(csv, 'roster.csv', true);
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({
      dryRun: true,
      rows: 5_000,
      created: 5_000,
      updated: 0,
      unchanged: 0,
      teamsCreated: 0,
      errors: [],
    });
    expect(await cadreCount()).toBe(299);

    const real = await upload(csv, 'roster.csv', false);
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ dryRun: false, created: 5_000, updated: 0, unchanged: 0, errors: [] });
    expect(await cadreCount()).toBe(5_299);
    const one = (await http().get(`/api/v1/cadres?q=${batch[0].personnelNo}`).set(as())).body.items[0];
    expect((await http().get(`/api/v1/cadres/${one.id}/history`).set(as())).body.items).toEqual([
      expect.objectContaining({ versionNo: 1, change: 'imported', reason: '批量导入 roster.csv' }),
    ]);
  });

  it('changes nothing when the same roster is imported again, as CSV or as XLSX with Chinese headers', async () => {
    const again = await upload(cadresToCsv(batch), 'roster.csv');
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 5_000 });
    const xlsx = await upload(await cadresToXlsx(batch, { headers: 'zh' }), '干部名册.xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.body).toMatchObject({ created: 0, updated: 0, unchanged: 5_000 });
  });

  it('updates only the rows that changed, as new versions', async () => {
    const edited = batch.slice(0, 10).map((c, i) => (i < 2 ? { ...c, position: `${c.position}（兼）` } : c));
    const res = await upload(cadresToCsv(edited), 'edit.csv');
    expect(res.body).toMatchObject({ created: 0, updated: 2, unchanged: 8 });
    const one = (await http().get(`/api/v1/cadres?q=${batch[0].personnelNo}`).set(as())).body.items[0];
    const history = (await http().get(`/api/v1/cadres/${one.id}/history`).set(as())).body.items;
    expect(history.map((v: { versionNo: number; changed: string[] }) => [v.versionNo, v.changed])).toEqual([
      [1, []],
      [2, ['position']],
    ]);
  });

  it('exports the roster as XLSX that imports back unchanged', async () => {
    const res = await http()
      .get('/api/v1/roster/export')
      .set(as())
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect({ status: res.status, body: res.status === 200 ? 'xlsx' : String(res.body) }).toEqual({
      status: 200,
      body: 'xlsx',
    });
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['x-row-count']).toBe('5299');
    const back = await upload(res.body as Buffer, 'export.xlsx');
    expect(back.body).toMatchObject({ rows: 5_299, created: 0, updated: 0, unchanged: 5_299 });
  });

  it('refuses a file that is missing, of the wrong type, unreadable or with bad headers', async () => {
    expect((await http().post('/api/v1/roster/imports').set(as()).send({})).status).toBe(400);
    expect((await upload('x', 'roster.pdf')).status).toBe(415);
    const badHeaders = await upload('人员编号,姓名,籍贯\nP1,张三,吉林\n', 'bad.csv', true);
    expect(badHeaders.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, column: '籍贯' }),
        expect.objectContaining({ row: 1, column: '性别', message: expect.stringContaining('缺少必需的列') }),
      ]),
    );
    const notUtf8 = await upload(Buffer.from([0xc8, 0xcb, 0xd4, 0xb1, 0x0a]), 'gbk.csv', true); // 人员 in GBK
    expect(notUtf8.body.errors[0].message).toContain('UTF-8');
    expect((await upload('not a zip', 'x.xlsx', false)).status).toBe(422);
  });

  it('refuses with 413 an XLSX that would unzip past 200 MB, before the roster expands it, writing nothing', async () => {
    const before = await cadreCount();
    const MB = 1024 * 1024;
    const sheet = 'xl/worksheets/sheet1.xml';
    const bombs: Array<[Buffer, string]> = [
      // 300 MB of zeros in ~310 KB, the directory telling the truth.
      [zipOf([{ name: sheet, deflated: zerosDeflated(300), declaredSize: 300 * MB }]), 'bomb.xlsx'],
      // The same, the directory saying 1 KB: caught as it inflates, past what it declared.
      [
        zipOf([
          { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
          { name: sheet, deflated: zerosDeflated(300), declaredSize: 1024 },
        ]),
        'liar.xlsx',
      ],
      // Named .csv: the roster would still read it as XLSX (it starts with PK).
      [zipOf([{ name: sheet, deflated: zerosDeflated(300), declaredSize: 300 * MB }]), 'bomb.csv'],
    ];
    for (const [file, name] of bombs) {
      const res = await upload(file, name, false);
      expect({ name, status: res.status, type: res.headers['content-type'] }).toEqual({
        name,
        status: 413,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(res.body.errors).toEqual([{ field: 'file', message: expect.any(String) }]);
    }
    expect(await cadreCount()).toBe(before);
  });
});
