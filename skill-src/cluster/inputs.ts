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
}

const SOURCE = 'source.toolkit.fluxcd.io';
const OPERATOR_LABEL = 'app.kubernetes.io/name=flux-operator';
const FLUX_LABEL = 'app.kubernetes.io/part-of=flux';

export const INPUTS: Record<InputId, InputSpec> = {
  operatorDeployments: { id: 'operatorDeployments', kind: 'Deployment', group: 'apps', resource: 'deployments', versions: ['v1'], scope: 'cluster', labelSelector: OPERATOR_LABEL },
  operatorPods: { id: 'operatorPods', kind: 'Pod', group: '', resource: 'pods', versions: ['v1'], scope: 'operator', labelSelector: OPERATOR_LABEL },
  controllerDeployments: { id: 'controllerDeployments', kind: 'Deployment', group: 'apps', resource: 'deployments', versions: ['v1'], scope: 'operator', labelSelector: FLUX_LABEL },
  controllerPods: { id: 'controllerPods', kind: 'Pod', group: '', resource: 'pods', versions: ['v1'], scope: 'operator', labelSelector: FLUX_LABEL },
  operatorServices: { id: 'operatorServices', kind: 'Service', group: '', resource: 'services', versions: ['v1'], scope: 'operator' },
  operatorEndpointSlices: { id: 'operatorEndpointSlices', kind: 'EndpointSlice', group: 'discovery.k8s.io', resource: 'endpointslices', versions: ['v1'], scope: 'operator' },
  fluxInstances: { id: 'fluxInstances', kind: 'FluxInstance', group: 'fluxcd.controlplane.io', resource: 'fluxinstances', versions: ['v1'], scope: 'cluster' },
  fluxReports: { id: 'fluxReports', kind: 'FluxReport', group: 'fluxcd.controlplane.io', resource: 'fluxreports', versions: ['v1'], scope: 'cluster' },
  gitRepositories: { id: 'gitRepositories', kind: 'GitRepository', group: SOURCE, resource: 'gitrepositories', versions: ['v1', 'v1beta2'], scope: 'cluster' },
  ociRepositories: { id: 'ociRepositories', kind: 'OCIRepository', group: SOURCE, resource: 'ocirepositories', versions: ['v1', 'v1beta2'], scope: 'cluster' },
  helmRepositories: { id: 'helmRepositories', kind: 'HelmRepository', group: SOURCE, resource: 'helmrepositories', versions: ['v1', 'v1beta2'], scope: 'cluster' },
  helmCharts: { id: 'helmCharts', kind: 'HelmChart', group: SOURCE, resource: 'helmcharts', versions: ['v1', 'v1beta2'], scope: 'cluster' },
  buckets: { id: 'buckets', kind: 'Bucket', group: SOURCE, resource: 'buckets', versions: ['v1', 'v1beta2'], scope: 'cluster' },
  kustomizations: { id: 'kustomizations', kind: 'Kustomization', group: 'kustomize.toolkit.fluxcd.io', resource: 'kustomizations', versions: ['v1', 'v1beta2'], scope: 'cluster' },
  helmReleases: { id: 'helmReleases', kind: 'HelmRelease', group: 'helm.toolkit.fluxcd.io', resource: 'helmreleases', versions: ['v2', 'v2beta2', 'v2beta1'], scope: 'cluster' },
  receivers: { id: 'receivers', kind: 'Receiver', group: 'notification.toolkit.fluxcd.io', resource: 'receivers', versions: ['v1', 'v1beta2'], scope: 'cluster' },
  alerts: { id: 'alerts', kind: 'Alert', group: 'notification.toolkit.fluxcd.io', resource: 'alerts', versions: ['v1beta3', 'v1beta2'], scope: 'cluster' },
  providers: { id: 'providers', kind: 'Provider', group: 'notification.toolkit.fluxcd.io', resource: 'providers', versions: ['v1beta3', 'v1beta2'], scope: 'cluster' },
  warningEvents: { id: 'warningEvents', kind: 'Event', group: '', resource: 'events', versions: ['v1'], scope: 'cluster', fieldSelector: 'type=Warning' },
};

/** API groups served by Flux's and Flux Operator's CRDs (installed per cluster, so discovered at run time). */
export function isFluxGroup(group: string): boolean {
  return group.endsWith('.fluxcd.io') || group === 'fluxcd.controlplane.io';
}
