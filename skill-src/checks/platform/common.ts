// Helpers shared by the platform checks (connectivity, operator, instance, controllers, flux-ui):
// hints, reading inputs that may have failed, and turning a failed input into one finding.
import { INPUTS, type InputId, type InputSpec } from '../../cluster/inputs.js';
import { unusableConnection, type AccessCheck, type ClusterState, type InputError } from '../../cluster/state.js';
import type { KubeObject } from '../../kube/types.js';
import type { Finding, ResourceRef, Severity } from '../../model.js';
import { kubectl, scope, step, type Command } from '../../report/next-step.js';

/** Reasons any platform check may emit for an input it could not read. */
export const INPUT_REASONS = ['ReadForbidden', 'CRDNotInstalled', 'ReadTimeout', 'ReadFailed'] as const;

export const OPERATOR_LABEL = 'app.kubernetes.io/name=flux-operator';

/** Installing is a change, so it is a note pointing at reference.md's Installation section, never a suggested command. */
export const INSTALL_OPERATOR = 'install Flux Operator with its Helm chart (the Installation section of reference.md has the command)';

/** `deployments.apps`, or `pods` for the core group: the form kubectl auth can-i accepts. */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}


/** The resource a finding about one access review points at (used for pods/portforward). */
export function accessRef(a: Pick<AccessCheck, 'verb' | 'group' | 'resource' | 'subresource' | 'namespace'>): ResourceRef {
  const what = qualifiedResource(a.group, a.subresource ? `${a.resource}/${a.subresource}` : a.resource);
  const r: ResourceRef = { kind: 'AccessReview', name: `${a.verb} ${what}` };
  if (a.namespace) r.namespace = a.namespace;
  return r;
}

/**
 * The connectivity check reports denied list reviews as one finding per scope (all namespaces, or the
 * operator namespace); this is that finding's resource, so a 403 elsewhere can name it as root cause.
 */
export function deniedListsRef(namespace: string | undefined): ResourceRef {
  return namespace ? { kind: 'AccessReview', namespace, name: `list in ${namespace}` } : { kind: 'AccessReview', name: 'list in all namespaces' };
}

/** The denied-lists finding that explains a 403 on this resource, when an access review showed the denial. */
export function deniedListRef(state: ClusterState, group: string, resource: string, namespace: string | undefined): ResourceRef | undefined {
  const denied = state.access.some((a) => !a.allowed && !a.error && a.verb === 'list' && a.group === group && a.resource === resource && !a.subresource && (a.namespace ?? undefined) === namespace);
  return denied ? deniedListsRef(namespace) : undefined;
}

/** The connection error after which collection gave up on every input. */
export function connectionFailed(state: ClusterState): InputError | undefined {
  return unusableConnection(state.connection);
}

/** Why a cluster check does not run when the API server could not be used at all. */
export function connectionSkip(state: ClusterState): string | undefined {
  return connectionFailed(state) ? 'not checked: the API server could not be used (see the connectivity check)' : undefined;
}

export type Read =
  | { ok: true; items: KubeObject[]; narrowedTo?: string }
  | { ok: false; error: InputError }
  /** The input was not collected (not needed in this run): nothing is known. */
  | { ok: false; error?: undefined };

export function read(state: ClusterState, id: InputId): Read {
  const r = state.inputs[id];
  if (!r) return { ok: false };
  if (!r.ok) return { ok: false, error: r.error };
  const items = Array.isArray(r.items) ? r.items.filter((o): o is KubeObject => typeof o === 'object' && o !== null && !Array.isArray(o)) : [];
  return r.narrowedTo ? { ok: true, items, narrowedTo: r.narrowedTo } : { ok: true, items };
}

/**
 * True when the operator is known to be absent: its Deployment list succeeded cluster-wide (or in the
 * --namespace given) and found nothing. Checks that depend on it then skip instead of repeating the error.
 */
export function operatorMissing(state: ClusterState): boolean {
  const r = read(state, 'operatorDeployments');
  return r.ok && r.items.length === 0 && !r.narrowedTo;
}

/** Why a check that needs the operator does not run: no API server, or no operator (reported once, by the operator check). */
export function operatorSkip(state: ClusterState): string | undefined {
  return connectionSkip(state) ?? (operatorMissing(state) ? 'not checked: Flux Operator is not installed (see the operator check)' : undefined);
}

export interface InputFailureOptions {
  /** Severity of a 403 (the reader lacks RBAC). */
  forbidden: Severity;
  /** Severity of a 404 (the CRD is not installed). Defaults to error. */
  notServed?: Severity;
  /** Overrides the next step of a 404 (default: kubectl get crd NAME): a command, or a note alone. */
  notServed404?: { command?: Command; note?: string };
  /** What the check cannot report without this input, e.g. "operator pod health". */
  impact: string;
}

function inputNamespace(state: ClusterState, spec: InputSpec): string | undefined {
  return spec.scope === 'operator' ? state.operatorNamespace : undefined;
}

function inputRef(state: ClusterState, spec: InputSpec): ResourceRef {
  const ns = inputNamespace(state, spec);
  const r: ResourceRef = { kind: spec.kind, name: '*' };
  if (ns) r.namespace = ns;
  return r;
}

/** One finding for an input that could not be read, or undefined when it was read (or not collected). */
export function inputFailure(state: ClusterState, id: InputId, opts: InputFailureOptions): Finding | undefined {
  const r = state.inputs[id];
  if (!r || r.ok) return undefined;
  const spec = INPUTS[id];
  const ns = inputNamespace(state, spec);
  const what = qualifiedResource(spec.group, spec.resource);
  const where = ns ? `in ${ns}` : 'in all namespaces';
  const resource = inputRef(state, spec);
  const detail = r.error.message;
  switch (r.error.code) {
    case 'forbidden': {
      const f: Finding = {
        severity: opts.forbidden,
        resource,
        reason: 'ReadForbidden',
        message: `cannot list ${spec.kind} objects ${where} (403 Forbidden), so ${opts.impact} is not checked: ${detail}`,
        ...step('ReadForbidden', kubectl(undefined, 'auth', 'can-i', 'list', what, ...scope(ns))),
      };
      const cause = deniedListRef(state, spec.group, spec.resource, ns);
      if (cause) f.rootCause = cause;
      return f;
    }
    case 'not-served':
      return {
        severity: opts.notServed ?? 'error',
        resource,
        reason: 'CRDNotInstalled',
        message: `the ${spec.kind} API (${what}) is not served by this cluster: CRD not installed, so ${opts.impact} is not checked`,
        ...step('CRDNotInstalled', opts.notServed404 ? opts.notServed404.command : kubectl(undefined, 'get', 'crd', what), opts.notServed404?.note),
      };
    case 'timeout':
      return {
        severity: 'error',
        resource,
        reason: 'ReadTimeout',
        message: `listing ${spec.kind} objects ${where} did not finish before the timeout, so ${opts.impact} is not checked: ${detail}`,
        ...step('ReadTimeout', kubectl(undefined, 'get', what, ...scope(ns), '--request-timeout=30s')),
      };
    default:
      return {
        severity: 'error',
        resource,
        reason: 'ReadFailed',
        message: `listing ${spec.kind} objects ${where} failed (${r.error.code}), so ${opts.impact} is not checked: ${detail}`,
        ...step('ReadFailed', kubectl(undefined, 'get', what, ...scope(ns))),
      };
  }
}

/** Pushes a finding when defined. */
export function pushIf(out: Finding[], f: Finding | undefined): void {
  if (f) out.push(f);
}

/** `ns/name` for messages. */
export function nsName(r: ResourceRef): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}
