// Since when a Flux object fails and which revisions to compare. The controllers record enough: the failing
// condition's transition time, the last applied and last attempted revisions (Kustomization, HelmRelease,
// ResourceSet), and the source the revisions come from. For a Kustomization fed by a GitRepository, the commit
// range and its path become a `git log` for the user's own clone: read-only, and never run against the cluster.
import type { ClusterState } from '../../cluster/state.js';
import { at, condition, str } from '../../kube/fields.js';
import type { KubeObject } from '../../kube/types.js';
import { redactText } from '../../kube/redact.js';
import type { Since } from '../../model.js';
import { command, parts } from '../../report/next-step.js';
import type { FluxGraph, FluxNode } from '../../graph/graph.js';

/** The Git commit id in a revision: `main@sha1:<id>` (Flux 2), `main/<id>` (Flux 0.x) or a bare id. */
export function commitOf(revision: string | undefined): string | undefined {
  if (!revision) return undefined;
  const m = /(?:@sha1:|^[^@\s]*\/|^)([0-9a-f]{40})$/.exec(revision);
  return m?.[1];
}

/** The failing condition: Stalled=True, else Ready=False. */
function failingSince(obj: KubeObject): string | undefined {
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True' && stalled.lastTransitionTime) return stalled.lastTransitionTime;
  const ready = condition(obj, 'Ready');
  return ready?.status === 'False' ? ready.lastTransitionTime : undefined;
}

/** The last revision that applied and the one that fails, when the status records both and they differ. */
function revisions(obj: KubeObject): { lastGood?: string; failing?: string } {
  const applied = str(at(obj, 'status', 'lastAppliedRevision'));
  const attempted = str(at(obj, 'status', 'lastAttemptedRevision'));
  const out: { lastGood?: string; failing?: string } = {};
  if (applied) out.lastGood = applied;
  if (attempted && attempted !== applied) out.failing = attempted;
  return out;
}

/** `git log --oneline OLD..NEW -- PATH` when a Kustomization's source is a Git repository and both ends are commits. */
function changesOf(graph: FluxGraph, node: FluxNode, lastGood: string | undefined, failing: string | undefined): Since['changes'] {
  if (node.ref.kind !== 'Kustomization') return undefined;
  const from = commitOf(lastGood);
  const to = commitOf(failing);
  if (!from || !to || from === to) return undefined;
  const src = graph.declaredSource(node);
  const found = src ? graph.lookup(src) : undefined;
  if (!src || src.kind !== 'GitRepository' || !found || !('found' in found)) return undefined;
  // No spec.path means the repository root; a path that is there but not plain text gets no command.
  const declared = at(node.obj, 'spec', 'path');
  const path = declared === undefined ? './' : declared;
  const cmd = command('git', 'log', '--oneline', parts.commitRange(from, to), '--', parts.repoPath(path));
  if (!('argv' in cmd)) return undefined;
  const url = str(at(found.found.obj, 'spec', 'url'));
  return url ? { argv: cmd.argv, repository: redactText(url) } : { argv: cmd.argv };
}

/** Since when this failing object fails, and between which revisions; undefined when the status says nothing. */
export function sinceOf(state: ClusterState, graph: FluxGraph, node: FluxNode): Since | undefined {
  const since: Since = {};
  const began = failingSince(node.obj);
  if (began && Number.isFinite(Date.parse(began))) {
    since.at = began;
    const now = Date.parse(state.now);
    if (Number.isFinite(now)) since.forSeconds = Math.max(0, Math.round((now - Date.parse(began)) / 1000));
  }
  const { lastGood, failing } = revisions(node.obj);
  if (lastGood) since.lastGood = lastGood;
  if (failing) since.failing = failing;
  const changes = changesOf(graph, node, lastGood, failing);
  if (changes) since.changes = changes;
  return Object.keys(since).length > 0 ? since : undefined;
}
