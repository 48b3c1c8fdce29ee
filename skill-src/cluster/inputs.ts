// Every input the checks may read, declared once. Collection fetches the union of what the
// registered checks need, each exactly once. Flux kinds come from the kind table (kinds/table.ts).
import { KINDS, isFluxGroup, type FluxInputId } from '../kinds/table.js';

type PlatformInputId =
  | 'operatorDeployments'
  | 'operatorPods'
  | 'controllerDeployments'
  | 'controllerPods'
  | 'operatorServices'
  | 'operatorEndpointSlices'
  | 'warningEvents';

export type InputId = PlatformInputId | FluxInputId;

export interface InputSpec {
  id: InputId;
  kind: string;
  /** API group; '' for the core group. */
  group: string;
  /** Plural resource name used in URLs and access reviews. */
  resource: string;
  /** Versions newest first; for Flux kinds the served version is resolved per kind from discovery at run time. */
  versions: readonly string[];
  /** 'cluster' lists across all namespaces; 'operator' lists only in the operator's namespace. */
  scope: 'cluster' | 'operator';
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

function fluxInputs(): Record<FluxInputId, InputSpec> {
  // Every key is filled by the loop: KINDS holds each FluxInputId exactly once.
  const out = {} as Record<FluxInputId, InputSpec>;
  for (const k of KINDS) out[k.input] = { id: k.input, kind: k.kind, group: k.group, resource: k.resource, versions: k.versions, scope: 'cluster', drop: k.drop, purpose: k.purpose };
  return out;
}

export const INPUTS: Record<InputId, InputSpec> = { ...PLATFORM, ...fluxInputs() };

export { isFluxGroup };
