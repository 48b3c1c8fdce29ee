// Sources: GitRepository, OCIRepository, HelmRepository, HelmChart and Bucket health, FetchFailed, the
// stored artifact's revision, and references to sources that do not exist. Artifact age is not judged:
// a Git artifact is only rewritten when the revision changes.
import type { InputId } from '../../cluster/inputs.js';
import { kindsOf } from '../../kinds/table.js';
import type { ClusterState } from '../../cluster/state.js';
import { at, condition } from '../../kube/fields.js';
import type { Finding, ResourceRef } from '../../model.js';
import type { Check } from '../check.js';
import { fluxGraph, type FluxGraph, type FluxNode } from '../../graph/graph.js';
import { GRAPH_REASONS, HEALTH_REASONS, healthFinding } from '../flux/findings.js';
import { fluxAbsentSkip, INPUT_REASON_LIST, inputFindings } from '../flux/inputs.js';
import { anchorFor, artifactRevision, describeCommand, shortName, type FluxHealth } from '../flux/status.js';
import { countKinds } from '../flux/counts.js';
import { isLabelName, isObjectName, step } from '../../report/next-step.js';

const SOURCE_SPECS = kindsOf('sources');
const SOURCE_INPUTS: readonly InputId[] = SOURCE_SPECS.map((k) => k.input);
const SOURCE_KINDS: readonly string[] = SOURCE_SPECS.map((k) => k.kind);

/** Ready=False / Stalled reasons source-controller sets (the kind table's), each with its own reference.md section. */
const SOURCE_FAILURE_REASONS = [...new Set(SOURCE_SPECS.flatMap((k) => k.reasons))];

const REASONS: readonly string[] = [...SOURCE_FAILURE_REASONS, 'FetchFailed', GRAPH_REASONS.sourceNotFound, ...HEALTH_REASONS, ...INPUT_REASON_LIST];

/** The keys source-controller reads from a source's credentials Secret, by kind (names only, never values). */
const SECRET_KEYS: Readonly<Record<string, string>> = {
  GitRepository: 'username and password (or bearerToken) for HTTPS, identity and known_hosts for SSH',
  OCIRepository: '.dockerconfigjson (a docker-registry Secret)',
  HelmRepository: 'username and password, or .dockerconfigjson for an OCI repository',
  HelmChart: 'those of its HelmRepository',
  Bucket: 'accesskey and secretkey',
  // image-reflector-controller reads the ImageRepository's spec.secretRef as registry credentials.
  ImageRepository: '.dockerconfigjson (a docker-registry Secret)',
};

/**
 * For an authentication failure: which Secret to check and for what, as text. No command reads or lists the
 * Secret: the user checks it in their own secret manager or terminal (reference.md's safe procedure).
 */
export function secretNote(node: FluxNode, reason: string): string | undefined {
  if (reason !== 'AuthenticationFailed') return undefined;
  const secret = at(node.obj, 'spec', 'secretRef', 'name');
  const keys = SECRET_KEYS[node.ref.kind] ?? 'the keys its provider expects';
  if (secret === undefined) return 'spec.secretRef is not set: check the workload identity or provider (spec.provider) instead';
  if (!isObjectName(secret)) return 'spec.secretRef.name is not a valid Kubernetes object name: correct it in Git';
  const where = isLabelName(node.ref.namespace) ? ` in namespace ${node.ref.namespace}` : '';
  return `ask the user to check, without printing it, that Secret ${secret}${where} exists with the keys ${keys}`;
}

/** The stored artifact, and who still runs on it (the consumers held back while the source cannot fetch). */
function artifactNote(node: FluxNode, h: FluxHealth, held: HeldBack | undefined): string[] {
  const rev = artifactRevision(node.obj);
  const still = held ? `${held.counts} still on it` : '';
  if (!rev) {
    if (held) return [`${held.counts} Ready on an earlier artifact`];
    return h.state === 'failed' || h.state === 'stalled' ? ['no artifact stored yet'] : [];
  }
  // With consumers to name, a short digest keeps the controller's own message within the line budget.
  return [held ? `serving artifact ${shortRevision(rev)} (${still})` : `serving artifact ${rev}`];
}

/** `main@sha1:dc21372d4634` for `main@sha1:dc21372d4634d6c5e046f00e19b4319b487645bc`: digests cut to 12 hex digits. */
export function shortRevision(rev: string): string {
  return rev.replace(/\b((?:sha1|sha256|sha384|sha512):)?([0-9a-f]{12})[0-9a-f]{4,}\b/g, '$1$2');
}

/** A source that is Ready but whose last fetch failed (FetchFailed=True): it serves an older artifact. */
function fetchFailedFinding(node: FluxNode, held: HeldBack | undefined): Finding | undefined {
  const ff = condition(node.obj, 'FetchFailed');
  if (!node.health.ready || node.health.state === 'suspended' || ff?.status !== 'True') return undefined;
  const reason = ff.reason || 'FetchFailed';
  const note = artifactNote(node, node.health, held)[0];
  return {
    severity: 'warning',
    resource: node.ref,
    reason,
    message: `the last fetch failed: ${ff.message || reason}${note ? `; ${note}` : ''}`,
    ...step(anchorFor(reason, REASONS), describeCommand(node.ref), secretNote(node, reason)),
  };
}

export interface HeldBack {
  refs: ResourceRef[];
  /** e.g. `2 Kustomizations` or `1 HelmChart and 1 HelmRelease`. */
  counts: string;
}

/**
 * Consumers still Ready on the source's stored artifact while the source cannot fetch: they report nothing,
 * yet they are held back on an old revision, so they count as the source's impact.
 */
export function heldBack(graph: FluxGraph, node: FluxNode): HeldBack | undefined {
  const consumers = graph.consumersOf(node.ref).filter((c) => c.health.ready && c.health.state !== 'suspended');
  if (consumers.length === 0) return undefined;
  const byKind = new Map<string, number>();
  for (const c of consumers) byKind.set(c.ref.kind, (byKind.get(c.ref.kind) ?? 0) + 1);
  const counts = [...byKind].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(' and ');
  return { refs: consumers.map((c) => c.ref), counts };
}

function facts(state: ClusterState, nodes: FluxNode[]): string[] {
  const out: string[] = [];
  for (const c of countKinds(state)) {
    if (!SOURCE_KINDS.includes(c.kind)) continue;
    out.push(`${c.kind}: ${c.running} running, ${c.failing} failing, ${c.suspended} suspended`);
  }
  // The revisions being served are worth seeing when there are few repositories.
  const repos = nodes.filter((n) => n.ref.kind === 'GitRepository' || n.ref.kind === 'OCIRepository' || n.ref.kind === 'Bucket');
  if (repos.length <= 3) {
    for (const n of repos) {
      const rev = artifactRevision(n.obj);
      if (rev) out.push(`${n.ref.kind} ${shortName(n.ref)} at ${rev}`);
    }
  }
  return out;
}

export const sourcesCheck: Check = {
  id: 'sources',
  title: 'Sources',
  needs: [...SOURCE_INPUTS, 'kustomizations', 'helmReleases'],
  reasons: REASONS,
  run(state) {
    const skipped = fluxAbsentSkip(state, SOURCE_INPUTS);
    if (skipped) return { findings: [], skipped };
    const graph = fluxGraph(state);
    const findings: Finding[] = inputFindings(state, SOURCE_INPUTS);
    const nodes = SOURCE_KINDS.flatMap((k) => graph.nodesOf(k));
    for (const node of nodes) {
      // Only a source that is its own root cause holds its consumers back (not one waiting on another object).
      const held = node.health.ready && condition(node.obj, 'FetchFailed')?.status !== 'True' ? undefined : graph.rootCause(node.ref) ? undefined : heldBack(graph, node);
      const f = healthFinding(state, graph, node, { known: REASONS, note: (n, h) => secretNote(n, h.reason), details: artifactNote(node, node.health, held) }) ?? fetchFailedFinding(node, held);
      if (!f) continue;
      if (held && f.severity !== 'info') f.affects = held.refs;
      findings.push(f);
    }
    return { findings, facts: facts(state, nodes) };
  },
};
