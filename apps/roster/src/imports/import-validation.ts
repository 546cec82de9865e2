import { Gender, ImportRowError, isStorableText, TeamRole } from '@cadre/contracts';
import { isPlausibleBirthDate } from '../cadres/cadre-rules';
import { IMPORT_COLUMNS, ImportKey } from './import-columns';
import type { RawTable } from './roster-file.parser';
import type { RosterRow } from './roster-sheet';

/**
 * One row of the file, checked, in the roster's terms (codes still unresolved). Role and principal
 * flag may be absent: the plan derives one from the other (placeInTeam).
 */
export interface ImportRecord extends Omit<RosterRow, 'teamRole' | 'isPrincipal'> {
  row: number;
  teamRole: TeamRole | null | undefined;
  isPrincipal: boolean | undefined;
}

/** What the rows are checked against: the tenant's unit and field codes. */
export interface ImportLookups {
  unitCodes: Set<string>;
  fieldCodes: Set<string>;
}

const normalize = (header: string) => header.replace(/[\s*＊]/g, '').toLowerCase();

const HEADER_INDEX = new Map<string, ImportKey>();
for (const column of IMPORT_COLUMNS) {
  for (const name of [column.key, column.zh, ...(column.aliases ?? [])]) HEADER_INDEX.set(normalize(name), column.key);
}

/** Which column holds which key; unknown, repeated and missing required headers are errors on row 1. */
export function mapHeaders(headers: string[]): { columns: Map<ImportKey, number>; errors: ImportRowError[] } {
  const columns = new Map<ImportKey, number>();
  const errors: ImportRowError[] = [];
  headers.forEach((header, index) => {
    if (header.trim() === '') return;
    const key = HEADER_INDEX.get(normalize(header));
    if (!key)
      errors.push({
        row: 1,
        column: header,
        message: `未知的列“${header}”；可用的列：${IMPORT_COLUMNS.map((c) => c.zh).join('、')}`,
      });
    else if (columns.has(key)) errors.push({ row: 1, column: header, message: '该列重复出现' });
    else columns.set(key, index);
  });
  for (const column of IMPORT_COLUMNS) {
    if (column.required && !columns.has(column.key))
      errors.push({ row: 1, column: column.zh, message: `缺少必需的列“${column.zh}”(${column.key})` });
  }
  return { columns, errors };
}

const GENDERS: Record<string, Gender> = {
  male: 'male',
  m: 'male',
  男: 'male',
  female: 'female',
  f: 'female',
  女: 'female',
};
const ROLES: Record<string, TeamRole> = {
  principal: 'principal',
  主要负责人: 'principal',
  正职: 'principal',
  deputy: 'deputy',
  副职: 'deputy',
  member: 'member',
  成员: 'member',
};
const YES = new Set(['true', '1', 'yes', 'y', '是', '中共党员', '党员', '预备党员']);
const NO = new Set(['false', '0', 'no', 'n', '否', '群众', '非党员']);

/** Accepts the ways people write a date in a sheet; answers YYYY-MM-DD or null. */
export function normalizeDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

function columnName(key: ImportKey): string {
  return IMPORT_COLUMNS.find((c) => c.key === key)!.zh;
}

/**
 * Checks every row and reports every problem with its row, column and reason; a personnelNo seen
 * twice in the file is reported on its second row, naming the first.
 */
export function validateRows(
  table: RawTable,
  columns: Map<ImportKey, number>,
  lookups: ImportLookups,
): { records: ImportRecord[]; errors: ImportRowError[] } {
  const records: ImportRecord[] = [];
  const errors: ImportRowError[] = [];
  const firstRowOf = new Map<string, number>();

  for (const { row, cells } of table.rows) {
    const rowErrors: ImportRowError[] = [];
    const fail = (key: ImportKey, message: string) => rowErrors.push({ row, column: columnName(key), message });
    const cell = (key: ImportKey): string => {
      const index = columns.get(key);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const text = (key: ImportKey, max: number, required: boolean): string | null => {
      const value = cell(key);
      if (value === '') {
        if (required) fail(key, '必填项为空');
        return null;
      }
      if (value.length > max) fail(key, `长度不能超过 ${max} 个字符`);
      // A NUL made the whole import fail in Postgres (500) instead of naming the cell.
      else if (!isStorableText(value)) fail(key, '含有 NUL 字符或无效的 Unicode');
      return value;
    };
    const flag = (key: ImportKey): boolean | undefined => {
      const value = cell(key).toLowerCase();
      if (value === '') return undefined;
      if (YES.has(value)) return true;
      if (NO.has(value)) return false;
      fail(key, `“${cell(key)}”不是 是/否 或 true/false`);
      return undefined;
    };

    const personnelNo = text('personnelNo', 64, true);
    const name = text('name', 50, true);
    const genderText = cell('gender');
    const gender = GENDERS[genderText.toLowerCase()];
    if (genderText === '') fail('gender', '必填项为空');
    else if (!gender) fail('gender', `“${genderText}”不是 男/女 或 male/female`);
    const birthText = cell('birthDate');
    const birthDate = normalizeDate(birthText);
    if (birthText === '') fail('birthDate', '必填项为空');
    else if (!birthDate || !isPlausibleBirthDate(birthDate))
      fail('birthDate', `“${birthText}”不是合理的出生日期（YYYY-MM-DD，年龄 16–80 岁）`);
    const unitCode = text('unitCode', 64, true);
    if (unitCode && !lookups.unitCodes.has(unitCode)) fail('unitCode', `单位编码“${unitCode}”不存在`);
    const teamName = text('teamName', 100, false);
    const roleText = cell('teamRole');
    const teamRole = roleText === '' ? undefined : ROLES[roleText.toLowerCase()];
    if (roleText !== '' && !teamRole) fail('teamRole', `“${roleText}”不是 主要负责人/副职/成员`);
    if (teamRole && !teamName) fail('teamRole', '填写了班子职务但没有班子');
    const isPrincipal = flag('isPrincipal');
    const position = text('position', 100, true);
    const rank = text('rank', 50, false);
    const partyMember = flag('partyMember');
    const education = text('education', 50, false);
    const fieldCode = text('fieldCode', 64, false);
    if (fieldCode && !lookups.fieldCodes.has(fieldCode)) fail('fieldCode', `领域编码“${fieldCode}”不存在`);

    if (personnelNo) {
      const first = firstRowOf.get(personnelNo);
      if (first !== undefined) fail('personnelNo', `人员编号“${personnelNo}”与第 ${first} 行重复`);
      else firstRowOf.set(personnelNo, row);
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    records.push({
      row,
      personnelNo: personnelNo!,
      name: name!,
      gender,
      birthDate: birthDate!,
      unitCode: unitCode!,
      teamName,
      teamRole,
      isPrincipal,
      position: position!,
      rank,
      partyMember: partyMember ?? true,
      education,
      fieldCode,
    });
  }
  return { records, errors };
}
