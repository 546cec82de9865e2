import type { CadreSnapshotV1 } from '@cadre/contracts';
import { planImport } from './import-plan';
import type { ImportRecord } from './import-validation';

const unit = { id: 'u1', code: 'LY-001', fieldId: 'f-economy' };
const record = (over: Partial<ImportRecord> = {}): ImportRecord => ({
  row: 2,
  personnelNo: 'P1',
  name: '王建国',
  gender: 'male',
  birthDate: '1978-05-12',
  unitCode: 'LY-001',
  teamName: '班子',
  teamRole: 'principal',
  isPrincipal: undefined,
  position: '局长',
  rank: '正科级',
  partyMember: true,
  education: '大学本科',
  fieldCode: null,
  ...over,
});
const refs = (existing: CadreSnapshotV1[] = []) => ({
  units: new Map([[unit.code, unit]]),
  fields: new Map([['law', 'f-law']]),
  teams: new Map<string, string>(),
  existing: new Map(existing.map((c) => [c.personnelNo, c])),
});

describe('import plan', () => {
  it('creates unknown cadres at version 1, in the unit’s field, and each new team once', () => {
    const plan = planImport([record(), record({ personnelNo: 'P2', teamRole: 'deputy', position: '副局长' })], refs());
    expect(plan.newTeams).toHaveLength(1);
    expect(
      plan.created.map((c) => [c.personnelNo, c.teamId, c.teamRole, c.isPrincipal, c.fieldId, c.versionNo]),
    ).toEqual([
      ['P1', plan.newTeams[0].id, 'principal', true, 'f-economy', 1],
      ['P2', plan.newTeams[0].id, 'deputy', false, 'f-economy', 1],
    ]);
  });

  it('updates only what differs and leaves equal cadres alone, keeping their status', () => {
    const first = planImport([record()], refs()).created[0];
    const existing = { ...first, status: 'retired' as const };
    const same = planImport([record({ teamName: null, teamRole: undefined })], {
      ...refs([{ ...existing, teamId: null, teamRole: null, isPrincipal: false }]),
    });
    expect(same).toMatchObject({ unchanged: 1, created: [], updated: [] });
    const moved = planImport(
      [record({ teamName: null, teamRole: undefined, fieldCode: 'law' })],
      refs([{ ...existing, teamId: null, teamRole: null, isPrincipal: false }]),
    );
    expect(moved.updated).toEqual([
      {
        snapshot: expect.objectContaining({ id: first.id, fieldId: 'f-law', status: 'retired', versionNo: 2 }),
        changed: ['fieldId'],
      },
    ]);
  });
});
