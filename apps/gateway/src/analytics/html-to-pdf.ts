import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { problem } from '@cadre/contracts';
import { ProblemException } from '../problems/problem.filter';

/** Where the headless browser that prints dossiers lives (Debian's `chromium` package by default). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PRINT_TIMEOUT_MS = 60_000;

/**
 * Prints a self-contained HTML report to PDF with headless Chromium: the same page the browser's
 * print dialog gives, CJK fonts included (fonts-noto-cjk). The HTML loads nothing from outside and
 * runs no script; the browser is run without network access to the page's origin (file://, a
 * throw-away profile). Without Chromium on the host the answer is 501, naming the way around.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ProblemException(
      problem(501, `服务器未安装 Chromium（${CHROMIUM_PATH}），无法生成 PDF；请使用 ?format=html 在浏览器中打印为 PDF`),
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-'));
  try {
    const input = path.join(dir, 'dossier.html');
    const output = path.join(dir, 'dossier.pdf');
    await writeFile(input, html, 'utf8');
    await new Promise<void>((resolve, reject) =>
      execFile(
        CHROMIUM_PATH,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-pdf-header-footer',
          `--user-data-dir=${path.join(dir, 'profile')}`,
          `--print-to-pdf=${output}`,
          `file://${input}`,
        ],
        { timeout: PRINT_TIMEOUT_MS },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
