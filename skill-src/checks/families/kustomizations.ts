// Kustomizations: Ready / Healthy / Stalled, stale status, the revision triad (source artifact, last
// attempted, last applied) to show where a change is stuck, and dependsOn chains walked to the root cause.
import type { ClusterState } from '../../cluster/state.js';
import { at, condition, str } from '../../kube/fields.js';
import type { Finding } from '../../model.js';
import type { Check } from '../check.js';
import { fluxGraph, sameRevision, type FluxGraph, type FluxNode } from '../../graph/graph.js';
import { GRAPH_REASONS, HEALTH_REASONS, healthFinding } from '../flux/findings.js';
import { fluxAbsentSkip, INPUT_REASON_LIST, inputFindings } from '../flux/inputs.js';
import { artifactRevision, describeCommand, isFailing, oneLine, shortName } from '../flux/status.js';
import { countKinds } from '../flux/counts.js';
import { step } from '../../report/next-step.js';

/** Ready=False reasons kustomize-controller sets. */
const KUSTOMIZE_REASONS = [
  'ArtifactFailed',
  'BuildFailed',
  'HealthCheckFailed',
  'HealthCheckCanceled',
  'PruneFailed',
  'ReconciliationFailed',
  'InvalidCELExpression',
  GRAPH_REASONS.dependencyNotReady,
];

export const REVISION_NOT_APPLIED = 'RevisionNotApplied';

const REASONS: readonly string[] = [
  ...KUSTOMIZE_REASONS,
  REVISION_NOT_APPLIED,
  GRAPH_REASONS.cycle,
  GRAPH_REASONS.dependencyNotFound,
  GRAPH_REASONS.sourceNotFound,
  ...HEALTH_REASONS,
  ...INPUT_REASON_LIST,
];

export interface RevisionTriad {
  source?: string;
  sourceRef?: string;
  attempted?: string;
  applied?: string;
  /** One-line statements of where a change is stuck; empty when the three agree. */
  notes: string[];
}

/** Compares the source's artifact, the last attempted and the last applied revision. */
export function revisionTriad(graph: FluxGraph, node: FluxNode): RevisionTriad {
  const attempted = str(at(node.obj, 'status', 'lastAttemptedRevision')) || undefined;
  const applied = str(at(node.obj, 'status', 'lastAppliedRevision')) || undefined;
  const src = graph.declaredSource(node);
  const found = src ? graph.lookup(src) : undefined;
  const source = found && 'found' in found ? artifactRevision(found.found.obj) : undefined;
  const t: RevisionTriad = { notes: [] };
  if (source !== undefined) t.source = source;
  if (src) t.sourceRef = `${src.kind} ${shortName(src)}`;
  if (attempted !== undefined) t.attempted = attempted;
  if (applied !== undefined) t.applied = applied;
  const failing = isFailing(node.health);
  if (attempted && applied && !sameRevision(attempted, applied)) {
    t.notes.push(failing ? `revision ${attempted} failed to apply (last applied ${applied})` : `revision ${attempted} attempted, not yet applied (last applied ${applied})`);
  } else if (attempted && !applied) {
    t.notes.push(failing ? `revision ${attempted} failed to apply (nothing applied yet)` : `revision ${attempted} attempted, nothing applied yet`);
  }
  const latest = attempted ?? applied;
  if (source && latest && !sameRevision(source, latest)) {
    t.notes.push(`${t.sourceRef ?? 'the source'} is at ${source}, not yet ${attempted ? 'attempted' : 'applied'}`);
  }
  return t;
}

function healthyNotes(node: FluxNode): string[] {
  const healthy = condition(node.obj, 'Healthy');
  if (healthy?.status === 'False' && healthy.reason !== node.health.readyReason) return [`Healthy=False ${healthy.reason}: ${oneLine(healthy.message, 160)}`];
  return [];
}

function facts(state: ClusterState, graph: FluxGraph, nodes: readonly FluxNode[]): string[] {
  const out: string[] = [];
  const c = countKinds(state).find((k) => k.kind === 'Kustomization');
  if (c) out.push(`Kustomization: ${c.running} running, ${c.failing} failing, ${c.suspended} suspended`);
  if (nodes.length <= 3) {
    for (const n of nodes) {
      const t = revisionTriad(graph, n);
      if (t.applied) out.push(`Kustomization ${shortName(n.ref)} applied ${t.applied}`);
    }
  }
  return out;
}

export const kustomizationsCheck: Check = {
  id: 'kustomizations',
  title: 'Kustomizations',
  needs: ['kustomizations', 'gitRepositories', 'ociRepositories', 'buckets'],
  reasons: REASONS,
  run(state) {
    const skipped = fluxAbsentSkip(state, ['kustomizations']);
    if (skipped) return { findings: [], skipped };
    const graph = fluxGraph(state);
    const findings: Finding[] = inputFindings(state, ['kustomizations']);
    const nodes = graph.nodesOf('Kustomization');
    for (const node of nodes) {
      const triad = node.health.state === 'suspended' ? { notes: [] } : revisionTriad(graph, node);
      const f = healthFinding(state, graph, node, { known: REASONS, details: [...triad.notes, ...healthyNotes(node)] });
      if (f) {
        findings.push(f);
      } else if (node.health.ready && node.health.state !== 'suspended' && triad.notes.length > 0) {
        findings.push({
          severity: 'warning',
          resource: node.ref,
          reason: REVISION_NOT_APPLIED,
          message: `Ready, but ${triad.notes.join('; ')}`,
          ...step(REVISION_NOT_APPLIED, describeCommand(node.ref)),
        });
      }
    }
    return { findings, facts: facts(state, graph, nodes) };
  },
};
