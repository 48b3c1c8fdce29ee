// Reading inputs for the GitOps checks: items when the list succeeded, and one finding per failed list,
// so a 403 or a missing CRD is reported once and the rest of the check still runs.
import { INPUTS, type InputId } from '../../cluster/inputs.js';
import type { ClusterState, InputResult } from '../../cluster/state.js';
import type { KubeObject } from '../../kube/types.js';
import type { Finding } from '../../model.js';
import { INPUT_REASONS as READ_REASONS, connectionSkip, deniedListRef, inputFailure, operatorMissing } from '../platform/common.js';
import { kubectl, step } from '../../report/next-step.js';

const NOT_INSTALLED = 'CRDNotInstalled';
const NARROWED = 'ListNarrowed';

export const INPUT_REASON_LIST: readonly string[] = [...READ_REASONS, NARROWED];

/** Objects of an input; empty when it failed or was not collected. */
export function items(state: ClusterState, id: InputId): KubeObject[] {
  const r = state.inputs[id];
  return r?.ok ? r.items : [];
}

/**
 * Whether objects of this input in `namespace` were listed: true, false when we know they were not (failed
 * or narrowed to another namespace), so absence of an object there proves nothing.
 */
export function sees(state: ClusterState, id: InputId, namespace: string | undefined): boolean {
  const r: InputResult | undefined = state.inputs[id];
  if (!r) return false;
  if (!r.ok) return r.error.code === 'not-served'; // CRD absent: no object of the kind can exist
  return r.narrowedTo === undefined || r.narrowedTo === namespace;
}

/**
 * Also skips when Flux is simply not there: no operator and none of the check's own kinds served. The
 * operator check then reports the one error, instead of every check listing absent CRDs. A cluster with
 * Flux installed some other way (no operator, CRDs served) is still checked.
 */
export function fluxAbsentSkip(state: ClusterState, kinds: readonly InputId[]): string | undefined {
  const unusable = connectionSkip(state);
  if (unusable) return unusable;
  const absent = kinds.every((id) => {
    const r = state.inputs[id];
    return r !== undefined && !r.ok && r.error.code === 'not-served';
  });
  return absent && operatorMissing(state) ? 'not checked: Flux is not installed (see the operator check)' : undefined;
}

function qualified(id: InputId): string {
  const spec = INPUTS[id];
  return spec.group ? `${spec.resource}.${spec.group}` : spec.resource;
}

/**
 * Findings for the failed (or narrowed) inputs among `ids`; nothing for inputs listed in full. Absent
 * CRDs and narrowed lists are folded into one finding each, so a cluster without some Flux kinds, or a
 * user with namespace-scoped access, gets one line per check rather than one per kind.
 */
export function inputFindings(state: ClusterState, ids: readonly InputId[]): Finding[] {
  const out: Finding[] = [];
  const notServed: InputId[] = [];
  const narrowed = new Map<string, InputId[]>();
  for (const id of ids) {
    const r = state.inputs[id];
    if (!r) continue;
    const spec = INPUTS[id];
    if (r.ok) {
      if (r.narrowedTo !== undefined) narrowed.set(r.narrowedTo, [...(narrowed.get(r.narrowedTo) ?? []), id]);
      continue;
    }
    if (r.error.code === 'not-served') {
      notServed.push(id);
      continue;
    }
    const f = inputFailure(state, id, { forbidden: 'warning', impact: `the health of ${spec.kind} objects` });
    if (f) out.push(f);
  }
  const kinds = (list: InputId[]): string => list.map((id) => INPUTS[id].kind).join(', ');
  const first = notServed[0];
  if (first !== undefined) {
    const one = notServed.length === 1;
    out.unshift({
      severity: 'info',
      resource: { kind: 'CustomResourceDefinition', name: one ? qualified(first) : '*' },
      reason: NOT_INSTALLED,
      message: `${one ? `${kinds(notServed)} CRD` : `CRDs of ${kinds(notServed)}`} not installed: ${one ? 'the kind is' : 'these kinds are'} not used on this cluster`,
      ...(one ? step(NOT_INSTALLED, kubectl(undefined, 'get', 'crd', qualified(first))) : step(NOT_INSTALLED, kubectl(undefined, 'get', 'crds'), 'look for the names ending in fluxcd.io')),
    });
  }
  for (const [ns, list] of narrowed) {
    const f: Finding = {
      severity: 'warning',
      resource: { kind: 'Namespace', name: ns },
      reason: NARROWED,
      message: `listing ${kinds(list)} in all namespaces is forbidden; only namespace ${ns} was checked`,
      // can-i takes one resource; the first stands for the others (same RBAC in practice).
      ...step(NARROWED, kubectl(undefined, 'auth', 'can-i', 'list', qualified(list[0] ?? ids[0] ?? 'gitRepositories'), '-A')),
    };
    // The connectivity check's denied access review explains the narrowing: group under it.
    const cause = list.map((id) => deniedListRef(state, INPUTS[id].group, INPUTS[id].resource, undefined)).find((r) => r !== undefined);
    if (cause) f.rootCause = cause;
    out.push(f);
  }
  return out;
}
