import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';

type Json = Record<string, any>;

const BASE = 'https://cadre.invalid/openapi';

export interface DocumentedOperation {
  operationId: string;
  method: string;
  /** The document's path template, e.g. `/api/v1/cycles/{id}`. */
  path: string;
  operation: Json;
}

/**
 * Checks answers against the OpenAPI document strictly: an object schema that does not say otherwise
 * gets `additionalProperties: false`, so a property the document does not declare fails, as does a
 * status or a media type it does not list.
 */
export class ContractChecker {
  readonly operations = new Map<string, DocumentedOperation>();
  readonly exercised = new Map<string, Set<number>>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ReturnType<Ajv2020['compile']>>();

  constructor(document: Json) {
    addFormats(this.ajv);
    const strict = strictSchemas(structuredClone(document));
    this.ajv.addSchema({ $id: BASE, components: strict.components });
    for (const [path, item] of Object.entries(strict.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        this.operations.set(operation.operationId, { operationId: operation.operationId, method, path, operation });
      }
    }
  }

  /** The problems of an answer to `operationId`, empty when the document describes it exactly. */
  check(operationId: string, res: Response): string[] {
    const documented = this.operations.get(operationId);
    if (!documented) return [`the document has no operation ${operationId}`];
    const seen = this.exercised.get(operationId) ?? new Set<number>();
    seen.add(res.status);
    this.exercised.set(operationId, seen);
    let response: Json | undefined = documented.operation.responses[String(res.status)];
    if (!response) return [`${operationId}: status ${res.status} is not documented (${JSON.stringify(res.body)})`];
    if (response.$ref) response = this.resolve(response.$ref);
    const content: Json | undefined = response!.content;
    const mediaType = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    if (!content)
      return res.status === 204 || !mediaType ? [] : [`${operationId}: ${res.status} has no body documented`];
    const media = content[mediaType];
    if (!media) return [`${operationId}: ${res.status} ${mediaType} is not documented (${Object.keys(content)})`];
    if (!/json/.test(mediaType)) return [];
    const key = `${operationId} ${res.status} ${mediaType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $id: `${BASE}/${encodeURIComponent(key)}`, ...rebase(media.schema) });
      this.validators.set(key, validate);
    }
    if (validate(res.body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${key}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }

  private resolve(ref: string): Json {
    return ref
      .slice(2)
      .split('/')
      .reduce<Json>((node, part) => node[part], { components: this.components() });
  }

  private components(): Json {
    return (this.ajv.getSchema(BASE)!.schema as Json).components;
  }
}

/** `#/components/…` of a schema inside the document, as a reference into the schema registered at BASE. */
function rebase(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${BASE}#/components/`));
}

function strictSchemas(document: Json): Json {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const schema = node as Json;
    if (schema.type === 'object' && schema.properties && !('additionalProperties' in schema)) {
      schema.additionalProperties = false;
    }
    Object.values(schema).forEach(visit);
  };
  visit(document.components?.schemas);
  for (const item of Object.values((document.paths ?? {}) as Json)) {
    for (const operation of Object.values(item as Json)) {
      for (const response of Object.values(((operation as Json).responses ?? {}) as Json)) visit(response);
    }
  }
  return document;
}
