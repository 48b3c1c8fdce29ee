// The not-ready workloads of a run, indexed by the Flux object that applied them and by their own reference,
// each with the most specific reason found: a pod's, when one of its pods says why. Pure, over collected data.
import { perState, type ClusterState } from '../cluster/state.js';
import type { InputId, WorkloadInputId } from '../cluster/inputs.js';
import { namespace as namespaceOf, name as nameOf, refKey } from '../kube/fields.js';
import type { ResourceRef, WorkloadIssue } from '../model.js';
import { readPod } from '../checks/platform/pods.js';
import { parseWaitTargets } from '../graph/refs.js';
import { ownerOf } from './owners.js';
import { plural } from '../text/plural.js';
import { podOwner, podProblem, workloadProblem, type PodProblem, type WorkloadKind } from './health.js';

/** Workloads listed under one root cause, at most; JSON and text alike (the rest are counted). */
export const MAX_WORKLOADS = 5;

export const WORKLOAD_INPUTS: readonly { id: WorkloadInputId; kind: WorkloadKind }[] = [
  { id: 'appDeployments', kind: 'Deployment' },
  { id: 'appStatefulSets', kind: 'StatefulSet' },
  { id: 'appDaemonSets', kind: 'DaemonSet' },
  { id: 'appJobs', kind: 'Job' },
  { id: 'appServices', kind: 'Service' },
  { id: 'appClaims', kind: 'PersistentVolumeClaim' },
];

export const WORKLOAD_NEEDS: readonly InputId[] = [...WORKLOAD_INPUTS.map((w) => w.id), 'appPods'];

export interface OwnedIssue extends WorkloadIssue {
  /** The pod whose reason the issue carries, when a pod told why. */
  pod?: string;
}

export interface WorkloadIndex {
  /** Not-ready workloads the object applied, worst first. */
  ownedBy(owner: ResourceRef): OwnedIssue[];
  /** The not-ready workload itself, if it is one. */
  issueOf(ref: ResourceRef): OwnedIssue | undefined;
  /** Owners with at least one not-ready workload. */
  owners(): ResourceRef[];
  /** Inputs that could not be read, by kind: the report says what it could not see. */
  unread: { kind: string; why: string }[];
  /** Namespaces holding not-ready workloads whose pods were not listed (past the follow bound). */
  podsNotListedIn: number;
  /** Namespaces the lists were narrowed to (listing in all namespaces was forbidden); empty when none was. */
  narrowedTo: string[];
  /** Not-ready workloads found, in all. */
  count: number;
}

function rank(i: WorkloadIssue): number {
  return i.failing ? 0 : 1;
}

/** The workload's issue, made specific by its worst pod: "0/2 available; pod x: container y waiting: CrashLoopBackOff". */
function issueWith(resource: ResourceRef, own: { reason: string; message: string; failing: boolean }, pods: readonly PodProblem[]): OwnedIssue {
  const worst = [...pods].sort((a, b) => Number(b.failing) - Number(a.failing))[0];
  if (!worst) return { resource, reason: own.reason, message: own.message, failing: own.failing };
  const others = pods.length > 1 ? ` (and ${plural(pods.length - 1, 'more pod')})` : '';
  // The workload's own reason stays when it is more telling than a pod merely not ready.
  const podTells = worst.failing || !own.failing;
  const issue: OwnedIssue = {
    resource,
    reason: podTells ? worst.reason : own.reason,
    message: `${own.message}; pod ${worst.pod}: ${worst.message}${others}`,
    failing: own.failing || worst.failing,
  };
  if (podTells) issue.pod = worst.pod;
  return issue;
}

/** The run's workload index, built once per state and shared by the workloads check and the report. */
export const workloadIndex = perState(buildIndex);

function buildIndex(state: ClusterState): WorkloadIndex {
  const podsByOwner = new Map<string, PodProblem[]>();
  const pods = state.inputs.appPods;
  if (pods?.ok) {
    for (const obj of pods.items) {
      const ns = namespaceOf(obj) ?? '';
      const owner = podOwner(obj, ns);
      const problem = owner ? podProblem(readPod(obj)) : undefined;
      if (!owner || !problem) continue;
      const key = refKey(owner);
      const list = podsByOwner.get(key);
      if (list) list.push(problem);
      else podsByOwner.set(key, [problem]);
    }
  }
  const byOwner = new Map<string, { owner: ResourceRef; issues: OwnedIssue[] }>();
  const byRef = new Map<string, OwnedIssue>();
  const unread: { kind: string; why: string }[] = [];
  const narrowed = new Set<string>();
  for (const { id, kind } of WORKLOAD_INPUTS) {
    const r = state.inputs[id];
    if (!r) continue;
    if (!r.ok) {
      unread.push({ kind, why: r.error.code });
      continue;
    }
    if (r.narrowedTo !== undefined) narrowed.add(r.narrowedTo);
    for (const obj of r.items) {
      const own = workloadProblem(kind, obj);
      if (!own) continue;
      const ns = namespaceOf(obj);
      const resource: ResourceRef = ns ? { kind, namespace: ns, name: nameOf(obj) } : { kind, name: nameOf(obj) };
      const issue: OwnedIssue = issueWith(resource, own, podsByOwner.get(refKey(resource)) ?? []);
      const owner = ownerOf(obj, state.operatorNamespace);
      if (owner) {
        const key = refKey(owner);
        const entry = byOwner.get(key) ?? { owner, issues: [] };
        entry.issues.push(issue);
        byOwner.set(key, entry);
      }
      byRef.set(refKey(resource), issue);
    }
  }
  if (pods && !pods.ok) unread.push({ kind: 'Pod', why: pods.error.code });
  for (const e of byOwner.values()) e.issues.sort((a, b) => rank(a) - rank(b));
  return {
    ownedBy: (owner) => byOwner.get(refKey(owner))?.issues ?? [],
    issueOf: (ref) => byRef.get(refKey(ref)),
    owners: () => [...byOwner.values()].map((e) => e.owner),
    unread,
    podsNotListedIn: pods?.ok ? (pods.notListedIn ?? 0) : 0,
    narrowedTo: [...narrowed].sort(),
    count: byRef.size,
  };
}

/**
 * The workloads behind a failing Flux object: those it applied, then those its health check names as still
 * in progress (`timeout waiting for: [Deployment/ns/name status: 'InProgress']`), which another object may own.
 */
export function workloadsBehind(index: WorkloadIndex, ref: ResourceRef, message: string): { shown: WorkloadIssue[]; notShown: number } {
  const seen = new Set<string>();
  const all: WorkloadIssue[] = [];
  const add = (i: OwnedIssue): void => {
    const key = refKey(i.resource);
    if (seen.has(key)) return;
    seen.add(key);
    all.push({ resource: i.resource, reason: i.reason, message: i.message, failing: i.failing });
  };
  for (const t of parseWaitTargets(message)) {
    const i = index.issueOf(t.ref);
    if (i) add(i);
  }
  for (const i of index.ownedBy(ref)) add(i);
  all.sort((a, b) => rank(a) - rank(b));
  return { shown: all.slice(0, MAX_WORKLOADS), notShown: Math.max(0, all.length - MAX_WORKLOADS) };
}
