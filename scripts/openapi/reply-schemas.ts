/**
 * The success bodies of the gateway's routes as JSON Schema, read from the TypeScript types the routes
 * return (the contract types of libs/contracts, through ServiceClient's RequestMap): one declaration,
 * so the API document cannot drift from what the handlers are typed to answer.
 *
 * Run `node -r ts-node/register/transpile-only scripts/openapi/reply-schemas.ts` to rewrite
 * apps/gateway/src/docs/reply-schemas.json; apps/gateway/src/docs/reply-schemas.spec.ts fails when the
 * committed file is not what this produces.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
export const REPLY_SCHEMAS_FILE = path.join(ROOT, 'apps/gateway/src/docs/reply-schemas.json');

type Schema = Record<string, unknown>;

export interface ReplySchemas {
  /** operationId (`<Controller>_<method>`, as @nestjs/swagger names it) → schema of the success body. */
  operations: Record<string, Schema>;
  /** Named contract types the operations refer to (`#/components/schemas/<name>`). */
  components: Record<string, Schema>;
}

const HTTP_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

/**
 * Routes that write their own response (@Res): the contract type of their JSON answer, since the
 * method's return type says nothing. Their other media types (HTML, PDF, XLSX) are in docs/operations.ts.
 */
const OWN_RESPONSE_TYPES: Record<string, string> = {
  BallotsController_form: 'BallotFormView',
  AnalyticsController_cadreDossier: 'CadreDossierView',
  AnalyticsController_teamDossier: 'TeamDossierView',
};

/** Contract types every operation refers to besides their success bodies. */
const SHARED_TYPES = ['Problem'];

export function generateReplySchemas(): ReplySchemas {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const roots = config.fileNames.filter((f) => /apps\/gateway\/src\/.*\.controller\.ts$/.test(f));
  const program = ts.createProgram(roots, { ...config.options, noEmit: true, incremental: false });
  const checker = program.getTypeChecker();
  const components: Record<string, Schema> = {};
  const operations: Record<string, Schema> = {};
  const converter = new Converter(checker, components);
  const contracts = program.getSourceFile(path.join(ROOT, 'libs/contracts/src/index.ts'))!;
  const exported = new Map(
    checker.getExportsOfModule(checker.getSymbolAtLocation(contracts)!).map((s) => [s.name, s] as const),
  );
  const contractType = (name: string): ts.Type => {
    const symbol = exported.get(name);
    if (!symbol) throw new Error(`libs/contracts exports no ${name}`);
    return checker.getDeclaredTypeOfSymbol(
      symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol,
    );
  };
  for (const name of SHARED_TYPES) converter.schema(contractType(name));
  for (const [operation, name] of Object.entries(OWN_RESPONSE_TYPES))
    operations[operation] = converter.schema(contractType(name));

  for (const file of roots.sort()) {
    const source = program.getSourceFile(file)!;
    source.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        if (!decoratorNames(member).some((n) => HTTP_DECORATORS.has(n))) continue;
        // A route that writes to the response itself (@Res) declares its media types by hand.
        if (member.parameters.some((p) => decoratorNames(p).includes('Res'))) continue;
        const signature = checker.getSignatureFromDeclaration(member)!;
        let type = checker.getReturnTypeOfSignature(signature);
        type = checker.getAwaitedType(type) ?? type;
        if (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Never | ts.TypeFlags.Undefined)) continue;
        operations[`${node.name.text}_${member.name.text}`] = converter.schema(type);
      }
    });
  }
  return { operations: sortKeys(operations), components: sortKeys(components) };
}

function decoratorNames(node: ts.HasDecorators): string[] {
  return (ts.getDecorators(node) ?? []).map((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    return ts.isIdentifier(callee) ? callee.text : '';
  });
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

class Converter {
  private readonly naming = new Map<ts.Type, string | null>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly components: Record<string, Schema>,
  ) {}

  schema(type: ts.Type): Schema {
    const name = this.componentName(type);
    if (!name) return this.inline(type);
    if (!(name in this.components)) {
      this.components[name] = {}; // placeholder: a type that refers to itself
      this.components[name] = this.inline(type);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  /** Interfaces and type aliases of the project get a name; generic instances and anonymous types stay inline. */
  private componentName(type: ts.Type): string | null {
    const known = this.naming.get(type);
    if (known !== undefined) return known;
    const symbol = type.aliasSymbol ?? (type.flags & ts.TypeFlags.Object ? type.getSymbol() : undefined);
    let name: string | null = null;
    const generic = type.aliasSymbol ? (type.aliasTypeArguments?.length ?? 0) > 0 : isGenericInstance(type);
    const declaration = symbol?.declarations?.[0];
    const fromProject = declaration && !declaration.getSourceFile().fileName.includes('node_modules');
    const namedKind = declaration && (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration));
    if (symbol && fromProject && namedKind && !generic && !(type.flags & ts.TypeFlags.StringLiteral)) {
      // A union of string literals reads better inline (the enum beside the property).
      const literalUnion =
        type.isUnion() && type.types.every((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.Undefined));
      name = literalUnion ? null : symbol.name;
    }
    this.naming.set(type, name);
    return name;
  }

  private inline(type: ts.Type): Schema {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (f & ts.TypeFlags.String || f & ts.TypeFlags.TemplateLiteral) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.Null) return { type: 'null' };
    if (f & ts.TypeFlags.NonPrimitive) return { type: 'object' };
    if (type.isStringLiteral()) return { type: 'string', enum: [type.value] };
    if (type.isNumberLiteral()) return { type: 'number', enum: [type.value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [this.checker.typeToString(type) === 'true'] };
    if (type.isUnion()) return this.union(type.types);
    if (this.checker.isArrayType(type)) {
      const [item] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: this.schema(item) };
    }
    if (this.checker.isTupleType(type)) {
      const items = this.checker.getTypeArguments(type as ts.TypeReference).map((t) => this.schema(t));
      return { type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length };
    }
    const symbol = type.getSymbol();
    if (symbol?.name === 'Date') return { type: 'string', format: 'date-time' };
    if (f & ts.TypeFlags.Object || type.isIntersection()) return this.object(type);
    throw new Error(`no JSON Schema for the type ${this.checker.typeToString(type)}`);
  }

  private union(members: ts.Type[]): Schema {
    const present = members.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const strings = present.filter((t) => t.isStringLiteral()) as ts.StringLiteralType[];
    const booleans = present.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    const nulls = present.filter((t) => t.flags & ts.TypeFlags.Null);
    const rest = present.filter(
      (t) => !strings.includes(t as ts.StringLiteralType) && !booleans.includes(t) && !nulls.includes(t),
    );
    const parts: Schema[] = [];
    if (strings.length > 0) parts.push({ type: 'string', enum: strings.map((t) => t.value).sort() });
    if (booleans.length === 2) parts.push({ type: 'boolean' });
    else parts.push(...booleans.map((t) => this.inline(t)));
    parts.push(...rest.map((t) => this.schema(t)));
    if (nulls.length > 0) {
      // `T | null` as OpenAPI 3.1 writes it: the null beside the type, or beside the reference.
      if (parts.length === 1 && typeof parts[0].type === 'string' && !parts[0].$ref) {
        const only = parts[0];
        return {
          ...only,
          type: [only.type, 'null'],
          ...(only.enum ? { enum: [...(only.enum as unknown[]), null] } : {}),
        };
      }
      parts.push({ type: 'null' });
    }
    return parts.length === 1 ? parts[0] : { anyOf: parts };
  }

  private object(type: ts.Type): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = this.checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue; // methods are not JSON
      const schema = withFormat(this.checker.typeToString(type), property.name, this.schema(propertyType));
      const doc = ts.displayPartsToString(property.getDocumentationComment(this.checker)).trim();
      properties[property.name] = doc && !schema.$ref ? { ...schema, description: doc } : schema;
      const optional =
        property.flags & ts.SymbolFlags.Optional ||
        (declaration && ts.isPropertySignature(declaration) && declaration.questionToken);
      if (!optional) required.push(property.name);
    }
    const schema: Schema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) schema.additionalProperties = this.schema(index.type);
    return schema;
  }
}

/**
 * TypeScript has one `string`; the contract types name their strings by convention instead: `id` and
 * `…Id` are UUIDs, `…At` are ISO timestamps. The contract test checks every answer against these formats.
 */
function withFormat(owner: string, name: string, schema: Schema): Schema {
  // A political observation's `occurredAt` is the calendar day it happened, not a timestamp.
  if (owner === 'ObservationView' && name === 'occurredAt') return { ...schema, format: 'date' };
  const format = /^(id|.+Id)$/.test(name)
    ? 'uuid'
    : /^.+At$/.test(name)
      ? 'date-time'
      : /^.+Ids$/.test(name)
        ? 'uuid[]'
        : null;
  const isString = (s: Schema) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));
  if (format === 'uuid[]') {
    const items = schema.items as Schema | undefined;
    return schema.type === 'array' && items && isString(items) && !items.enum
      ? { ...schema, items: { ...items, format: 'uuid' } }
      : schema;
  }
  return format && isString(schema) && !schema.enum && !schema.format ? { ...schema, format } : schema;
}

function isGenericInstance(type: ts.Type): boolean {
  return (
    !!((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) &&
    ((type as ts.TypeReference).typeArguments?.length ?? 0) > 0
  );
}

if (require.main === module) {
  writeFileSync(REPLY_SCHEMAS_FILE, JSON.stringify(generateReplySchemas(), null, 2) + '\n');
  console.log(`wrote ${path.relative(ROOT, REPLY_SCHEMAS_FILE)}`);
}
