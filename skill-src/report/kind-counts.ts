// Counts per kind, like `flux stats`: running, failing, suspended. Pure, from the collected inputs.
import type { InputId } from '../cluster/inputs.js';
import type { ClusterState } from '../cluster/state.js';
import { at, condition, generation, isStale, isSuspended, reconcileDisabled, str } from '../kube/fields.js';
import type { KubeObject } from '../kube/types.js';
import type { KindCount } from '../model.js';

/** The reconcilers counted, in report order. */
const COUNTED: readonly { input: InputId; kind: string }[] = [
  { input: 'fluxInstances', kind: 'FluxInstance' },
  { input: 'gitRepositories', kind: 'GitRepository' },
  { input: 'ociRepositories', kind: 'OCIRepository' },
  { input: 'helmRepositories', kind: 'HelmRepository' },
  { input: 'helmCharts', kind: 'HelmChart' },
  { input: 'buckets', kind: 'Bucket' },
  { input: 'kustomizations', kind: 'Kustomization' },
  { input: 'helmReleases', kind: 'HelmRelease' },
  { input: 'receivers', kind: 'Receiver' },
  { input: 'alerts', kind: 'Alert' },
  { input: 'providers', kind: 'Provider' },
];

/** Kinds that have no Ready condition by design (Alert, Provider in v1beta3; OCI HelmRepository). */
function conditionlessByDesign(kind: string, obj: KubeObject): boolean {
  if (kind === 'Alert' || kind === 'Provider') return true;
  return kind === 'HelmRepository' && str(at(obj, 'spec', 'type')) === 'oci';
}

export type ObjectState = 'running' | 'failing' | 'suspended';

export function objectState(kind: string, obj: KubeObject): ObjectState {
  if (isSuspended(obj) || reconcileDisabled(obj)) return 'suspended';
  const ready = condition(obj, 'Ready');
  if (!ready) return conditionlessByDesign(kind, obj) ? 'running' : 'failing';
  if (ready.status !== 'True') return 'failing';
  // Ready only counts for the spec the controller has seen.
  const gen = generation(obj);
  const condStale = gen !== undefined && ready.observedGeneration !== undefined && ready.observedGeneration < gen;
  return isStale(obj) || condStale ? 'failing' : 'running';
}

/** One entry per kind that has at least one object; kinds whose list failed are left out (a finding says why). */
export function countKinds(state: ClusterState): KindCount[] {
  const out: KindCount[] = [];
  for (const { input, kind } of COUNTED) {
    const result = state.inputs[input];
    if (!result?.ok || result.items.length === 0) continue;
    const count: KindCount = { kind, running: 0, failing: 0, suspended: 0 };
    for (const obj of result.items) count[objectState(kind, obj)] += 1;
    out.push(count);
  }
  return out;
}
