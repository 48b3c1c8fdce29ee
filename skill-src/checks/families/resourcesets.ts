// ResourceSets (Flux Operator's self-service API) and their input providers. A ResourceSet that fails to
// build creates nothing, so nothing downstream fails: only the ResourceSet shows the problem. One waiting
// on a dependency (dependsOn) names it when it fails; one whose inputsFrom names a provider that does not
// exist stalls on it (the controller reads each named provider and fails when it is absent).
import { arr, at, isRecord, str } from '../../kube/fields.js';
import type { ResourceRef } from '../../model.js';
import { familyCheck, readRef, type Edge } from '../family.js';
import type { FluxNode } from '../../graph/graph.js';

function edges(node: FluxNode): Edge[] {
  if (node.ref.kind !== 'ResourceSet') return [];
  const ns = node.ref.namespace;
  const deps = arr(at(node.obj, 'spec', 'dependsOn'))
    .map((d) => (isRecord(d) && str(d.kind) ? readRef(d, str(d.kind) ?? '', ns) : undefined))
    .filter((r): r is ResourceRef => r !== undefined);
  // Providers are read in the ResourceSet's own namespace; a selector names none.
  const providers = arr(at(node.obj, 'spec', 'inputsFrom'))
    .map((i) => (isRecord(i) && str(i.name) ? ({ kind: 'ResourceSetInputProvider', name: str(i.name) ?? '', ...(ns !== undefined ? { namespace: ns } : {}) } satisfies ResourceRef) : undefined))
    .filter((r): r is ResourceRef => r !== undefined);
  return [...deps, ...providers].map((ref) => ({ ref, role: 'dependency' }));
}

export const resourceSetsCheck = familyCheck({
  id: 'resourcesets',
  title: 'ResourceSets',
  family: 'resourcesets',
  optional: 'the ResourceSet CRDs are not installed',
  edges,
});
