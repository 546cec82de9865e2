import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

// The transform is plain JavaScript (jest loads it as it is); its type is what jest calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a .js file without types: it is given one here
const transform = require('./jest-esm-transform.js') as {
  process(source: string, file: string): { code: string; map?: string };
  getCacheKey(source: string, file: string): string;
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A package directory of the given module type, with `file` in it. */
function packageFile(type: 'module' | 'commonjs', file = 'index.js'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esm-transform-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'probe', type }));
  return path.join(dir, file);
}

/** Runs transformed CommonJS as Node would, with a require that answers from `modules`. */
function run(code: string, file: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the require the transformed code is run with
  const localRequire = Object.assign((id: string) => (id in modules ? modules[id] : require(id)), {
    resolve: (id: string) => `/resolved/${id}`,
  });
  vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`)(
    module.exports,
    localRequire,
    module,
    file,
    path.dirname(file),
  );
  return module.exports;
}

describe('jest ESM → CommonJS transform', () => {
  it('compiles imports and exports, an import of a CommonJS default meaning its module.exports', () => {
    const file = packageFile('module');
    const { code } = transform.process(
      `import cjs from 'cjs';\nimport { twice } from 'helper';\nexport const value = twice(cjs.n);\nexport default 'main';`,
      file,
    );
    const exports = run(code, file, { cjs: { n: 21 }, helper: { twice: (n: number) => n * 2 } });
    expect(exports.value).toBe(42);
    expect(exports.default).toBe('main');
  });

  it('gives import.meta a url, dirname, filename and resolve of the file, and stays strict on the same lines', () => {
    const file = packageFile('module', 'meta.js');
    const source = `export const meta = { url: import.meta.url, dirname: import.meta.dirname, filename: import.meta.filename, resolved: import.meta.resolve('x') };\nexport function sloppy() { return this; }`;
    const { code } = transform.process(source, file);
    const { meta, sloppy } = run(code, file) as { meta: Record<string, string>; sloppy: () => unknown };
    expect(meta).toEqual({
      url: `file://${file}`,
      dirname: path.dirname(file),
      filename: file,
      resolved: 'file:///resolved/x',
    });
    expect(sloppy()).toBeUndefined(); // `this` of a plain call: undefined only in strict code
    expect(code.split('\n')[0]).toMatch(/^"use strict";const __jestImportMeta = /);
  });

  it('drops a top-level `const require = createRequire(import.meta.url)`: the module’s own require does that', () => {
    const file = packageFile('module');
    const { code } = transform.process(
      `import { createRequire } from 'module';\nconst require = createRequire(import.meta.url);\nexport const dep = require('dep');`,
      file,
    );
    expect(run(code, file, { dep: 'the dep' }).dep).toBe('the dep');
  });

  it('turns a dynamic import into a lazy require', async () => {
    const file = packageFile('module');
    const { code } = transform.process(`export const load = () => import('lazy');`, file);
    let loaded = 0;
    const exports = run(code, file, {
      get lazy() {
        loaded += 1;
        return { hello: 'world' };
      },
    }) as { load: () => Promise<{ hello: string }> };
    expect(loaded).toBe(0);
    expect((await exports.load()).hello).toBe('world');
  });

  it('leaves a CommonJS file of a transformed scope as it is', () => {
    const file = packageFile('commonjs');
    const source = `exports.x = 1; // sloppy on purpose\n`;
    expect(transform.process(source, file).code).toBe(source);
  });

  it('refuses a top-level await, naming the file', () => {
    const file = packageFile('module');
    expect(() => transform.process(`export const x = await Promise.resolve(1);`, file)).toThrow(file);
    expect(() => transform.process(`export async function f() { return await 1; }`, file)).not.toThrow();
  });

  it('changes the cache key with the source', () => {
    expect(transform.getCacheKey('a', '/x.js')).not.toBe(transform.getCacheKey('b', '/x.js'));
    expect(transform.getCacheKey('a', '/x.js')).toBe(transform.getCacheKey('a', '/x.js'));
  });
});
