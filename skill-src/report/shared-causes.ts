// One cause across many clusters: the same root cause (kind, namespace, name and reason) on several clusters
// is one fleet entry, "GitRepository flux-system/flux-system AuthenticationFailed on 7 of 12 clusters". A fleet
// that shares a cause usually has one fix (a rotated credential, one bad commit), not twelve.
import { refKey } from '../kube/fields.js';
import type { Report, ResourceRef, Severity } from '../model.js';
import { compareRefs, worse } from './root-causes.js';

export interface SharedCause {
  resource: ResourceRef;
  reason: string;
  /** The worst severity it has on any of the clusters. */
  severity: Severity;
  /** The contexts it is a root cause on, in the fleet's order. */
  clusters: string[];
  /** Clusters in the fleet. */
  of: number;
}

export function sharedKey(resource: ResourceRef, reason: string): string {
  return `${refKey(resource)}\u0000${reason}`;
}

/** Root causes found on at least two clusters; most clusters first, then the worst, then by name. */
export function sharedCauses(reports: readonly Report[]): SharedCause[] {
  const byKey = new Map<string, SharedCause>();
  for (const r of reports) {
    const seen = new Set<string>();
    for (const c of r.rootCauses) {
      if (c.severity === 'info') continue;
      const key = sharedKey(c.resource, c.reason);
      if (seen.has(key)) continue;
      seen.add(key);
      const s = byKey.get(key);
      if (s) {
        s.clusters.push(r.cluster.context);
        s.severity = worse(s.severity, c.severity);
      } else byKey.set(key, { resource: c.resource, reason: c.reason, severity: c.severity, clusters: [r.cluster.context], of: reports.length });
    }
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return [...byKey.values()]
    .filter((s) => s.clusters.length >= 2)
    .sort((a, b) => b.clusters.length - a.clusters.length || rank[a.severity] - rank[b.severity] || compareRefs(a.resource, b.resource) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}
