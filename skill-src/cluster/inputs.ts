// Every input the checks may read, declared once. Collection fetches the union of what the
// registered checks need, each exactly once. Flux kinds come from the kind table (kinds/table.ts).
import { KINDS, isFluxGroup, type FluxInputId } from '../kinds/table.js';
import type { KubeObject } from '../kube/types.js';
import { hasOwnerLabel } from '../workloads/owners.js';
import { podNeedsLooking, workloadProblem, type WorkloadKind } from '../workloads/health.js';

type PlatformInputId =
  | 'operatorDeployments'
  | 'operatorPods'
  | 'controllerDeployments'
  | 'controllerPods'
  | 'operatorServices'
  | 'operatorEndpointSlices'
  | 'warningEvents';

/** What Flux applied that runs or serves: the workloads behind a Flux object (workloads/). */
export type WorkloadInputId = 'appDeployments' | 'appStatefulSets' | 'appDaemonSets' | 'appJobs' | 'appServices' | 'appClaims' | 'appPods';

export type InputId = PlatformInputId | FluxInputId | WorkloadInputId;

export interface InputSpec {
  id: InputId;
  kind: string;
  /** API group; '' for the core group. */
  group: string;
  /** Plural resource name used in URLs and access reviews. */
  resource: string;
  /** Versions newest first; for Flux kinds the served version is resolved per kind from discovery at run time. */
  versions: readonly string[];
  /**
   * 'cluster' lists across all namespaces; 'operator' lists only in the operator's namespace; 'follow' lists
   * in each namespace (at most FOLLOW_NAMESPACES) where the `follows` inputs kept an object, after them.
   */
  scope: 'cluster' | 'operator' | 'follow';
  follows?: readonly InputId[];
  /**
   * Objects kept as they arrive; the others are dropped at once, so a large cluster's healthy workloads cost no
   * memory (and are not in a recording: the checks would conclude the same from it).
   */
  keep?: (obj: KubeObject) => boolean;
  /** What `keep` keeps, in a few words (for --list-requests). */
  keeps?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Dotted paths dropped when collecting (fields no check reads). */
  drop?: readonly string[];
  /** Why the validator reads it, in a few words (validate.sh --list-requests prints it). */
  purpose: string;
}

const OPERATOR_LABEL = 'app.kubernetes.io/name=flux-operator';
export const FLUX_LABEL = 'app.kubernetes.io/part-of=flux';

const PLATFORM: Record<PlatformInputId, InputSpec> = {
  operatorDeployments: { id: 'operatorDeployments', kind: 'Deployment', group: 'apps', resource: 'deployments', versions: ['v1'], scope: 'cluster', labelSelector: OPERATOR_LABEL, purpose: 'find the Flux Operator and its namespace; is it available' },
  operatorPods: { id: 'operatorPods', kind: 'Pod', group: '', resource: 'pods', versions: ['v1'], scope: 'operator', labelSelector: OPERATOR_LABEL, purpose: 'operator pod health (restarts, crash loops); the pod the UI probe forwards to' },
  controllerDeployments: { id: 'controllerDeployments', kind: 'Deployment', group: 'apps', resource: 'deployments', versions: ['v1'], scope: 'operator', labelSelector: FLUX_LABEL, purpose: 'the Flux controllers the FluxInstance installed: available replicas' },
  controllerPods: { id: 'controllerPods', kind: 'Pod', group: '', resource: 'pods', versions: ['v1'], scope: 'operator', labelSelector: FLUX_LABEL, purpose: 'Flux controller pod health (restarts, crash loops, image pulls)' },
  operatorServices: { id: 'operatorServices', kind: 'Service', group: '', resource: 'services', versions: ['v1'], scope: 'operator', purpose: 'the Flux UI Service (port 9080) and its ports' },
  operatorEndpointSlices: { id: 'operatorEndpointSlices', kind: 'EndpointSlice', group: 'discovery.k8s.io', resource: 'endpointslices', versions: ['v1'], scope: 'operator', purpose: 'whether the UI Service has ready endpoints' },
  warningEvents: { id: 'warningEvents', kind: 'Event', group: '', resource: 'events', versions: ['v1'], scope: 'cluster', fieldSelector: 'type=Warning', purpose: 'recent Warning events that explain a failure' },
};

/** Namespaces a 'follow' input is listed in, at most: the first ones by name; the rest are counted as not read. */
export const FOLLOW_NAMESPACES = 10;

function appWorkload(id: WorkloadInputId, kind: WorkloadKind, group: string, resource: string, purpose: string): InputSpec {
  return {
    id,
    kind,
    group,
    resource,
    versions: ['v1'],
    scope: 'cluster',
    keep: (obj) => hasOwnerLabel(obj) && workloadProblem(kind, obj) !== undefined,
    keeps: 'only objects a Flux object applied that are not ready',
    purpose,
  };
}

const WORKLOADS: Record<WorkloadInputId, InputSpec> = {
  appDeployments: appWorkload('appDeployments', 'Deployment', 'apps', 'deployments', 'Deployments Flux applied: replicas unavailable, rollout stuck'),
  appStatefulSets: appWorkload('appStatefulSets', 'StatefulSet', 'apps', 'statefulsets', 'StatefulSets Flux applied: replicas not ready'),
  appDaemonSets: appWorkload('appDaemonSets', 'DaemonSet', 'apps', 'daemonsets', 'DaemonSets Flux applied: pods unavailable'),
  appJobs: appWorkload('appJobs', 'Job', 'batch', 'jobs', 'Jobs Flux applied: failed or not complete'),
  appServices: appWorkload('appServices', 'Service', '', 'services', 'LoadBalancer Services Flux applied: an address assigned'),
  appClaims: appWorkload('appClaims', 'PersistentVolumeClaim', '', 'persistentvolumeclaims', 'PersistentVolumeClaims Flux applied: Pending or Lost'),
  appPods: {
    id: 'appPods',
    kind: 'Pod',
    group: '',
    resource: 'pods',
    versions: ['v1'],
    scope: 'follow',
    follows: ['appDeployments', 'appStatefulSets', 'appDaemonSets', 'appJobs'],
    keep: podNeedsLooking,
    keeps: 'only pods not ready',
    purpose: 'why a workload Flux applied is not ready: container waiting and termination reasons, scheduling',
  },
};

function fluxInputs(): Record<FluxInputId, InputSpec> {
  // Every key is filled by the loop: KINDS holds each FluxInputId exactly once.
  const out = {} as Record<FluxInputId, InputSpec>;
  for (const k of KINDS) out[k.input] = { id: k.input, kind: k.kind, group: k.group, resource: k.resource, versions: k.versions, scope: 'cluster', drop: k.drop, purpose: k.purpose };
  return out;
}

export const INPUTS: Record<InputId, InputSpec> = { ...PLATFORM, ...fluxInputs(), ...WORKLOADS };

export { isFluxGroup };
