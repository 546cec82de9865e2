// The browser of the console's tests and screenshots: Debian's `chromium` (playwright-core drives
// it; `npx playwright install` cannot download one here) and a CJK font so Chinese renders in
// screenshots. Installed with apt-get under the same rule as the servers in infra.mjs: as root with
// CI=true or CADRE_INSTALL_PACKAGES=1. Anywhere else a missing browser is reported and the browser
// tests skip themselves, saying so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FONT_DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/wqy'];

function hasCjkFont() {
  const list = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (list.status === 0) return list.stdout.trim().length > 0;
  return FONT_DIRS.some((dir) => fs.existsSync(dir));
}

function found(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export function ensureBrowser(log = console.log) {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!hasCjkFont()) missing.push('fonts-noto-cjk');
  // The dossier e2e renders the printed PDFs page by page (pdftoppm, pdfinfo, pdftotext).
  if (!found('pdftoppm')) missing.push('poppler-utils');
  if (!missing.length) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const allowed = root && found('apt-get') && (process.env.CI === 'true' || process.env.CADRE_INSTALL_PACKAGES === '1');
  if (!allowed) {
    log(
      `  missing for the console's browser tests: ${missing.join(', ')} — install with: sudo apt-get install -y ${missing.join(' ')}`,
    );
    log('  (or re-run as root with CADRE_INSTALL_PACKAGES=1); without chromium those tests are skipped');
    return fs.existsSync(CHROMIUM);
  }
  log(`  installing Debian packages: ${missing.join(' ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env })
      : update;
  if (install.status !== 0) throw new Error(`apt-get install -y ${missing.join(' ')} failed (see output above)`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} still missing after installing chromium`);
  return true;
}
