import type { INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_TITLES } from '@cadre/contracts';
import { PUBLIC_ROUTE, ROLES } from '../auth/auth.decorators';
import { OPERATIONS } from './operations';
import replySchemas from './reply-schemas.json';

type Json = Record<string, any>;

const ROLE_NAMES: Record<string, string> = {
  admin: '平台管理员 admin',
  org_officer: '组织部 org_officer',
  assessor: '考核组成员 assessor',
  unit_leader: '单位领导 unit_leader',
  cadre: '干部本人 cadre',
};

/** Path parameters that are not ids: everything else in a path is a UUID (common/uuid-param.ts). */
const NOT_UUID_PARAMS = new Set(['token', 'year', 'action', 'step']);

/** Lists: `?limit=` 1–200 (50 by default) and `?cursor=`, answered `{ items, nextCursor }`. */
export const PAGE_LIMIT = { minimum: 1, maximum: 200, default: 50 };

const PROBLEM_JSON = 'application/problem+json';

/** Controllers answering from the gateway's own tables, never asking a service (so never 504). */
const GATEWAY_ONLY = new Set(['AuthController', 'TenantsController', 'MeController']);

/** The OpenAPI 3.1 document of the public API, from the controllers, DTOs and contract types. */
export function buildOpenApiDocument(app: INestApplication, publicUrl?: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('干部考核平台 API')
    .setDescription(
      'Public API of the cadre appraisal platform ("三四三" system). Errors are RFC 9457 application/problem+json. ' +
        'Lists take ?limit=&cursor= and answer { items, nextCursor }. A POST with Idempotency-Key answers a repeat with the first response. ' +
        'How to get and check this document: docs/api.md.',
    )
    .setVersion('1')
    .addServer(publicUrl ?? '/', publicUrl ? 'this deployment' : 'the gateway that served this document')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  completeDocument(document, routeFacts(app));
  return document;
}

/** OpenAPI at /api/docs (UI) and /api/docs-json. */
export function setupOpenApi(app: INestApplication, publicUrl?: string): void {
  const document = buildOpenApiDocument(app, publicUrl);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: '干部考核平台 API',
  });
}

interface RouteFacts {
  public: boolean;
  roles: string[] | undefined;
  /** The status Nest answers a success with: @HttpCode, else 201 for a POST and 200 for the rest. */
  httpCode: number | undefined;
}

/** What the guards and Nest read from each handler, by operationId (`<Controller>_<method>`). */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        // The guards read the handler first, then the class (getAllAndOverride).
        const read = <T>(key: string): T | undefined =>
          Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type);
        facts.set(`${type.name}_${name}`, {
          public: read<boolean>(PUBLIC_ROUTE) === true,
          roles: read<string[]>(ROLES),
          httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler),
        });
      }
    }
  }
  return facts;
}

function completeDocument(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  const components = (document.components ??= {}) as Json;
  components.schemas = { ...toOpenApi31(components.schemas ?? {}), ...replySchemas.components };
  components.responses = Object.fromEntries(
    [400, 401, 403, 404, 409, 413, 415, 422, 429, 503, 504].map((status) => [
      `Problem${status}`,
      {
        description: PROBLEM_TITLES[status],
        content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
  components.parameters = {
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        '1–255 个可见 ASCII 字符。同一用户以同一键重发同一请求时（24 小时内）答复第一次的结果，并带 Idempotent-Replayed: true；' +
        '同一键用于另一个请求时 422，第一次的请求仍在处理时 409。',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    },
    Limit: {
      name: 'limit',
      in: 'query',
      required: false,
      description: '每页条数',
      schema: { type: 'integer', ...PAGE_LIMIT },
    },
    Cursor: {
      name: 'cursor',
      in: 'query',
      required: false,
      description: '上一页答复的 nextCursor；伪造或过期的游标 400',
      schema: { type: 'string', maxLength: 512 },
    },
  };
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths) as [string, Json][]) {
    for (const [method, operation] of Object.entries(item) as [string, Json][]) {
      const id: string = operation.operationId;
      const doc = OPERATIONS[id];
      const route = facts.get(id);
      if (!doc || !route)
        throw new Error(`docs/operations.ts does not describe ${method.toUpperCase()} ${path} (${id})`);
      for (const tag of operation.tags ?? []) tags.add(tag);
      operation.summary = doc.summary;
      operation.description = `${doc.description}\n\n${rolesLine(route)}`;
      operation.security = route.public ? [] : [{ bearer: [] }];
      // The roles as data too, for tools (the contract test checks each route refuses the others with 403).
      if (route.roles) operation['x-roles'] = route.roles;

      const parameters: Json[] = toOpenApi31(operation.parameters ?? []);
      for (const p of parameters) {
        if (p.in === 'path' && !NOT_UUID_PARAMS.has(p.name)) p.schema = { type: 'string', format: 'uuid' };
      }
      operation.parameters = parameters.filter(
        (p) => !(doc.list && p.in === 'query' && ['limit', 'cursor'].includes(p.name)),
      );
      if (doc.list)
        operation.parameters.push(
          { $ref: '#/components/parameters/Limit' },
          { $ref: '#/components/parameters/Cursor' },
        );
      if (method === 'post') operation.parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
      if (operation.requestBody) operation.requestBody = toOpenApi31(operation.requestBody);

      operation.responses = responses(method, operation, doc, route, components.schemas);
    }
  }
  document.tags = [...tags].sort().map((name) => ({ name, description: name }));
  dropUnused(components.schemas, document);
}

/** The DTO classes that once described answers are replaced by the contract types: drop what nothing uses. */
function dropUnused(schemas: Json, document: OpenAPIObject): void {
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
          const name = v.slice('#/components/schemas/'.length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(v);
      }
    }
  };
  visit(document.paths);
  visit(document.components?.responses);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

function rolesLine(route: RouteFacts): string {
  if (route.public) return '无需登录。';
  if (!route.roles) return '可调用：所有已登录用户（服务再按本人、本单位范围限制）。';
  return `可调用：${route.roles.map((r) => ROLE_NAMES[r] ?? r).join('、')}。`;
}

function responses(
  method: string,
  operation: Json,
  doc: (typeof OPERATIONS)[string],
  route: RouteFacts,
  schemas: Json,
): Json {
  const declared: Json = operation.responses ?? {};
  const status = route.httpCode ?? (method === 'post' ? 201 : 200);
  const described = Object.entries(declared).find(([code]) => /^2/.test(code))?.[1] as Json | undefined;
  const success: Json = { description: described?.description || doc.summary };
  if (status !== 204 && !doc.refusesOnly) {
    let schema: Json | undefined = (replySchemas.operations as Json)[operation.operationId];
    if (schema && doc.list) schema = pageOf(schema, schemas);
    const content: Json = {};
    if (schema) content['application/json'] = { schema };
    Object.assign(content, doc.media ?? {});
    if (Object.keys(content).length === 0) throw new Error(`no success body for ${operation.operationId}`);
    success.content = content;
  }
  const result: Json = doc.refusesOnly ? {} : { [status]: success };
  const errors = new Set<number>(doc.errors ?? []);
  const hasInput = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
  if (hasInput) errors.add(400);
  if (!route.public) errors.add(401).add(403);
  if ((operation.parameters ?? []).some((p: Json) => p.in === 'path')) errors.add(404);
  if (operation.requestBody) errors.add(413).add(415);
  // Idempotency-Key (idempotency.interceptor.ts): the key of another request 422, its first request still running 409.
  if (method === 'post') errors.add(409).add(422);
  errors.add(429);
  // A dependency away (Postgres, Redis, NATS, a service) is 503; a service too slow to answer, 504.
  errors.add(503);
  if (!GATEWAY_ONLY.has(operation.operationId.split('_')[0])) errors.add(504);
  for (const code of [...errors].sort((a, b) => a - b))
    result[code] = { $ref: `#/components/responses/Problem${code}` };
  return result;
}

/**
 * A list's answer `{ items, nextCursor }` (with whatever else the list says, such as `unread`), from the
 * item or page type its service answers: a bare array and a page without a cursor become the same shape.
 */
export function pageOf(schema: Json, schemas: Json): Json {
  const resolved = schema.$ref ? schemas[schema.$ref.split('/').pop()] : schema;
  // One of several lists by a query parameter (`?subject=team`): each of them is a page.
  if (Array.isArray(resolved.anyOf)) return { anyOf: resolved.anyOf.map((s: Json) => pageOf(s, schemas)) };
  const nextCursor = { type: ['string', 'null'], description: '下一页的游标；没有下一页时为 null' };
  if (resolved.type === 'array') {
    return { type: 'object', properties: { items: resolved, nextCursor }, required: ['items', 'nextCursor'] };
  }
  const page = structuredClone(resolved);
  page.properties.nextCursor = nextCursor;
  page.required = [...new Set([...(page.required ?? []), 'items', 'nextCursor'])];
  return page;
}

/**
 * @nestjs/swagger writes OpenAPI 3.0's `nullable: true` and boolean `exclusiveMinimum`; 3.1 (JSON
 * Schema 2020-12) says `type: [..., 'null']` and `exclusiveMinimum: <number>`.
 */
export function toOpenApi31<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => toOpenApi31(v)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) out[key] = toOpenApi31(v);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else delete out[flag];
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    } else {
      // The description once, outside (as libs/contracts' nullable() does).
      const { description, ...inner } = out;
      for (const key of Object.keys(out)) delete out[key];
      if (description !== undefined) out.description = description;
      out.anyOf = [inner, { type: 'null' }];
    }
  }
  return out as T;
}
