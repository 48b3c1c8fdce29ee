// When to recommend the Flux MCP server (read-only): the seed skill's conditions, FluxInstance not Ready,
// reconciliation errors, source sync failures. The reasons are the report's own words, never object text.
import type { ClusterState } from '../cluster/state.js';
import { condition } from '../kube/fields.js';
import type { CheckResult, Finding } from '../model.js';
import { KINDS, kindsOf } from '../kinds/table.js';
import { plural } from '../text/plural.js';

const SOURCES: ReadonlySet<string> = new Set(kindsOf('sources').map((k) => k.kind));
/** Every other Flux reconciler (appliers, ResourceSets, image automation, generators, notifications); the instance is its own condition. */
const RECONCILERS: ReadonlySet<string> = new Set(KINDS.filter((k) => k.family !== 'sources' && k.family !== 'instance').map((k) => k.kind));

function errorsOf(checks: readonly CheckResult[], kinds: ReadonlySet<string>): Finding[] {
  return checks.flatMap((c) => c.findings).filter((f) => f.severity === 'error' && kinds.has(f.resource.kind));
}

function instanceNotReady(state: ClusterState, checks: readonly CheckResult[]): boolean {
  if (errorsOf(checks, new Set(['FluxInstance'])).length > 0) return true;
  const instances = state.inputs.fluxInstances;
  // Ready=Unknown is a reconciliation in progress, not a failure.
  return instances?.ok === true && instances.items.some((obj) => condition(obj, 'Ready')?.status === 'False');
}

/** The conditions that hold; an empty list means no recommendation. */
export function mcpReasons(state: ClusterState, checks: readonly CheckResult[]): string[] {
  const reasons: string[] = [];
  if (instanceNotReady(state, checks)) reasons.push('the FluxInstance is not Ready');
  const reconcile = errorsOf(checks, RECONCILERS).length;
  if (reconcile > 0) reasons.push(plural(reconcile, 'reconciliation error', 'reconciliation errors'));
  const sources = errorsOf(checks, SOURCES).length;
  if (sources > 0) reasons.push(plural(sources, 'source sync failure', 'source sync failures'));
  return reasons;
}
