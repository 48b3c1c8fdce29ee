// Deployment and pod state, read defensively, and the findings the operator and controllers checks share:
// replicas, pod readiness, restarts, waiting reasons and last termination reasons.
import { arr, at, bool, conditions, isRecord, labels, name, namespace, num, str, stringMap } from '../../kube/fields.js';
import type { Condition, KubeObject } from '../../kube/types.js';
import type { Finding, ResourceRef } from '../../model.js';
import { kubectl, parts, step, type NextFields } from '../../report/next-step.js';

/**
 * Restarts at or above this count are a warning. Rollouts, node drains and API server restarts (which cost a
 * controller its leader lease) cause a few restarts in a healthy pod's life; a container that keeps crashing
 * shows as CrashLoopBackOff before long, so this only catches slow, repeated failures.
 */
export const RESTART_WARNING_THRESHOLD = 5;

/** Waiting reasons that mean the container cannot run until something changes. */
export const ERROR_WAITING_REASONS = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
] as const;

/** Every reason workloadFindings may emit. */
export const WORKLOAD_REASONS = [
  'ScaledToZero',
  'ReplicasUnavailable',
  'ProgressDeadlineExceeded',
  ...ERROR_WAITING_REASONS,
  'OOMKilled',
  'ContainerRestarts',
  'Unschedulable',
  'PodNotReady',
] as const;

/** Waiting reasons best diagnosed from the previous container's logs; the others from `describe pod`. */
export const LOG_REASONS: ReadonlySet<string> = new Set<string>(['CrashLoopBackOff', 'RunContainerError', 'ContainerRestarts']);

export interface ContainerInfo {
  name: string;
  image?: string;
}

export interface ContainerState {
  name: string;
  init: boolean;
  ready: boolean;
  restartCount: number;
  waitingReason?: string;
  waitingMessage?: string;
  lastTerminatedReason?: string;
  lastExitCode?: number;
  lastFinishedAt?: string;
}

export interface PodState {
  ref: ResourceRef;
  name: string;
  namespace: string;
  phase?: string;
  ready?: Condition;
  scheduled?: Condition;
  terminating: boolean;
  labels: Record<string, string>;
  /** Name of the owning ReplicaSet, when owned by one. */
  replicaSet?: string;
  containers: ContainerState[];
}

export interface DeploymentState {
  ref: ResourceRef;
  name: string;
  namespace: string;
  desired: number;
  available: number;
  ready: number;
  selector: Record<string, string>;
  /** True when the selector uses matchExpressions, which this reader does not evaluate. */
  selectorHasExpressions: boolean;
  containers: ContainerInfo[];
  availableCondition?: Condition;
  progressing?: Condition;
}

export function readDeployment(obj: KubeObject): DeploymentState {
  const ns = namespace(obj) ?? '';
  const n = name(obj);
  const conds = conditions(obj);
  const replicas = num(at(obj, 'spec', 'replicas'));
  const d: DeploymentState = {
    ref: { kind: 'Deployment', namespace: ns, name: n },
    name: n,
    namespace: ns,
    // The API defaults spec.replicas to 1; an absent field in a recording means the same.
    desired: replicas !== undefined && replicas >= 0 ? replicas : 1,
    available: num(at(obj, 'status', 'availableReplicas')) ?? 0,
    ready: num(at(obj, 'status', 'readyReplicas')) ?? 0,
    selector: stringMap(at(obj, 'spec', 'selector', 'matchLabels')),
    selectorHasExpressions: arr(at(obj, 'spec', 'selector', 'matchExpressions')).length > 0,
    containers: readContainers(at(obj, 'spec', 'template', 'spec', 'containers')),
  };
  const available = conds.find((c) => c.type === 'Available');
  if (available) d.availableCondition = available;
  const progressing = conds.find((c) => c.type === 'Progressing');
  if (progressing) d.progressing = progressing;
  return d;
}

function readContainers(value: unknown): ContainerInfo[] {
  const out: ContainerInfo[] = [];
  for (const c of arr(value)) {
    const n = str(at(c, 'name'));
    if (!n) continue;
    const image = str(at(c, 'image'));
    out.push(image ? { name: n, image } : { name: n });
  }
  return out;
}

function readContainerStatuses(value: unknown, init: boolean): ContainerState[] {
  const out: ContainerState[] = [];
  for (const raw of arr(value)) {
    if (!isRecord(raw)) continue;
    const n = str(raw.name);
    if (!n) continue;
    const restarts = num(raw.restartCount);
    const c: ContainerState = { name: n, init, ready: bool(raw.ready) === true, restartCount: restarts !== undefined && restarts >= 0 ? restarts : 0 };
    const waiting = at(raw, 'state', 'waiting');
    const wr = str(at(waiting, 'reason'));
    if (wr) c.waitingReason = wr;
    const wm = str(at(waiting, 'message'));
    if (wm) c.waitingMessage = wm;
    const last = at(raw, 'lastState', 'terminated');
    const lr = str(at(last, 'reason'));
    if (lr) c.lastTerminatedReason = lr;
    const code = num(at(last, 'exitCode'));
    if (code !== undefined) c.lastExitCode = code;
    const fin = str(at(last, 'finishedAt'));
    if (fin) c.lastFinishedAt = fin;
    out.push(c);
  }
  return out;
}

export function readPod(obj: KubeObject): PodState {
  const ns = namespace(obj) ?? '';
  const n = name(obj);
  const conds = conditions(obj);
  const p: PodState = {
    ref: { kind: 'Pod', namespace: ns, name: n },
    name: n,
    namespace: ns,
    terminating: str(obj.metadata?.deletionTimestamp) !== undefined,
    labels: labels(obj),
    containers: [
      ...readContainerStatuses(at(obj, 'status', 'initContainerStatuses'), true),
      ...readContainerStatuses(at(obj, 'status', 'containerStatuses'), false),
    ],
  };
  const phase = str(at(obj, 'status', 'phase'));
  if (phase) p.phase = phase;
  const ready = conds.find((c) => c.type === 'Ready');
  if (ready) p.ready = ready;
  const scheduled = conds.find((c) => c.type === 'PodScheduled');
  if (scheduled) p.scheduled = scheduled;
  const owner = arr(obj.metadata?.ownerReferences).find((o) => str(at(o, 'kind')) === 'ReplicaSet');
  const rs = str(at(owner, 'name'));
  if (rs) p.replicaSet = rs;
  return p;
}

/**
 * The pods of a Deployment: owned by one of its ReplicaSets (named `<deployment>-<hash>`), or, for pods
 * without owner data (hand-made recordings), matching its selector.
 */
export function podsOf(d: DeploymentState, pods: readonly PodState[]): PodState[] {
  return pods.filter((p) => {
    if (p.namespace !== d.namespace) return false;
    if (p.replicaSet) return p.replicaSet.slice(0, p.replicaSet.lastIndexOf('-')) === d.name;
    const sel = Object.entries(d.selector);
    if (sel.length === 0 || d.selectorHasExpressions) return false;
    return sel.every(([k, v]) => p.labels[k] === v);
  });
}

/** Splits an image reference into repository, tag and digest; a registry port is not a tag. */
export function parseImage(image: string): { repository: string; tag?: string; digest?: string } {
  let rest = image.trim();
  let digest: string | undefined;
  const atSign = rest.indexOf('@');
  if (atSign >= 0) {
    digest = rest.slice(atSign + 1);
    rest = rest.slice(0, atSign);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const out: { repository: string; tag?: string; digest?: string } = { repository: rest };
  if (tag) out.tag = tag;
  if (digest) out.digest = digest;
  return out;
}

/** The main container: `manager` in Flux and operator manifests, else the first one. */
export function mainContainer(d: DeploymentState): ContainerInfo | undefined {
  return d.containers.find((c) => c.name === 'manager') ?? d.containers[0];
}

function logsHint(p: PodState, c: ContainerState, multi: boolean, reason: string): NextFields {
  const container = multi ? ['-c', parts.container(c.name)] : [];
  return step(reason, kubectl(parts.namespace(p.namespace), 'logs', parts.name(p.name), ...container, '--previous'));
}

function describeHint(p: PodState, reason: string): NextFields {
  return step(reason, kubectl(parts.namespace(p.namespace), 'describe', 'pod', parts.name(p.name)));
}

/** `; last terminated: Error (exit 1) at TIME`; a workload line leaves out the time (`withTime: false`). */
export function lastTermination(c: ContainerState, withTime = true): string {
  if (!c.lastTerminatedReason) return '';
  const code = c.lastExitCode !== undefined ? ` (exit ${c.lastExitCode})` : '';
  const when = withTime && c.lastFinishedAt ? ` at ${c.lastFinishedAt}` : '';
  return `; last terminated: ${c.lastTerminatedReason}${code}${when}`;
}

/**
 * What is wrong with one container, read the same way for controller and workload pods: killed for its memory
 * (while crash-looping or after), or waiting on an error. `detail` is the kubelet's waiting message, except for
 * CrashLoopBackOff, whose message only repeats the pod's identity.
 */
export interface ContainerTrouble {
  reason: string;
  oomKilled: boolean;
  waitingError?: string;
  detail: string;
}

export function containerTrouble(c: ContainerState): ContainerTrouble | undefined {
  const waitingError = c.waitingReason && (ERROR_WAITING_REASONS as readonly string[]).includes(c.waitingReason) ? c.waitingReason : undefined;
  const detail = c.waitingMessage && waitingError !== 'CrashLoopBackOff' ? `: ${c.waitingMessage}` : '';
  const base = { detail, ...(waitingError ? { waitingError } : {}) };
  if (c.lastTerminatedReason === 'OOMKilled' && (waitingError === 'CrashLoopBackOff' || waitingError === undefined)) return { reason: 'OOMKilled', oomKilled: true, ...base };
  return waitingError ? { reason: waitingError, oomKilled: false, ...base } : undefined;
}

/** Findings about one pod: at most one per container, plus scheduling and readiness. */
export function podFindings(p: PodState, what: string): Finding[] {
  if (p.terminating || p.phase === 'Succeeded' || p.phase === 'Failed') return [];
  const out: Finding[] = [];
  const multi = p.containers.filter((c) => !c.init).length > 1;
  for (const c of p.containers) {
    // The finding's resource names the pod; the message names the container.
    const label = `${what} ${c.init ? 'init container' : 'container'} ${c.name}`;
    const restarts = c.restartCount > 0 ? ` (${c.restartCount} restarts)` : '';
    const trouble = containerTrouble(c);
    const waitingError = trouble?.waitingError;
    if (trouble?.oomKilled) {
      // Killed for exceeding its memory limit: an error while it is down; once running again, a warning,
      // because the next peak will kill it again unless the limit is raised.
      const down = waitingError !== undefined || !c.ready;
      out.push({
        severity: down ? 'error' : 'warning',
        resource: p.ref,
        reason: 'OOMKilled',
        message: `${label} was OOMKilled (memory limit too low)${restarts}${waitingError ? `; now ${waitingError}` : down ? '; not ready' : '; running again'}${lastTermination(c)}`,
        ...describeHint(p, 'OOMKilled'),
      });
      continue;
    }
    if (waitingError) {
      out.push({
        severity: 'error',
        resource: p.ref,
        reason: waitingError,
        message: `${label} is waiting: ${waitingError}${restarts}${lastTermination(c)}${trouble?.detail ?? ''}`,
        ...(LOG_REASONS.has(waitingError) ? logsHint(p, c, multi, waitingError) : describeHint(p, waitingError)),
      });
      continue;
    }
    if (c.restartCount >= RESTART_WARNING_THRESHOLD) {
      out.push({
        severity: 'warning',
        resource: p.ref,
        reason: 'ContainerRestarts',
        message: `${label} restarted ${c.restartCount} times${lastTermination(c)}`,
        ...logsHint(p, c, multi, 'ContainerRestarts'),
      });
    }
  }
  if (p.scheduled?.status === 'False') {
    out.push({
      severity: 'error',
      resource: p.ref,
      reason: 'Unschedulable',
      message: `${what} pod ${p.name} cannot be scheduled${p.scheduled.reason && p.scheduled.reason !== 'Unschedulable' ? ` (${p.scheduled.reason})` : ''}: ${p.scheduled.message || 'PodScheduled=False'}`,
      ...describeHint(p, 'Unschedulable'),
    });
  } else if (out.length === 0 && p.ready && p.ready.status !== 'True') {
    const waiting = p.containers.find((c) => c.waitingReason)?.waitingReason;
    out.push({
      severity: 'warning',
      resource: p.ref,
      reason: 'PodNotReady',
      message: `${what} pod ${p.name} is not Ready (phase ${p.phase ?? 'unknown'}${waiting ? `, ${waiting}` : ''})${p.ready.message ? `: ${p.ready.message}` : ''}`,
      ...describeHint(p, 'PodNotReady'),
    });
  }
  return out;
}

export interface WorkloadResult {
  findings: Finding[];
  /** e.g. `1/1 available, 1/1 pods Ready`. */
  summary: string;
}

/**
 * Replicas of a Deployment and the health of its pods. `pods` is undefined when pods could not be read.
 * A pod error is the root cause of the Deployment's unavailability, so it is linked.
 */
export function workloadFindings(d: DeploymentState, pods: readonly PodState[] | undefined, what: string): WorkloadResult {
  const findings: Finding[] = [];
  const mine = pods ? podsOf(d, pods) : undefined;
  const podIssues = mine ? mine.flatMap((p) => podFindings(p, what)) : [];
  const readyPods = mine ? mine.filter((p) => p.ready?.status === 'True').length : undefined;
  // No listed pod matching a Deployment that reports available replicas is an odd state: say so, not "0/0 pods Ready".
  const podText =
    mine === undefined
      ? ''
      : mine.length === 0 && d.available > 0
        ? `; the Deployment reports ${d.available} available replica${d.available === 1 ? '' : 's'} but no listed pod matches its selector`
        : `, ${readyPods ?? 0}/${mine.length} pods Ready`;
  const summary = `${d.available}/${d.desired} available${podText}`;
  const ns = parts.namespace(d.namespace);
  const describe = step('ReplicasUnavailable', kubectl(ns, 'describe', 'deployment', parts.name(d.name)));
  if (d.desired === 0) {
    findings.push({
      severity: 'warning',
      resource: d.ref,
      reason: 'ScaledToZero',
      message: `${what} Deployment ${d.name} is scaled to 0 replicas: nothing reconciles what it owns`,
      ...step('ScaledToZero', kubectl(ns, 'get', 'deployment', parts.name(d.name), '-o', 'jsonpath={.spec.replicas}')),
    });
  } else if (d.available < d.desired) {
    const cond = d.availableCondition && d.availableCondition.status !== 'True' ? ` (Available=${d.availableCondition.status} ${d.availableCondition.reason}${d.availableCondition.message ? `: ${d.availableCondition.message}` : ''})` : '';
    const f: Finding = {
      severity: 'error',
      resource: d.ref,
      reason: 'ReplicasUnavailable',
      message: `${what} Deployment ${d.name} has ${d.available}/${d.desired} replicas available${cond}`,
      ...describe,
    };
    const cause = podIssues.find((i) => i.severity === 'error');
    if (cause) f.rootCause = cause.resource;
    findings.push(f);
  } else if (d.progressing?.status === 'False' && d.progressing.reason === 'ProgressDeadlineExceeded') {
    findings.push({
      severity: 'warning',
      resource: d.ref,
      reason: 'ProgressDeadlineExceeded',
      message: `${what} Deployment ${d.name} rollout is stuck (old replicas still serve): ${d.progressing.message}`,
      ...step('ProgressDeadlineExceeded', kubectl(ns, 'rollout', 'status', 'deployment', parts.name(d.name), '--timeout=10s')),
    });
  }
  findings.push(...podIssues);
  return { findings, summary };
}
