// One check template per family of Flux kinds: each object's Ready/Stalled/Reconciling health read the same
// way (flux-status.ts), the controller's reason verbatim with its reference.md section, per-kind counts as
// facts, and the root cause the run's graph finds for a failure (graph/edges.ts declares every kind's edges).
// A family check is one call to familyCheck with the kinds' own extras.
import type { InputId } from '../cluster/inputs.js';
import type { ClusterState } from '../cluster/state.js';
import { kindsOf, type Family, type KindEntry } from '../kinds/table.js';
import type { Finding, Severity } from '../model.js';
import type { Check } from './check.js';
import { fluxGraph, sortedByRef, type FluxGraph, type FluxNode } from '../graph/graph.js';
import { KINDS_WITH_EDGES } from '../graph/edges.js';
import { GRAPH_REASONS, HEALTH_REASONS, healthFinding } from './flux/findings.js';
import { fluxAbsentSkip, INPUT_REASON_LIST, inputFindings } from './flux/inputs.js';
import type { FluxHealth } from './flux/status.js';
import { countKinds } from './flux/counts.js';
import type { Command } from '../report/next-step.js';
import { connectionSkip } from './platform/common.js';

export interface FamilyCheckSpec {
  id: string;
  title: string;
  family: Family;
  /** Inputs beyond the family's kinds that its edges read (e.g. GitRepositories for ImageUpdateAutomations). */
  extraNeeds?: InputId[];
  /** Reasons beyond the kinds' own and the shared health and input reasons. */
  extraReasons?: readonly string[];
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

/** The family's objects from the run's graph, in the report's order (kind/namespace/name). */
function nodesOf(graph: FluxGraph, kinds: readonly KindEntry[]): FluxNode[] {
  return sortedByRef(kinds.flatMap((k) => graph.nodesOf(k.kind)));
}

export function familyCheck(spec: FamilyCheckSpec): Check {
  const kinds = kindsOf(spec.family);
  const inputs: InputId[] = kinds.map((k) => k.input);
  const kindNames = new Set<string>(kinds.map((k) => k.kind));
  const graphReasons = kinds.some((k) => KINDS_WITH_EDGES.includes(k.kind)) ? [GRAPH_REASONS.sourceNotFound, GRAPH_REASONS.dependencyNotFound] : [];
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
      const findings: Finding[] = inputFindings(state, inputs);
      const nodes = nodesOf(graph, kinds);
      for (const node of nodes) {
        const f = healthFinding(state, graph, node, { known: reasons, ...(spec.command ? { command: spec.command } : {}), ...(spec.note ? { note: spec.note } : {}) });
        if (!f) continue;
        const cap = spec.cap?.(node);
        if (cap === 'warning' && f.severity === 'error') f.severity = 'warning';
        findings.push(f);
      }
      findings.push(...(spec.extras?.(state, nodes) ?? []));
      const facts = countKinds(state)
        .filter((c) => kindNames.has(c.kind))
        .map((c) => `${c.kind}: ${c.running} running, ${c.failing} failing, ${c.suspended} suspended`);
      return { findings, facts };
    },
  };
}
