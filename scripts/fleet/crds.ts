// The CustomResourceDefinitions a Flux Operator installation serves (Flux 2.7 keeps the previous API versions
// served), trimmed to what discovery and `kubectl get` need: names, scope, versions, printer columns.
import type { FleetObject, MetaFactory } from './meta.js';

interface CrdSpec {
  kind: string;
  group: string;
  versions: string[];
  shortNames?: string[];
  ready: boolean;
}

const SOURCE = 'source.toolkit.fluxcd.io';
const NOTIFICATION = 'notification.toolkit.fluxcd.io';
const OPERATOR = 'fluxcd.controlplane.io';

const CRDS: CrdSpec[] = [
  { kind: 'FluxInstance', group: OPERATOR, versions: ['v1'], ready: true },
  { kind: 'FluxReport', group: OPERATOR, versions: ['v1'], ready: true },
  { kind: 'ResourceSet', group: OPERATOR, versions: ['v1'], shortNames: ['rset'], ready: true },
  { kind: 'ResourceSetInputProvider', group: OPERATOR, versions: ['v1'], shortNames: ['rsip'], ready: true },
  { kind: 'GitRepository', group: SOURCE, versions: ['v1', 'v1beta2'], shortNames: ['gitrepo'], ready: true },
  { kind: 'OCIRepository', group: SOURCE, versions: ['v1', 'v1beta2'], shortNames: ['ocirepo'], ready: true },
  { kind: 'HelmRepository', group: SOURCE, versions: ['v1', 'v1beta2'], shortNames: ['helmrepo'], ready: true },
  { kind: 'HelmChart', group: SOURCE, versions: ['v1', 'v1beta2'], shortNames: ['hc'], ready: true },
  { kind: 'Bucket', group: SOURCE, versions: ['v1', 'v1beta2'], ready: true },
  { kind: 'ExternalArtifact', group: SOURCE, versions: ['v1'], shortNames: ['ea'], ready: true },
  { kind: 'Kustomization', group: 'kustomize.toolkit.fluxcd.io', versions: ['v1', 'v1beta2'], shortNames: ['ks'], ready: true },
  { kind: 'HelmRelease', group: 'helm.toolkit.fluxcd.io', versions: ['v2', 'v2beta2'], shortNames: ['hr'], ready: true },
  { kind: 'Receiver', group: NOTIFICATION, versions: ['v1', 'v1beta2'], ready: true },
  { kind: 'Alert', group: NOTIFICATION, versions: ['v1beta3', 'v1beta2'], ready: false },
  { kind: 'Provider', group: NOTIFICATION, versions: ['v1beta3', 'v1beta2'], ready: false },
];

function plural(kind: string): string {
  const k = kind.toLowerCase();
  return k.endsWith('y') ? `${k.slice(0, -1)}ies` : `${k}s`;
}

export function crds(f: MetaFactory): FleetObject[] {
  return CRDS.map((c) => {
    const columns = [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
    if (c.ready) {
      columns.push(
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' },
      );
    }
    const names: Record<string, unknown> = { kind: c.kind, listKind: `${c.kind}List`, plural: plural(c.kind), singular: c.kind.toLowerCase() };
    if (c.shortNames) names.shortNames = c.shortNames;
    const managedBy = c.group === OPERATOR ? 'Helm' : 'flux-operator';
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: f.meta(`${plural(c.kind)}.${c.group}`, undefined, { generation: 1, labels: { 'app.kubernetes.io/managed-by': managedBy, 'app.kubernetes.io/part-of': c.group === OPERATOR ? 'flux-operator' : 'flux' } }),
      spec: {
        group: c.group,
        names,
        scope: 'Namespaced',
        versions: c.versions.map((v, i) => ({ name: v, served: true, storage: i === 0, ...(i > 0 ? { deprecated: true } : {}), additionalPrinterColumns: columns, subresources: { status: {} } })),
      },
      status: { acceptedNames: names, storedVersions: [c.versions[0]], conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: '2025-10-01T08:00:00Z' }] },
    };
  });
}
