// Headless Chromium for the console's browser tests: Debian's `chromium` driven by playwright-core
// (`npx playwright install` cannot download a browser here). `npm test` installs the package under
// CI (scripts/test.mjs); elsewhere a missing browser skips these tests with a message saying so.
import fs from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export interface PageWatch {
  /** console errors and uncaught exceptions, with where they came from */
  errors: string[];
  /** requests to anywhere but the server under test */
  external: string[];
}

/** Records console errors, page errors and every request leaving the test server's origin. */
export function watchPage(
  page: Page,
  origin: string,
  ignoreError: (message: ConsoleMessage) => boolean = () => false,
): PageWatch {
  const watch: PageWatch = { errors: [], external: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' && !ignoreError(message))
      watch.errors.push(`${message.text()} @ ${message.location().url}`);
  });
  page.on('pageerror', (err) => watch.errors.push(`pageerror: ${err.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) watch.external.push(url);
  });
  return watch;
}
