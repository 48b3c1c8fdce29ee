// Aggregated discovery (apidiscovery.k8s.io v2 and v2beta1): one answer for /api or /apis that lists
// every group, version and resource, so kubectl needs no per-group requests.
import type { FixtureApi } from '../../skill-src/cluster/fixture-api.js';

export type DiscoveryVersion = 'v2' | 'v2beta1';

/** The aggregated discovery version a client accepts, in its order of preference. */
export function wantsAggregated(accept: string | undefined): DiscoveryVersion | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (!params.includes('as=APIGroupDiscoveryList') || !params.includes('g=apidiscovery.k8s.io')) continue;
    if (params.includes('v=v2')) return 'v2';
    if (params.includes('v=v2beta1')) return 'v2beta1';
  }
  return undefined;
}

export function contentType(v: DiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}

/** The APIGroupDiscoveryList for the core group (/api) or the named groups (/apis). */
export function aggregatedDiscovery(api: FixtureApi, core: boolean, v: DiscoveryVersion): Record<string, unknown> {
  const groups = core ? [{ name: '', versions: ['v1'] }] : api.groups();
  const items = groups.map((g) => ({
    metadata: core ? { creationTimestamp: null } : { name: g.name, creationTimestamp: null },
    versions: g.versions.map((version) => ({
      version,
      freshness: 'Current',
      resources: api.types
        .filter((t) => t.group === g.name && t.versions.includes(version))
        .map((t) => {
          const r: Record<string, unknown> = {
            resource: t.plural,
            responseKind: { group: t.group, version, kind: t.kind },
            scope: t.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: t.singular,
            verbs: t.verbs,
          };
          if (t.shortNames.length > 0) r.shortNames = t.shortNames;
          if (core && t.plural === 'pods') {
            r.subresources = [{ subresource: 'portforward', responseKind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' }, verbs: ['create', 'get'] }];
          }
          return r;
        }),
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items };
}
