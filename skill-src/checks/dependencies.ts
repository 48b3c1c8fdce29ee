// The GitOps object graph: Flux objects indexed once by kind/namespace/name, their source references and
// dependsOn edges, and the root cause each unhealthy object waits on. Built once per state and shared by
// the checks; linear in the number of objects (each object has at most one "waits on" edge, so root
// resolution is a walk over a functional graph, memoised, cycle-safe and iterative).
import type { InputId } from '../cluster/inputs.js';
import type { ClusterState } from '../cluster/state.js';
import type { KubeObject } from '../kube/types.js';
import { arr, at, isRecord, name as nameOf, namespace as namespaceOf, refKey, str } from '../kube/fields.js';
import type { ResourceRef } from '../model.js';
import { FLUX_KINDS, fluxHealth, kindInfo, type FluxHealth } from './flux-status.js';
import { sees } from './flux-inputs.js';

export interface FluxNode {
  ref: ResourceRef;
  obj: KubeObject;
  health: FluxHealth;
}

export type Lookup = { found: FluxNode } | { missing: ResourceRef } | { unknown: ResourceRef };

/** A reference from one object to another that does not exist (and whose kind was listed in full). */
export interface MissingRef {
  ref: ResourceRef;
  /** 'source' for sourceRef/chartRef, 'dependency' for dependsOn. */
  role: 'source' | 'dependency';
  referencedBy: ResourceRef[];
}

/** Where a dependsOn cycle was found: every member and the one that stands for the cycle. */
export interface Cycle {
  canonical: ResourceRef;
  members: ResourceRef[];
}

const INDEXED_KINDS = ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket', 'Kustomization', 'HelmRelease'];

/** Reasons by which a Kustomization, HelmRelease or HelmChart says it waits on its source. */
const SOURCE_WAIT_REASONS = new Set(['ArtifactFailed', 'HelmChartNotReady', 'SourceUnavailable', 'SourceNotReady']);
const SOURCE_WAIT_MESSAGE = /\b(source|helmchart|artifact)\b.*\bnot (ready|found)\b/i;

function inputOf(kind: string): InputId | undefined {
  return kindInfo(kind)?.input;
}

function mkRef(kind: string, name: string, namespace: string | undefined): ResourceRef {
  const r: ResourceRef = { kind, name };
  if (namespace !== undefined) r.namespace = namespace;
  return r;
}

/** A `{kind?, name, namespace?}` reference field, with the referrer's namespace as the default. */
function readRef(value: unknown, defaultKind: string | undefined, defaultNs: string | undefined, allowNs = true): ResourceRef | undefined {
  if (!isRecord(value)) return undefined;
  const name = str(value.name);
  const kind = str(value.kind) || defaultKind;
  if (!name || !kind) return undefined;
  const ns = (allowNs ? str(value.namespace) : undefined) || defaultNs;
  return mkRef(kind, name, ns);
}

/** Parses `ns/name` (as in HelmRelease status.helmChart). */
function parseNsName(value: string | undefined, kind: string): ResourceRef | undefined {
  if (!value) return undefined;
  const i = value.indexOf('/');
  if (i <= 0 || i === value.length - 1) return undefined;
  return mkRef(kind, value.slice(i + 1), value.slice(0, i));
}

type Step = { next: string } | { root: ResourceRef | null };

export class FluxGraph {
  private readonly nodes = new Map<string, FluxNode>();
  private readonly byKind = new Map<string, FluxNode[]>();
  private readonly roots = new Map<string, ResourceRef | null>();
  private readonly cycles = new Map<string, Cycle>();
  private readonly missingRefs = new Map<string, MissingRef>();
  private readonly missingByKey = new Map<string, ResourceRef>();

  constructor(private readonly state: ClusterState) {
    for (const info of FLUX_KINDS) {
      if (!INDEXED_KINDS.includes(info.kind)) continue;
      const input = state.inputs[info.input];
      if (!input?.ok) continue;
      for (const obj of input.items) {
        const ref = mkRef(info.kind, nameOf(obj), namespaceOf(obj));
        if (!ref.name || this.nodes.has(refKey(ref))) continue;
        const node: FluxNode = { ref, obj, health: fluxHealth(obj, info.kind) };
        this.nodes.set(refKey(ref), node);
        const list = this.byKind.get(info.kind);
        if (list) list.push(node);
        else this.byKind.set(info.kind, [node]);
      }
    }
    this.collectMissing();
  }

  get(ref: ResourceRef): FluxNode | undefined {
    return this.nodes.get(refKey(ref));
  }

  lookup(ref: ResourceRef): Lookup {
    const node = this.nodes.get(refKey(ref));
    if (node) return { found: node };
    const input = inputOf(ref.kind);
    if (!input || !INDEXED_KINDS.includes(ref.kind) || !sees(this.state, input, ref.namespace)) return { unknown: ref };
    return { missing: ref };
  }

  nodesOf(kind: string): readonly FluxNode[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The source an object reads its artifact from, as declared (Kustomization sourceRef, HelmChart sourceRef, HelmRelease chartRef or chart template sourceRef). */
  declaredSource(node: FluxNode): ResourceRef | undefined {
    const { obj, ref } = node;
    if (ref.kind === 'Kustomization') return readRef(at(obj, 'spec', 'sourceRef'), undefined, ref.namespace);
    if (ref.kind === 'HelmChart') return readRef(at(obj, 'spec', 'sourceRef'), undefined, ref.namespace, false);
    if (ref.kind === 'HelmRelease') {
      return readRef(at(obj, 'spec', 'chartRef'), undefined, ref.namespace) ?? readRef(at(obj, 'spec', 'chart', 'spec', 'sourceRef'), undefined, ref.namespace);
    }
    return undefined;
  }

  /**
   * The object whose artifact this one consumes. For a HelmRelease with a chart template that is the
   * HelmChart helm-controller generates (status.helmChart, else `<source ns>/<hr ns>-<hr name>`).
   */
  artifactSource(node: FluxNode): ResourceRef | undefined {
    const { obj, ref } = node;
    if (ref.kind !== 'HelmRelease' || isRecord(at(obj, 'spec', 'chartRef'))) return this.declaredSource(node);
    const template = readRef(at(obj, 'spec', 'chart', 'spec', 'sourceRef'), undefined, ref.namespace);
    const fromStatus = parseNsName(str(at(obj, 'status', 'helmChart')), 'HelmChart');
    if (fromStatus) return fromStatus;
    if (!template) return undefined;
    return mkRef('HelmChart', `${ref.namespace ?? ''}-${ref.name}`, template.namespace);
  }

  dependsOn(node: FluxNode): ResourceRef[] {
    const out: ResourceRef[] = [];
    for (const d of arr(at(node.obj, 'spec', 'dependsOn'))) {
      // dependsOn names objects of the same kind (Kustomization -> Kustomization, HelmRelease -> HelmRelease).
      const r = readRef(d, node.ref.kind, node.ref.namespace);
      if (r) out.push(mkRef(node.ref.kind, r.name, r.namespace));
    }
    return out;
  }

  /** References to objects that do not exist, from objects that are not suspended; one entry per missing object. */
  missing(role?: MissingRef['role']): MissingRef[] {
    const all = [...this.missingRefs.values()];
    return role ? all.filter((m) => m.role === role) : all;
  }

  /** The root cause of an object's state, when it is another object; undefined when it is its own cause. */
  rootCause(ref: ResourceRef): ResourceRef | undefined {
    const root = this.resolve(refKey(ref));
    return root && refKey(root) !== refKey(ref) ? root : undefined;
  }

  /** The cycle this object stands for (it is the canonical member), if any. */
  cycleAt(ref: ResourceRef): Cycle | undefined {
    this.resolve(refKey(ref));
    return this.cycles.get(refKey(ref));
  }

  private noteMissing(ref: ResourceRef, role: MissingRef['role'], by: ResourceRef): void {
    const key = refKey(ref);
    this.missingByKey.set(key, ref);
    let m = this.missingRefs.get(key);
    if (!m) {
      m = { ref, role, referencedBy: [] };
      this.missingRefs.set(key, m);
    }
    m.referencedBy.push(by);
  }

  private collectMissing(): void {
    for (const node of this.nodes.values()) {
      if (node.health.state === 'suspended') continue;
      const src = this.declaredSource(node);
      if (src) {
        const l = this.lookup(src);
        if ('missing' in l) this.noteMissing(l.missing, 'source', node.ref);
      }
      for (const dep of this.dependsOn(node)) {
        const l = this.lookup(dep);
        if ('missing' in l) this.noteMissing(l.missing, 'dependency', node.ref);
      }
    }
  }

  /** The one object a not-ready object waits on, or where the walk ends. */
  private step(key: string): Step {
    const missing = this.missingByKey.get(key);
    if (missing) return { root: missing };
    const node = this.nodes.get(key);
    if (!node) return { root: null };
    const h = node.health;
    if (h.ready) return { root: null };
    if (h.state === 'suspended' || h.state === 'stale' || h.state === 'unreconciled') return { root: node.ref };

    if (h.readyReason === 'DependencyNotReady') {
      const dep = this.pickDependency(node);
      return dep ? { next: dep } : { root: node.ref };
    }
    const waitsOnSource =
      node.ref.kind === 'HelmChart' || SOURCE_WAIT_REASONS.has(h.readyReason) || SOURCE_WAIT_MESSAGE.test(h.readyMessage);
    if (waitsOnSource) {
      const src = this.waitedSource(node);
      if (src) return { next: src };
    }
    return { root: node.ref };
  }

  /** The source key when the source is missing or not ready; undefined when it is fine or unknown. */
  private waitedSource(node: FluxNode): string | undefined {
    const candidates: ResourceRef[] = [];
    const artifact = this.artifactSource(node);
    if (artifact) candidates.push(artifact);
    const declared = this.declaredSource(node);
    if (declared && (!artifact || refKey(declared) !== refKey(artifact))) candidates.push(declared);
    for (const c of candidates) {
      const l = this.lookup(c);
      if ('found' in l) {
        if (!l.found.health.ready) return refKey(l.found.ref);
        return undefined; // the source is ready: the failure is the object's own
      }
      if ('missing' in l && this.missingByKey.has(refKey(l.missing))) return refKey(l.missing);
      // unknown (not listed) or a derived HelmChart not created yet: try the declared source next
    }
    return undefined;
  }

  private pickDependency(node: FluxNode): string | undefined {
    const deps = this.dependsOn(node);
    if (deps.length === 0) return undefined;
    // The controller names the dependency it waits on: `dependency 'ns/name' is not ready`.
    const named = /'([^'\s/]+)\/([^'\s]+)'/.exec(node.health.readyMessage);
    const ordered = named ? [...deps.filter((d) => d.namespace === named[1] && d.name === named[2]), ...deps] : deps;
    for (const d of ordered) {
      const l = this.lookup(d);
      if ('found' in l && !l.found.health.ready) return refKey(l.found.ref);
      if ('missing' in l && this.missingByKey.has(refKey(l.missing))) return refKey(l.missing);
    }
    return undefined;
  }

  private refOf(key: string): ResourceRef | undefined {
    return this.nodes.get(key)?.ref ?? this.missingByKey.get(key);
  }

  private resolve(start: string): ResourceRef | null {
    const memo = this.roots.get(start);
    if (memo !== undefined) return memo;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let cur = start;
    let result: ResourceRef | null;
    for (;;) {
      const known = this.roots.get(cur);
      if (known !== undefined) {
        result = known;
        break;
      }
      const at = onPath.get(cur);
      if (at !== undefined) {
        const members = path.slice(at);
        const canonicalKey = [...members].sort()[0] ?? cur;
        const canonical = this.refOf(canonicalKey);
        result = canonical ?? null;
        if (canonical) {
          const refs = members.map((k) => this.refOf(k)).filter((r): r is ResourceRef => r !== undefined);
          this.cycles.set(canonicalKey, { canonical, members: refs });
        }
        break;
      }
      onPath.set(cur, path.length);
      path.push(cur);
      const s = this.step(cur);
      if ('root' in s) {
        result = s.root;
        break;
      }
      cur = s.next;
    }
    for (const k of path) this.roots.set(k, result);
    return result;
  }
}

const graphs = new WeakMap<ClusterState, FluxGraph>();

/** The graph of a state, built once and shared by every check that reads it. */
export function fluxGraph(state: ClusterState): FluxGraph {
  let g = graphs.get(state);
  if (!g) {
    g = new FluxGraph(state);
    graphs.set(state, g);
  }
  return g;
}

/** Same revision, tolerating the older `branch/sha` and newer `branch@sha1:sha` formats. */
export function sameRevision(a: string, b: string): boolean {
  if (a === b) return true;
  const digest = (r: string): string | undefined => /(?:[@/]|^)(?:sha1:|sha256:)?([0-9a-f]{7,64})$/.exec(r)?.[1];
  const da = digest(a);
  const db = digest(b);
  return da !== undefined && da === db;
}
