// Validates Kubernetes objects against the official OpenAPI schemas compiled into kubernetes-models.
// kubernetes-models is ESM-only and jest runs the specs as CommonJS, so manifests.spec.ts runs this
// file in a child node process:  stdin  [{ ref, object }]  ->  stdout  [{ ref, error }]  (error null = valid).
// An apiVersion/kind that kubernetes-models does not know is an error, never a silent pass.
import { readFileSync } from 'node:fs';

async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  // "v1" is the core group (kubernetes-models/v1); "apps/v1" -> kubernetes-models/apps/v1.
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) return undefined;
  let mod;
  try {
    mod = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  const Model = mod[kind];
  // Only top-level kinds carry apiVersion/kind statics (DeploymentSpec and the like do not).
  return typeof Model === 'function' && Model.apiVersion === apiVersion && Model.kind === kind ? Model : undefined;
}

function describe(error) {
  const details = Array.isArray(error?.errors)
    ? error.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`)
    : [];
  return [String(error?.message ?? error), ...details].join('\n  ');
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const { ref, object } of input) {
  const Model = await modelFor(object?.apiVersion, object?.kind);
  if (!Model) {
    results.push({ ref, error: `unknown apiVersion/kind ${object?.apiVersion}/${object?.kind}` });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ ref, error: null });
  } catch (error) {
    results.push({ ref, error: describe(error) });
  }
}
process.stdout.write(JSON.stringify(results));
