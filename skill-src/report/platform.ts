// Which objects are the platform: cluster-scoped ones (connection, access, CRDs), everything in the
// operator's namespace, and the FluxInstance's sync chain (its Kustomization, that Kustomization's source
// and dependsOn, transitively, wherever they live). Root causes there rank before tenants' own.
import type { ClusterState } from '../cluster/state.js';
import { fluxGraph } from '../checks/dependencies.js';
import { at, refKey, str } from '../kube/fields.js';
import type { ResourceRef } from '../model.js';

/** The sync Kustomization: FluxReport spec.sync.id (`kustomization/NAME`), else FluxInstance spec.sync.name, else the namespace's name. */
function syncKustomization(state: ClusterState): ResourceRef | undefined {
  const ns = state.operatorNamespace;
  const reports = state.inputs.fluxReports;
  const report = reports?.ok ? reports.items.find((r) => str(at(r, 'metadata', 'namespace')) === ns) : undefined;
  const id = report ? str(at(report, 'spec', 'sync', 'id')) : undefined;
  if (id) return { kind: 'Kustomization', namespace: ns, name: id.slice(id.indexOf('/') + 1) };
  const instances = state.inputs.fluxInstances;
  const fi = instances?.ok ? instances.items.find((i) => str(at(i, 'metadata', 'name')) === 'flux' && str(at(i, 'metadata', 'namespace')) === ns) : undefined;
  if (!fi || at(fi, 'spec', 'sync') === undefined) return undefined;
  return { kind: 'Kustomization', namespace: ns, name: str(at(fi, 'spec', 'sync', 'name')) || ns };
}

/** Keys of the sync chain, bounded by the number of objects (each visited once). */
function syncChain(state: ClusterState): Set<string> {
  const out = new Set<string>();
  const start = syncKustomization(state);
  if (!start) return out;
  const graph = fluxGraph(state);
  const queue: ResourceRef[] = [start];
  while (queue.length > 0) {
    const ref = queue.pop();
    if (!ref || out.has(refKey(ref))) continue;
    out.add(refKey(ref));
    const node = graph.get(ref);
    if (!node) continue;
    const source = graph.artifactSource(node);
    if (source) queue.push(source);
    queue.push(...graph.dependsOn(node));
  }
  return out;
}

/**
 * Whether a root cause ranks with the platform: anything in the sync chain, and a cluster-scoped or
 * operator-namespace cause that breaks other objects. A platform-namespace cause that explains nothing else
 * (e.g. no operator on a Flux installed without one) ranks by its consequences like any other.
 */
export function platformPredicate(state: ClusterState): (ref: ResourceRef, consequences: number) => boolean {
  const chain = syncChain(state);
  return (ref, consequences) => chain.has(refKey(ref)) || (consequences > 0 && (ref.namespace === undefined || ref.namespace === state.operatorNamespace));
}
