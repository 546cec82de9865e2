import type { NextFunction, Request, Response } from 'express';
import { problem } from '@cadre/contracts';
import { ProblemException } from './problem.filter';

/** Deepest nesting of arrays and objects a request body may have (`{"a":[1]}` is 2). */
export const MAX_JSON_DEPTH = 32;

export const TOO_DEEP_MESSAGE = `JSON 嵌套不得超过 ${MAX_JSON_DEPTH} 层`;

/**
 * Whether a parsed JSON value nests arrays/objects deeper than `max`. Iterative on purpose: JSON.parse
 * itself builds a 500,000-deep array from a 1 MB body without trouble, but every recursive walk after
 * it (the validation pipe's text and key checks, class-transformer) overflowed the stack — a 500.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const values: object[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const current = values.pop()!;
    const depth = depths.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * An error of express.json() as the API answers it: invalid JSON is a 400 naming `body` in Chinese
 * (Nest would pass on the parser's English SyntaxError message); anything else (too large, charset…)
 * goes on as it is, to ProblemFilter's mapping. Shared by jsonBodyErrors and the ballot cast ingress.
 */
export function jsonBodyError(err: unknown): unknown {
  if ((err as { type?: string })?.type !== 'entity.parse.failed') return err;
  return new ProblemException(problem(400, '请求体不是合法的 JSON', [{ field: 'body', message: '不是合法的 JSON' }]));
}

/** Installed right after express.json(): the error middleware that maps its errors (jsonBodyError). */
export function jsonBodyErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  next(jsonBodyError(err));
}

/** Installed right after express.json(): a body nested deeper than MAX_JSON_DEPTH is a 400 naming `body`. */
export function jsonBodyDepth(req: Request, _res: Response, next: NextFunction): void {
  if (nestedDeeperThan(req.body, MAX_JSON_DEPTH))
    return next(new ProblemException(problem(400, TOO_DEEP_MESSAGE, [{ field: 'body', message: TOO_DEEP_MESSAGE }])));
  next();
}
