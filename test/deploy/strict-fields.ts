// Unknown-field check for Kubernetes objects, the static counterpart of `kubectl apply --validate=strict`.
// The JSON schemas compiled into kubernetes-models accept any extra property, so a misspelt
// `readinesProbe` or `runAsNonRot` would pass them; the API server (strict field validation) would not.
// The field names come from the TypeScript declarations of kubernetes-models, read with the compiler
// API: same source as the schemas, no network, no cluster.
import * as path from 'node:path';
import ts from 'typescript';

export interface ObjectRef {
  ref: string;
  object: { apiVersion?: unknown; kind?: unknown; [key: string]: unknown };
}

const ROOT = path.resolve(__dirname, '../..');
// A virtual file next to node_modules, so that `kubernetes-models/...` resolves from it.
const VIRTUAL = path.join(ROOT, '__deploy_strict_fields__.ts');

/** One message `ref: .path.to.field: unknown field` per field the object's kind does not declare. */
export function findUnknownFields(objects: ObjectRef[]): string[] {
  const kinds = new Map<string, string>();
  for (const { object } of objects) {
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) continue;
    if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) continue;
    if (!kinds.has(`${apiVersion}/${kind}`)) kinds.set(`${apiVersion}/${kind}`, `T${kinds.size}`);
  }
  const source = [...kinds].map(([gvk, alias]) => {
    const at = gvk.lastIndexOf('/');
    return `export type ${alias} = import('kubernetes-models/${gvk.slice(0, at)}').I${gvk.slice(at + 1)};`;
  });

  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (file, ...rest) =>
    file === VIRTUAL
      ? ts.createSourceFile(file, source.join('\n'), ts.ScriptTarget.ES2022)
      : getSourceFile.call(host, file, ...rest);
  host.fileExists = (file) => file === VIRTUAL || fileExists.call(host, file);
  const program = ts.createProgram([VIRTUAL], options, host);
  const checker = program.getTypeChecker();

  // A kind kubernetes-models does not declare resolves to an error type without properties, and is
  // then not walked: the schema validation reports it. The spec checks that a misspelt field is found.
  const errors: string[] = [];
  const sourceFile = program.getSourceFile(VIRTUAL)!;
  const typeOf = new Map<string, ts.Type>();
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(sourceFile)!)) {
    typeOf.set(symbol.name, checker.getDeclaredTypeOfSymbol(symbol));
  }

  function elementType(type: ts.Type): ts.Type | undefined {
    for (const t of type.isUnion() ? type.types : [type]) {
      if (checker.isArrayType(t)) return checker.getTypeArguments(t as ts.TypeReference)[0];
    }
    return undefined;
  }

  function objectType(type: ts.Type): ts.Type | undefined {
    const candidates = (type.isUnion() ? type.types : [type]).filter(
      (t) => (t.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(t),
    );
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  function walk(value: unknown, declared: ts.Type, at: string, ref: string): void {
    const type = checker.getNonNullableType(declared);
    if (Array.isArray(value)) {
      const element = elementType(type);
      if (element) value.forEach((item, i) => walk(item, element, `${at}[${i}]`, ref));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const object = objectType(type);
    if (!object) return;
    const index = checker.getIndexTypeOfType(object, ts.IndexKind.String);
    if (index) {
      for (const [key, item] of Object.entries(value)) walk(item, index, `${at}.${key}`, ref);
      return;
    }
    const properties = new Map(checker.getPropertiesOfType(object).map((p) => [p.name, p]));
    if (properties.size === 0) return; // free-form ({} or object)
    for (const [key, item] of Object.entries(value)) {
      const property = properties.get(key);
      if (!property) errors.push(`${ref}: ${at}.${key}: unknown field`);
      else walk(item, checker.getTypeOfSymbol(property), `${at}.${key}`, ref);
    }
  }

  for (const { ref, object } of objects) {
    const type = typeOf.get(kinds.get(`${object.apiVersion}/${object.kind}`) ?? '');
    if (type) walk(object, type, '', ref);
  }
  return errors;
}
