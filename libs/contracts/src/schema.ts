/**
 * Building blocks of the event payload schemas (TypeBox): each payload is declared once, and its
 * TypeScript type (`Static<typeof X>`), its JSON Schema (draft-07, for the AsyncAPI document) and
 * the consumers' runtime check (TypeCompiler) all come from that one declaration.
 *
 * Schemas are written for tolerant readers: they name every property and require the ones always
 * present, but never forbid additional properties (TypeBox objects allow them unless told not to),
 * so adding an optional property stays the same version.
 */
import { FormatRegistry, Kind, Type, TypeRegistry } from '@sinclair/typebox';
import type { SchemaOptions, Static, TSchema, TUnsafe } from '@sinclair/typebox';

// The compiled checker rejects a `format` it does not know: register the three the payloads use,
// as loosely as ajv-formats' "fast" mode (a reader must not reject what the publishers write).
const FORMATS: Record<string, RegExp> = {
  uuid: /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i,
  date: /^\d\d\d\d-[0-1]\d-[0-3]\d$/,
  'date-time':
    /^\d\d\d\d-[0-1]\d-[0-3]\d[t\s](?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i,
};
for (const [format, pattern] of Object.entries(FORMATS)) {
  if (!FormatRegistry.Has(format)) FormatRegistry.Set(format, (value) => pattern.test(value));
}

// A string enum as JSON Schema `enum` (readable in the AsyncAPI document) rather than TypeBox's
// union of literals (`anyOf` of `const`s); the compiled checker calls this for the custom kind.
const STRING_ENUM = 'StringEnum';
if (!TypeRegistry.Has(STRING_ENUM)) {
  TypeRegistry.Set<{ enum: readonly string[] }>(
    STRING_ENUM,
    (schema, value) => typeof value === 'string' && schema.enum.includes(value),
  );
}

const d = (description?: string): SchemaOptions => (description ? { description } : {});

export const uuid = (description?: string) => Type.String({ format: 'uuid', ...d(description) });
export const dateTime = (description?: string) => Type.String({ format: 'date-time', ...d(description) });
/** Calendar date `YYYY-MM-DD`. */
export const date = (description?: string) => Type.String({ format: 'date', ...d(description) });
/** A non-empty string. */
export const name = (description?: string) => Type.String({ minLength: 1, ...d(description) });
export const text = (description?: string) => Type.String(d(description));
export const bool = (description?: string) => Type.Boolean(d(description));
export const count = (description?: string, minimum = 0) => Type.Integer({ minimum, ...d(description) });
export const score = (description?: string) => Type.Number({ minimum: 0, maximum: 100, ...d(description) });
export const rate = (description?: string) => Type.Number({ minimum: 0, maximum: 1, ...d(description) });
export const year = () => Type.Integer({ minimum: 2000, maximum: 2100, description: 'Calendar year.' });
export const changed = () =>
  Type.Array(Type.String({ minLength: 1 }), {
    minItems: 1,
    uniqueItems: true,
    description: 'Names of the properties that changed.',
  });

/** One of `values` (JSON Schema `enum`). */
export function oneOf<const V extends readonly string[]>(values: V, description?: string): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ [Kind]: STRING_ENUM, type: 'string', enum: [...values], ...d(description) });
}

/** The schema or null (`anyOf: [schema, { type: 'null' }]`), described once, on the outside. */
export function nullable<T extends TSchema>(schema: T, description?: string) {
  const { description: inner, ...rest } = schema; // the rest keeps TypeBox's symbol keys
  return Type.Union([rest as unknown as T, Type.Null()], d(description ?? inner));
}

/** Ids of the catalog's examples. */
export const EXAMPLE_ID = {
  field: '0b8e6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a51',
  field2: '0b8e6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a52',
  unit: '1a7c3e2b-4d5f-4a6b-9c8d-7e6f5a4b3c21',
  unit2: '1a7c3e2b-4d5f-4a6b-9c8d-7e6f5a4b3c22',
  team: '2c9d4f3e-5a6b-4c7d-8e9f-0a1b2c3d4e61',
  team2: '2c9d4f3e-5a6b-4c7d-8e9f-0a1b2c3d4e62',
  cadre: '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f71',
  cadre2: '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f72',
  cadre3: '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f73',
  taskList: '4e1f6b5a-7c8d-4e9f-8a0b-2c3d4e5f6a81',
  task: '5f2a7c6b-8d9e-4f0a-9b1c-3d4e5f6a7b91',
  task2: '5f2a7c6b-8d9e-4f0a-9b1c-3d4e5f6a7b92',
  cycle: '6a3b8d7c-9e0f-4a1b-8c2d-4e5f6a7b8c01',
  randomCycle: '6a3b8d7c-9e0f-4a1b-8c2d-4e5f6a7b8c02',
  appraisal: '7b4c9e8d-0f1a-4b2c-9d3e-5f6a7b8c9d11',
  wartime: '8c5d0f9e-1a2b-4c3d-8e4f-6a7b8c9d0e21',
  campaign: '9d6e1a0f-2b3c-4d4e-9f5a-7b8c9d0e1f31',
} as const;

/** The services that publish events (DESIGN.md "Services"); an event type starts with its publisher. */
export const EVENT_PUBLISHERS = ['roster', 'checklists', 'appraisal', 'review', 'analytics'] as const;
export type EventPublisher = (typeof EVENT_PUBLISHERS)[number];

/** What the catalog says of one event type: the current version's schema and what documents it. */
export interface EventSpec<
  P extends TSchema = TSchema,
  V extends number = number,
  O extends OlderSchemas = OlderSchemas,
> {
  /** Version of the payload schema; the envelope's `version`. */
  version: V;
  summary: string;
  summaryZh: string;
  publisher: EventPublisher;
  /** What the envelope's `aggregateId` identifies; events of one aggregate are published in order. */
  aggregate: string;
  /** The property of the payload that the envelope's `aggregateId` equals. */
  aggregateKey: Extract<keyof Static<P>, string>;
  /** Schema of the envelope's `data` (TypeBox, hence JSON Schema draft-07). */
  payload: P;
  /** A valid payload. */
  example: Static<P>;
  /**
   * Schemas of earlier versions that may still be found in the stream's history, by version:
   * consumers accept them (a replay reads them), publishers never write them.
   */
  older?: O;
}

export type OlderSchemas = { readonly [version: number]: TSchema };

/** `publisher`'s spec builder: checks each example and aggregate key against the payload's type. */
export function eventsOf(publisher: EventPublisher) {
  return <P extends TSchema, V extends number, O extends OlderSchemas = Record<never, TSchema>>(
    spec: Omit<EventSpec<P, V, O>, 'publisher'>,
  ): EventSpec<P, V, O> => ({
    ...spec,
    publisher,
  });
}

/** Event type → payload type of the current version, from a publisher's specs. */
export type PayloadsOf<S extends Record<string, AnySpec>> = { [K in keyof S]: Static<S[K]['payload']> };

/** Event type → { version → payload type } over the current and the older versions. */
export type VersionsOf<S extends Record<string, AnySpec>> = {
  [K in keyof S]: { [V in S[K]['version']]: Static<S[K]['payload']> } & {
    [N in keyof NonNullable<S[K]['older']>]: Static<NonNullable<S[K]['older']>[N]>;
  };
};

type AnySpec = EventSpec<any, number, any>;
