import type { CheckOutcome } from '../model.js';
import type { InputId } from '../cluster/inputs.js';
import type { ClusterState } from '../cluster/state.js';

/** A check is a pure function over collected state: no I/O, no printing. */
export interface Check {
  /** Stable kebab-case id, used in JSON output and reference.md anchors. */
  id: string;
  title: string;
  /** Inputs this check reads; collection fetches their union once. */
  needs: InputId[];
  run(state: ClusterState): CheckOutcome;
}
