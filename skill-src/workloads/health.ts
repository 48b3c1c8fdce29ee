// Is a workload ready, and if not, why: read from its status the way its controller writes it. Pure.
// Deployments, StatefulSets and DaemonSets by replicas and conditions, Jobs by their Failed/Complete
// conditions, LoadBalancer Services by an assigned address, claims by phase, pods by container states.
import { arr, at, conditions, num, str } from '../kube/fields.js';
import type { KubeObject } from '../kube/types.js';
import type { ResourceRef } from '../model.js';
import { containerTrouble, lastTermination, readPod, type PodState } from '../checks/platform/pods.js';
import { plural } from '../text/plural.js';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Service', 'PersistentVolumeClaim'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** What is wrong with one workload, before its pods are looked at. */
export interface WorkloadProblem {
  reason: string;
  message: string;
  failing: boolean;
}

/** What is wrong with one pod: the worst container first. */
export interface PodProblem {
  pod: string;
  reason: string;
  message: string;
  failing: boolean;
}

/** spec.replicas as the API defaults it (1 when absent). */
function desiredReplicas(obj: KubeObject): number {
  const r = num(at(obj, 'spec', 'replicas'));
  return r !== undefined && r >= 0 ? r : 1;
}

function replicasProblem(obj: KubeObject, ready: number, desired: number, word: string): WorkloadProblem | undefined {
  const conds = conditions(obj);
  const stuck = conds.find((c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded');
  const replicaFailure = conds.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  const counts = `${ready}/${desired} ${word}`;
  if (replicaFailure) return { reason: replicaFailure.reason || 'ReplicaFailure', message: `${counts}; ReplicaFailure: ${replicaFailure.message}`, failing: true };
  if (stuck) return { reason: 'ProgressDeadlineExceeded', message: `${counts}; ${stuck.message}`, failing: true };
  if (ready < desired) return { reason: 'ReplicasUnavailable', message: counts, failing: false };
  return undefined;
}

function jobProblem(obj: KubeObject): WorkloadProblem | undefined {
  const conds = conditions(obj);
  const failed = conds.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failed) return { reason: failed.reason || 'JobFailed', message: `failed${failed.message ? `: ${failed.message}` : ''}`, failing: true };
  if (conds.some((c) => c.type === 'Complete' && c.status === 'True')) return undefined;
  const active = num(at(obj, 'status', 'active')) ?? 0;
  const failedPods = num(at(obj, 'status', 'failed')) ?? 0;
  return { reason: 'JobNotComplete', message: `not complete (${plural(active, 'active pod')}, ${plural(failedPods, 'failed pod')})`, failing: false };
}

function serviceProblem(obj: KubeObject): WorkloadProblem | undefined {
  if (str(at(obj, 'spec', 'type')) !== 'LoadBalancer') return undefined;
  if (arr(at(obj, 'status', 'loadBalancer', 'ingress')).length > 0) return undefined;
  return { reason: 'LoadBalancerPending', message: 'type LoadBalancer without an address (status.loadBalancer.ingress is empty): no load balancer has been provisioned for it', failing: false };
}

function claimProblem(obj: KubeObject): WorkloadProblem | undefined {
  const phase = str(at(obj, 'status', 'phase'));
  if (phase === 'Bound' || phase === undefined) return undefined;
  const sc = str(at(obj, 'spec', 'storageClassName'));
  const cls = sc !== undefined ? ` (storage class ${sc})` : ' (no storage class)';
  return { reason: phase === 'Lost' ? 'ClaimLost' : 'ClaimPending', message: `${phase}${cls}`, failing: phase === 'Lost' };
}

/** The workload's own problem, or undefined when its status says it is ready. */
export function workloadProblem(kind: WorkloadKind, obj: KubeObject): WorkloadProblem | undefined {
  switch (kind) {
    case 'Deployment':
      return desiredReplicas(obj) === 0 ? undefined : replicasProblem(obj, num(at(obj, 'status', 'availableReplicas')) ?? 0, desiredReplicas(obj), 'available');
    case 'StatefulSet':
      return desiredReplicas(obj) === 0 ? undefined : replicasProblem(obj, num(at(obj, 'status', 'readyReplicas')) ?? 0, desiredReplicas(obj), 'ready');
    case 'DaemonSet': {
      const desired = num(at(obj, 'status', 'desiredNumberScheduled')) ?? 0;
      return desired === 0 ? undefined : replicasProblem(obj, num(at(obj, 'status', 'numberAvailable')) ?? 0, desired, 'available');
    }
    case 'Job':
      return jobProblem(obj);
    case 'Service':
      return serviceProblem(obj);
    case 'PersistentVolumeClaim':
      return claimProblem(obj);
  }
}

/** The pod's worst problem: a container that cannot run, an OOM kill, no node to run on, or not ready. */
export function podProblem(p: PodState): PodProblem | undefined {
  if (p.terminating || p.phase === 'Succeeded') return undefined;
  for (const c of p.containers) {
    const restarts = c.restartCount > 0 ? ` (${plural(c.restartCount, 'restart')})` : '';
    const where = `${c.init ? 'init container' : 'container'} ${c.name}`;
    const t = containerTrouble(c);
    // Killed for its memory once but running and ready again: not what keeps the workload from being ready now.
    if (!t || (t.oomKilled && !t.waitingError && c.ready)) continue;
    if (t.oomKilled) return { pod: p.name, reason: 'OOMKilled', message: `${where} OOMKilled (memory limit too low)${restarts}`, failing: true };
    return { pod: p.name, reason: t.reason, message: `${where} waiting: ${t.reason}${restarts}${lastTermination(c, false)}${t.detail}`, failing: true };
  }
  if (p.scheduled?.status === 'False') {
    return { pod: p.name, reason: 'Unschedulable', message: `cannot be scheduled: ${p.scheduled.message || p.scheduled.reason || 'PodScheduled=False'}`, failing: true };
  }
  if (p.phase === 'Failed') return { pod: p.name, reason: 'PodFailed', message: `failed${p.ready?.message ? `: ${p.ready.message}` : ''}`, failing: true };
  if (p.ready && p.ready.status !== 'True') {
    const waiting = p.containers.find((c) => c.waitingReason)?.waitingReason;
    return { pod: p.name, reason: 'PodNotReady', message: `not Ready (phase ${p.phase ?? 'unknown'}${waiting ? `, ${waiting}` : ''})`, failing: false };
  }
  return undefined;
}

/** Pods worth keeping while listing: those with a problem (the rest say nothing about why a workload fails). */
export function podNeedsLooking(obj: KubeObject): boolean {
  return podProblem(readPod(obj)) !== undefined;
}

/** The workload that owns a pod, from its ownerReferences: a Deployment through its ReplicaSet `<name>-<hash>`. */
export function podOwner(obj: KubeObject, namespace: string): ResourceRef | undefined {
  for (const o of arr(obj.metadata?.ownerReferences)) {
    const kind = str(at(o, 'kind'));
    const name = str(at(o, 'name'));
    if (!kind || !name) continue;
    if (kind === 'ReplicaSet') {
      const dash = name.lastIndexOf('-');
      return dash > 0 ? { kind: 'Deployment', namespace, name: name.slice(0, dash) } : undefined;
    }
    if (kind === 'StatefulSet' || kind === 'DaemonSet' || kind === 'Job') return { kind, namespace, name };
  }
  return undefined;
}
