// How long an object has been in progress, judged against the time its controller allows itself. A
// reconcile a minute into a 5m timeout is normal work (info); one past its allowance deserves a look
// (warning); one still "in progress" hours later is stuck, whatever its status says (error): some
// controllers keep Reconciling=True while every attempt fails and only their log says why.
import type { ClusterState } from '../../cluster/state.js';
import { at, conditions, durationSeconds } from '../../kube/fields.js';
import type { KubeObject } from '../../kube/types.js';
import type { Severity } from '../../model.js';
import { formatSeconds } from '../../text/duration.js';

/** Helm's and the controllers' default wait when spec.timeout is absent; also the least allowance. */
const DEFAULT_ALLOWANCE_S = 5 * 60;
/** However long the spec allows, in progress this long is stuck. */
const STUCK_FLOOR_S = 60 * 60;
/** Past this many allowances it is stuck too (a 30m timeout gets 1.5h, not 1h). */
const STUCK_FACTOR = 3;

export interface ProgressAge {
  severity: Severity;
  /** One clause for the message, e.g. "for 1m9s, within its 5m0s allowance". */
  note: string;
}

/** spec.timeout, else spec.interval, never less than the 5m default. */
export function allowanceSeconds(obj: KubeObject): number {
  const declared = durationSeconds(at(obj, 'spec', 'timeout')) ?? durationSeconds(at(obj, 'spec', 'interval'));
  return Math.max(DEFAULT_ALLOWANCE_S, declared ?? 0);
}

/** When the current progress began: the Ready=Unknown or Reconciling=True condition's transition time. */
function progressingSince(obj: KubeObject): number | undefined {
  const conds = conditions(obj);
  const c = conds.find((x) => x.type === 'Ready' && x.status === 'Unknown') ?? conds.find((x) => x.type === 'Reconciling' && x.status === 'True');
  const t = Date.parse(c?.lastTransitionTime ?? '');
  return Number.isFinite(t) ? t : undefined;
}

/** The severity of an object in progress; a warning when the cluster's clock or the start is unknown. */
export function progressAge(state: ClusterState, obj: KubeObject): ProgressAge {
  const now = Date.parse(state.now);
  const since = progressingSince(obj);
  if (!Number.isFinite(now) || since === undefined) return { severity: 'warning', note: 'for an unknown time' };
  const age = Math.max(0, (now - since) / 1000);
  const allowance = allowanceSeconds(obj);
  const stuck = Math.max(STUCK_FLOOR_S, STUCK_FACTOR * allowance);
  const span = `for ${formatSeconds(age)}`;
  if (age < allowance) return { severity: 'info', note: `${span}, within its ${formatSeconds(allowance)} allowance` };
  if (age < stuck) return { severity: 'warning', note: `${span}, longer than its ${formatSeconds(allowance)} allowance` };
  return { severity: 'error', note: `${span}: stuck, far beyond its ${formatSeconds(allowance)} allowance (the controller's log may say why)` };
}
