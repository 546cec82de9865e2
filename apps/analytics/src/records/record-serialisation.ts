import { createHash } from 'node:crypto';
import type { AnnualCadreRow, AnnualTeamRow } from '../annual/annual-rules';
import type {
  AnnualRecordRowView,
  AnnualRecordTeamRowView,
  AnnualWeights,
  CompositeWeights,
  Grade,
  RankingExclusion,
  RecordRowView,
  RecordSnapshotView,
  RecordTeamRowView,
} from '@cadre/contracts';

/**
 * JSON with every object's keys in code-point order, no whitespace, `undefined` members left out and
 * −0 written as 0: the same value gives the same text whatever order its keys were built in. Arrays
 * keep their order (the caller sorts the rows). Numbers are written as JavaScript writes them, which
 * for a float8 read from PostgreSQL is the shortest text that reads back as the same double.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return Object.is(value, -0) ? '0' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`cannot serialise a ${typeof value}`);
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** One cadre of a cycle as the rankings row, the 切 grade and the calibration hold it. */
export interface RecordSourceRow {
  cadreId: string;
  teamId: string | null;
  fieldId: string | null;
  periodic: number | null;
  democratic: number | null;
  task: number | null;
  wartime: number | null;
  composite: number;
  computedComposite: number | null;
  excluded: RankingExclusion | null;
  verticalRank: number | null;
  verticalN: number | null;
  verticalPercentile: number | null;
  horizontalRank: number | null;
  horizontalN: number | null;
  horizontalPercentile: number | null;
  grade: Grade | null;
  calibratedComposite: number | null;
  calibratedGrade: Grade | null;
}

/** One team of a cycle as its team_rankings row holds it. */
export interface RecordTeamSourceRow {
  teamId: string;
  unitId: string;
  fieldId: string | null;
  apply: number | null;
  democratic: number | null;
  bottomUp: number | null;
  members: number | null;
  composite: number;
  rank: number;
  n: number;
  percentile: number;
}

/** Everything a record is made of, as read from the database. */
export interface RecordSource {
  weights: CompositeWeights;
  rows: RecordSourceRow[];
  /** The cycle's snapshot taken at close (format 2; format 1 has none). */
  snapshot?: RecordSnapshotView[];
  /** The cycle's team rows (format 2; format 1 has none). */
  teams?: RecordTeamSourceRow[];
}

export function recordTeamRow(t: RecordTeamSourceRow): RecordTeamRowView {
  return {
    teamId: t.teamId,
    unitId: t.unitId,
    fieldId: t.fieldId,
    parts: { apply: t.apply, democratic: t.democratic, bottomUp: t.bottomUp, members: t.members },
    composite: t.composite,
    rank: t.rank,
    n: t.n,
    percentile: t.percentile,
  };
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** Where a record sits in its tenant's chain. */
export interface RecordHeader {
  tenantId: string;
  cycleId: string;
  sequence: number;
  publishedAt: string | null;
  previousDigest: string | null;
}

export function recordRow(r: RecordSourceRow): RecordRowView {
  const calibrated = r.calibratedComposite !== null || r.calibratedGrade !== null;
  return {
    cadreId: r.cadreId,
    teamId: r.teamId,
    fieldId: r.fieldId,
    parts: { periodic: r.periodic, democratic: r.democratic, task: r.task, wartime: r.wartime },
    composite: r.composite,
    excluded: r.excluded,
    vertical: { rank: r.verticalRank, n: r.verticalN, percentile: r.verticalPercentile },
    horizontal: { rank: r.horizontalRank, n: r.horizontalN, percentile: r.horizontalPercentile },
    grade: r.grade,
    calibration: calibrated
      ? { composite: r.calibratedComposite, grade: r.calibratedGrade, computedComposite: r.computedComposite }
      : null,
  };
}

/**
 * The sections of a record, per format. A section is one function of the source; a new input of the
 * record (the snapshot of the roster taken at close) is one more function in a new format — a
 * record keeps the format it was sealed in, so the digests of older records still verify.
 */
const FORMAT_1: Record<string, (s: RecordSource) => unknown> = {
  weights: (s) => s.weights,
  rows: (s) => [...s.rows].sort((a, b) => (a.cadreId < b.cadreId ? -1 : 1)).map(recordRow),
};

export const RECORD_SECTIONS: Record<number, Record<string, (s: RecordSource) => unknown>> = {
  1: FORMAT_1,
  // 2: what the cycle was computed from (the snapshot at close) and the leadership teams' rows (班子排名).
  2: {
    ...FORMAT_1,
    snapshot: (s) => [...(s.snapshot ?? [])].sort(byKey((r) => r.cadreId)),
    teams: (s) => [...(s.teams ?? [])].sort(byKey((t) => t.teamId)).map(recordTeamRow),
  },
};

/** The format new records are sealed in. */
export const RECORD_FORMAT = 2;

/** The canonical text of a record: its place in the chain and every section of its format. */
export function serialiseRecord(format: number, header: RecordHeader, source: RecordSource): string {
  const sections = RECORD_SECTIONS[format];
  if (!sections) throw new Error(`unknown record format ${format}`);
  const body: Record<string, unknown> = { format, ...header };
  for (const [name, section] of Object.entries(sections)) body[name] = section(source);
  return canonicalJson(body);
}

export function recordDigest(format: number, header: RecordHeader, source: RecordSource): string {
  return sha256(serialiseRecord(format, header, source));
}

/** A stored seal, as verify reads it. */
export interface StoredSeal {
  cycleId: string;
  sequence: number;
  digest: string;
  previousDigest: string | null;
}

/**
 * The links of a chain that do not hold, in sequence order: each seal's `previousDigest` must be the
 * stored digest of the one before (null for the first). `recomputed` is the digest of each seal's
 * stored rows, computed with the previous digest the chain says it had.
 */
export function chainMismatches(
  seals: StoredSeal[],
  recomputed: (seal: StoredSeal, previousDigest: string | null) => string,
): Array<{ cycleId: string; expected: string; actual: string }> {
  const mismatches: Array<{ cycleId: string; expected: string; actual: string }> = [];
  let previous: string | null = null;
  for (const seal of [...seals].sort((a, b) => a.sequence - b.sequence)) {
    const actual: string =
      seal.previousDigest === previous ? recomputed(seal, previous) : `previousDigest ${seal.previousDigest ?? 'null'}`;
    if (actual !== seal.digest) mismatches.push({ cycleId: seal.cycleId, expected: seal.digest, actual });
    previous = seal.digest;
  }
  return mismatches;
}

/** Where an annual record sits in its tenant's chain: the same chain as the cycles' records. */
export interface AnnualRecordHeader {
  tenantId: string;
  annualId: string;
  year: number;
  sequence: number;
  publishedAt: string;
  previousDigest: string | null;
}

/**
 * A cadre's and a team's frozen annual rows, as annual_rankings and annual_team_rankings hold them: the
 * rows the annual rules compute, one declaration for both.
 */
export type AnnualRecordSourceRow = AnnualCadreRow;
export type AnnualRecordTeamSourceRow = AnnualTeamRow;

/** Everything an annual record is made of. */
export interface AnnualRecordSource {
  weights: AnnualWeights;
  gateAsOf: string;
  cycleIds: string[];
  randomCycleIds: string[];
  rows: AnnualRecordSourceRow[];
  teams: AnnualRecordTeamSourceRow[];
}

export function annualRecordRow(r: AnnualRecordSourceRow): AnnualRecordRowView {
  return {
    cadreId: r.cadreId,
    unitId: r.unitId,
    teamId: r.teamId,
    fieldId: r.fieldId,
    parts: { periodic: r.periodic, random: r.random, democratic: r.democratic },
    composite: r.composite,
    excluded: r.excluded,
    vertical: { rank: r.verticalRank, n: r.verticalN, percentile: r.verticalPercentile },
    horizontal: { rank: r.horizontalRank, n: r.horizontalN, percentile: r.horizontalPercentile },
  };
}

export function annualRecordTeamRow(t: AnnualRecordTeamSourceRow): AnnualRecordTeamRowView {
  return {
    teamId: t.teamId,
    unitId: t.unitId,
    fieldId: t.fieldId,
    parts: { periodic: t.periodic, democratic: t.democratic },
    composite: t.composite,
    horizontal: { rank: t.rank, n: t.n, percentile: t.percentile },
    overall: { rank: t.overallRank, n: t.overallN, percentile: t.overallPercentile },
  };
}

/**
 * Format 3 is the first with a **kind** in the hashed text: `annual`, a year's evaluation (年度综合评价).
 * A cycle's record (formats 1 and 2) has no kind in its text — it is a cycle's by being one of those
 * formats — so the digests sealed before kinds existed verify as they were sealed.
 */
export const ANNUAL_RECORD_FORMAT = 3;

const ANNUAL_SECTIONS: Record<number, Record<string, (s: AnnualRecordSource) => unknown>> = {
  3: {
    weights: (s) => s.weights,
    gateAsOf: (s) => s.gateAsOf,
    cycleIds: (s) => [...s.cycleIds].sort(),
    randomCycleIds: (s) => [...s.randomCycleIds].sort(),
    rows: (s) => [...s.rows].sort(byKey((r) => r.cadreId)).map(annualRecordRow),
    teams: (s) => [...s.teams].sort(byKey((t) => t.teamId)).map(annualRecordTeamRow),
  },
};

/** The canonical text of an annual record: its kind, its place in the chain and every section of its format. */
export function serialiseAnnualRecord(format: number, header: AnnualRecordHeader, source: AnnualRecordSource): string {
  const sections = ANNUAL_SECTIONS[format];
  if (!sections) throw new Error(`unknown annual record format ${format}`);
  const body: Record<string, unknown> = { format, kind: 'annual', ...header };
  for (const [name, section] of Object.entries(sections)) body[name] = section(source);
  return canonicalJson(body);
}

export function annualRecordDigest(format: number, header: AnnualRecordHeader, source: AnnualRecordSource): string {
  return sha256(serialiseAnnualRecord(format, header, source));
}
