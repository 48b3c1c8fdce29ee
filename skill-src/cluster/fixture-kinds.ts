// The resource types a recorded cluster serves: built-in kinds from a table, CRDs found in the fixture,
// and CRDs implied by custom objects whose CRD is absent (served at the objects' apiVersions).
import { isFluxGroup, KINDS } from '../kinds/table.js';
import type { KubeObject } from '../kube/types.js';
import { arr, at, num, str } from '../kube/fields.js';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  priority?: number;
}

export interface ResourceType {
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  /** Printer columns of a custom resource, by version; built-in kinds have server-computed tables instead. */
  columns?: Record<string, PrinterColumn[]>;
  custom: boolean;
}

const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

// group/version, kind, plural, short names ('-' for none), then flags: cluster (cluster-scoped), create (create only).
const BUILTIN = `v1 Pod pods po
v1 Service services svc
v1 ConfigMap configmaps cm
v1 Secret secrets -
v1 ServiceAccount serviceaccounts sa
v1 Endpoints endpoints ep
v1 Event events ev
v1 PersistentVolumeClaim persistentvolumeclaims pvc
v1 Namespace namespaces ns cluster
v1 Node nodes no cluster
v1 PersistentVolume persistentvolumes pv cluster
apps/v1 Deployment deployments deploy
apps/v1 ReplicaSet replicasets rs
apps/v1 StatefulSet statefulsets sts
apps/v1 DaemonSet daemonsets ds
batch/v1 Job jobs -
batch/v1 CronJob cronjobs cj
discovery.k8s.io/v1 EndpointSlice endpointslices -
events.k8s.io/v1 Event events ev
networking.k8s.io/v1 Ingress ingresses ing
networking.k8s.io/v1 NetworkPolicy networkpolicies netpol
rbac.authorization.k8s.io/v1 Role roles -
rbac.authorization.k8s.io/v1 RoleBinding rolebindings -
rbac.authorization.k8s.io/v1 ClusterRole clusterroles - cluster
rbac.authorization.k8s.io/v1 ClusterRoleBinding clusterrolebindings - cluster
apiextensions.k8s.io/v1 CustomResourceDefinition customresourcedefinitions crd,crds cluster
authorization.k8s.io/v1 SelfSubjectAccessReview selfsubjectaccessreviews - cluster create`;

const READY = '.status.conditions[?(@.type=="Ready")]';

function fluxColumns(tokens: readonly string[]): PrinterColumn[] {
  return tokens.flatMap((t): PrinterColumn[] => {
    if (t === 'A') return [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
    if (t === 'R') return [{ name: 'Ready', type: 'string', jsonPath: `${READY}.status` }, { name: 'Status', type: 'string', jsonPath: `${READY}.message` }];
    const i = t.indexOf('=');
    return [{ name: t.slice(0, i).replace(/_/g, ' '), type: 'string', jsonPath: t.slice(i + 1) }];
  });
}

// Flux kinds: short names and the printer columns their CRDs declare, from the kind table.
const FLUX_KINDS: ReadonlyMap<string, { shortNames: string[]; columns: PrinterColumn[] }> = new Map(
  KINDS.map((k) => [k.kind, { shortNames: [...k.shortNames], columns: fluxColumns(k.columns) }]),
);

export { isFluxGroup };

/** The plural Kubernetes derives for a kind: lowercase, y -> ies, s/x/z/ch/sh -> es. */
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (/[^aeiou]y$/.test(k)) return k.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(k)) return k + 'es';
  return k + 's';
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first, others last by name. */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    return [m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) return ra ? -1 : rb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (rb[i] ?? 0) - (ra[i] ?? 0);
  return 0;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function builtinTypes(): ResourceType[] {
  return BUILTIN.split('\n').map((line) => {
    const [gv = '', kind = '', plural = '', short = '-', ...flags] = line.split(' ');
    const { group, version } = splitApiVersion(gv);
    return {
      group,
      versions: [version],
      kind,
      plural,
      singular: kind.toLowerCase(),
      namespaced: !flags.includes('cluster'),
      shortNames: short === '-' ? [] : short.split(','),
      verbs: flags.includes('create') ? ['create'] : READ_WRITE,
      custom: false,
    };
  });
}

function crdType(crd: KubeObject): ResourceType | undefined {
  const group = str(at(crd, 'spec', 'group'));
  const kind = str(at(crd, 'spec', 'names', 'kind'));
  const plural = str(at(crd, 'spec', 'names', 'plural'));
  if (!group || !kind || !plural) return undefined;
  const columns: Record<string, PrinterColumn[]> = {};
  const versions: string[] = [];
  for (const v of arr(at(crd, 'spec', 'versions'))) {
    const name = str(at(v, 'name'));
    if (!name || at(v, 'served') === false) continue;
    versions.push(name);
    columns[name] = arr(at(v, 'additionalPrinterColumns')).flatMap((c): PrinterColumn[] => {
      const n = str(at(c, 'name'));
      const jsonPath = str(at(c, 'jsonPath'));
      if (!n || !jsonPath) return [];
      const col: PrinterColumn = { name: n, type: str(at(c, 'type')) ?? 'string', jsonPath };
      const priority = num(at(c, 'priority'));
      if (priority) col.priority = priority;
      return [col];
    });
  }
  if (versions.length === 0) return undefined;
  return {
    group,
    versions: versions.sort(compareVersions),
    kind,
    plural,
    singular: str(at(crd, 'spec', 'names', 'singular')) ?? kind.toLowerCase(),
    namespaced: at(crd, 'spec', 'scope') !== 'Cluster',
    shortNames: arr(at(crd, 'spec', 'names', 'shortNames')).filter((s): s is string => typeof s === 'string'),
    verbs: READ_WRITE,
    columns,
    custom: true,
  };
}

/** A CRD object as `kubectl get crd` would show it, for a type the fixture only implies. */
function impliedCrdObject(t: ResourceType): KubeObject {
  const names: Record<string, unknown> = { kind: t.kind, listKind: `${t.kind}List`, plural: t.plural, singular: t.singular };
  if (t.shortNames.length > 0) names.shortNames = t.shortNames;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${t.plural}.${t.group}` },
    spec: {
      group: t.group,
      names,
      scope: t.namespaced ? 'Namespaced' : 'Cluster',
      versions: t.versions.map((v, i) => ({ name: v, served: true, storage: i === 0, additionalPrinterColumns: t.columns?.[v] ?? [] })),
    },
  };
}

export interface Catalogue {
  types: ResourceType[];
  /** Objects to serve, including the implied CRDs and Namespaces. */
  objects: KubeObject[];
}

/** Every type the fixture serves, and the objects to serve (fixture objects plus implied CRDs and Namespaces). */
export function catalogue(objects: readonly KubeObject[]): Catalogue {
  const types = builtinTypes();
  const key = (group: string, kind: string): string => `${group}/${kind}`;
  const byKind = new Map(types.map((t) => [key(t.group, t.kind), t]));
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition') continue;
    const t = crdType(o);
    if (t && !byKind.has(key(t.group, t.kind))) {
      types.push(t);
      byKind.set(key(t.group, t.kind), t);
    }
  }
  const implied: ResourceType[] = [];
  for (const o of objects) {
    const { group, version } = splitApiVersion(str(o.apiVersion) ?? '');
    const kind = str(o.kind) ?? '';
    const existing = byKind.get(key(group, kind));
    if (existing) {
      // An implied type serves every version its objects use; a namespaced object makes it namespaced.
      if (implied.includes(existing)) {
        if (!existing.versions.includes(version)) existing.versions = [...existing.versions, version].sort(compareVersions);
        if (o.metadata?.namespace !== undefined) existing.namespaced = true;
      }
      continue;
    }
    const flux = isFluxGroup(group) ? FLUX_KINDS.get(kind) : undefined;
    const t: ResourceType = {
      group,
      versions: [version],
      kind,
      plural: pluralOf(kind),
      singular: kind.toLowerCase(),
      namespaced: o.metadata?.namespace !== undefined,
      shortNames: flux?.shortNames ?? [],
      verbs: READ_WRITE,
      custom: true,
    };
    if (flux) t.columns = { [version]: flux.columns };
    types.push(t);
    implied.push(t);
    byKind.set(key(group, kind), t);
  }
  for (const t of implied) {
    // Flux's columns are the same in every version it serves.
    const cols = t.columns ? Object.values(t.columns)[0] : undefined;
    if (cols) t.columns = Object.fromEntries(t.versions.map((v) => [v, cols]));
  }
  const served = [...objects, ...implied.filter((t) => t.group !== '').map(impliedCrdObject)];
  const namespaces = new Set(objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => str(o.metadata?.name)));
  for (const o of objects) {
    const ns = str(o.metadata?.namespace);
    if (ns && !namespaces.has(ns)) {
      namespaces.add(ns);
      served.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    }
  }
  return { types, objects: served };
}

