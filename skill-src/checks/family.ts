// One check template per family of Flux kinds: each object's Ready/Stalled/Reconciling health read the same
// way (flux-status.ts), the controller's reason verbatim with its reference.md section, per-kind counts as
// facts, and the upstream object a failure comes from (its edge) named as the root cause. A family check is
// one call to familyCheck with the kinds' own extras.
import type { InputId } from '../cluster/inputs.js';
import type { ClusterState } from '../cluster/state.js';
import type { KubeObject } from '../kube/types.js';
import { at, isRecord, name as nameOf, namespace as namespaceOf, refKey, str } from '../kube/fields.js';
import { kindsOf, type Family, type KindEntry } from '../kinds/table.js';
import type { Finding, ResourceRef, Severity } from '../model.js';
import type { Check } from './check.js';
import { fluxGraph, sortedByRef, type FluxGraph, type FluxNode } from '../graph/graph.js';
import { GRAPH_REASONS, HEALTH_REASONS, healthFinding } from './flux/findings.js';
import { fluxAbsentSkip, INPUT_REASON_LIST, inputFindings } from './flux/inputs.js';
import { describeCommand, isFailing, shortName, type FluxHealth } from './flux/status.js';
import { countKinds } from './flux/counts.js';
import { list, step, type Command } from '../report/next-step.js';
import { connectionSkip } from './platform/common.js';

/** Objects of the run indexed by kind/namespace/name, for the edges of any family. */
export interface KindIndex {
  /** The object, or 'missing' when its kind was listed in full there and it is absent, or 'unknown'. */
  lookup(ref: ResourceRef): FluxNode | 'missing' | 'unknown';
}

/** The run's graph (built once, shared by every check) seen as that lookup. */
function kindIndex(state: ClusterState): KindIndex {
  const graph = fluxGraph(state);
  return {
    lookup(ref) {
      const l = graph.lookup(ref);
      return 'found' in l ? l.found : 'missing' in l ? 'missing' : 'unknown';
    },
  };
}

export function refOf(kind: string, obj: KubeObject): ResourceRef {
  const r: ResourceRef = { kind, name: nameOf(obj) };
  const ns = namespaceOf(obj);
  if (ns !== undefined) r.namespace = ns;
  return r;
}

/** A `{kind?, name, namespace?}` reference field, defaulting kind and namespace (the referrer's). */
export function readRef(value: unknown, defaultKind: string, defaultNs: string | undefined): ResourceRef | undefined {
  if (!isRecord(value)) return undefined;
  const name = str(value.name);
  if (!name) return undefined;
  const r: ResourceRef = { kind: str(value.kind) || defaultKind, name };
  const ns = str(value.namespace) || defaultNs;
  if (ns !== undefined) r.namespace = ns;
  return r;
}

/** An upstream object a node reads from, as declared: its source, or a dependency (dependsOn, input provider). */
export interface Edge {
  ref: ResourceRef;
  role: 'source' | 'dependency';
}

export type Edges = (node: FluxNode) => Edge[];

export interface FamilyCheckSpec {
  id: string;
  title: string;
  family: Family;
  /** Inputs beyond the family's kinds that its edges read (e.g. GitRepositories for ImageUpdateAutomations). */
  extraNeeds?: InputId[];
  /** Reasons beyond the kinds' own and the shared health and input reasons. */
  extraReasons?: readonly string[];
  edges?: Edges;
  /** False when another check already reports the edges' missing objects (default: report them here). */
  reportMissing?: boolean;
  /** Whether the family is an optional component: when none of its CRDs is served, the check is skipped quietly. */
  optional?: string;
  /** Caps a kind's failure severity (e.g. a warning for objects whose failure breaks nothing else). */
  cap?: (node: FluxNode) => Severity | undefined;
  /** The best next command for an object's own failure (default: describe it). */
  command?: (node: FluxNode, h: FluxHealth) => Command;
  /** What to check besides the command for an object's own failure, in the report's words (validated names only). */
  note?: (node: FluxNode, h: FluxHealth) => string | undefined;
  /** Extra findings about the family's objects (practices, missing references). */
  extras?: (state: ClusterState, nodes: FluxNode[]) => Finding[];
}

/** How an upstream object is doing, as a root cause: failing (or absent), or fine. */
function upstreamFailure(index: KindIndex, ref: ResourceRef): string | undefined {
  const l = index.lookup(ref);
  if (l === 'unknown') return undefined;
  if (l === 'missing') return 'not found';
  const h = l.health;
  if (isFailing(h)) return h.reason || 'not ready';
  return undefined;
}

/** The first upstream object that fails or is missing: the cause of this node's failure. */
export function failingUpstream(index: KindIndex, edges: Edges | undefined, node: FluxNode): { ref: ResourceRef; summary: string } | undefined {
  if (!edges) return undefined;
  for (const { ref } of edges(node)) {
    const summary = upstreamFailure(index, ref);
    if (summary) return { ref, summary };
  }
  return undefined;
}

/** One finding per referenced object that does not exist, naming who references it (as the sources check does). */
function missingFindings(index: KindIndex, edges: Edges | undefined, nodes: readonly FluxNode[]): Finding[] {
  if (!edges) return [];
  const missing = new Map<string, { edge: Edge; by: ResourceRef[] }>();
  for (const node of nodes) {
    for (const edge of edges(node)) {
      if (index.lookup(edge.ref) !== 'missing') continue;
      const key = refKey(edge.ref);
      const m = missing.get(key) ?? { edge, by: [] };
      m.by.push(node.ref);
      missing.set(key, m);
    }
  }
  return [...missing.values()]
    .map(({ edge, by }): Finding => {
      const reason = edge.role === 'source' ? GRAPH_REASONS.sourceNotFound : GRAPH_REASONS.dependencyNotFound;
      const names = by.slice(0, 3).map((r) => `${r.kind} ${shortName(r)}`).join(', ');
      const more = by.length > 3 ? ` and ${by.length - 3} more` : '';
      return {
        severity: 'error',
        resource: edge.ref,
        reason,
        message: `${edge.ref.kind} ${shortName(edge.ref)} does not exist but is referenced by ${names}${more}`,
        ...step(reason, list(edge.ref.kind, edge.ref.namespace)),
      };
    })
    .sort((a, b) => refKey(a.resource).localeCompare(refKey(b.resource)));
}

/** The family's objects from the run's graph, in the report's order (kind/namespace/name). */
function nodesOf(graph: FluxGraph, kinds: readonly KindEntry[]): FluxNode[] {
  return sortedByRef(kinds.flatMap((k) => graph.nodesOf(k.kind)));
}

export function familyCheck(spec: FamilyCheckSpec): Check {
  const kinds = kindsOf(spec.family);
  const inputs: InputId[] = kinds.map((k) => k.input);
  const kindNames = new Set<string>(kinds.map((k) => k.kind));
  const graphReasons = spec.edges ? [GRAPH_REASONS.sourceNotFound, GRAPH_REASONS.dependencyNotFound] : [];
  const reasons: readonly string[] = [...new Set([...kinds.flatMap((k) => k.reasons), ...graphReasons, ...(spec.extraReasons ?? []), ...HEALTH_REASONS, ...INPUT_REASON_LIST])];
  return {
    id: spec.id,
    title: spec.title,
    needs: [...inputs, ...(spec.extraNeeds ?? [])],
    reasons,
    run(state) {
      const notServed = inputs.every((id) => {
        const r = state.inputs[id];
        return r !== undefined && !r.ok && r.error.code === 'not-served';
      });
      if (spec.optional && notServed) return { findings: [], skipped: connectionSkip(state) ?? `not checked: ${spec.optional}` };
      const skipped = fluxAbsentSkip(state, inputs);
      if (skipped) return { findings: [], skipped };
      const graph = fluxGraph(state);
      const index = kindIndex(state);
      const findings: Finding[] = inputFindings(state, inputs);
      const nodes = nodesOf(graph, kinds);
      for (const node of nodes) {
        const upstream = isFailing(node.health) || node.health.state === 'progressing' ? failingUpstream(index, spec.edges, node) : undefined;
        const details = upstream ? [`root cause: ${upstream.ref.kind} ${shortName(upstream.ref)} (${upstream.summary})`] : [];
        const f = healthFinding(state, graph, node, {
          known: reasons,
          details,
          command: (n, h) => (upstream ? describeCommand(upstream.ref) : spec.command ? spec.command(n, h) : describeCommand(n.ref)),
          note: (n, h) => (upstream ? undefined : spec.note?.(n, h)),
        });
        if (!f) continue;
        if (upstream) f.rootCause = upstream.ref;
        const cap = spec.cap?.(node);
        if (cap === 'warning' && f.severity === 'error') f.severity = 'warning';
        findings.push(f);
      }
      findings.push(...(spec.reportMissing === false ? [] : missingFindings(index, spec.edges, nodes)), ...(spec.extras?.(state, nodes) ?? []));
      const facts = countKinds(state)
        .filter((c) => kindNames.has(c.kind))
        .map((c) => `${c.kind}: ${c.running} running, ${c.failing} failing, ${c.suspended} suspended`);
      return { findings, facts };
    },
  };
}

/** The named reference at a path of a node's spec, e.g. spec.sourceRef. */
export function specRef(node: FluxNode, field: string, defaultKind: string): ResourceRef | undefined {
  return readRef(at(node.obj, 'spec', field), defaultKind, node.ref.namespace);
}
