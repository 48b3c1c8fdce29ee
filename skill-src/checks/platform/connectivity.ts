// Whether the API server could be used (and why not), what this user may read (access reviews), and
// which lists were narrowed to the operator namespace.
import { INPUTS, type InputId } from '../../cluster/inputs.js';
import type { AccessCheck, ClusterState, InputError } from '../../cluster/state.js';
import type { CheckOutcome, Finding, ResourceRef } from '../../model.js';
import type { Check } from '../check.js';
import { OPERATOR_LABEL, accessRef, connectionFailed, deniedListsRef, qualifiedResource } from './common.js';
import { kubectl, scope, step } from '../../report/next-step.js';

const CONNECTION_REASONS = ['ApiServerUnreachable', 'TlsHandshakeFailed', 'Unauthorized', 'ApiServerTimeout', 'ApiServerError'] as const;
const ACCESS_REASONS = ['AccessDenied', 'PortForwardDenied', 'AccessReviewFailed', 'ListNarrowed'] as const;

function connectionFinding(state: ClusterState, e: InputError): Finding | undefined {
  const c = state.connection;
  const resource: ResourceRef = { kind: 'Cluster', name: c.context || 'current-context' };
  const at = `the API server at ${c.server}`;
  switch (e.code) {
    case 'forbidden':
      // /version is public on most clusters; a 403 there alone says nothing about the reads that matter.
      return undefined;
    case 'unreachable':
      return {
        severity: 'error',
        resource,
        reason: 'ApiServerUnreachable',
        message: `cannot reach ${at}: ${e.message}`,
        ...step('ApiServerUnreachable', kubectl(undefined, 'config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}'), 'check the URL, DNS, VPN, and that the cluster runs'),
      };
    case 'tls':
      return {
        severity: 'error',
        resource,
        reason: 'TlsHandshakeFailed',
        message: `TLS with ${at} failed: ${e.message}`,
        ...step('TlsHandshakeFailed', kubectl(undefined, 'config', 'view', '--minify'), 'check the server URL and its certificate-authority'),
      };
    case 'unauthorized':
      return {
        severity: 'error',
        resource,
        reason: 'Unauthorized',
        // The 401 body only repeats "Unauthorized"; the cause is always the same.
        message: `${at} rejected the credentials of context ${c.context} (401 Unauthorized): they expired or were revoked`,
        ...step('Unauthorized', kubectl(undefined, 'auth', 'whoami'), 'then log in again or refresh the token of this context'),
      };
    case 'timeout':
      return {
        severity: 'error',
        resource,
        reason: 'ApiServerTimeout',
        message: `${at} did not answer before the timeout: ${e.message}`,
        ...step('ApiServerTimeout', kubectl(undefined, 'get', '--raw', '/version', '--request-timeout=10s'), 'then rerun with a larger --timeout'),
      };
    default:
      // A server error on /version alone lets collection go on: then it is a warning, not the end of the run.
      return {
        severity: connectionFailed(state) ? 'error' : 'warning',
        resource,
        reason: 'ApiServerError',
        message: `${at} answered /version with an error: ${e.message}`,
        ...step('ApiServerError', kubectl(undefined, 'get', '--raw', '/version')),
      };
  }
}

function kindsFor(group: string, resource: string): { kinds: string[]; ids: InputId[] } {
  const ids = (Object.keys(INPUTS) as InputId[]).filter((id) => INPUTS[id].group === group && INPUTS[id].resource === resource);
  return { kinds: [...new Set(ids.map((id) => INPUTS[id].kind))], ids };
}

function narrowedOf(state: ClusterState, ids: readonly InputId[]): string | undefined {
  for (const id of ids) {
    const r = state.inputs[id];
    if (r?.ok && r.narrowedTo) return r.narrowedTo;
  }
  return undefined;
}

/** Kinds (or qualified resources when no input names them), sorted and deduplicated. */
function listNames(reviews: readonly AccessCheck[]): string[] {
  const names = reviews.flatMap((a) => {
    const { kinds } = kindsFor(a.group, a.resource);
    return kinds.length ? kinds : [qualifiedResource(a.group, a.resource)];
  });
  return [...new Set(names)].sort();
}

/**
 * Denied list reviews, one finding per scope: a namespace-scoped identity is denied a dozen cluster-wide
 * lists at once, and one finding naming them all says it better than a dozen.
 */
function deniedListFindings(state: ClusterState, denied: readonly AccessCheck[], namespace: string | undefined): Finding | undefined {
  const first = denied[0];
  if (!first) return undefined;
  const names = listNames(denied);
  const where = namespace ? `in ${namespace}` : 'in all namespaces';
  const narrowed = namespace ? undefined : denied.map((a) => narrowedOf(state, kindsFor(a.group, a.resource).ids)).find((n) => n !== undefined);
  const consequence = narrowed ? `only ${narrowed} was read, so objects in other namespaces are not checked` : 'the report will miss these objects';
  return {
    severity: 'warning',
    resource: deniedListsRef(namespace),
    reason: 'AccessDenied',
    message: `this user may not list ${names.join(', ')} ${where}: ${consequence}`,
    ...step('AccessDenied', kubectl(undefined, 'auth', 'can-i', 'list', qualifiedResource(first.group, first.resource), ...scope(namespace))),
  };
}

function accessFindings(state: ClusterState): Finding[] {
  const out: Finding[] = [];
  const failedReviews = state.access.filter((a) => !a.allowed && a.error);
  const denied = state.access.filter((a) => !a.allowed && !a.error);
  for (const a of denied.filter((x) => x.subresource === 'portforward')) {
    const what = qualifiedResource(a.group, `${a.resource}/portforward`);
    out.push({
      severity: 'warning',
      resource: accessRef(a),
      reason: 'PortForwardDenied',
      message: `this user may not ${a.verb} ${what}${a.namespace ? ` in ${a.namespace}` : ''}: the Flux UI probe cannot run (pass --no-probe-ui to skip it)`,
      ...step('PortForwardDenied', kubectl(undefined, 'auth', 'can-i', a.verb, what, ...scope(a.namespace))),
    });
  }
  const lists = denied.filter((a) => !a.subresource);
  const scopes = [...new Set(lists.map((a) => a.namespace ?? ''))].sort();
  for (const scope of scopes) {
    const ns = scope || undefined;
    const f = deniedListFindings(state, lists.filter((a) => (a.namespace ?? undefined) === ns), ns);
    if (f) out.push(f);
  }

  // Lists narrowed without a denied review to explain them (e.g. the access reviews themselves failed).
  const explained = new Set(lists.filter((a) => !a.namespace).map((a) => `${a.group}/${a.resource}`));
  const narrowed = new Map<string, { kind: string; resource: string }[]>();
  for (const id of Object.keys(state.inputs) as InputId[]) {
    const r = state.inputs[id];
    const spec = INPUTS[id];
    if (!r?.ok || !r.narrowedTo || explained.has(`${spec.group}/${spec.resource}`)) continue;
    narrowed.set(r.narrowedTo, [...(narrowed.get(r.narrowedTo) ?? []), { kind: spec.kind, resource: qualifiedResource(spec.group, spec.resource) }]);
  }
  for (const [ns, lists] of narrowed) {
    const sorted = [...lists].sort((a, b) => a.kind.localeCompare(b.kind));
    out.push({
      severity: 'warning',
      resource: deniedListsRef(undefined),
      reason: 'ListNarrowed',
      message: `listing ${[...new Set(sorted.map((l) => l.kind))].join(', ')} in all namespaces was forbidden; only ${ns} was read, so objects in other namespaces are not checked`,
      ...step('ListNarrowed', sorted[0] ? kubectl(undefined, 'auth', 'can-i', 'list', sorted[0].resource, '-A') : undefined),
    });
  }

  const first = failedReviews[0];
  if (first) {
    out.push({
      severity: 'info',
      resource: accessRef(first),
      reason: 'AccessReviewFailed',
      message: `${failedReviews.length} access review${failedReviews.length === 1 ? '' : 's'} could not be made, so permissions were not checked in advance: ${first.error ?? 'unknown error'}`,
      ...step('AccessReviewFailed', kubectl(undefined, 'auth', 'can-i', '--list', ...scope(state.operatorNamespace))),
    });
  }
  return out;
}

function namespaceFact(state: ClusterState): string {
  const how = state.namespaceSource === 'flag' ? 'from --namespace' : state.namespaceSource === 'label' ? `found by label ${OPERATOR_LABEL}` : 'default: no operator found by label';
  return `operator namespace: ${state.operatorNamespace} (${how})`;
}

export function runConnectivity(state: ClusterState): CheckOutcome {
  const c = state.connection;
  const facts = [`context: ${c.context}`, `server: ${c.server}`];
  if (c.version) facts.push(`Kubernetes version: ${c.version}`);
  if (c.rttMs !== undefined) facts.push(`round trip: ${c.rttMs} ms`);
  const findings: Finding[] = [];
  const conn = c.error ? connectionFinding(state, c.error) : undefined;
  if (conn) findings.push(conn);
  if (connectionFailed(state)) return { findings, facts };
  facts.push(namespaceFact(state));
  findings.push(...accessFindings(state));
  return { findings, facts };
}

export const connectivityCheck: Check = {
  id: 'connectivity',
  title: 'Cluster connectivity',
  needs: [],
  reasons: [...CONNECTION_REASONS, ...ACCESS_REASONS],
  run: runConnectivity,
};
