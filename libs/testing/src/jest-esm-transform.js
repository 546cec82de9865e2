// Jest transform for the ESM-only packages in node_modules (NestJS 12 and what it loads: see
// transformIgnorePatterns in jest.config.js). Jest 30 on Node 20 cannot require() an ES module
// ("Use Node v24.9+ where Jest supports require(esm) natively"), while the project's tests are
// CommonJS (ts-jest). So these files are compiled to CommonJS here, with the TypeScript compiler the
// project already has, as a plain transpile (no type check), cached by jest like every transform.
// Production does not go through this: the webpack bundles require() the packages as they are
// (Node 20.19+ loads ES modules from require()).
//
// What CommonJS has no direct spelling for is rewritten on the syntax tree:
// - `import.meta` becomes a per-file object with `url`, `dirname`, `filename` and `resolve` made from
//   the module's __filename and require.resolve;
// - a top-level `const require = createRequire(import.meta.url)` is dropped: in CommonJS the module's
//   own require is exactly that, and a `const require` would clash with it;
// - dynamic `import(x)` becomes `Promise.resolve().then(() => require(x))` (TypeScript's CommonJS
//   output), so the lazy loads of Nest (platform-express, class-validator…) stay lazy.
// A top-level await cannot be expressed in CommonJS: such a file fails the transform, naming itself.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const SELF = crypto.createHash('sha256').update(fs.readFileSync(__filename)).update(ts.version).digest('hex');
const META = '__jestImportMeta';

const PRELUDE =
  `const ${META} = { url: require('node:url').pathToFileURL(__filename).href, dirname: __dirname, filename: __filename, ` +
  `resolve: (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href };`;

function isRequireFromCreateRequire(statement) {
  if (!ts.isVariableStatement(statement)) return false;
  const [declaration, ...more] = statement.declarationList.declarations;
  return (
    more.length === 0 &&
    ts.isIdentifier(declaration.name) &&
    declaration.name.text === 'require' &&
    !!declaration.initializer &&
    ts.isCallExpression(declaration.initializer)
  );
}

function esmToCommonJs(filename) {
  return (context) => (sourceFile) => {
    let usesMeta = false;
    const visit = (node) => {
      if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
        usesMeta = true;
        return context.factory.createIdentifier(META);
      }
      if (ts.isAwaitExpression(node) && !insideFunction(node)) {
        throw new Error(`${filename}: top-level await cannot be compiled to CommonJS for jest`);
      }
      return ts.visitEachChild(node, visit, context);
    };
    const statements = sourceFile.statements
      .filter((s) => !isRequireFromCreateRequire(s))
      .map((s) => ts.visitNode(s, visit));
    const updated = context.factory.updateSourceFile(sourceFile, statements);
    // Read back by process() below, which puts the prelude after "use strict".
    updated.__jestUsesImportMeta = usesMeta;
    return updated;
  };
}

function insideFunction(node) {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (ts.isFunctionLike(parent) || ts.isClassStaticBlockDeclaration(parent)) return true;
  }
  return false;
}

const packageTypes = new Map();

/** Whether Node would load this file as an ES module: `.mjs`, or `.js` under a package.json of "type": "module". */
function isEsModule(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (packageTypes.has(dir)) return packageTypes.get(dir);
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const type = JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      packageTypes.set(dir, type);
      return type;
    }
    if (path.dirname(dir) === dir) return false;
  }
}

module.exports = {
  getCacheKey(sourceText, sourcePath) {
    return crypto
      .createHash('sha256')
      .update(SELF)
      .update('\0')
      .update(sourcePath)
      .update('\0')
      .update(sourceText)
      .digest('hex');
  },

  process(sourceText, sourcePath) {
    // A CommonJS file of a matched scope (@nestjs/throttler is one) stays as it is.
    if (!isEsModule(sourcePath)) return { code: sourceText };
    let usesMeta = false;
    const transformer = esmToCommonJs(sourcePath);
    const { outputText, sourceMapText } = ts.transpileModule(sourceText, {
      fileName: sourcePath,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
        sourceMap: true,
        inlineSources: false,
        // The packages' own `import x from 'cjs-package'` means module.exports, as in Node.
        allowSyntheticDefaultImports: true,
      },
      transformers: {
        before: [
          (context) => {
            const inner = transformer(context);
            return (sourceFile) => {
              const out = inner(sourceFile);
              usesMeta = out.__jestUsesImportMeta;
              return out;
            };
          },
        ],
      },
    });
    let code = outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '');
    if (usesMeta) {
      // After the directive, so the file stays strict as it was as an ES module, and on its line, so
      // the source map's lines stay right.
      code = code.startsWith('"use strict";')
        ? `"use strict";${PRELUDE}${code.slice('"use strict";'.length)}`
        : PRELUDE + code;
    }
    return { code, map: sourceMapText };
  },
};
