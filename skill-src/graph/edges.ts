// The edges of the GitOps graph, declared per kind: which objects an object reads from or waits for, and in
// which role. The graph walks them generically; checks and root-cause grouping read the result, so no check
// links objects by hand. Facts from the CRDs: Kustomization/HelmRelease dependsOn name objects of their own
// kind; HelmChart sourceRef has no namespace; a HelmRelease chart template makes helm-controller create the
// HelmChart `<hr ns>-<hr name>` in the source's namespace (status.helmChart names it); FluxInstance sync objects
// are named spec.sync.name, else the instance's namespace; FluxReport spec.sync.id is `kustomization/<name>`.
import type { KubeObject } from '../kube/types.js';
import { arr, at, bool, condition, isRecord, str } from '../kube/fields.js';
import type { ResourceRef } from '../model.js';
import { mkRef, parseNsName, parseWaitTargets, readRef } from './refs.js';

export type EdgeRole =
  | 'source' // reads its artifact (sourceRef, chartRef, chart template sourceRef, image automation's Git repository)
  | 'chart' // HelmRelease -> the HelmChart generated from its chart template
  | 'dependsOn' // waits for these to be Ready (or, for a ResourceSet without `ready: true`, to exist)
  | 'healthCheck' // a Kustomization waits for these after applying (spec.healthChecks, wait targets in its message)
  | 'sync' // FluxInstance / FluxReport -> the cluster sync Kustomization and its source
  | 'imageRepository' // ImagePolicy -> ImageRepository
  | 'input' // ResourceSet -> ResourceSetInputProvider
  | 'provider'; // Alert -> its Provider (a missing one is the practices check's ProviderNotFound)

export interface Edge {
  role: EdgeRole;
  to: ResourceRef;
  /** dependsOn only: whether the target must be Ready (false: only its existence matters). */
  needsReady?: boolean;
  /** healthCheck only: named in the object's own failure message (the controller says it waited for it). */
  named?: boolean;
}

/** A ResourceSet's inputsFrom label selector (matchLabels), resolved by the graph against listed providers. */
export interface InputSelector {
  namespace: string | undefined;
  matchLabels: Record<string, string>;
}

type EdgeReader = (obj: KubeObject, ref: ResourceRef) => Edge[];

function sameKindDependsOn(obj: KubeObject, ref: ResourceRef): Edge[] {
  const out: Edge[] = [];
  for (const d of arr(at(obj, 'spec', 'dependsOn'))) {
    const r = readRef(d, ref.kind, ref.namespace);
    if (r) out.push({ role: 'dependsOn', to: mkRef(ref.kind, r.name, r.namespace), needsReady: true });
  }
  return out;
}

function kustomizationEdges(obj: KubeObject, ref: ResourceRef): Edge[] {
  const out: Edge[] = [];
  const src = readRef(at(obj, 'spec', 'sourceRef'), undefined, ref.namespace);
  if (src) out.push({ role: 'source', to: src });
  out.push(...sameKindDependsOn(obj, ref));
  // Objects the controller says it waited for come first: they are what actually failed.
  const seen = new Set<string>();
  for (const type of ['Ready', 'Healthy']) {
    const c = condition(obj, type);
    if (!c || c.status === 'True') continue;
    for (const t of parseWaitTargets(c.message)) {
      const key = `${t.ref.kind}/${t.ref.namespace ?? ''}/${t.ref.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ role: 'healthCheck', to: t.ref, named: true });
    }
  }
  for (const h of arr(at(obj, 'spec', 'healthChecks'))) {
    const r = readRef(h, undefined, ref.namespace);
    if (r && !seen.has(`${r.kind}/${r.namespace ?? ''}/${r.name}`)) out.push({ role: 'healthCheck', to: r });
  }
  return out;
}

function helmReleaseEdges(obj: KubeObject, ref: ResourceRef): Edge[] {
  const out: Edge[] = [];
  const chartRef = readRef(at(obj, 'spec', 'chartRef'), undefined, ref.namespace);
  const template = readRef(at(obj, 'spec', 'chart', 'spec', 'sourceRef'), undefined, ref.namespace);
  if (chartRef) out.push({ role: 'source', to: chartRef });
  else if (template) {
    const generated = parseNsName(str(at(obj, 'status', 'helmChart')), 'HelmChart') ?? mkRef('HelmChart', `${ref.namespace ?? ''}-${ref.name}`, template.namespace);
    out.push({ role: 'chart', to: generated }, { role: 'source', to: template });
  }
  out.push(...sameKindDependsOn(obj, ref));
  return out;
}

function syncEdges(kind: string | undefined, name: string, namespace: string | undefined): Edge[] {
  const out: Edge[] = [{ role: 'sync', to: mkRef('Kustomization', name, namespace) }];
  if (kind) out.push({ role: 'sync', to: mkRef(kind, name, namespace) });
  return out;
}

const READERS: Readonly<Record<string, EdgeReader>> = {
  Kustomization: kustomizationEdges,
  HelmRelease: helmReleaseEdges,
  HelmChart: (obj, ref) => {
    const src = readRef(at(obj, 'spec', 'sourceRef'), undefined, ref.namespace, false);
    return src ? [{ role: 'source', to: src }] : [];
  },
  FluxInstance: (obj, ref) => {
    const sync = at(obj, 'spec', 'sync');
    if (!isRecord(sync)) return [];
    return syncEdges(str(sync.kind), str(sync.name) || ref.namespace || '', ref.namespace);
  },
  FluxReport: (obj, ref) => {
    const id = str(at(obj, 'spec', 'sync', 'id'));
    if (!id) return [];
    const slash = id.indexOf('/');
    const name = slash >= 0 ? id.slice(slash + 1) : id;
    return name ? [{ role: 'sync', to: mkRef('Kustomization', name, ref.namespace) }] : [];
  },
  ImageUpdateAutomation: (obj, ref) => {
    const src = readRef(at(obj, 'spec', 'sourceRef'), 'GitRepository', ref.namespace);
    return src ? [{ role: 'source', to: src }] : [];
  },
  ImagePolicy: (obj, ref) => {
    const repo = readRef(at(obj, 'spec', 'imageRepositoryRef'), 'ImageRepository', ref.namespace);
    return repo ? [{ role: 'imageRepository', to: mkRef('ImageRepository', repo.name, repo.namespace) }] : [];
  },
  // source-watcher: an ExternalArtifact names the generator that produces it; a generator reads its sources.
  ExternalArtifact: (obj, ref) => {
    const src = readRef(at(obj, 'spec', 'sourceRef'), 'ArtifactGenerator', ref.namespace);
    return src ? [{ role: 'source', to: src }] : [];
  },
  ArtifactGenerator: (obj, ref) =>
    arr(at(obj, 'spec', 'sources'))
      .map((s) => readRef(s, 'GitRepository', ref.namespace))
      .filter((r): r is ResourceRef => r !== undefined)
      .map((to): Edge => ({ role: 'source', to })),
  Alert: (obj, ref) => {
    // providerRef has no namespace field: the Provider is in the Alert's namespace.
    const p = readRef(at(obj, 'spec', 'providerRef'), 'Provider', ref.namespace, false);
    return p ? [{ role: 'provider', to: mkRef('Provider', p.name, ref.namespace) }] : [];
  },
  ResourceSet: (obj, ref) => {
    const out: Edge[] = [];
    for (const d of arr(at(obj, 'spec', 'dependsOn'))) {
      if (!isRecord(d)) continue;
      const kind = str(d.kind);
      const name = str(d.name);
      // Dependencies name their namespace explicitly (cluster-scoped targets have none).
      if (kind && name) out.push({ role: 'dependsOn', to: mkRef(kind, name, str(d.namespace)), needsReady: bool(d.ready) === true });
    }
    for (const i of arr(at(obj, 'spec', 'inputsFrom'))) {
      // Input providers live in the ResourceSet's namespace.
      const name = isRecord(i) ? str(i.name) : undefined;
      if (name) out.push({ role: 'input', to: mkRef('ResourceSetInputProvider', name, ref.namespace) });
    }
    return out;
  },
};

/** Kinds whose edges are declared here. */
export const KINDS_WITH_EDGES: readonly string[] = Object.keys(READERS);

/** The edges of one object, in the order the graph tries them. */
export function edgesOf(obj: KubeObject, ref: ResourceRef): Edge[] {
  const reader = READERS[ref.kind];
  return reader ? reader(obj, ref) : [];
}

/** A ResourceSet's inputsFrom selectors (matchLabels only; matchExpressions are not evaluated). */
export function inputSelectors(obj: KubeObject, ref: ResourceRef): InputSelector[] {
  if (ref.kind !== 'ResourceSet') return [];
  const out: InputSelector[] = [];
  for (const i of arr(at(obj, 'spec', 'inputsFrom'))) {
    const labels = at(i, 'selector', 'matchLabels');
    if (!isRecord(labels)) continue;
    const matchLabels: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') matchLabels[k] = v;
    out.push({ namespace: ref.namespace, matchLabels });
  }
  return out;
}
