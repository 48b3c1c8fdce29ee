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
  /**
   * Every reason this check can put in a finding, validator-defined or Kubernetes. reference.md has a
   * section per reason (heading `### Reason`), so each hint can point at `reference.md#reason`.
   */
  reasons: readonly string[];
  run(state: ClusterState): CheckOutcome;
}
