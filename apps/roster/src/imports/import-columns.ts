/**
 * The columns of a roster import (CSV or XLSX), by their English key and the Chinese header an
 * office worker would type. Either header is accepted, in any order and case; unknown columns are
 * reported. The same list drives the export, so an exported file imports back unchanged.
 */
export interface ImportColumn {
  key: ImportKey;
  zh: string;
  /** Other Chinese headers seen in practice. */
  aliases?: string[];
  required: boolean;
  hint: string;
}

export type ImportKey =
  | 'personnelNo'
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'unitCode'
  | 'teamName'
  | 'teamRole'
  | 'isPrincipal'
  | 'position'
  | 'rank'
  | 'partyMember'
  | 'education'
  | 'fieldCode';

export const IMPORT_COLUMNS: ImportColumn[] = [
  { key: 'personnelNo', zh: '人员编号', aliases: ['编号', '工号'], required: true, hint: 'unique per tenant' },
  { key: 'name', zh: '姓名', required: true, hint: '2–50 characters' },
  { key: 'gender', zh: '性别', required: true, hint: 'male/female or 男/女' },
  {
    key: 'birthDate',
    zh: '出生日期',
    aliases: ['出生年月'],
    required: true,
    hint: 'YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日)',
  },
  { key: 'unitCode', zh: '单位编码', required: true, hint: 'code of an existing unit' },
  {
    key: 'teamName',
    zh: '班子',
    aliases: ['领导班子', '所在班子'],
    required: false,
    hint: 'name of a team of that unit; created if missing',
  },
  {
    key: 'teamRole',
    zh: '班子职务',
    aliases: ['班子角色'],
    required: false,
    hint: 'principal/deputy/member or 主要负责人/副职/成员',
  },
  { key: 'isPrincipal', zh: '主要负责人', aliases: ['是否主要负责人'], required: false, hint: 'true/false or 是/否' },
  { key: 'position', zh: '职务', required: true, hint: 'e.g. 局长, 副镇长' },
  { key: 'rank', zh: '职级', required: false, hint: 'e.g. 正科级, 副科级' },
  {
    key: 'partyMember',
    zh: '党员',
    aliases: ['是否党员', '政治面貌'],
    required: false,
    hint: 'true/false, 是/否 or 中共党员/群众',
  },
  { key: 'education', zh: '学历', required: false, hint: 'e.g. 大学本科, 硕士研究生' },
  { key: 'fieldCode', zh: '领域编码', required: false, hint: "defaults to the unit's field" },
];
