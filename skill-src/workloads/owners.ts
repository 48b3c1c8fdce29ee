// Which Flux object applied a Kubernetes object: the labels Flux's appliers put on the metadata of what they
// apply (kustomize-controller, helm-controller's origin-labels post-renderer, the operator's ResourceSet and
// FluxInstance). Pods carry none of them: they belong to a workload through their ownerReferences.
import type { KubeObject } from '../kube/types.js';
import { labels } from '../kube/fields.js';
import type { ResourceRef } from '../model.js';

/** Label pairs naming the applier, first match wins; FluxInstance labels carry no namespace (the operator's). */
const OWNER_LABELS: readonly { kind: string; name: string; namespace?: string }[] = [
  { kind: 'Kustomization', name: 'kustomize.toolkit.fluxcd.io/name', namespace: 'kustomize.toolkit.fluxcd.io/namespace' },
  { kind: 'HelmRelease', name: 'helm.toolkit.fluxcd.io/name', namespace: 'helm.toolkit.fluxcd.io/namespace' },
  { kind: 'ResourceSet', name: 'resourceset.fluxcd.controlplane.io/name', namespace: 'resourceset.fluxcd.controlplane.io/namespace' },
  { kind: 'FluxInstance', name: 'fluxcd.controlplane.io/name' },
];

/** True when the object carries an applier's name label. */
export function hasOwnerLabel(obj: KubeObject): boolean {
  const l = labels(obj);
  return OWNER_LABELS.some((o) => l[o.name] !== undefined);
}

/** The Flux object that applied `obj`, or undefined for objects Flux did not apply. */
export function ownerOf(obj: KubeObject, operatorNamespace: string): ResourceRef | undefined {
  const l = labels(obj);
  for (const o of OWNER_LABELS) {
    const name = l[o.name];
    if (!name) continue;
    const namespace = o.namespace ? l[o.namespace] : operatorNamespace;
    return namespace ? { kind: o.kind, namespace, name } : { kind: o.kind, name };
  }
  return undefined;
}
