// The CustomResourceDefinitions a Flux Operator installation serves, from the kind table, trimmed to what
// discovery and `kubectl get` need: names, scope, versions, printer columns.
import { KINDS, OPERATOR_GROUP as OPERATOR } from '../../skill-src/kinds/table.js';
import type { FleetObject, MetaFactory } from './meta.js';

// Flux 2.7 keeps the previous version of each kind served; the fleet models that release.
const FLUX_2_7_SERVED: Readonly<Record<string, readonly string[]>> = {
  HelmRelease: ['v2', 'v2beta2'],
};

// The kinds a fleet cluster serves: every kind of the table except the image automation and source-watcher
// ones, which a default Flux Operator installation does not deploy.
export const FLEET_KINDS = KINDS.filter((k) => k.family !== 'image' && k.kind !== 'ArtifactGenerator');

function servedVersions(k: (typeof KINDS)[number]): readonly string[] {
  return FLUX_2_7_SERVED[k.kind] ?? k.versions;
}

/** Kinds whose `kubectl get` shows Ready and Status columns. */
function hasReadyColumns(k: (typeof KINDS)[number]): boolean {
  return (k.columns as readonly string[]).includes('R');
}

export function crds(f: MetaFactory): FleetObject[] {
  return FLEET_KINDS.map((c) => {
    const versions = servedVersions(c);
    const columns = [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
    if (hasReadyColumns(c)) {
      columns.push(
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' },
      );
    }
    const names: Record<string, unknown> = { kind: c.kind, listKind: `${c.kind}List`, plural: c.resource, singular: c.kind.toLowerCase() };
    if (c.shortNames.length > 0) names.shortNames = [...c.shortNames];
    const managedBy = c.group === OPERATOR ? 'Helm' : 'flux-operator';
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: f.meta(`${c.resource}.${c.group}`, undefined, { generation: 1, labels: { 'app.kubernetes.io/managed-by': managedBy, 'app.kubernetes.io/part-of': c.group === OPERATOR ? 'flux-operator' : 'flux' } }),
      spec: {
        group: c.group,
        names,
        scope: 'Namespaced',
        versions: versions.map((v, i) => ({ name: v, served: true, storage: i === 0, ...(i > 0 ? { deprecated: true } : {}), additionalPrinterColumns: columns, subresources: { status: {} } })),
      },
      status: { acceptedNames: names, storedVersions: [versions[0]], conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: '2025-10-01T08:00:00Z' }] },
    };
  });
}
