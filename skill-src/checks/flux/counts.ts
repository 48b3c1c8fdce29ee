// Per-kind counts, like `flux stats`, read from the run's graph, where each object's health was computed once.
import type { ClusterState } from '../../cluster/state.js';
import { fluxGraph } from '../../graph/graph.js';
import { KINDS } from '../../kinds/table.js';
import type { KindCount } from '../../model.js';
import { isFailing } from './status.js';

/**
 * Running / failing / suspended per Flux kind. Failing = Ready=False or Stalled (the error states);
 * everything else not suspended is running (in progress and stale included), as `flux stats` counts.
 * Kinds whose input failed or that have no objects are left out; objects without a name are not counted.
 */
export function countKinds(state: ClusterState): KindCount[] {
  const graph = fluxGraph(state);
  const out: KindCount[] = [];
  for (const info of KINDS) {
    if ('counted' in info && info.counted === false) continue;
    const input = state.inputs[info.input];
    if (!input?.ok || input.items.length === 0) continue;
    const c: KindCount = { kind: info.kind, running: 0, failing: 0, suspended: 0 };
    for (const { health } of graph.nodesOf(info.kind)) {
      if (health.state === 'suspended') c.suspended++;
      else if (isFailing(health)) c.failing++;
      else c.running++;
    }
    out.push(c);
  }
  return out;
}
