// Where REV stands on one cluster: which sources hold it, and for each Kustomization, HelmRelease and
// ResourceSet it reaches (through its source, or through dependsOn) whether it applied it, is applying it,
// failed, or waits for something else. Pure: a collected state and its report in, data out.
//
// Revisions compared, from the controllers' APIs: Kustomization status.lastAppliedRevision and
// lastAttemptedRevision carry the source's artifact revision (kustomize-controller api/v1). HelmRelease v2
// keeps what was released in status.history (newest first; the collector keeps only history[0]): its
// chartVersion is the HelmChart's artifact revision (the chart version, `+<12 hex>` under reconcileStrategy
// Revision), its ociDigest the digest of an OCIRepository chartRef; lastAttemptedRevision(+Digest) is the
// last attempt. v2beta1/v2beta2 have lastAppliedRevision instead. A ResourceSet's lastAppliedRevision is a
// digest of what it generated (flux-operator api/v1), never a source revision: it is reached only through
// dependsOn, and has applied REV when it is Ready after what it depends on did.
import type { ClusterState } from '../cluster/state.js';
import { unusableConnection } from '../cluster/state.js';
import { arr, at, isSuspended, refKey, str } from '../kube/fields.js';
import type { KubeObject } from '../kube/types.js';
import type { Report, ResourceRef, RootCauseEntry } from '../model.js';
import { fluxGraph, sameRevision, type FluxGraph, type FluxNode } from '../graph/graph.js';
import { artifactRevision, isFailing } from '../checks/flux/status.js';
import { parseRevision, revisionIs, shortRevision, type Rev } from './parse.js';
import type { ObjectState, RevisionCounts, RevisionObject, RevisionResult, RevisionTarget, RevisionVerdict, SourceRevision } from './model.js';

/** Kinds that hold an artifact REV can be. HelmRepository holds an index digest: it matches only a digest REV. */
export const SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact', 'HelmChart', 'HelmRepository'] as const;
/** Kinds whose revision a user pushes: the candidates for the default REV. */
const PUSHED_KINDS = ['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'] as const;
/** Kinds that apply what a source holds, or wait for objects that do. */
export const APPLIER_KINDS = ['Kustomization', 'HelmRelease', 'ResourceSet'] as const;
/** The OCI annotation `flux push artifact` sets to the Git commit the artifact was built from. */
const ORIGIN_REVISION = 'org.opencontainers.image.revision';

const STATE_WORDS: Readonly<Record<ObjectState, string>> = { applied: 'applied', progressing: 'in progress', failed: 'failed', blocked: 'blocked' };
const ORDER: Readonly<Record<ObjectState, number>> = { failed: 0, blocked: 1, progressing: 2, applied: 3 };

function refText(r: ResourceRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

function sortRefs(a: ResourceRef, b: ResourceRef): number {
  return a.kind.localeCompare(b.kind) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);
}

/** Whether a source holds REV: its artifact, the commit an OCI artifact was built from, or (HelmChart) the source revision it packaged. */
export function sourceHolds(node: FluxNode, rev: Rev): boolean {
  const obj = node.obj;
  if (revisionIs(artifactRevision(obj), rev)) return true;
  if (rev.kind === 'commit' && revisionIs(str(at(obj, 'status', 'artifact', 'metadata', ORIGIN_REVISION)), rev)) return true;
  return node.ref.kind === 'HelmChart' && revisionIs(str(at(obj, 'status', 'observedSourceArtifactRevision')), rev);
}

/**
 * The default REV: the artifact stored last (status.artifact.lastUpdateTime) by any Git, OCI, Bucket or
 * ExternalArtifact source of any cluster; ties go to the first in kind, namespace and name order.
 */
export function newestRevision(states: readonly { context: string; state: ClusterState }[]): { rev: Rev; target: RevisionTarget } | undefined {
  let best: { node: FluxNode; context: string; at: number; revision: string } | undefined;
  for (const { context, state } of states) {
    const g = fluxGraph(state);
    for (const kind of PUSHED_KINDS) {
      for (const node of [...g.nodesOf(kind)].sort((a, b) => sortRefs(a.ref, b.ref))) {
        const revision = artifactRevision(node.obj);
        const p = revision ? parseRevision(revision) : {};
        const time = Date.parse(str(at(node.obj, 'status', 'artifact', 'lastUpdateTime')) ?? '');
        if (!revision || !p.hex || !Number.isFinite(time)) continue;
        if (!best || time > best.at) best = { node, context, at: time, revision };
      }
    }
  }
  if (!best) return undefined;
  const p = parseRevision(best.revision);
  const hex = p.hex ?? '';
  const rev: Rev = p.algorithm === 'sha1' ? { kind: 'commit', hex, text: hex } : { kind: 'digest', algorithm: 'sha256', hex, text: `sha256:${hex}` };
  const when = new Date(best.at).toISOString();
  const chosen: NonNullable<RevisionTarget['chosen']> = {
    source: best.node.ref,
    revision: best.revision,
    why: `no REV given: the newest artifact of any Git, OCI, Bucket or ExternalArtifact source (stored ${when})`,
  };
  if (states.length > 1) chosen.context = best.context;
  return { rev, target: { text: rev.text, kind: rev.kind, chosen } };
}

/** The revision and digest a HelmRelease last released (history[0] when deployed), else v2beta lastAppliedRevision. */
function helmApplied(obj: KubeObject): { revision?: string; digest?: string } {
  const latest = arr(at(obj, 'status', 'history'))[0];
  if (latest !== undefined) {
    if (str(at(latest, 'status')) !== 'deployed') return {};
    const out: { revision?: string; digest?: string } = {};
    const v = str(at(latest, 'chartVersion'));
    const d = str(at(latest, 'ociDigest'));
    if (v) out.revision = v;
    if (d) out.digest = d;
    return out;
  }
  const legacy = str(at(obj, 'status', 'lastAppliedRevision'));
  return legacy ? { revision: legacy } : {};
}

/** Whether what an object applied (or attempted) is the source's artifact `expected`. */
function isExpected(node: FluxNode, source: ResourceRef, expected: string, revision: string | undefined, digest: string | undefined): boolean {
  if (node.ref.kind === 'HelmRelease' && source.kind !== 'HelmChart') {
    // An OCIRepository or ExternalArtifact chart: the digest decides (the chart version may not change).
    const want = parseRevision(expected).hex;
    return want !== undefined && digest !== undefined && parseRevision(digest).hex === want;
  }
  if (revision === undefined) return false;
  return node.ref.kind === 'HelmRelease' ? revision === expected : sameRevision(revision, expected);
}

interface Reached {
  node: FluxNode;
  via: 'source' | 'dependsOn';
  from: ResourceRef;
}

class Assessor {
  private readonly states = new Map<string, RevisionObject>();

  constructor(
    private readonly g: FluxGraph,
    private readonly holds: ReadonlySet<string>,
    private readonly reached: ReadonlyMap<string, Reached>,
    private readonly causes: ReadonlyMap<string, RootCauseEntry>,
  ) {}

  assess(key: string): RevisionObject | undefined {
    const done = this.states.get(key);
    if (done) return done;
    const r = this.reached.get(key);
    if (!r) return undefined;
    // A dependsOn cycle reaches itself: the object is judged on its own health there.
    const placeholder: RevisionObject = { resource: r.node.ref, state: r.node.health.ready ? 'applied' : 'progressing', via: r.via, from: r.from, detail: '' };
    this.states.set(key, placeholder);
    const result = this.judge(r);
    this.states.set(key, result);
    return result;
  }

  private withCause(o: RevisionObject, ref: ResourceRef): RevisionObject {
    const entry = this.causes.get(refKey(ref));
    if (entry) o.rootCause = entry;
    return o;
  }

  private blocked(base: RevisionObject, by: ResourceRef, why: string): RevisionObject {
    return this.withCause({ ...base, state: 'blocked', blockedBy: by, detail: why }, by);
  }

  private judge(r: Reached): RevisionObject {
    const { node } = r;
    const h = node.health;
    const base: RevisionObject = { resource: node.ref, state: 'progressing', via: r.via, from: r.from, detail: '' };
    let expected: string | undefined;
    let applied: { revision?: string; digest?: string } = {};
    let attempted: { revision?: string; digest?: string } = {};
    if (r.via === 'source') {
      const src = this.g.get(r.from);
      expected = src && this.holds.has(refKey(src.ref)) ? artifactRevision(src.obj) : undefined;
      applied = node.ref.kind === 'HelmRelease' ? helmApplied(node.obj) : { revision: str(at(node.obj, 'status', 'lastAppliedRevision')) };
      attempted = { revision: str(at(node.obj, 'status', 'lastAttemptedRevision')), digest: str(at(node.obj, 'status', 'lastAttemptedRevisionDigest')) };
      if (expected) base.expected = expected;
      if (applied.revision) base.applied = applied.revision;
      if (attempted.revision) base.attempted = attempted.revision;
    }
    if (isSuspended(node.obj)) return this.blocked(base, node.ref, 'suspended (spec.suspend: true): it will not apply REV until resumed');
    if (h.readyReason === 'DependencyNotReady') {
      const by = this.g.rootCause(node.ref) ?? this.g.dependsOn(node)[0] ?? node.ref;
      return this.blocked(base, by, `waits for ${refText(by)}: ${h.readyMessage || 'a dependency is not ready'}`);
    }
    const appliedIt = r.via === 'source' && expected !== undefined && isExpected(node, r.from, expected, applied.revision, applied.digest);
    if (appliedIt) {
      if (h.ready) return { ...base, state: 'applied', detail: `applied ${shortRevision(expected ?? '')}` };
      if (isFailing(h)) return this.withCause({ ...base, state: 'failed', detail: `${h.reason}: ${h.message}` }, this.g.rootCause(node.ref) ?? node.ref);
      return { ...base, detail: `applied ${shortRevision(expected ?? '')}, not Ready yet: ${h.message}` };
    }
    // An object that must wait for a dependency that has not applied REV yet.
    for (const dep of this.g.dependsOn(node)) {
      const d = this.assess(refKey(dep));
      if (d && d.state !== 'applied') {
        const by = d.blockedBy ?? d.resource;
        return this.blocked(base, by, `waits for ${refText(d.resource)}, which has not applied REV yet (${STATE_WORDS[d.state]})`);
      }
    }
    if (r.via === 'dependsOn') {
      if (h.ready) return { ...base, state: 'applied', detail: 'Ready, after what it depends on applied REV' };
      if (isFailing(h)) return this.withCause({ ...base, state: 'failed', detail: `${h.reason}: ${h.message}` }, this.g.rootCause(node.ref) ?? node.ref);
      return { ...base, detail: h.message || 'not Ready yet' };
    }
    if (expected === undefined) {
      const chart = this.g.get(r.from);
      if (chart && isFailing(chart.health)) return this.blocked(base, this.g.rootCause(chart.ref) ?? chart.ref, `waits for ${refText(chart.ref)}: ${chart.health.reason}`);
      return { ...base, detail: `waits for ${refText(r.from)} to package REV` };
    }
    const root = this.g.rootCause(node.ref);
    if (isFailing(h)) {
      if (root) return this.blocked(base, root, `waits for ${refText(root)}: ${h.reason}`);
      const triedIt = isExpected(node, r.from, expected, attempted.revision, attempted.digest);
      if (triedIt) return this.withCause({ ...base, state: 'failed', detail: `${h.reason}: ${h.message}` }, node.ref);
      return { ...base, detail: `not attempted yet; the last attempt${attempted.revision ? ` (${shortRevision(attempted.revision)})` : ''} failed: ${h.reason}` };
    }
    const last = applied.revision ? `last applied ${shortRevision(applied.revision)}` : 'nothing applied yet';
    return { ...base, detail: h.ready ? `not reconciled with REV yet (${last})` : `${last}; ${h.message}` };
  }
}

function verdictOf(objects: readonly RevisionObject[], g: FluxGraph, anyHolds: boolean): RevisionVerdict {
  if (!anyHolds) return 'not-fetched';
  const blockerFails = (o: RevisionObject): boolean => {
    if (!o.blockedBy) return false;
    const l = g.lookup(o.blockedBy);
    if ('missing' in l) return true;
    if (!('found' in l)) return false;
    const h = l.found.health;
    return isFailing(h) || h.state === 'suspended';
  };
  if (objects.some((o) => o.state === 'failed' || (o.state === 'blocked' && blockerFails(o)))) return 'failed';
  return objects.every((o) => o.state === 'applied') ? 'landed' : 'progressing';
}

/** REV on one cluster. `report` is the normal report of the same state (reportFor): its root causes are reused. */
export function revisionResult(state: ClusterState, report: Report, rev: Rev): RevisionResult {
  const base = { context: state.connection.context, server: state.connection.server, mode: state.mode, generatedAt: state.now };
  const empty: RevisionCounts = { applied: 0, progressing: 0, failed: 0, blocked: 0, notAffected: 0 };
  const down = unusableConnection(state.connection);
  if (down) return { ...base, verdict: 'unreachable', error: down.message, sources: [], objects: [], notAffected: [], counts: empty };
  const g = fluxGraph(state);

  const holds = new Set<string>();
  /** The refs of every key the walk below starts from or reaches. */
  const refOf = new Map<string, ResourceRef>();
  const sources: SourceRevision[] = [];
  for (const kind of SOURCE_KINDS) {
    for (const node of g.nodesOf(kind)) {
      const fetched = sourceHolds(node, rev);
      if (fetched) {
        holds.add(refKey(node.ref));
        refOf.set(refKey(node.ref), node.ref);
      }
      const s: SourceRevision = { resource: node.ref, fetched };
      const revision = artifactRevision(node.obj);
      if (revision) s.revision = revision;
      if (!node.health.ready && node.health.state !== 'static') s.problem = { reason: node.health.reason, message: node.health.message };
      sources.push(s);
    }
  }
  sources.sort((a, b) => Number(b.fetched) - Number(a.fetched) || sortRefs(a.resource, b.resource));

  // Reached through a source: the artifact source, or (HelmRelease chart template) the source its HelmChart packages.
  const reached = new Map<string, Reached>();
  const appliers = APPLIER_KINDS.flatMap((k) => [...g.nodesOf(k)]);
  for (const node of appliers) {
    const artifact = g.artifactSource(node);
    const declared = g.declaredSource(node);
    const from = [artifact, declared].find((r) => r !== undefined && holds.has(refKey(r)));
    if (!from) continue;
    reached.set(refKey(node.ref), { node, via: 'source', from: artifact && node.ref.kind === 'HelmRelease' ? artifact : from });
    refOf.set(refKey(node.ref), node.ref);
  }
  // Then through dependsOn, breadth first: objects waiting for a reached object or for a source holding REV.
  const dependents = new Map<string, FluxNode[]>();
  for (const node of appliers) {
    for (const d of g.dependsOn(node)) {
      const k = refKey(d);
      const list = dependents.get(k);
      if (list) list.push(node);
      else dependents.set(k, [node]);
    }
  }
  const queue = [...holds, ...reached.keys()];
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i] ?? '';
    for (const dep of dependents.get(key) ?? []) {
      const k = refKey(dep.ref);
      if (reached.has(k)) continue;
      reached.set(k, { node: dep, via: 'dependsOn', from: refOf.get(key) ?? dep.ref });
      refOf.set(k, dep.ref);
      queue.push(k);
    }
  }

  const causes = new Map(report.rootCauses.map((c) => [refKey(c.resource), c]));
  const assessor = new Assessor(g, holds, reached, causes);
  // Dependencies before their dependents (Kahn's order), so judging one never recurses down a long chain;
  // members of a dependsOn cycle come last and are judged on their own health where the cycle closes.
  const pending = new Map<string, number>();
  for (const [key, r] of reached) pending.set(key, g.dependsOn(r.node).filter((d) => reached.has(refKey(d))).length);
  const ready = [...pending].filter(([, n]) => n === 0).map(([k]) => k);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const key = ready[i] ?? '';
    order.push(key);
    for (const dep of dependents.get(key) ?? []) {
      const k = refKey(dep.ref);
      const left = (pending.get(k) ?? 0) - 1;
      pending.set(k, left);
      if (left === 0 && reached.has(k)) ready.push(k);
    }
  }
  const placed = new Set(order);
  for (const key of reached.keys()) if (!placed.has(key)) order.push(key);
  const objects = order.map((k) => assessor.assess(k)).filter((o): o is RevisionObject => o !== undefined);
  objects.sort((a, b) => ORDER[a.state] - ORDER[b.state] || sortRefs(a.resource, b.resource));
  const notAffected = appliers.filter((n) => !reached.has(refKey(n.ref))).map((n) => n.ref).sort(sortRefs);
  const counts: RevisionCounts = { ...empty, notAffected: notAffected.length };
  for (const o of objects) counts[o.state]++;
  return { ...base, verdict: verdictOf(objects, g, holds.size > 0), sources, objects, notAffected, counts };
}
