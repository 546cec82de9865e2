import type { NextFunction, Request, Response } from 'express';

/**
 * `Cache-Control: no-store` on every answer of the API, set before any handler runs (errors of the
 * body parser and unknown routes included): political files, dossiers in every format, rankings,
 * results, the roster export and login tokens must not stay in a browser's or a proxy's cache on a
 * shared office computer. A route that wants another policy sets its own header over this one; the
 * console's files (console-static.ts) are outside /api and keep their caching. The ballot cast ingress
 * (review/ballot-ingress.ts), mounted ahead of this middleware, sets the same header.
 */
export const NO_STORE = 'no-store';

export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', NO_STORE);
  next();
}
