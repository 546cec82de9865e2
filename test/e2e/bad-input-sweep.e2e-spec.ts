import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { seededRandom } from '@cadre/platform';
import { dropNamespace, eventually, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { zerosDeflated, zipOf } from '../fixtures/zip';
import {
  ADMIN,
  createTenant,
  login,
  startAnalytics,
  startAppraisal,
  startChecklists,
  startGateway,
  startReview,
  startRoster,
} from '../support';

/**
 * The generated bad-input sweep (issue 9): every operation of the gateway's OpenAPI document gets a
 * seeded, bounded set of malformed requests, sent as the first tenant ("lvyuan") whose data is real,
 * while a second tenant ("nanguan", every name marked 南关) owns real data of every kind too.
 *
 * What is generated, per operation:
 *  - path parameters: a malformed value, an SQL payload, a NUL, a very long string (8,000 characters: a
 *    URL is a header, and Node refuses heads over 16 KB before any code runs), and the other tenant's id
 *    of the same kind — as the officer and as each narrower role the route admits, each compared with an
 *    id nobody has. A ballot token is a capability valid for whoever holds it: an unknown token instead;
 *  - body properties (from the schema, nested objects and array items too) and query parameters: every
 *    wrong type (number ↔ string ↔ array ↔ object ↔ boolean, null where required), a huge string
 *    (100,000 characters), bad Unicode (a lone surrogate, NUL), seeded picks of the payloads below, the
 *    other tenant's id in every id property, hostile keys and values in maps (__proto__, an SQL key …);
 *    per body: one over the body limit (413), one that is not an object, one labelled text/plain, one
 *    nested 40 levels deep and one 100,000 levels deep (400 naming body), and for a POST a bad and an
 *    SQL-ish Idempotency-Key; per list: forged cursors (the right length, the wrong types; not base64url);
 *  - uploads (multipart): no file, a wrong extension, garbage, invalid UTF-8, NUL, a huge cell, payloads,
 *    zip bombs (300 MB of zeros, declared or lied about: 413);
 *  - auth: no token, a garbage token and a token signed with another key (401); a role the route does not
 *    allow, read from the controllers' @Roles (403). Public routes (login, ballots) are skipped.
 * The body each mutation starts from is meant to be valid, generated from the schema (enums, examples,
 * formats, the first tenant's real ids by property name), so a 400 names the broken field and only it;
 * the summary lists any operation where a 400 named more.
 *
 * The rules (what each request must get):
 *  1. never a 5xx; every 4xx is application/problem+json whose `status` is the answer's;
 *  2. a wrong type, a huge string, a lone surrogate or NUL (Postgres text cannot hold them), a payload in a
 *     field with an enum or a format (uuid, date), a malformed path id: 400 naming the field (a 422 too);
 *  3. the other tenant's id in the path: 404 or 403 with the same status and detail as an unknown id;
 *     in the body: a 4xx naming the field; never 2xx;
 *  4. free-text payloads (SQL, HTML, RTL override, emoji with ZWJ, combining marks, full-width digits) are
 *     legitimate values: the request carries them *and* is made invalid elsewhere (an unknown property,
 *     or the other tenant's id in the path, which makes the payload reach the service), so nothing may be
 *     written: 400 naming the break (or the field) or 404/403. The second test stores them for real as
 *     names and positions and reads them back verbatim, and searches for them as text;
 *  5. 2xx only for a GET whose free-text query parameter carries a payload or whose filter is the other
 *     tenant's id (an empty list), and for a dry-run import; no answer contains the other tenant's names
 *     (marker 南关) or ids that the request did not carry;
 *  6. nothing is written: every table of every service schema of the namespace is hashed (row count and
 *     content, so updates count too) before and after each operation's requests and at the end, outboxes
 *     and inboxes included. Excluded, and only these: the gateway's audit_log (refused requests are
 *     audited on purpose) and idempotency_keys (a refused POST with a key keeps its answer); the rate
 *     limits live in Redis, not in these schemas.
 * The summary printed at the end lists operations, requests and statuses; every failure is listed at once.
 * SWEEP_LOG=<file> appends one line per request (status, operation, case, detail) for a closer look.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = {
  /** OpenAPI 3.1 writes `string | null` as `['string', 'null']` (resolve reads it as nullable). */
  type?: string | string[];
  format?: string;
  enum?: Json[];
  example?: Json;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  minItems?: number;
  maxLength?: number;
  minLength?: number;
};
type Param = { name: string; in: 'path' | 'query'; required?: boolean; schema?: Schema; $ref?: string };
type Operation = {
  operationId: string;
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: unknown[];
};
type Expect = { statuses: number[]; field?: string; allowOk?: boolean };
type Case = {
  what: string;
  path: string;
  query?: string;
  body?: Json | string;
  token?: string | null;
  authHeader?: string;
  expect: Expect;
  unknownTwin?: string;
  file?: { content: Buffer; filename: string };
  headers?: Record<string, string>;
};

const SECRET = 'test-secret-that-is-at-least-32-characters-long';
const SEED = 9;
const HUGE = 'x'.repeat(100_000);
const LONG = 'a'.repeat(8_000);
const OVER_LIMIT = 'y'.repeat(1_100_000);
/** Past the gateway's 32 levels of JSON nesting; the deep one was a 500 (the stack of a recursive check). */
const nested = (depth: number): Json => (depth === 0 ? 1 : { d: nested(depth - 1) });
const DEEP = '['.repeat(100_000) + ']'.repeat(100_000);
/** List cursors a client could forge: base64url JSON of the wrong types or length, and not base64url at all. */
const FORGED_CURSORS: Array<[string, string]> = [
  ...(
    [
      '["x","y"]',
      '[1,2]',
      '[null,null]',
      '[1e999,123456789012345678901234567890]',
      '["x"]',
      '["x","y","z"]',
      '{"a":1}',
    ] as const
  ).map((json): [string, string] => [json, Buffer.from(json).toString('base64url')]),
  ['not base64url', '!!not-base64!!'],
];
const B_MARK = '南关';
/** Free-text payloads: legitimate as values, so they are only ever sent in an otherwise invalid request (rule 4). */
const PAYLOADS: Record<string, string> = {
  sqlOr: "' OR 1=1 --",
  sqlDrop: "x'; DROP TABLE units; --",
  sqlUnion: '1 UNION SELECT password_hash FROM users --',
  html: '<script>alert(1)</script>',
  htmlAttr: '"><img src=x onerror=alert(1)>',
  rtl: '\u202Egnp.exe',
  emojiZwj: '👨‍👩‍👧‍👦🏳️‍🌈',
  combining: 'Z̷͓̈́a̶̟͑l̸̰̇g̵̱͝o̴̤͐',
  fullWidth: '２０２６',
};
/** Never storable or never well-formed: refused wherever a string goes (rule 2). */
const BAD_UNICODE: Record<string, string> = { loneSurrogate: 'a\uD800b', nul: 'a\u0000b' };

describe('bad-input sweep (generated from the OpenAPI document)', () => {
  const namespace = testNamespace();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let db: DataSource;
  const random = seededRandom(SEED);
  const pick = <T>(list: T[], n: number): T[] => {
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0]);
    return out;
  };
  const http = () => request(gateway.getHttpServer());
  /** A seeded UUID (v4 layout) that no row has. */
  const unknownId = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  const year = new Date().getUTCFullYear();

  // Real data of both tenants, by kind.
  type Ids = Record<string, string>;
  const A: Ids = {};
  const B: Ids = {};
  const tokens: Record<string, string> = {};
  let bValues: string[] = [];

  const failures: string[] = [];
  const statuses: Record<number, number> = {};
  let sent = 0;
  const alsoNamed = new Set<string>();
  let operations = 0;

  async function must(
    res: request.Response | Promise<request.Response>,
    status: number,
    what: string,
  ): Promise<request.Response> {
    const r = await res;
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }

  /** Each tenant's data, with the second tenant's names all marked 南关. */
  async function seedTenant(ids: Ids, token: string, mark: string): Promise<void> {
    const send = (method: 'post' | 'put' | 'get', p: string, body?: object) =>
      http()[method](`/api/v1${p}`).set('authorization', `Bearer ${token}`).send(body);
    ids.field = (await must(send('post', '/fields', { code: 'economy', name: `${mark}经济` }), 201, 'field')).body.id;
    ids.unit = (
      await must(
        send('post', '/units', { code: 'FGJ', name: `${mark}发改局`, kind: 'department', fieldId: ids.field }),
        201,
        'unit',
      )
    ).body.id;
    ids.town = (
      await must(send('post', '/units', { code: 'HXZ', name: `${mark}合心镇`, kind: 'town' }), 201, 'town')
    ).body.id;
    ids.team = (
      await must(send('post', '/teams', { unitId: ids.unit, name: `${mark}发改局领导班子` }), 201, 'team')
    ).body.id;
    const cadre = { gender: 'male', birthDate: '1980-01-01', position: '副局长' };
    ids.cadre = (
      await must(
        send('post', '/cadres', {
          ...cadre,
          personnelNo: 'P1',
          name: `${mark}甲干部`,
          unitId: ids.unit,
          teamId: ids.team,
        }),
        201,
        'cadre',
      )
    ).body.id;
    ids.cadre2 = (
      await must(
        send('post', '/cadres', { ...cadre, personnelNo: 'P2', name: `${mark}乙干部`, unitId: ids.town }),
        201,
        'cadre2',
      )
    ).body.id;
    const user = async (username: string, roles: string[], cadreId?: string) =>
      (
        await must(
          send('post', '/users', {
            username,
            password: 'password-1',
            roles,
            ...(cadreId ? { cadreId } : {}),
            ...(roles.includes('unit_leader') ? { unitId: ids.unit } : {}),
          }),
          201,
          username,
        )
      ).body.id as string;
    ids.assessorUser = await user('assessor1', ['assessor']);
    ids.leaderUser = await user('leader1', ['unit_leader']);
    ids.cadreUser = await user('cadre1', ['cadre'], ids.cadre);
    ids.resp = (
      await must(
        send('post', `/cadres/${ids.cadre}/responsibilities`, {
          year,
          duty: `${mark}安全生产`,
          target: { metric: '检查', target: 12, unit: '次' },
          measures: `${mark}每月排查`,
        }),
        201,
        'responsibility',
      )
    ).body.id;
    const task = await must(
      send('post', `/cadres/${ids.cadre}/task-lists/${year}/tasks`, {
        title: `${mark}招商引资`,
        measures: `${mark}台账`,
        indicator: { metric: '招商额', target: 5000, unit: '万元' },
        deadline: `${year}-12-31`,
        weight: 30,
      }),
      201,
      'task',
    );
    ids.task = task.body.id ?? task.body.tasks?.[0]?.id;
    const opensAt = new Date(Date.now() + 3_600_000).toISOString();
    const closesAt = new Date(Date.now() + 90 * 86_400_000).toISOString();
    ids.cycle = (
      await must(
        send('post', '/cycles', { kind: 'periodic', name: `${mark}上半年定期考核`, year, half: 1, opensAt, closesAt }),
        201,
        'cycle',
      )
    ).body.id;
    const opened = await send('post', `/cycles/${ids.cycle}/open`);
    if (opened.status >= 300) throw new Error(`open cycle: ${opened.status} ${JSON.stringify(opened.body)}`);
    await eventually(
      async () =>
        (
          await send('post', '/assessment-groups', {
            name: `${mark}第一考核组`,
            assessorUserIds: [ids.assessorUser],
            cadreIds: [ids.cadre],
          })
        ).status === 201,
      20_000,
      'cadres projected to appraisal',
    );
    const groups = (await must(send('get', '/assessment-groups'), 200, 'groups')).body;
    ids.group = (Array.isArray(groups) ? groups : groups.items)[0].id;
    await must(
      send('put', `/cycles/${ids.cycle}/appraisals/${ids.cadre}/steps/look`, {
        reports: [{ kind: 'report', title: `${mark}述职报告` }],
        notes: `${mark}汇报扎实`,
      }),
      200,
      'look step',
    );
    let campaign: request.Response | undefined;
    await eventually(
      async () => {
        campaign = await send('post', `/cycles/${ids.cycle}/campaigns`, {
          direction: 'top_down',
          subject: 'cadre',
          targetIds: [ids.cadre],
          voters: [{ name: `${mark}张三`, unitId: ids.town, group: '群众代表' }],
        });
        return campaign.status === 201;
      },
      20_000,
      'cycle and roster projected to review',
    );
    ids.campaign = campaign!.body.id;
    ids.ballotToken = campaign!.body.tokens[0].token;
    await eventually(
      async () => {
        const award = await send('post', '/awards', {
          kind: 'good_cadre',
          name: `${mark}好干部评选`,
          cycleId: ids.cycle,
          quota: 1,
        });
        if (award.status === 201) ids.award = award.body.id;
        return award.status === 201;
      },
      20_000,
      'cycle projected to analytics',
    );
    // Decided (on the system's suggestion, which may be empty: nobody is ranked), so stories can be written.
    const decided = await send('post', `/awards/${ids.award}/decide`, {});
    if (decided.status >= 300) throw new Error(`decide award: ${decided.status} ${JSON.stringify(decided.body)}`);
  }

  beforeAll(async () => {
    const limits = { RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000', JWT_SECRET: SECRET };
    apps.push(
      await startRoster(namespace),
      await startChecklists(namespace),
      await startAppraisal(namespace),
      await startReview(namespace),
      await startAnalytics(namespace),
    );
    gateway = await startGateway(namespace, limits);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    tokens.officer = (await createTenant(gateway, 'lvyuan')).token;
    tokens.otherOfficer = (await createTenant(gateway, 'nanguan')).token;
    tokens.admin = await login(gateway, ADMIN.tenant, ADMIN.username, ADMIN.password);
    await seedTenant(A, tokens.officer, '');
    await seedTenant(B, tokens.otherOfficer, B_MARK);
    tokens.assessor = await login(gateway, 'lvyuan', 'assessor1', 'password-1');
    tokens.unit_leader = await login(gateway, 'lvyuan', 'leader1', 'password-1');
    tokens.cadre = await login(gateway, 'lvyuan', 'cadre1', 'password-1');
    const claims = { sub: A.cadreUser, usr: 'officer', tid: A.cadreUser, tcd: 'lvyuan', roles: ['org_officer'] };
    tokens.forged = await new JwtService({ secret: 'another-secret-another-secret-another' }).signAsync(claims);
    bValues = Object.values(B);
    // Projections, relays and recomputations settle before the first snapshot.
    let last = '';
    await eventually(
      async () => {
        const now = JSON.stringify(await snapshot());
        const same = now === last;
        last = now;
        if (!same) await new Promise((r) => setTimeout(r, 1_000));
        return same;
      },
      60_000,
      'data at rest',
    );
  }, 180_000);

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
    for (const app of apps.reverse()) await app.close();
    await dropNamespace(namespace);
  });

  // ---------- nothing written ----------

  const EXCLUDED = new Set(['gateway.audit_log', 'gateway.idempotency_keys']);
  let tableSql: string | undefined;

  /** A hash of every table's rows (count and content) in every schema of the namespace, but the exclusions. */
  async function snapshot(): Promise<Record<string, string>> {
    if (!tableSql) {
      const tables: Array<{ s: string; t: string }> = await db.query(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema LIKE $1 AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
        [`${namespace}\\_%`],
      );
      const kept = tables.filter(({ s, t }) => !EXCLUDED.has(`${s.slice(namespace.length + 1)}.${t}`));
      tableSql = kept
        .map(
          ({ s, t }) =>
            `SELECT '${s.slice(namespace.length + 1)}.${t}' AS t, (SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${s}"."${t}" x) AS h`,
        )
        .join(' UNION ALL ');
    }
    const rows: Array<{ t: string; h: string }> = await db.query(tableSql);
    return Object.fromEntries(rows.map((r) => [r.t, r.h]));
  }

  function changed(before: Record<string, string>, after: Record<string, string>): string[] {
    return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
  }

  // ---------- the document ----------

  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema>; parameters?: Record<string, Param> };
  };
  const resolve = (s: Schema | undefined): Schema => {
    if (!s) return {};
    if (s.$ref) return resolve(doc.components.schemas[s.$ref.split('/').pop()!]);
    if (s.allOf && s.allOf.length === 1) return { ...resolve(s.allOf[0]), nullable: s.nullable };
    // OpenAPI 3.1's spellings of "or null", read as the 3.0 `nullable` the cases are written for.
    if (Array.isArray(s.type)) {
      const types = s.type.filter((t) => t !== 'null');
      return { ...s, type: types.length === 1 ? types[0] : undefined, nullable: s.type.includes('null') };
    }
    const others = s.anyOf?.filter((x) => x.type !== 'null');
    if (s.anyOf && others!.length === 1) return { ...resolve(others![0]), nullable: others!.length < s.anyOf.length };
    return s;
  };
  /** A parameter shared in `components.parameters` (limit, cursor, Idempotency-Key) as if written in place. */
  const param = (p: Param): Param => (p.$ref ? doc.components.parameters![p.$ref.split('/').pop()!] : p);

  /** Which of a tenant's ids a property or path parameter names. */
  function idKind(name: string, path = ''): string | undefined {
    const byName: Record<string, string> = {
      unitId: 'unit',
      teamId: 'team',
      toTeamId: 'team',
      toUnitId: 'unit',
      keyUnitIds: 'unit',
      fieldId: 'field',
      keyFieldIds: 'field',
      cadreId: 'cadre',
      cadreIds: 'cadre',
      targetIds: 'cadre',
      targetId: 'cadre',
      cycleId: 'cycle',
      campaignId: 'campaign',
      taskId: 'task',
      responsibilityId: 'resp',
      assessorUserIds: 'assessorUser',
      userId: 'cadreUser',
      token: 'ballotToken',
    };
    if (name !== 'id') return byName[name];
    const segment = path.split('/{id}')[0].split('/').pop();
    const bySegment: Record<string, string> = {
      units: 'unit',
      teams: 'team',
      cadres: 'cadre',
      cycles: 'cycle',
      campaigns: 'campaign',
      responsibilities: 'resp',
      tasks: 'task',
      'assessment-groups': 'group',
      notifications: 'notification',
      awards: 'award',
      users: 'assessorUser',
      // None is made in the sweep: the fallback id, a well-formed one, so the body is what is judged.
      rectifications: 'rectification',
      fields: 'field',
      // None is made in the sweep either (an export is started by a valid request only).
      'dossier-exports': 'dossierExport',
      batches: 'batch',
      scenarios: 'scenario',
    };
    return segment ? bySegment[segment] : undefined;
  }
  const idOf = (ids: Ids, kind: string) => ids[kind] ?? '00000000-0000-4000-8000-000000000009';

  const isUuid = (name: string, s: Schema) => s.format === 'uuid' || (idKind(name) !== undefined && name !== 'token');
  /** The document types `string | null` properties as `object`: a format or a string example tells them apart. */
  const isString = (s: Schema) =>
    s.type === 'string' ||
    (s.type === 'object' && !s.properties && (s.format === 'uuid' || typeof s.example === 'string'));
  /** A string with a shape (enum, uuid, date …): any payload is wrong for it. */
  const constrained = (name: string, s: Schema) =>
    !!s.enum || ['uuid', 'date', 'date-time'].includes(s.format ?? '') || isUuid(name, s);
  /** Values the schema cannot tell (an e-mail address, a URL), by property name. */
  const BY_NAME: Record<string, Json> = {
    to: ['kaohe@example.gov.cn'],
    from: 'kaohe@example.gov.cn',
    url: 'https://oa.example.gov.cn/docs/1',
    host: 'smtp.example.gov.cn',
    birthDate: '1978-05-12',
    roles: ['cadre'],
  };
  /**
   * Rules across properties that a schema does not express: a periodic cycle needs its half; a batch
   * its moves or (the old form) its cadres — the old form here, as it needs nothing but ids.
   */
  const BASE_EXTRA: Record<string, () => Record<string, Json>> = {
    CreateCycleDto: () => ({ half: 1 }),
    AdjustmentBatchDto: () => ({ cadreIds: [idOf(A, 'cadre')] }),
  };
  /** Properties that may not come together: a body judged at the first leaves the others out. */
  const EXCLUDES: Record<string, string[]> = { moves: ['cadreIds'] };

  /** A valid value for a schema, with the first tenant's ids by property name. */
  function sample(name: string, raw: Schema | undefined): Json {
    const s = resolve(raw);
    const kind = idKind(name);
    if (BY_NAME[name] !== undefined) return BY_NAME[name];
    if (s.enum && s.enum.length > 0) return s.enum[0];
    if (s.type === 'array') {
      if (kind) return [idOf(A, kind)];
      const items = resolve(s.items);
      const n = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: n }, (_, i) =>
        items.type === 'string' && !items.enum && !items.format ? `${name}-${i + 1}` : sample(name, s.items),
      );
    }
    if (kind) return idOf(A, kind);
    if (s.type === 'object' && s.format === 'uuid') return idOf(A, 'cadre');
    if (s.properties) {
      const out: Record<string, Json> = {};
      for (const key of s.required ?? []) out[key] = sample(key, s.properties[key]);
      return out;
    }
    if (s.type === 'number' || s.type === 'integer') {
      if (typeof s.example === 'number') return s.example;
      if (s.minimum !== undefined) return s.exclusiveMinimum ? s.minimum + 1 : s.minimum;
      return 1;
    }
    if (s.type === 'boolean') return true;
    if (s.format === 'date') return `${year}-07-01`;
    if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
    if (s.example !== undefined) return s.example;
    return 'sweep'.padEnd(Math.max(5, s.minLength ?? 0), '-');
  }

  /** Values of every other type than the schema's. */
  function wrongTypes(s: Schema, required: boolean): Array<[string, Json]> {
    const all: Array<[string, string, Json]> = [
      ['string', 'a string', 'abc'],
      ['number', 'a number', 42],
      ['boolean', 'a boolean', true],
      ['array', 'an array', ['x']],
      ['object', 'an object', { a: 1 }],
    ];
    const type = isString(s) ? 'string' : s.type === 'integer' ? 'number' : (s.type ?? 'object');
    const out = all.filter(([t]) => t !== type).map(([, what, v]): [string, Json] => [what, v]);
    if (required && !s.nullable) out.push(['null', null]);
    if (type === 'number') out.push(['a numeric string', '42']);
    if (type === 'boolean') out.push(['the string "true"', 'true']);
    return out;
  }

  function setAt(body: Json, path: Array<string | number>, value: Json | undefined): Json {
    const copy = JSON.parse(JSON.stringify(body)) as Json;
    let node = copy as Record<string, Json>;
    for (const key of path.slice(0, -1)) node = node[key as string] as Record<string, Json>;
    const last = path[path.length - 1];
    if (value === undefined) delete node[last as string];
    else node[last as string] = value;
    return copy;
  }
  const fieldName = (path: Array<string | number>) =>
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

  /** Every property of a body schema, nested ones and array items (as [0]) included. */
  function properties(
    raw: Schema,
    at: Array<string | number> = [],
  ): Array<{ path: Array<string | number>; name: string; schema: Schema; required: boolean }> {
    const s = resolve(raw);
    const out: Array<{ path: Array<string | number>; name: string; schema: Schema; required: boolean }> = [];
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      const c = resolve(child);
      const path = [...at, key];
      out.push({ path, name: key, schema: c, required: (s.required ?? []).includes(key) });
      if (at.length > 2) continue;
      if (c.properties) out.push(...properties(c, path));
      if (c.type === 'array' && c.items) {
        const items = resolve(c.items);
        if (items.properties) out.push(...properties(items, [...path, 0]));
        else out.push({ path: [...path, 0], name: key, schema: items, required: true });
      }
    }
    return out;
  }

  /** A body in which `path` exists: optional parents and array items filled with valid values. */
  function baseFor(body: Json, rootSchema: Schema, path: Array<string | number>): Json {
    const out = JSON.parse(JSON.stringify(body)) as Json;
    // A property that excludes another (a batch's moves, or its cadres in the old form): the base without it.
    for (const other of EXCLUDES[String(path[0])] ?? []) delete (out as Record<string, Json>)[other];
    let node = out as Record<string, Json>;
    let s = resolve(rootSchema);
    for (const key of path.slice(0, -1)) {
      const child = typeof key === 'number' ? resolve(s.items) : resolve(s.properties?.[key]);
      if (node[key as string] === undefined || node[key as string] === null)
        node[key as string] =
          typeof key === 'number' ? sample('', s.items) : child.type === 'array' ? [] : sample(String(key), child);
      if (typeof key !== 'number' && child.type === 'array' && (node[key as string] as Json[]).length === 0)
        (node[key as string] as Json[]).push(sample(String(key), child.items));
      node = node[key as string] as Record<string, Json>;
      s = child;
    }
    return out;
  }

  // ---------- roles, read from the controllers ----------

  const rolesByOperation = new Map<string, string[] | undefined>();
  function loadRoles(): void {
    const root = join(__dirname, '../../apps/gateway/src');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.controller.ts') ? [join(dir, e.name)] : [],
      );
    for (const file of walk(root)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      for (const value of Object.values(require(file) as Record<string, unknown>)) {
        if (typeof value !== 'function') continue;
        const cls = value as { name: string; prototype: Record<string, unknown> };
        for (const method of Object.getOwnPropertyNames(cls.prototype)) {
          const handler = cls.prototype[method];
          if (typeof handler !== 'function') continue;
          rolesByOperation.set(
            `${cls.name}_${method}`,
            Reflect.getMetadata('cadre:roles', handler) ?? Reflect.getMetadata('cadre:roles', cls),
          );
        }
      }
    }
  }

  // ---------- generation ----------

  function casesFor(path: string, method: string, op: Operation): Case[] {
    const cases: Case[] = [];
    const params = (op.parameters ?? []).map(param);
    const declared = new Set(params.filter((p) => p.in === 'path').map((p) => p.name));
    // The document misses some path parameters (a catch-all route): every {name} of the template is filled.
    const pathParams: Param[] = [
      ...params.filter((p) => p.in === 'path'),
      ...[...path.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1])
        .filter((n) => !declared.has(n))
        .map((name): Param => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ];
    const pathValue = (p: Param, ids: Ids): string => {
      const kind = idKind(p.name, path);
      if (kind) return idOf(ids, kind);
      if (p.name === 'year') return String(year);
      if (p.name === 'action') return 'submit';
      if (p.name === 'step') return 'sweep'; // an unknown step: the catch-all route, not the four steps' own
      return String(sample(p.name, p.schema));
    };
    const fill = (values: Record<string, string>) =>
      path.replace(/\{(\w+)\}/g, (_, n) => encodeURIComponent(values[n]));
    const good: Record<string, string> = Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p, A)]));
    const goodPath = fill(good);
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    const base = bodySchema
      ? {
          ...(sample('body', bodySchema) as Record<string, Json>),
          ...BASE_EXTRA[bodySchema.$ref?.split('/').pop() ?? '']?.(),
        }
      : undefined;
    const queryParams = params.filter((p) => p.in === 'query');
    const requiredQuery = queryParams
      .filter((p) => p.required)
      .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.name, p.schema)))}`);
    const qs = (extra: string[] = []) => [...requiredQuery, ...extra].join('&');
    const isPublic = !op.security || op.security.length === 0;
    const idPathParams = pathParams.filter((p) => idKind(p.name, path) && p.name !== 'token' && declared.has(p.name));

    const bad400 = (field: string): Expect => ({ statuses: [400], field });
    const add = (what: string, overrides: Partial<Case>) =>
      cases.push({ what, path: goodPath, query: qs(), body: base, expect: { statuses: [400] }, ...overrides });

    // Path parameters.
    for (const p of pathParams) {
      const kind = idKind(p.name, path);
      const isId = kind !== undefined && p.name !== 'token' && declared.has(p.name);
      const at = (v: string) => fill({ ...good, [p.name]: v });
      const refused: Expect = isId ? bad400(p.name) : { statuses: [400, 404] };
      // A ballot token is a capability of its own, valid for whoever holds it: an unknown one instead.
      if (p.name === 'token')
        add(`path ${p.name}: unknown`, { path: at('A'.repeat(43)), expect: { statuses: [400, 404] } });
      // Compared with the same request for an id nobody has: the same answer, so ids cannot be probed.
      else if (kind) {
        add(`path ${p.name}: the other tenant's`, {
          path: at(idOf(B, kind)),
          unknownTwin: at(unknownId()),
          expect: { statuses: [404, 403] },
        });
        // The narrower roles take other paths through the services (own cadre, assigned cadres only …).
        const roles = rolesByOperation.get(op.operationId);
        for (const role of ['assessor', 'unit_leader', 'cadre']) {
          if (isPublic || (roles && !roles.includes(role))) continue;
          add(`path ${p.name}: the other tenant's, as ${role}`, {
            path: at(idOf(B, kind)),
            token: tokens[role],
            unknownTwin: at(unknownId()),
            expect: { statuses: [404, 403] },
          });
        }
      }
      add(`path ${p.name}: malformed`, {
        path: at(p.name === 'year' ? '20x6' : 'not-a-uuid'),
        expect: p.name === 'year' ? { statuses: [400], field: 'year' } : refused,
      });
      add(`path ${p.name}: SQL`, {
        path: at(PAYLOADS.sqlOr),
        expect: p.name === 'year' ? { statuses: [400], field: 'year' } : refused,
      });
      add(`path ${p.name}: very long`, {
        path: at(LONG),
        expect: p.name === 'year' ? { statuses: [400], field: 'year' } : refused,
      });
      add(`path ${p.name}: NUL`, {
        path: at(BAD_UNICODE.nul),
        expect: p.name === 'year' ? { statuses: [400], field: 'year' } : refused,
      });
    }

    // Query parameters.
    for (const p of queryParams) {
      const s = resolve(p.schema);
      const others = requiredQuery.filter((q) => !q.startsWith(`${p.name}=`));
      const q = (v: string) => [...others, v].join('&');
      const kind = idKind(p.name);
      const typed = s.type === 'number' || s.type === 'integer' || s.type === 'boolean' || constrained(p.name, s);
      const expect: Expect = typed ? bad400(p.name) : { statuses: [200, 400], field: p.name, allowOk: true };
      if (kind)
        add(`query ${p.name}: the other tenant's`, {
          query: q(`${p.name}=${idOf(B, kind)}`),
          expect: { statuses: [200, 400, 403, 404, 422], allowOk: true },
        });
      add(`query ${p.name}: an array`, { query: q(`${p.name}=1&${p.name}=2`), expect: bad400(p.name) });
      add(`query ${p.name}: an object`, { query: q(`${p.name}[a]=1`), expect: bad400(p.name) });
      if (s.type === 'number' || s.type === 'integer')
        add(`query ${p.name}: not a number`, { query: q(`${p.name}=abc`), expect });
      add(`query ${p.name}: very long`, { query: q(`${p.name}=${LONG}`), expect });
      add(`query ${p.name}: NUL`, { query: q(`${p.name}=a%00b`), expect: bad400(p.name) });
      if (p.name === 'cursor')
        for (const [what, cursor] of FORGED_CURSORS)
          add(`query cursor: forged ${what}`, {
            query: q(`cursor=${encodeURIComponent(cursor)}`),
            expect: bad400('cursor'),
          });
      for (const key of pick(Object.keys(PAYLOADS), 3))
        add(`query ${p.name}: ${key}`, { query: q(`${p.name}=${encodeURIComponent(PAYLOADS[key])}`), expect });
    }

    // Body properties.
    if (bodySchema && base !== undefined) {
      add('body: over the body limit', {
        body: { ...(base as Record<string, Json>), pad: OVER_LIMIT },
        expect: { statuses: [413] },
      });
      add('body: not an object', { body: [base], expect: { statuses: [400] } });
      add('body: nested 40 levels deep', {
        body: { ...(base as Record<string, Json>), sweepDeep: nested(40) },
        expect: bad400('body'),
      });
      add('body: 100,000 levels deep', {
        body: DEEP,
        headers: { 'content-type': 'application/json' },
        expect: bad400('body'),
      });
      // Not parsed, so read as no body: refused where something is required (an all-optional body, as
      // `{ reason? }` of a task-list action, would be a valid empty one).
      if ((resolve(bodySchema).required ?? []).length > 0)
        add('body: JSON labelled text/plain', {
          body: JSON.stringify(base),
          headers: { 'content-type': 'text/plain' },
          expect: { statuses: [400, 415] },
        });
      if (method === 'post') {
        const invalid = { ...(base as Record<string, Json>), sweepUnknown: 1 };
        add('header Idempotency-Key: very long', {
          body: invalid,
          headers: { 'idempotency-key': LONG.slice(0, 1_000) },
          expect: { statuses: [400], field: 'Idempotency-Key' },
        });
        add('header Idempotency-Key: SQL with spaces', {
          body: invalid,
          headers: { 'idempotency-key': PAYLOADS.sqlOr },
          expect: { statuses: [400], field: 'Idempotency-Key' },
        });
        // A valid key (visible ASCII; one per operation, a key names one request): refused for its body.
        add('header Idempotency-Key: SQL', {
          body: invalid,
          headers: { 'idempotency-key': `'OR'1'='1'--${op.operationId}` },
          expect: { statuses: [400], field: 'sweepUnknown' },
        });
      }
      for (const prop of properties(bodySchema)) {
        const field = fieldName(prop.path);
        const start = baseFor(base, bodySchema, prop.path);
        const withValue = (v: Json | undefined) => setAt(start, prop.path, v);
        for (const [what, v] of wrongTypes(prop.schema, prop.required))
          add(`body ${field}: ${what}`, { body: withValue(v), expect: bad400(field) });
        const s = prop.schema;
        const kind = idKind(prop.name);
        if (kind && (isString(s) || (s.type === 'array' && typeof prop.path[prop.path.length - 1] !== 'number'))) {
          const other = s.type === 'array' ? [idOf(B, kind)] : idOf(B, kind);
          add(`body ${field}: the other tenant's`, {
            body: withValue(other),
            expect: { statuses: [400, 403, 404, 409, 422], field },
          });
        }
        if (s.type === 'object' && !s.properties && !isString(s)) {
          // A map (item scores, group weights): hostile keys and values.
          const maps: Array<[string, string]> = [
            ['an SQL key', `{"${PAYLOADS.sqlOr.replace(/"/g, '')}": 50}`],
            ['a __proto__ key', '{"__proto__": {"polluted": 1}}'],
            ['a constructor key', '{"constructor": {"prototype": {"polluted": 1}}}'],
            ['a huge key', `{"${'k'.repeat(10_000)}": 50}`],
            ['a string value', '{"morality": "high"}'],
            ['a huge number', '{"morality": 1e300}'],
            ['a negative number', '{"morality": -1}'],
          ];
          for (const [what, json] of maps)
            add(`body ${field}: ${what}`, {
              body: withValue(JSON.parse(json)),
              expect: { statuses: [400, 422], field },
            });
        }
        if (!isString(s)) continue;
        add(`body ${field}: huge`, { body: withValue(HUGE), expect: bad400(field) });
        for (const [key, v] of Object.entries(BAD_UNICODE))
          add(`body ${field}: ${key}`, { body: withValue(v), expect: bad400(field) });
        for (const key of pick(Object.keys(PAYLOADS), 3)) {
          if (constrained(prop.name, s)) {
            add(`body ${field}: ${key}`, { body: withValue(PAYLOADS[key]), expect: bad400(field) });
          } else if (idPathParams.length > 0) {
            // The other tenant's id in the path: the payload reaches the service, which finds nothing.
            const other = fill({
              ...good,
              ...Object.fromEntries(idPathParams.map((p) => [p.name, idOf(B, idKind(p.name, path)!)])),
            });
            add(`body ${field}: ${key}, with the other tenant's id`, {
              path: other,
              body: withValue(PAYLOADS[key]),
              expect: { statuses: [400, 403, 404], field },
            });
          } else {
            const invalid = withValue(PAYLOADS[key]) as Record<string, Json>;
            add(`body ${field}: ${key}, with an unknown property`, {
              body: { ...invalid, sweepUnknown: 1 },
              expect: { statuses: [400], field: 'sweepUnknown' },
            });
          }
        }
      }
    }

    // Multipart uploads (the roster import): broken, mislabelled and hostile files; a dry run writes nothing.
    const upload = op.requestBody?.content['multipart/form-data']?.schema;
    if (upload) {
      const csv = (rows: string[][]) =>
        Buffer.from(
          ['personnelNo,name,gender,birthDate,unitCode,position', ...rows.map((r) => r.join(','))].join('\n'),
          'utf8',
        );
      const row = (name: string, gender = 'male') => ['SW-1', name, gender, '1980-01-01', 'FGJ', '副局长'];
      const file = (what: string, content: Buffer, filename: string, dryRun: 'true' | 'false', expect: Expect) =>
        add(`file: ${what}`, { query: `dryRun=${dryRun}`, body: undefined, file: { content, filename }, expect });
      const refusedFile: Expect = { statuses: [400, 413, 415, 422] };
      add('file: none', { query: 'dryRun=false', body: {}, expect: { statuses: [400], field: 'file' } });
      file('not a CSV or XLSX', csv([row('王五')]), 'roster.txt', 'false', { statuses: [415] });
      file(
        'garbage as XLSX',
        Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))),
        'roster.xlsx',
        'false',
        refusedFile,
      );
      file(
        'a zip bomb (300 MB of zeros)',
        zipOf([{ name: 'xl/worksheets/sheet1.xml', deflated: zerosDeflated(300), declaredSize: 300 * 1024 * 1024 }]),
        'roster.xlsx',
        'false',
        { statuses: [413] },
      );
      file(
        'a zip bomb that declares 1 KB',
        zipOf([{ name: 'xl/worksheets/sheet1.xml', deflated: zerosDeflated(300), declaredSize: 1024 }]),
        'roster.xlsx',
        'true',
        { statuses: [413] },
      );
      file(
        'a zip that is no workbook',
        Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(2048, 7)]),
        'roster.xlsx',
        'false',
        refusedFile,
      );
      file(
        'invalid UTF-8',
        Buffer.concat([csv([]), Buffer.from([0x0a, 0x53, 0x2c, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x2c])]),
        'roster.csv',
        'false',
        refusedFile,
      );
      file('NUL in a cell', csv([row('王\u0000五')]), 'roster.csv', 'false', refusedFile);
      file('a huge cell', csv([row(HUGE)]), 'roster.csv', 'false', refusedFile);
      file(
        'an unknown unit code',
        csv([['SW-1', '王五', 'male', '1980-01-01', 'NO-SUCH-UNIT', '副局长']]),
        'roster.csv',
        'false',
        refusedFile,
      );
      file('no header', Buffer.from('a,b,c\n1,2,3\n'), 'roster.csv', 'false', refusedFile);
      for (const key of pick(Object.keys(PAYLOADS), 3)) {
        // A payload in a valid row, the file made invalid by a second row: nothing is imported.
        file(
          `${key} in a name, with a bad row`,
          csv([row(PAYLOADS[key]), ['SW-2', '赵六', 'robot', '1980-01-01', 'FGJ', '科员']]),
          'roster.csv',
          'false',
          { statuses: [422] },
        );
        // A dry run checks the file and writes nothing, however valid.
        file(`${key} in a name, a dry run`, csv([row(PAYLOADS[key])]), 'roster.csv', 'true', {
          statuses: [200],
          allowOk: true,
        });
      }
    }

    // Auth.
    if (!isPublic) {
      add('auth: no token', { token: null, expect: { statuses: [401] } });
      add('auth: a garbage token', { authHeader: 'Bearer not.a.jwt', expect: { statuses: [401] } });
      add('auth: signed with another key', { token: tokens.forged, expect: { statuses: [401] } });
      const roles = rolesByOperation.get(op.operationId);
      const wrong = roles && ['cadre', 'unit_leader', 'assessor', 'org_officer'].find((r) => !roles.includes(r));
      if (wrong)
        add(`auth: role ${wrong}`, {
          token: tokens[wrong === 'org_officer' ? 'officer' : wrong],
          expect: { statuses: [403] },
        });
    }
    return cases;
  }

  /** The user each operation's requests are sent as: the first tenant's officer, or the role the route needs. */
  function callerFor(op: Operation): string {
    const roles = rolesByOperation.get(op.operationId);
    if (!roles || roles.includes('org_officer')) return tokens.officer;
    if (roles.includes('admin')) return tokens.admin;
    return tokens[roles[0]] ?? tokens.officer;
  }

  function judge(method: string, c: Case, res: request.Response): string[] {
    const problems: string[] = [];
    const text = res.text ?? '';
    if (res.status >= 500) problems.push(`${res.status}: ${text.slice(0, 300)}`);
    if (res.status >= 400) {
      if (!String(res.headers['content-type'] ?? '').startsWith('application/problem+json'))
        problems.push(`${res.status} not problem+json (${res.headers['content-type']})`);
      else if (res.body?.status !== res.status) problems.push(`problem status ${res.body?.status} ≠ ${res.status}`);
    }
    const ok = res.status >= 200 && res.status < 300;
    if (ok && !(c.expect.allowOk && (method === 'get' || c.what.endsWith('a dry run'))))
      problems.push(`${res.status} accepted`);
    if (!ok && res.status < 500 && !c.expect.statuses.includes(res.status))
      problems.push(`${res.status} ∉ [${c.expect.statuses}]: ${text.slice(0, 200)}`);
    if ((res.status === 400 || res.status === 422) && c.expect.field && c.expect.statuses.includes(res.status)) {
      // `voters[0].unitId` and `voters.0.unitId` name the same field.
      const norm = (f: string) => f.replace(/\.(\d+)/g, '[$1]');
      const named: string[] = (res.body?.errors ?? []).map((e: { field: string }) => norm(e.field));
      const f = norm(c.expect.field);
      const about = (n: string) =>
        n === f || n.startsWith(`${f}.`) || n.startsWith(`${f}[`) || f.startsWith(`${n}.`) || f.startsWith(`${n}[`);
      if (!named.some(about)) problems.push(`${res.status} names [${named}], not ${f}`);
      // Not a failure, but a sign that the generated valid body is not valid for this operation.
      else if (c.expect.field !== 'sweepUnknown' && named.some((n) => !about(n)))
        alsoNamed.add(
          `${c.path.split('?')[0].replace(/[0-9a-f-]{36}/g, '{id}')}: ${named.filter((n) => !about(n)).join(', ')}`,
        );
    }
    if (text.includes(B_MARK)) problems.push(`the other tenant's data: ${text.slice(0, 200)}`);
    const sentText = `${c.path}?${c.query ?? ''} ${JSON.stringify(c.body ?? null)}`;
    for (const id of bValues)
      if (text.includes(id) && !sentText.includes(id)) problems.push(`the other tenant's id ${id}`);
    return problems;
  }

  async function send(method: string, c: Case, caller: string): Promise<request.Response> {
    const url = `${c.path}${c.query ? `?${c.query}` : ''}`;
    let req = (http() as unknown as Record<string, (u: string) => request.Test>)[method](url);
    for (const [name, value] of Object.entries(c.headers ?? {})) req = req.set(name, value);
    if (c.authHeader) req = req.set('authorization', c.authHeader);
    else if (c.token !== null) req = req.set('authorization', `Bearer ${c.token ?? caller}`);
    if (c.file) req = req.attach('file', c.file.content, c.file.filename);
    else if (c.body !== undefined && method !== 'get') req = req.send(c.body as object | string);
    return req;
  }

  it('refuses every generated bad request of every operation, never with a 5xx, and writes nothing', async () => {
    const started = Date.now();
    doc = (await http().get('/api/docs-json').expect(200)).body;
    loadRoles();
    const initial = await snapshot();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        operations++;
        const caller = callerFor(op);
        const cases = casesFor(path, method, op);
        const before = await snapshot();
        const accepted: string[] = [];
        for (let i = 0; i < cases.length; i += 4) {
          await Promise.all(
            cases.slice(i, i + 4).map(async (c) => {
              const res = await send(method, c, caller);
              sent++;
              statuses[res.status] = (statuses[res.status] ?? 0) + 1;
              if (res.status < 300) accepted.push(`${c.what} → ${res.status}`);
              if (process.env.SWEEP_LOG)
                appendFileSync(
                  process.env.SWEEP_LOG,
                  `${res.status}\t${method.toUpperCase()} ${path}\t${c.what}\t${String(res.body?.detail ?? '').slice(0, 120)}\n`,
                );
              for (const p of judge(method, c, res)) failures.push(`${method.toUpperCase()} ${path} — ${c.what}: ${p}`);
              if (c.unknownTwin) {
                const twin = await send(method, { ...c, path: c.unknownTwin }, caller);
                sent++;
                const detail = (r: request.Response) =>
                  String(r.body?.detail ?? '').replace(
                    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
                    '<id>',
                  );
                if (twin.status !== res.status)
                  failures.push(
                    `${method.toUpperCase()} ${path} — ${c.what}: ${res.status}, for an unknown id ${twin.status}`,
                  );
                else if (detail(res) !== detail(twin))
                  failures.push(
                    `${method.toUpperCase()} ${path} — ${c.what}: "${res.body?.detail}" ≠ "${twin.body?.detail}" for an unknown id`,
                  );
              }
            }),
          );
        }
        const diff = changed(before, await snapshot());
        if (diff.length > 0)
          failures.push(
            `${method.toUpperCase()} ${path} wrote to ${diff.join(', ')} (accepted: ${accepted.join('; ') || 'none'})`,
          );
      }
    }
    await new Promise((r) => setTimeout(r, 1_500)); // events of a write would reach the projections by now
    const late = changed(initial, await snapshot());
    if (late.length > 0) failures.push(`written during the sweep: ${late.join(', ')}`);
    console.log(
      `bad-input sweep (seed ${SEED}): ${operations} operations, ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(statuses)}; ` +
        `${Object.keys(initial).length} tables watched, excluded ${[...EXCLUDED].join(', ')}; ${failures.length} failures` +
        (alsoNamed.size > 0 ? `; 400s naming more than the broken field: ${[...alsoNamed].join(' | ')}` : ''),
    );
    expect(failures).toEqual([]);
  }, 600_000);

  it('stores the free-text payloads verbatim where any text is a valid name, and a search for them is only a search', async () => {
    const send = (method: 'post' | 'get', p: string, body?: object) =>
      http()[method](`/api/v1${p}`).set('authorization', `Bearer ${tokens.officer}`).send(body);
    const problems: string[] = [];
    let verbatim = 0;
    let refused = 0;
    /** 201 and read back unchanged, or 400 naming the field (a field may refuse a control character). */
    const stored = async (
      what: string,
      created: request.Response,
      field: string,
      read: () => Promise<Record<string, unknown> | undefined>,
      expected: string,
    ) => {
      if (created.status === 400 && created.body.errors?.some((e: { field: string }) => e.field === field)) {
        refused++;
        return false;
      }
      if (created.status !== 201)
        problems.push(`${what}: ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
      else if ((await read())?.[field] !== expected)
        problems.push(`${what}: ${field} not stored verbatim: ${JSON.stringify((await read())?.[field])}`);
      else verbatim++;
      return created.status === 201;
    };
    for (const [i, [key, text]] of Object.entries(PAYLOADS).entries()) {
      const field = await send('post', '/fields', { code: `sweep-${i}`, name: text });
      await stored(
        `field ${key}`,
        field,
        'name',
        async () => (await send('get', '/fields')).body.items.find((f: { id: string }) => f.id === field.body.id),
        text,
      );
      const unit = await send('post', '/units', { code: `SWEEP-${i}`, name: text, kind: 'town' });
      await stored(`unit ${key}`, unit, 'name', async () => (await send('get', `/units/${unit.body.id}`)).body, text);
      const cadre = await send('post', '/cadres', {
        personnelNo: `SWEEP-${i}`,
        name: text,
        gender: 'female',
        birthDate: '1985-02-03',
        unitId: A.unit,
        position: text,
      });
      if (
        await stored(
          `cadre ${key}`,
          cadre,
          'name',
          async () => (await send('get', `/cadres/${cadre.body.id}`)).body,
          text,
        )
      ) {
        await stored(
          `cadre ${key}`,
          cadre,
          'position',
          async () => (await send('get', `/cadres/${cadre.body.id}`)).body,
          text,
        );
        // The search finds that cadre and no other: the text is matched as text, not run as SQL.
        const found = await send('get', `/cadres?q=${encodeURIComponent(text)}`);
        const names = (found.body.items ?? []).map((c: { name: string }) => c.name);
        if (found.status !== 200 || names.length === 0 || names.some((n: string) => !n.includes(text)))
          problems.push(`search ${key}: ${found.status} ${JSON.stringify(names)}`);
      }
    }
    console.log(
      `bad-input sweep, free text: ${verbatim} values stored and read back verbatim, ${refused} refused naming the field`,
    );
    expect(problems).toEqual([]);
    expect(verbatim).toBeGreaterThan(0);
  }, 120_000);
});
