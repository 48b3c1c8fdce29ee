// Recent Warning events of Flux objects and of the Flux controllers and operator, grouped per object,
// newest first and bounded, so the report stays small on a busy cluster.
//
// Severity: an event describes the past. When its object is healthy now (Ready Flux object, Ready pod,
// available Deployment, or a pod that has since been replaced) the event is info: the problem recovered
// and the verdict should reflect the present. Otherwise it is a warning: the object's own check carries
// the error, and the event adds the controller's most recent words about it.
//
// Evidence, not verdicts: only an event reported by a Flux controller or the operator about an object that
// exists counts; any other is listed as info (UnverifiedWarningEvent) and never becomes a root cause.
import { isFluxGroup } from '../../cluster/inputs.js';
import type { ClusterState } from '../../cluster/state.js';
import type { KubeObject } from '../../kube/types.js';
import { at, condition, name as nameOf, namespace as namespaceOf, num, refKey } from '../../kube/fields.js';
import type { Finding, ResourceRef, Severity } from '../../model.js';
import type { Check } from '../check.js';
import { fluxGraph } from '../../graph/graph.js';
import { ago, RECENT_MINUTES, recentWarningEvents, type WarningEvent } from '../flux/events.js';
import { INPUT_REASON_LIST, inputFindings, items } from '../flux/inputs.js';
import { connectionSkip } from '../platform/common.js';
import { kindInfo, oneLine, type FluxHealth } from '../flux/status.js';
import { cliKind, eventsFor, kubectl, parts, step, type Command } from '../../report/next-step.js';

export const WARNING_EVENT = 'WarningEvent';
export const UNVERIFIED_EVENT = 'UnverifiedWarningEvent';
/** At most this many objects are reported; the rest are counted in the facts. */
export const MAX_OBJECTS = 10;

const REASONS: readonly string[] = [WARNING_EVENT, UNVERIFIED_EVENT, ...INPUT_REASON_LIST];

const DEFAULT_WORKLOADS = [
  'flux-operator',
  'source-controller',
  'kustomize-controller',
  'helm-controller',
  'notification-controller',
  'image-reflector-controller',
  'image-automation-controller',
  'source-watcher',
];

function isFluxObject(ev: WarningEvent): boolean {
  if (kindInfo(ev.involved.kind)) return true;
  return isFluxGroup(ev.apiVersion?.split('/')[0] ?? '');
}

interface Workloads {
  /** Whether the operator and controller pods were listed (so a pod absent from them is gone). */
  podsListed: boolean;
  namespaces: Set<string>;
  deployments: Map<string, KubeObject | undefined>;
  pods: Map<string, KubeObject>;
}

function workloads(state: ClusterState): Workloads {
  const namespaces = new Set<string>([state.operatorNamespace]);
  const deployments = new Map<string, KubeObject | undefined>();
  for (const d of DEFAULT_WORKLOADS) deployments.set(d, undefined);
  for (const d of [...items(state, 'operatorDeployments'), ...items(state, 'controllerDeployments')]) {
    const n = nameOf(d);
    if (!n) continue;
    deployments.set(n, d);
    const ns = namespaceOf(d);
    if (ns) namespaces.add(ns);
  }
  const pods = new Map<string, KubeObject>();
  for (const p of [...items(state, 'operatorPods'), ...items(state, 'controllerPods')]) pods.set(`${namespaceOf(p) ?? ''}/${nameOf(p)}`, p);
  const podsListed = state.inputs.operatorPods?.ok === true && state.inputs.controllerPods?.ok === true;
  return { podsListed, namespaces, deployments, pods };
}

/** The Deployment a Pod, ReplicaSet or Deployment event belongs to, by name (`<deploy>-<rs hash>-<pod hash>`). */
function owningDeployment(w: Workloads, ev: WarningEvent): string | undefined {
  const { kind, name, namespace } = ev.involved;
  if (kind !== 'Pod' && kind !== 'ReplicaSet' && kind !== 'Deployment') return undefined;
  if (!namespace || !w.namespaces.has(namespace)) return undefined;
  let best: string | undefined;
  for (const d of w.deployments.keys()) {
    const match = kind === 'Deployment' ? name === d : name.startsWith(`${d}-`);
    if (match && (!best || d.length > best.length)) best = d;
  }
  return best;
}

function deploymentAvailable(d: KubeObject | undefined): boolean | undefined {
  if (!d) return undefined;
  const want = num(at(d, 'spec', 'replicas')) ?? 1;
  const available = num(at(d, 'status', 'availableReplicas')) ?? 0;
  return want > 0 && available >= want;
}

interface Group {
  ref: ResourceRef;
  events: WarningEvent[];
  latest: WarningEvent;
  count: number;
}

function severityFor(w: Workloads, healthOf: (r: ResourceRef) => FluxHealth | undefined, g: Group): Severity {
  const deploy = owningDeployment(w, g.latest);
  if (deploy !== undefined) {
    if (g.ref.kind === 'Pod') {
      const pod = w.pods.get(`${g.ref.namespace ?? ''}/${g.ref.name}`);
      if (!pod) return 'info'; // replaced since: the event is history
      return condition(pod, 'Ready')?.status === 'True' ? 'info' : 'warning';
    }
    return deploymentAvailable(w.deployments.get(deploy)) === true ? 'info' : 'warning';
  }
  const h = healthOf(g.ref);
  return h && h.ready && h.state !== 'suspended' ? 'info' : 'warning';
}

/** The event's involvedObject is anyone's text: eventsFor validates kind, name and namespace. */
function forCommand(r: ResourceRef): Command {
  return cliKind(r.kind) || r.namespace === undefined ? eventsFor(r) : kubectl(parts.namespace(r.namespace), 'events', '--types=Warning');
}

/** Components whose events are taken as evidence about an object: the Flux controllers and the operator. */
export const FLUX_COMPONENTS: ReadonlySet<string> = new Set(DEFAULT_WORKLOADS);

/** Why an event is not taken as evidence about its object; undefined when it is. */
function unverified(ev: WarningEvent, exists: boolean | undefined): string | undefined {
  if (!ev.source) return 'no reporting component named';
  if (!FLUX_COMPONENTS.has(ev.source)) return `reported by ${ev.source}, not a Flux controller or the operator`;
  if (exists === false) return 'the object does not exist';
  if (exists === undefined) return 'the object was not listed, so its existence could not be checked';
  return undefined;
}

function groupEvents(events: readonly WarningEvent[]): Group[] {
  const groups = new Map<string, Group>();
  for (const ev of events) {
    const key = refKey(ev.involved);
    const g = groups.get(key);
    if (!g) groups.set(key, { ref: ev.involved, events: [ev], latest: ev, count: ev.count });
    else {
      g.events.push(ev);
      g.count += ev.count;
      if (ev.time > g.latest.time) g.latest = ev;
    }
  }
  return [...groups.values()].sort((a, b) => b.latest.time - a.latest.time || refKey(a.ref).localeCompare(refKey(b.ref)));
}

function summary(state: ClusterState, g: Group): string {
  const reasons = [...new Set(g.events.map((e) => e.reason).filter((r) => r && r !== g.latest.reason))];
  const also = reasons.length > 0 ? ` (also ${reasons.slice(0, 3).join(', ')})` : '';
  return `${g.latest.reason || 'Warning'} x${g.count}, latest ${ago(state, g.latest.time)}${also}${g.latest.message ? `: ${g.latest.message}` : ''}`;
}

export const eventsCheck: Check = {
  id: 'events',
  title: 'Recent warning events',
  needs: ['warningEvents', 'fluxInstances', 'fluxReports', 'receivers', 'operatorDeployments', 'controllerDeployments', 'operatorPods', 'controllerPods'],
  reasons: REASONS,
  run(state) {
    const skipped = connectionSkip(state);
    if (skipped) return { findings: [], skipped };
    const findings: Finding[] = inputFindings(state, ['warningEvents']);
    const w = workloads(state);
    const graph = fluxGraph(state);
    const reports = new Set(items(state, 'fluxReports').map((r) => refKey({ kind: 'FluxReport', name: nameOf(r), namespace: namespaceOf(r) ?? '' })));

    /** Whether the event's object exists: true / false when its kind was listed, undefined when it could not be told. */
    const exists = (ev: WarningEvent): boolean | undefined => {
      const r = ev.involved;
      if (r.kind === 'Pod') return w.podsListed ? w.pods.has(`${r.namespace ?? ''}/${r.name}`) : undefined;
      if (r.kind === 'Deployment') return w.deployments.get(r.name) !== undefined ? true : undefined;
      if (r.kind === 'FluxReport') return state.inputs.fluxReports?.ok ? reports.has(refKey({ kind: r.kind, name: r.name, namespace: r.namespace ?? '' })) : undefined;
      const l = graph.lookup(r);
      return 'found' in l ? true : 'missing' in l ? false : undefined;
    };

    const verified: WarningEvent[] = [];
    const doubtful: { ev: WarningEvent; why: string }[] = [];
    for (const ev of recentWarningEvents(state)) {
      // DriftDetected on HelmReleases is reported by the helmreleases check.
      if (ev.involved.kind === 'HelmRelease' && ev.reason === 'DriftDetected') continue;
      if (!isFluxObject(ev) && owningDeployment(w, ev) === undefined) continue;
      const why = unverified(ev, exists(ev));
      if (why) doubtful.push({ ev, why });
      else verified.push(ev);
    }

    const healthOf = (r: ResourceRef): FluxHealth | undefined => graph.get(r)?.health;
    const sorted = groupEvents(verified);
    for (const g of sorted.slice(0, MAX_OBJECTS)) {
      findings.push({
        severity: severityFor(w, healthOf, g),
        resource: g.ref,
        reason: WARNING_EVENT,
        message: oneLine(summary(state, g)),
        ...step(WARNING_EVENT, forCommand(g.ref)),
      });
    }
    // Not evidence: listed for the reader, never an error, warning or root cause.
    const why = new Map(doubtful.map((d) => [refKey(d.ev.involved), d.why]));
    const others = groupEvents(doubtful.map((d) => d.ev));
    for (const g of others.slice(0, MAX_OBJECTS)) {
      findings.push({
        severity: 'info',
        resource: g.ref,
        reason: UNVERIFIED_EVENT,
        message: oneLine(`not verified (${why.get(refKey(g.ref)) ?? 'unknown source'}): ${summary(state, g)}`),
        ...step(UNVERIFIED_EVENT, forCommand(g.ref)),
      });
    }
    const facts: string[] = [];
    const total = sorted.reduce((s, g) => s + g.count, 0);
    facts.push(`${total} warning event${total === 1 ? '' : 's'} on ${sorted.length} Flux object${sorted.length === 1 ? '' : 's'} or controller${sorted.length === 1 ? '' : 's'} in the last ${RECENT_MINUTES}m`);
    if (sorted.length > MAX_OBJECTS) facts.push(`${sorted.length - MAX_OBJECTS} more objects with warning events not shown`);
    if (others.length > 0) facts.push(`${others.length} object${others.length === 1 ? '' : 's'} with unverified warning events (not from a Flux controller, or about an object not found)${others.length > MAX_OBJECTS ? `, ${others.length - MAX_OBJECTS} not shown` : ''}`);
    return { findings, facts };
  },
};
