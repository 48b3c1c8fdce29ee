// Root causes as the renderers list them: at most a few per namespace, the rest summed up per namespace
// (`+N more in NAMESPACE`), so one tenant's many failures cannot push another's, or the platform's, out of
// a bounded report. Long names are shortened in the middle for display, never dropped (JSON has them whole).
import type { ResourceRef, RootCauseEntry, Severity } from '../model.js';
import { shorten } from '../text/shorten.js';

/** Full entries shown per namespace (cluster-scoped causes count as one namespace). */
export const PER_NAMESPACE = 3;
/** Longest name shown in a root cause's heading, in code points. */
export const CAUSE_NAME_MAX = 80;

export interface NamespaceOverflow {
  namespace: string;
  count: number;
  errors: number;
  warnings: number;
  consequences: number;
}

export interface CauseList {
  shown: RootCauseEntry[];
  /** Namespaces with more causes than PER_NAMESPACE, in order of first appearance. */
  overflow: NamespaceOverflow[];
}

export function capPerNamespace(entries: readonly RootCauseEntry[], perNamespace = PER_NAMESPACE): CauseList {
  const seen = new Map<string, number>();
  const overflow = new Map<string, NamespaceOverflow>();
  const shown: RootCauseEntry[] = [];
  for (const e of entries) {
    const ns = e.resource.namespace ?? '';
    const n = seen.get(ns) ?? 0;
    seen.set(ns, n + 1);
    if (n < perNamespace) {
      shown.push(e);
      continue;
    }
    const o = overflow.get(ns) ?? { namespace: ns, count: 0, errors: 0, warnings: 0, consequences: 0 };
    o.count += 1;
    const sev: Severity = e.severity;
    if (sev === 'error') o.errors += 1;
    else if (sev === 'warning') o.warnings += 1;
    o.consequences += e.consequenceCount;
    overflow.set(ns, o);
  }
  return { shown, overflow: [...overflow.values()] };
}

/** Keeps the start and the end of a long name (where names differ most), cut by code point. */
export function shortName(text: string, max = CAUSE_NAME_MAX): string {
  // One shortener for every format: by code point, in the middle, with the `[N chars cut]` marker.
  return shorten(text, max);
}

/** `Kind/namespace/name` with the name and namespace shortened for display. */
export function shortRefText(ref: ResourceRef): string {
  const name = shortName(ref.name);
  return ref.namespace !== undefined ? `${ref.kind}/${shortName(ref.namespace)}/${name}` : `${ref.kind}/${name}`;
}
