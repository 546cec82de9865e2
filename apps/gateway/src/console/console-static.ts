import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * The web console (apps/console, built by Vite into dist/console) is plain files: the gateway serves
 * them at `/` and answers every other browser navigation outside the API with index.html, so the
 * console's own routes (/roster, /cycles/…) survive a reload. The API, health, metrics and the
 * AsyncAPI document and the public pages (/public/<tenant>/honours) are never shadowed: a path under them goes on to Nest as before.
 */
const NOT_CONSOLE = /^\/(api|health|metrics|public)(\/|$)/;

/**
 * Nothing from outside: scripts and styles from this origin only (ECharts writes inline style
 * attributes into its tooltips, hence 'unsafe-inline' for styles), requests to this origin only.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function consoleDirectory(configured?: string): string {
  return path.resolve(configured ?? path.join(process.cwd(), 'dist', 'console'));
}

/** Serves the console from `dir` when it was built; without a build the gateway is the API alone. */
export function serveConsole(app: NestExpressApplication, dir: string): void {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return;
  // The ballot page is the API's (GET /api/v1/ballots/:token); the short link printed in QR codes leads there.
  app.use('/ballots/:token', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.redirect(302, `/api/v1/ballots/${encodeURIComponent(String(req.params.token))}`);
  });
  app.useStaticAssets(dir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, file) => {
      res.setHeader('Content-Security-Policy', CONSOLE_CSP);
      // Vite names the assets by their content hash: they never change under the same name.
      res.setHeader(
        'Cache-Control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      NOT_CONSOLE.test(req.path) ||
      !req.accepts('html') ||
      req.accepts(['json', 'html']) === 'json'
    )
      return next();
    if (path.extname(req.path) !== '') return next();
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
