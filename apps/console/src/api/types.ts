// The shapes of the public API the console reads (CONTRACT.md, README "The API in brief").
// Only the fields the screens use; names as in the API.

export type Role = 'admin' | 'org_officer' | 'assessor' | 'unit_leader' | 'cadre';
export type Page<T> = { items: T[]; nextCursor: string | null };

export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; username: string; roles: Role[] };
}

export interface Field { id: string; code: string; name: string }
export type UnitKind = 'department' | 'town' | 'street' | 'zone';
export interface Unit { id: string; code: string; name: string; kind: UnitKind; fieldId: string | null }
export interface TeamMember { cadreId: string; name: string; position: string; teamRole: string | null; age: number; gender: string }
export interface Team { id: string; unitId: string; name: string; memberCount: number; members?: TeamMember[] }
export interface Cadre {
  id: string;
  personnelNo: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  unitId: string;
  teamId: string | null;
  fieldId: string | null;
  position: string;
  rank?: string | null;
  isPrincipal?: boolean;
  partyMember?: boolean;
  education?: string | null;
  status?: string;
  age?: number;
  tags?: string[];
  versionNo?: number;
}
export interface CadreVersion {
  versionNo: number;
  change: string;
  changed: string[];
  reason: string | null;
  effectiveDate: string | null;
  actor: string | null;
  recordedAt: string;
  snapshot: Partial<Cadre>;
}
export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  teamsCreated?: number;
  errors: Array<{ row: number; column: string; message: string }>;
  errorCount?: number;
}

export type CycleStatus = 'scheduled' | 'open' | 'closed' | 'published';
export type CycleKind = 'periodic' | 'random';
export interface Cycle {
  id: string;
  kind: CycleKind;
  name: string;
  year: number;
  half: 1 | 2 | null;
  topic: string | null;
  opensAt: string;
  closesAt: string;
  unitIds: string[] | null;
  reminderOffsetsHours: number[];
  status: CycleStatus;
  progress?: { cadres: number; completed: number };
}
export interface CycleSchedule {
  enabled: boolean;
  windows: Array<{ half: 1 | 2; opens: string; closes: string }>;
  reminderOffsetsHours?: number[];
  leadDays?: number;
  next: { year: number; half: 1 | 2; opensAt: string; closesAt: string; cycleId: string | null } | null;
}
export type Step = 'look' | 'listen' | 'ask' | 'apply';
export interface Appraisal {
  id: string | null;
  cycleId: string;
  cadreId: string;
  cadreName: string;
  completedSteps: Step[];
  nextStep: Step | null;
  steps: Partial<Record<Step, { content: Record<string, unknown>; recordedBy: string; recordedAt: string }>>;
  democratic: Array<{ campaignId: string; ballots: number; excellentRate: number; score: number | null }>;
  politicalVerdict: Verdict;
}
export interface AssessmentGroup { id: string; name: string; assessorUserIds: string[]; cadreIds: string[] }
export interface WartimeRecord {
  id: string;
  cycleId: string;
  cycleName: string;
  cadreId: string;
  date: string;
  role: string;
  volunteered: boolean;
  dutyHours: number;
  performance: string;
  note: string | null;
  commendation: string | null;
  penalty: string | null;
}
export interface WartimeFile {
  cadreId: string;
  records: WartimeRecord[];
  summary: { records: number; firstVolunteeredOn: string | null; volunteered: number; totalDutyHours: number; outstanding: number; commendations: number; penalties: number; spirit: number | null; trend?: string };
  weekly: Array<{ week: string; records: number; dutyHours: number; volunteered: number; spirit: number }>;
}
export interface Notification { id: string; kind: string; title: string; body: string; cycleId: string | null; createdAt: string; readAt: string | null }

export type Verdict = 'pass' | 'attention' | 'fail';
export interface PoliticalFile {
  cadreId: string;
  verdict: Verdict;
  dimensions: Array<{ key: string; name: string; status: 'good' | 'watch' | 'bad'; positives: number; negatives: number }>;
  observations: Array<{ id: string; dimension: string; polarity: 'positive' | 'negative'; severity: string; evidence: string; occurredAt: string; source: string }>;
  updatedAt: string | null;
}
export interface Indicator { metric: string; target: number; unit: string }
export interface Task {
  id: string;
  title: string;
  priority: string | null;
  measures: string;
  indicator: Indicator;
  deadline: string;
  weight: number;
  status: 'planned' | 'in_progress' | 'completed' | 'overdue';
  actual: number | null;
}
export type TaskListStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'signed';
export interface TaskList {
  id: string | null;
  cadreId: string;
  year: number;
  status: TaskListStatus;
  signedAt: string | null;
  returnedReason: string | null;
  tasks: Task[];
  completionScore: number;
  history: Array<{ action: string; by: string; reason: string | null; at: string }>;
}
export interface Responsibility {
  id: string;
  year: number;
  duty: string;
  target: Indicator;
  measures: string;
  actual: number | null;
  fulfillmentRate: number;
  rating: { grade: string; comment: string | null } | null;
}
export interface Responsibilities { cadreId: string; items: Responsibility[]; fulfillmentRate: number }

export type Direction = 'top_down' | 'bottom_up' | 'peer';
export interface Campaign {
  id: string;
  cycleId: string;
  name: string;
  direction: Direction;
  subject: 'cadre' | 'unit';
  targetIds: string[];
  items: Array<{ key: string; name: string }>;
  createdAt?: string;
}
export interface IssuedToken { voter: { name: string; unitId: string; group: string }; token: string }
export interface Participation { issued: number; cast: number; rate: number; byGroup?: Array<{ group: string; issued: number; cast: number; rate: number }> | Record<string, { issued: number; cast: number; rate: number }> }
export interface CampaignResult {
  targetId: string;
  ballots: number;
  /** Fewer ballots than the tenant's minGroupSize: the numbers are null. */
  suppressed?: boolean;
  gradeCounts: Record<string, number> | null;
  excellentRate: number | null;
  competentOrBetterRate?: number | null;
  score: number | null;
}
export interface TwoWay { unitId: string; topDown: number | null; bottomUp: number | null; gap: number | null; flagged?: boolean }

// Analytics (issue 7), as CONTRACT.md "Analytics" describes them.
export type Quadrant = 'leading' | 'team_anchor' | 'field_strong' | 'lagging';
export interface RankingItem { cadreId: string; name?: string; composite: number | null; rank: number | null; percentile: number | null; excluded?: string; parts?: Record<string, number | null> }
export interface CoordinatePoint { cadreId: string; name?: string; teamId?: string | null; fieldId?: string | null; composite?: number | null; x: number; y: number; quadrant: Quadrant }
export interface TrendPoint { cycleId: string; year: number; half: number | null; composite: number | null; verticalRank: number | null; horizontalRank: number | null; horizontalPercentile?: number | null }
export interface Trend { points: TrendPoint[]; direction: 'rising' | 'falling' | 'stable'; warning: { fallingCycles: number; bottomDecile: boolean } | null }
export interface TeamMetrics { teamId: string; name: string; members: number; averageComposite: number | null; spread: number | null; fieldsCovered: number; averageAge: number | null; female: number; young: number; strengths: string[] }
