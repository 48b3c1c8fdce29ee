// The GitOps object graph: Flux objects indexed once by kind/namespace/name, the edges declared per kind
// (edges.ts), and the root cause each unhealthy object waits on. Built once per state and shared by the
// checks and the report; linear in the number of objects. Each not-ready object waits on at most one other
// (the one its condition points at), so root resolution is one memoised, cycle-safe walk (resolve.ts).
import { INPUTS, isFluxGroup, type InputId } from '../cluster/inputs.js';
import { perState, type ClusterState } from '../cluster/state.js';
import type { KubeObject } from '../kube/types.js';
import { conditions, labels, name as nameOf, namespace as namespaceOf, refKey } from '../kube/fields.js';
import type { ResourceRef } from '../model.js';
import { fluxHealth, isFailing, type FluxHealth } from '../checks/flux/status.js';
import { sees } from '../checks/flux/inputs.js';
import { edgesOf, inputSelectors, type Edge, type EdgeRole } from './edges.js';
import { mkRef, parseWaitTargets } from './refs.js';
import { ChainResolver } from './resolve.js';

export interface FluxNode {
  ref: ResourceRef;
  obj: KubeObject;
  health: FluxHealth;
}

export type Lookup = { found: FluxNode } | { missing: ResourceRef } | { unknown: ResourceRef };

/** A reference from an object to another that does not exist (and whose kind was listed in full). */
export interface MissingRef {
  ref: ResourceRef;
  /** 'source' for sourceRef/chartRef/imageRepositoryRef/inputsFrom, 'dependency' for dependsOn. */
  role: 'source' | 'dependency';
  /** What the referrer calls it, for the report's words: source, dependency or input provider. */
  noun: string;
}

/** Where a waiting cycle was found: every member and the one that stands for the cycle. */
export interface Cycle {
  canonical: ResourceRef;
  members: ResourceRef[];
}

/** Objects of a kind that has no input of its own (yet); `listed` says the list is complete. */
export interface KindObjects {
  kind: string;
  items: readonly KubeObject[];
  listed?: boolean;
}

/** What a FluxReport's sync status comes down to once the sync chain is walked. */
export type SyncCause = { failing: ResourceRef } | { missing: ResourceRef } | { allReady: true };

/** Reasons by which a Kustomization, HelmRelease or HelmChart says it waits on its source. */
const SOURCE_WAIT_REASONS = new Set(['ArtifactFailed', 'HelmChartNotReady', 'SourceUnavailable', 'SourceNotReady']);
const SOURCE_WAIT_MESSAGE = /\b(source|helmchart|artifact)\b.*\bnot (ready|found)\b/i;
/** Reasons under which a FluxInstance may be waiting for the objects it applied (its sync objects among them). */
const INSTANCE_WAIT_REASONS = new Set(['HealthCheckFailed', 'ReconciliationFailed']);
/** Kinds that wait on every upstream edge: they cannot be Ready while what they read from is not. */
const UPSTREAM_ROLES: Readonly<Record<string, readonly EdgeRole[]>> = {
  ImagePolicy: ['imageRepository'],
  ImageUpdateAutomation: ['source'],
  // Dependencies first: the controller checks them (resourceset_controller.go checkDependencies) and says
  // DependencyNotReady naming the one it waits on before it reads its inputs.
  ResourceSet: ['dependsOn', 'input'],
  ExternalArtifact: ['source'],
  ArtifactGenerator: ['source'],
  // notification-controller v1beta2 alert_controller.go isProviderReady: "provider NS/NAME is not ready".
  Alert: ['provider'],
};
/** Edge roles whose absent target is reported as missing, and under which name. */
const MISSING_ROLE: Partial<Record<EdgeRole, Pick<MissingRef, 'role' | 'noun'>>> = {
  source: { role: 'source', noun: 'source' },
  imageRepository: { role: 'source', noun: 'source' },
  input: { role: 'source', noun: 'input provider' },
  dependsOn: { role: 'dependency', noun: 'dependency' },
};
/** Not reconcilers: never nodes (FluxReport's sync edge is read by syncCause). */
const NOT_NODES = new Set(['FluxReport', 'Event']);

function fluxInputs(): { kind: string; input: InputId }[] {
  return Object.values(INPUTS)
    .filter((spec) => isFluxGroup(spec.group) && !NOT_NODES.has(spec.kind))
    .map((spec) => ({ kind: spec.kind, input: spec.id }));
}

export class FluxGraph {
  private readonly nodes = new Map<string, FluxNode>();
  private readonly byKind = new Map<string, FluxNode[]>();
  /** Edges beyond the declared ones (ResourceSet inputs matched by selector); declared edges are read on demand. */
  private readonly selectedEdges = new Map<FluxNode, Edge[]>();
  private readonly inputOfKind = new Map<string, InputId>();
  private readonly listedKinds = new Set<string>();
  /** Keys of referenced objects that do not exist (kinds listed in full), from objects not suspended. */
  private readonly missingKeys = new Set<string>();
  private readonly resolver = new ChainResolver((key) => this.step(key));
  private consumers: Map<string, FluxNode[]> | undefined;
  private held: Map<string, ResourceRef[]> | undefined;

  constructor(
    private readonly state: ClusterState,
    extra: readonly KindObjects[] = [],
  ) {
    for (const { kind, input } of fluxInputs()) {
      this.inputOfKind.set(kind, input);
      const result = state.inputs[input];
      if (result?.ok) this.index(kind, result.items);
    }
    for (const e of extra) {
      if (e.listed) this.listedKinds.add(e.kind);
      this.index(e.kind, e.items);
    }
    this.addSelectedInputs();
    this.collectMissing();
  }

  private index(kind: string, items: readonly KubeObject[]): void {
    for (const obj of items) {
      const ref = mkRef(kind, nameOf(obj), namespaceOf(obj));
      if (!ref.name || this.nodes.has(refKey(ref))) continue;
      const node: FluxNode = { ref, obj, health: fluxHealth(obj, kind) };
      this.nodes.set(refKey(ref), node);
      const list = this.byKind.get(kind);
      if (list) list.push(node);
      else this.byKind.set(kind, [node]);
    }
  }

  get(ref: ResourceRef): FluxNode | undefined {
    return this.nodes.get(refKey(ref));
  }

  lookup(ref: ResourceRef): Lookup {
    const node = this.nodes.get(refKey(ref));
    if (node) return { found: node };
    if (this.listedKinds.has(ref.kind)) return { missing: ref };
    const input = this.inputOfKind.get(ref.kind);
    if (!input || !sees(this.state, input, ref.namespace)) return { unknown: ref };
    return { missing: ref };
  }

  nodesOf(kind: string): readonly FluxNode[] {
    return this.byKind.get(kind) ?? [];
  }

  /**
   * The edges of an object. Read from its spec on each call rather than kept: reading is a few field lookups,
   * while keeping them costs an array per object for the whole run.
   */
  edges(node: FluxNode): readonly Edge[] {
    return this.selectedEdges.get(node) ?? edgesOf(node.obj, node.ref);
  }

  private targets(node: FluxNode, ...roles: EdgeRole[]): ResourceRef[] {
    return this.edges(node)
      .filter((e) => roles.includes(e.role))
      .map((e) => e.to);
  }

  /** The source an object reads its artifact from, as declared (sourceRef, chartRef or chart template sourceRef). */
  declaredSource(node: FluxNode): ResourceRef | undefined {
    return this.targets(node, 'source')[0];
  }

  /** The object whose artifact this one consumes: for a HelmRelease with a chart template, the generated HelmChart. */
  artifactSource(node: FluxNode): ResourceRef | undefined {
    return this.targets(node, 'chart')[0] ?? this.declaredSource(node);
  }

  dependsOn(node: FluxNode): ResourceRef[] {
    return this.targets(node, 'dependsOn');
  }

  /** Objects that read their artifact from `ref` (source and chart edges), e.g. the Kustomizations of a GitRepository. */
  consumersOf(ref: ResourceRef): readonly FluxNode[] {
    if (!this.consumers) {
      this.consumers = new Map();
      for (const node of this.nodes.values()) {
        const seen = new Set<string>();
        for (const e of this.edges(node)) {
          if (e.role !== 'source' && e.role !== 'chart') continue;
          const key = refKey(e.to);
          if (seen.has(key)) continue;
          seen.add(key);
          const list = this.consumers.get(key);
          if (list) list.push(node);
          else this.consumers.set(key, [node]);
        }
      }
    }
    return this.consumers.get(refKey(ref)) ?? [];
  }

  /**
   * What an object references that does not exist (none for a suspended object). Such a reference is the
   * referrer's own failure, never a root cause of its own: the cluster cannot tell a wrong reference from an
   * object not applied yet, and the referrer is what exists and reports it.
   */
  missingTargets(node: FluxNode): MissingRef[] {
    // Asked for every object: most clusters reference nothing missing, and then no spec is read.
    if (this.missingKeys.size === 0 || node.health.state === 'suspended') return [];
    const out: MissingRef[] = [];
    const seen = new Set<string>();
    for (const e of this.edges(node)) {
      const how = MISSING_ROLE[e.role];
      const key = refKey(e.to);
      if (!how || seen.has(key) || !this.missingKeys.has(key)) continue;
      seen.add(key);
      out.push({ ref: e.to, ...how });
    }
    return out;
  }

  /**
   * What an object of a kind that waits on every upstream edge (an ImagePolicy on its ImageRepository) reads
   * from, when all of it exists and is Ready now; undefined otherwise. Such an object still waiting is not
   * explained by its upstream.
   */
  readyUpstream(node: FluxNode): ResourceRef[] | undefined {
    const roles = UPSTREAM_ROLES[node.ref.kind];
    if (!roles) return undefined;
    const targets = this.targets(node, ...roles);
    if (targets.length === 0) return undefined;
    for (const t of targets) {
      const l = this.lookup(t);
      if (!('found' in l) || !l.found.health.ready) return undefined;
    }
    return targets;
  }

  /** The root cause of an object's state, when it is another object; undefined when it is its own cause. */
  rootCause(ref: ResourceRef): ResourceRef | undefined {
    const key = refKey(ref);
    const root = this.resolver.resolve(key);
    return root !== null && root !== key ? this.refOf(root) : undefined;
  }

  /** Objects that are not ready because of this one: their cause chain ends here (memoised per graph). */
  heldBack(ref: ResourceRef): readonly ResourceRef[] {
    if (!this.held) {
      this.held = new Map();
      for (const [key, node] of this.nodes) {
        if (node.health.ready) continue;
        const root = this.resolver.resolve(key);
        if (root === null || root === key) continue;
        const list = this.held.get(root);
        if (list) list.push(node.ref);
        else this.held.set(root, [node.ref]);
      }
    }
    return this.held.get(refKey(ref)) ?? [];
  }

  /** The cycle this object stands for (it is the canonical member), if any. */
  cycleAt(ref: ResourceRef): Cycle | undefined {
    const members = this.resolver.cycleAt(refKey(ref));
    if (!members) return undefined;
    const refs = members.map((k) => this.refOf(k)).filter((r): r is ResourceRef => r !== undefined);
    return { canonical: ref, members: refs };
  }

  /**
   * What a FluxReport's sync status comes down to: the object of the sync chain that actually fails (the
   * sync Kustomization's own root cause, else its source's), the sync Kustomization when it does not exist,
   * or allReady when everything listed is Ready now (the report is older than the objects). Undefined when
   * the chain's objects were not listed.
   */
  syncCause(report: KubeObject): SyncCause | undefined {
    const reportRef = mkRef('FluxReport', nameOf(report), namespaceOf(report));
    const ks = edgesOf(report, reportRef).find((e) => e.role === 'sync')?.to;
    if (!ks) return undefined;
    const l = this.lookup(ks);
    if ('unknown' in l) return undefined;
    if ('missing' in l) return { missing: ks };
    if (!l.found.health.ready) return { failing: this.rootCause(ks) ?? ks };
    const src = this.declaredSource(l.found);
    if (!src) return { allReady: true };
    const s = this.lookup(src);
    if ('found' in s && !s.found.health.ready) return { failing: this.rootCause(src) ?? src };
    // A Ready Kustomization whose source is gone fails at its next reconciliation: it is what exists to blame.
    if ('missing' in s) return { failing: ks };
    return { allReady: true };
  }


  /** inputsFrom selectors become input edges to the providers they match (matchLabels). */
  private addSelectedInputs(): void {
    const providers = this.nodesOf('ResourceSetInputProvider');
    for (const node of this.nodesOf('ResourceSet')) {
      const selectors = inputSelectors(node.obj, node.ref);
      if (selectors.length === 0) continue;
      const edges = [...this.edges(node)];
      for (const sel of selectors) {
        for (const p of providers) {
          if (p.ref.namespace !== sel.namespace) continue;
          const l = labels(p.obj);
          if (Object.entries(sel.matchLabels).every(([k, v]) => l[k] === v)) edges.push({ role: 'input', to: p.ref });
        }
      }
      this.selectedEdges.set(node, edges);
    }
  }

  private collectMissing(): void {
    for (const node of this.nodes.values()) {
      if (node.health.state === 'suspended') continue;
      for (const e of this.edges(node)) {
        if (!MISSING_ROLE[e.role]) continue;
        const l = this.lookup(e.to);
        if ('missing' in l) this.missingKeys.add(refKey(l.missing));
      }
    }
  }

  /** The key of a target this object waits on when it is not ready (or missing); undefined when it is fine or unknown. */
  private notReadyKey(to: ResourceRef, failingOnly = false): string | undefined {
    const l = this.lookup(to);
    if ('found' in l) {
      const h = l.found.health;
      if (h.ready) return undefined;
      return failingOnly && !isFailing(h) ? undefined : refKey(l.found.ref);
    }
    if ('missing' in l && this.missingKeys.has(refKey(l.missing))) return refKey(l.missing);
    return undefined;
  }

  /** One step of the walk: the object a not-ready object waits on, or where the walk ends. */
  private step(key: string): { next: string } | { end: string | null } {
    const node = this.nodes.get(key);
    if (!node) return { end: null };
    const h = node.health;
    // Suspended comes first: reached only as what another object waits on, it ends the walk even when Ready.
    if (h.state === 'suspended') return { end: key };
    if (h.ready) return { end: null };
    if (h.state === 'stale' || h.state === 'unreconciled') return { end: key };
    const next = this.waitsOn(node);
    // Waiting on an object that does not exist ends the walk here (see missingTargets).
    return next !== undefined && !this.missingKeys.has(next) ? { next } : { end: key };
  }

  private waitsOn(node: FluxNode): string | undefined {
    const h = node.health;
    const kind = node.ref.kind;
    if (h.readyReason === 'DependencyNotReady' && (kind === 'Kustomization' || kind === 'HelmRelease')) return this.pickDependency(node);
    if (kind === 'HelmChart' || SOURCE_WAIT_REASONS.has(h.readyReason) || SOURCE_WAIT_MESSAGE.test(h.readyMessage)) {
      const src = this.waitedSource(node);
      if (src !== undefined) return src === '' ? undefined : src;
    }
    if (kind === 'Kustomization') return this.waitedHealthCheck(node);
    if (kind === 'FluxInstance') return this.waitedBySync(node);
    const roles = UPSTREAM_ROLES[kind];
    if (roles) {
      for (const e of this.edges(node)) {
        if (!roles.includes(e.role)) continue;
        // A ResourceSet dependency without `ready: true` only has to exist.
        const k = e.role === 'dependsOn' && !e.needsReady ? (this.missingKeys.has(refKey(e.to)) ? refKey(e.to) : undefined) : this.notReadyKey(e.to);
        if (k !== undefined) return k;
      }
    }
    return undefined;
  }

  /**
   * The source key when the source is missing or not ready; '' when the source is Ready (the failure is the
   * object's own); undefined when it cannot be told (not listed, or a generated HelmChart not created yet).
   */
  private waitedSource(node: FluxNode): string | undefined {
    const candidates: ResourceRef[] = [];
    const artifact = this.artifactSource(node);
    if (artifact) candidates.push(artifact);
    const declared = this.declaredSource(node);
    if (declared && (!artifact || refKey(declared) !== refKey(artifact))) candidates.push(declared);
    for (const c of candidates) {
      const l = this.lookup(c);
      if ('found' in l) return l.found.health.ready ? '' : refKey(l.found.ref);
      if ('missing' in l && this.missingKeys.has(refKey(l.missing))) return refKey(l.missing);
    }
    return undefined;
  }

  /**
   * A Kustomization that failed its health checks waits on the failing object among those it names in its
   * message, else among spec.healthChecks. Only failing targets count: one still progressing is the
   * Kustomization's own timeout, not another object's failure.
   */
  private waitedHealthCheck(node: FluxNode): string | undefined {
    const checks = this.edges(node).filter((e) => e.role === 'healthCheck');
    const named = checks.filter((e) => e.named);
    const declared = node.health.readyReason === 'HealthCheckFailed' ? checks.filter((e) => !e.named) : [];
    for (const e of [...named, ...declared]) {
      const k = this.notReadyKey(e.to, true) ?? (e.named ? this.suspendedKey(e.to) : undefined);
      if (k !== undefined) return k;
    }
    return undefined;
  }

  /**
   * A suspended object the controller says it waited for: it cannot converge while suspended (its last Ready
   * may still say True), so the wait can only time out.
   */
  private suspendedKey(to: ResourceRef): string | undefined {
    const l = this.lookup(to);
    return 'found' in l && l.found.health.state === 'suspended' ? refKey(l.found.ref) : undefined;
  }

  /** A FluxInstance waits on the objects its message names, else (when waiting failed) on its sync Kustomization and source. */
  private waitedBySync(node: FluxNode): string | undefined {
    const messages = conditions(node.obj)
      .filter((c) => (c.type === 'Ready' || c.type === 'Stalled') && c.status !== (c.type === 'Ready' ? 'True' : 'False'))
      .map((c) => c.message);
    for (const m of messages) {
      for (const t of parseWaitTargets(m)) {
        const k = this.notReadyKey(t.ref.namespace ? t.ref : mkRef(t.ref.kind, t.ref.name, node.ref.namespace), true);
        if (k !== undefined) return k;
      }
    }
    if (!INSTANCE_WAIT_REASONS.has(node.health.readyReason)) return undefined;
    for (const to of this.targets(node, 'sync')) {
      const k = this.notReadyKey(to, true);
      if (k !== undefined) return k;
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
      const k = this.notReadyKey(d);
      if (k !== undefined) return k;
    }
    return undefined;
  }

  private refOf(key: string): ResourceRef | undefined {
    return this.nodes.get(key)?.ref;
  }
}

/** The graph of a state, built once and shared by every check that reads it. */
export const fluxGraph = perState((state) => new FluxGraph(state));

/** Nodes in the report's order (kind/namespace/name); each key is built once, not once per comparison. */
export function sortedByRef(nodes: readonly FluxNode[]): FluxNode[] {
  const keyed = nodes.map((node) => ({ node, key: refKey(node.ref) }));
  keyed.sort((a, b) => a.key.localeCompare(b.key));
  return keyed.map((k) => k.node);
}

/** Same revision, tolerating the older `branch/sha` and newer `branch@sha1:sha` formats. */
export function sameRevision(a: string, b: string): boolean {
  if (a === b) return true;
  const digest = (r: string): string | undefined => /(?:[@/]|^)(?:sha1:|sha256:)?([0-9a-f]{7,64})$/.exec(r)?.[1];
  const da = digest(a);
  const db = digest(b);
  return da !== undefined && da === db;
}

