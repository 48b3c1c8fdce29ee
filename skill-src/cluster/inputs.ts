// Every input the checks may read, declared once. Collection fetches the union of what the
// registered checks need, each exactly once.

export type InputId =
  | 'operatorDeployments'
  | 'operatorPods'
  | 'controllerDeployments'
  | 'controllerPods'
  | 'operatorServices'
  | 'operatorEndpointSlices'
  | 'fluxInstances'
  | 'fluxReports'
  | 'gitRepositories'
  | 'ociRepositories'
  | 'helmRepositories'
  | 'helmCharts'
  | 'buckets'
  | 'kustomizations'
  | 'helmReleases'
  | 'receivers'
  | 'alerts'
  | 'providers'
  | 'warningEvents';

export interface InputSpec {
  id: InputId;
  kind: string;
  /** API group; '' for the core group. */
  group: string;
  /** Plural resource name used in URLs and access reviews. */
  resource: string;
  /** Versions in order of preference; for Flux kinds the served version is discovered at run time. */
  versions: string[];
  /** 'cluster' lists across all namespaces; 'operator' lists only in the operator's namespace. */
  scope: 'cluster' | 'operator';
  labelSelector?: string;
  fieldSelector?: string;
  /** Why the validator reads it, in a few words (validate.sh --list-requests prints it). */
  purpose: string;
}

const SOURCE = 'source.toolkit.fluxcd.io';
const OPERATOR_LABEL = 'app.kubernetes.io/name=flux-operator';
const FLUX_LABEL = 'app.kubernetes.io/part-of=flux';

export const INPUTS: Record<InputId, InputSpec> = {
  operatorDeployments: { id: 'operatorDeployments', kind: 'Deployment', group: 'apps', resource: 'deployments', versions: ['v1'], scope: 'cluster', labelSelector: OPERATOR_LABEL, purpose: 'find the Flux Operator and its namespace; is it available' },
  operatorPods: { id: 'operatorPods', kind: 'Pod', group: '', resource: 'pods', versions: ['v1'], scope: 'operator', labelSelector: OPERATOR_LABEL, purpose: 'operator pod health (restarts, crash loops); the pod the UI probe forwards to' },
  controllerDeployments: { id: 'controllerDeployments', kind: 'Deployment', group: 'apps', resource: 'deployments', versions: ['v1'], scope: 'operator', labelSelector: FLUX_LABEL, purpose: 'the Flux controllers the FluxInstance installed: available replicas' },
  controllerPods: { id: 'controllerPods', kind: 'Pod', group: '', resource: 'pods', versions: ['v1'], scope: 'operator', labelSelector: FLUX_LABEL, purpose: 'Flux controller pod health (restarts, crash loops, image pulls)' },
  operatorServices: { id: 'operatorServices', kind: 'Service', group: '', resource: 'services', versions: ['v1'], scope: 'operator', purpose: 'the Flux UI Service (port 9080) and its ports' },
  operatorEndpointSlices: { id: 'operatorEndpointSlices', kind: 'EndpointSlice', group: 'discovery.k8s.io', resource: 'endpointslices', versions: ['v1'], scope: 'operator', purpose: 'whether the UI Service has ready endpoints' },
  fluxInstances: { id: 'fluxInstances', kind: 'FluxInstance', group: 'fluxcd.controlplane.io', resource: 'fluxinstances', versions: ['v1'], scope: 'cluster', purpose: 'the FluxInstance and its Ready condition' },
  fluxReports: { id: 'fluxReports', kind: 'FluxReport', group: 'fluxcd.controlplane.io', resource: 'fluxreports', versions: ['v1'], scope: 'cluster', purpose: 'per-kind counts the operator computes, to cross-check the lists' },
  gitRepositories: { id: 'gitRepositories', kind: 'GitRepository', group: SOURCE, resource: 'gitrepositories', versions: ['v1', 'v1beta2'], scope: 'cluster', purpose: 'GitRepository sources: Ready, fetch errors' },
  ociRepositories: { id: 'ociRepositories', kind: 'OCIRepository', group: SOURCE, resource: 'ocirepositories', versions: ['v1', 'v1beta2'], scope: 'cluster', purpose: 'OCIRepository sources: Ready, pull errors' },
  helmRepositories: { id: 'helmRepositories', kind: 'HelmRepository', group: SOURCE, resource: 'helmrepositories', versions: ['v1', 'v1beta2'], scope: 'cluster', purpose: 'HelmRepository sources: Ready, index errors' },
  helmCharts: { id: 'helmCharts', kind: 'HelmChart', group: SOURCE, resource: 'helmcharts', versions: ['v1', 'v1beta2'], scope: 'cluster', purpose: 'HelmChart sources: Ready, chart pull errors' },
  buckets: { id: 'buckets', kind: 'Bucket', group: SOURCE, resource: 'buckets', versions: ['v1', 'v1beta2'], scope: 'cluster', purpose: 'Bucket sources: Ready, fetch errors' },
  kustomizations: { id: 'kustomizations', kind: 'Kustomization', group: 'kustomize.toolkit.fluxcd.io', resource: 'kustomizations', versions: ['v1', 'v1beta2'], scope: 'cluster', purpose: 'Kustomizations: Ready, build and health-check failures, dependencies' },
  helmReleases: { id: 'helmReleases', kind: 'HelmRelease', group: 'helm.toolkit.fluxcd.io', resource: 'helmreleases', versions: ['v2', 'v2beta2', 'v2beta1'], scope: 'cluster', purpose: 'HelmReleases: Ready, install and upgrade failures, dependencies' },
  receivers: { id: 'receivers', kind: 'Receiver', group: 'notification.toolkit.fluxcd.io', resource: 'receivers', versions: ['v1', 'v1beta2'], scope: 'cluster', purpose: 'notification Receivers: Ready' },
  alerts: { id: 'alerts', kind: 'Alert', group: 'notification.toolkit.fluxcd.io', resource: 'alerts', versions: ['v1beta3', 'v1beta2'], scope: 'cluster', purpose: 'notification Alerts: Ready (older APIs) and their providers' },
  providers: { id: 'providers', kind: 'Provider', group: 'notification.toolkit.fluxcd.io', resource: 'providers', versions: ['v1beta3', 'v1beta2'], scope: 'cluster', purpose: 'notification Providers: Ready (older APIs)' },
  warningEvents: { id: 'warningEvents', kind: 'Event', group: '', resource: 'events', versions: ['v1'], scope: 'cluster', fieldSelector: 'type=Warning', purpose: 'recent Warning events that explain a failure' },
};

/** API groups served by Flux's and Flux Operator's CRDs (installed per cluster, so discovered at run time). */
export function isFluxGroup(group: string): boolean {
  return group.endsWith('.fluxcd.io') || group === 'fluxcd.controlplane.io';
}
