import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { eventPayloadSchemas, isEventType } from '@cadre/contracts';

/** How many of an invalid payload's errors a log line names. */
const ERRORS_SHOWN = 3;

/**
 * The payload checks of the event types one consumer handles, compiled once at start (TypeBox's
 * TypeCompiler) from the contracts' schemas: every version a consumer may still read, so a replay of
 * older history passes. The schemas allow properties they do not name, so a publisher that adds an
 * optional property does not get its events refused by consumers that do not know it yet.
 */
export class EventValidator {
  private readonly checks = new Map<string, Map<number, TypeCheck<TSchema>>>();

  constructor(types: Iterable<string>) {
    for (const type of types) {
      // A handler of a type the contracts do not have could never be checked: refuse to start.
      if (!isEventType(type)) throw new Error(`no payload schema for event type "${type}" in the contracts`);
      const byVersion = new Map<number, TypeCheck<TSchema>>();
      for (const [version, schema] of eventPayloadSchemas(type)) byVersion.set(version, TypeCompiler.Compile(schema));
      this.checks.set(type, byVersion);
    }
  }

  /**
   * Null when `data` is a valid payload of the type's `version`; otherwise what is wrong, naming the
   * first errors. A version the contracts do not know is wrong too: nothing says what its data holds.
   */
  problem(type: string, version: unknown, data: unknown): string | null {
    const byVersion = this.checks.get(type);
    if (!byVersion) return `not a handled event type "${type}"`;
    const check = typeof version === 'number' ? byVersion.get(version) : undefined;
    if (!check) return `unknown version ${JSON.stringify(version)} (known: ${[...byVersion.keys()].join(', ')})`;
    if (check.Check(data)) return null;
    const errors: string[] = [];
    for (const error of check.Errors(data)) {
      // A string enum is a custom kind to TypeBox, whose message would only name the kind.
      const allowed: unknown = error.schema.enum;
      const message = Array.isArray(allowed) ? `Expected one of ${allowed.join(', ')}` : error.message;
      errors.push(`${error.path || '/'}: ${message}`);
      if (errors.length === ERRORS_SHOWN) break;
    }
    return errors.join('; ');
  }
}
