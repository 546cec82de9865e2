import { mapHeaders, normalizeDate, validateRows } from './import-validation';
import type { RawTable } from './roster-file.parser';

const EN = [
  'personnelNo',
  'name',
  'gender',
  'birthDate',
  'unitCode',
  'teamName',
  'teamRole',
  'position',
  'rank',
  'partyMember',
  'education',
];
const ZH = ['人员编号', '姓名', '性别', '出生日期', '单位编码', '班子', '班子职务', '职务', '职级', '党员', '学历'];
const lookups = { unitCodes: new Set(['LY-001', 'LY-002']), fieldCodes: new Set(['economy']) };

function table(headers: string[], ...rows: string[][]): RawTable {
  return { headers, rows: rows.map((cells, i) => ({ row: i + 2, cells })) };
}

describe('import headers', () => {
  it('accepts English and Chinese headers, in any order and case', () => {
    expect(mapHeaders(EN).errors).toEqual([]);
    expect(mapHeaders(ZH).errors).toEqual([]);
    const { columns } = mapHeaders(['姓名', 'PERSONNELNO', '性别', '出生年月', '单位编码', '职务']);
    expect(columns.get('personnelNo')).toBe(1);
    expect(columns.get('birthDate')).toBe(3);
  });

  it('reports unknown, repeated and missing columns on row 1', () => {
    const { errors } = mapHeaders(['人员编号', '姓名', '姓名', '性别', '籍贯', '单位编码', '职务']);
    expect(errors).toEqual([
      { row: 1, column: '姓名', message: '该列重复出现' },
      expect.objectContaining({ row: 1, column: '籍贯', message: expect.stringContaining('未知的列') }),
      expect.objectContaining({ row: 1, column: '出生日期', message: expect.stringContaining('缺少必需的列') }),
    ]);
  });
});

describe('import rows', () => {
  const { columns } = mapHeaders(EN);
  const good = [
    'LY2022-0001',
    '王建国',
    'male',
    '1978-05-12',
    'LY-001',
    '发改局班子',
    'principal',
    '局长',
    '正科级',
    'true',
    '大学本科',
  ];

  it('turns a good row into a record, in the roster’s terms', () => {
    const { records, errors } = validateRows(table(EN, good), columns, lookups);
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      row: 2,
      personnelNo: 'LY2022-0001',
      gender: 'male',
      teamRole: 'principal',
      partyMember: true,
    });
  });

  it('understands Chinese values', () => {
    const { columns: zh } = mapHeaders(ZH);
    const { records, errors } = validateRows(
      table(ZH, ['LY2022-0002', '李红', '女', '1985年3月7日', 'LY-002', '', '', '副镇长', '', '群众', '']),
      zh,
      lookups,
    );
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      gender: 'female',
      birthDate: '1985-03-07',
      partyMember: false,
      teamName: null,
      teamRole: undefined,
    });
  });

  it('names every bad cell by row, column and reason, and keeps no record of a bad row', () => {
    const { records, errors } = validateRows(
      table(
        EN,
        good,
        ['LY2022-0003', '', 'man', '1978-02-30', 'LY-999', '', 'boss', '局长', '', 'maybe', ''],
        ['LY2022-0001', '张三', 'male', '1980-01-01', 'LY-001', '', '', '科员', '', '', ''],
      ),
      columns,
      lookups,
    );
    expect(records).toHaveLength(1);
    expect(errors).toEqual([
      { row: 3, column: '姓名', message: '必填项为空' },
      { row: 3, column: '性别', message: '“man”不是 男/女 或 male/female' },
      { row: 3, column: '出生日期', message: expect.stringContaining('1978-02-30') },
      { row: 3, column: '单位编码', message: '单位编码“LY-999”不存在' },
      { row: 3, column: '班子职务', message: '“boss”不是 主要负责人/副职/成员' },
      { row: 3, column: '党员', message: '“maybe”不是 是/否 或 true/false' },
      { row: 4, column: '人员编号', message: '人员编号“LY2022-0001”与第 2 行重复' },
    ]);
  });

  it('names a cell with a NUL or a lone surrogate, which Postgres cannot store, and takes any other text as it is', () => {
    const { records, errors } = validateRows(
      table(
        EN,
        ['P1', '王\u0000五', 'male', '1980-01-01', 'LY-001', '', '', '局长', '', '', ''],
        ['P2', "' OR 1=1 --", 'male', '1980-01-01', 'LY-001', '', '', '\uD800科员', '', '', ''],
        ['P3', '👨‍👩‍👧 <b>', 'male', '1980-01-01', 'LY-001', '', '', '\u202E科员', '', '', ''],
      ),
      columns,
      lookups,
    );
    expect(errors).toEqual([
      { row: 2, column: '姓名', message: '含有 NUL 字符或无效的 Unicode' },
      { row: 3, column: '职务', message: '含有 NUL 字符或无效的 Unicode' },
    ]);
    expect(records.map((r) => [r.name, r.position])).toEqual([['👨‍👩‍👧 <b>', '\u202E科员']]);
  });

  it('refuses a team role without a team', () => {
    const { errors } = validateRows(
      table(EN, ['P9', '赵六', 'male', '1980-01-01', 'LY-001', '', 'deputy', '副局长', '', '', '']),
      columns,
      lookups,
    );
    expect(errors).toEqual([{ row: 2, column: '班子职务', message: '填写了班子职务但没有班子' }]);
  });

  it('normalizes the usual ways of writing a date', () => {
    expect(['1978-5-12', '1978/05/12', '1978.5.12', '1978年5月12日'].map(normalizeDate)).toEqual(
      Array(4).fill('1978-05-12'),
    );
    expect(normalizeDate('12/05/1978')).toBeNull();
  });
});
