// Groups findings under their root cause: one entry per cause, however many objects it breaks.
import { refKey } from '../kube/fields.js';
import { ChainResolver } from '../graph/resolve.js';
import type { CheckResult, Finding, ResourceRef, RootCauseEntry, Severity } from '../model.js';
import { describe, step } from './next-step.js';

export const MAX_EXAMPLES = 5;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function worse(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}

export function compareRefs(a: ResourceRef, b: ResourceRef): number {
  return cmp(a.kind, b.kind) || cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Located {
  finding: Finding;
  check: string;
}

interface ObjectFindings {
  ref: ResourceRef;
  /** Error and warning findings about this object, in check order. */
  findings: Located[];
  /** The object this one's failure is blamed on, as its findings say (first one wins). */
  directCause?: string;
}

function worstFinding(list: readonly Located[]): Located | undefined {
  let best: Located | undefined;
  for (const l of list) if (!best || RANK[l.finding.severity] < RANK[best.finding.severity]) best = l;
  return best;
}


/**
 * Error and warning findings become root-cause entries: a finding with `rootCause` counts under the end of
 * its cause chain, the rest are causes of their own. An object counts once, whatever number of findings it has.
 */
export function groupRootCauses(checks: readonly CheckResult[], platform: (ref: ResourceRef, consequences: number) => boolean = () => false): RootCauseEntry[] {
  const objects = new Map<string, ObjectFindings>();
  for (const c of checks) {
    for (const f of c.findings) {
      if (f.severity === 'info') continue;
      const key = refKey(f.resource);
      let o = objects.get(key);
      if (!o) {
        o = { ref: f.resource, findings: [] };
        objects.set(key, o);
      }
      o.findings.push({ finding: f, check: c.id });
      if (f.rootCause && o.directCause === undefined) {
        const causeKey = refKey(f.rootCause);
        if (causeKey !== key) o.directCause = causeKey;
        if (!objects.has(causeKey)) objects.set(causeKey, { ref: f.rootCause, findings: [] });
      }
    }
  }

  // Cause key -> the objects it breaks.
  const consequences = new Map<string, ObjectFindings[]>();
  const causes = new Set<string>();
  // The same resolver as the graph's: a cycle (A blames B, B blames A) resolves to its least key, one entry.
  const resolver = new ChainResolver((key) => {
    const next = objects.get(key)?.directCause;
    return next === undefined ? { end: key } : { next };
  });
  for (const [key, o] of objects) {
    if (o.findings.length === 0) continue; // only named as a cause; an entry appears if something points at it
    const cause = resolver.resolve(key) ?? key;
    causes.add(cause);
    if (cause !== key) {
      const list = consequences.get(cause) ?? [];
      list.push(o);
      consequences.set(cause, list);
    }
  }
  // Objects a failure holds back without reporting anything themselves count as its consequences too.
  for (const [key, o] of objects) {
    const affected = o.findings.flatMap((l) => l.finding.affects ?? []);
    if (affected.length === 0) continue;
    const cause = resolver.resolve(key) ?? key;
    const list = consequences.get(cause) ?? [];
    const counted = new Set([cause, ...list.map((d) => refKey(d.ref))]);
    for (const r of affected) {
      const k = refKey(r);
      if (counted.has(k) || (objects.get(k)?.findings.length ?? 0) > 0) continue;
      counted.add(k);
      list.push({ ref: r, findings: [] });
    }
    consequences.set(cause, list);
  }

  const entries: { entry: RootCauseEntry; effective: Severity }[] = [];
  for (const key of causes) {
    const cause = objects.get(key);
    if (!cause) continue;
    const deps = consequences.get(key) ?? [];
    const depSeverity = (o: ObjectFindings): Severity => worstFinding(o.findings)?.finding.severity ?? 'info'; // held back, reporting nothing itself
    deps.sort((a, b) => RANK[depSeverity(a)] - RANK[depSeverity(b)] || compareRefs(a.ref, b.ref));
    const own = worstFinding(cause.findings);
    const worstDep = deps.reduce<Severity>((s, o) => worse(s, depSeverity(o)), 'info');
    const entry: RootCauseEntry = own
      ? {
          resource: cause.ref,
          severity: own.finding.severity,
          reason: own.finding.reason,
          message: own.finding.message,
          next: own.finding.next,
          hint: own.finding.hint,
          consequenceCount: deps.length,
          examples: deps.slice(0, MAX_EXAMPLES).map((o) => o.ref),
          check: own.check,
          ...(own.finding.since ? { since: own.finding.since } : {}),
        }
      : {
          resource: cause.ref,
          severity: worstDep,
          reason: 'UnreportedRootCause',
          message: `no check reported this object, but ${deps.length} ${deps.length === 1 ? 'object names it' : 'objects name it'} as the root cause of their failure`,
          // The cause was named by other objects' specs: describe() validates kind, name and namespace.
          ...step('UnreportedRootCause', describe(cause.ref)),
          consequenceCount: deps.length,
          examples: deps.slice(0, MAX_EXAMPLES).map((o) => o.ref),
        };
    entries.push({ entry, effective: worse(entry.severity, worstDep) });
  }

  // Within a severity, the platform first (the FluxInstance's sync chain; operator-namespace and
  // cluster-scoped causes that break others): however many tenant objects fail, what breaks everyone leads.
  const tier = (e: RootCauseEntry): number => (platform(e.resource, e.consequenceCount) ? 0 : 1);
  entries.sort(
    (a, b) =>
      RANK[a.effective] - RANK[b.effective] ||
      tier(a.entry) - tier(b.entry) ||
      b.entry.consequenceCount - a.entry.consequenceCount ||
      compareRefs(a.entry.resource, b.entry.resource),
  );
  return entries.map((e) => e.entry);
}
