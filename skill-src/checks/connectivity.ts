// Whether the API server could be used (and why not), what this user may read (access reviews), and
// which lists were narrowed to the operator namespace.
import { INPUTS, type InputId } from '../cluster/inputs.js';
import type { AccessCheck, ClusterState, InputError } from '../cluster/state.js';
import type { CheckOutcome, Finding, ResourceRef } from '../model.js';
import type { Check } from './check.js';
import { OPERATOR_LABEL, accessRef, connectionFailed, hint, qualifiedResource, scopeFlag } from './platform-common.js';

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
        message: `cannot reach ${at} (connection refused, DNS or network): ${e.message}`,
        hint: hint(`kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}' (check the URL, DNS, VPN, and that the cluster runs)`, 'ApiServerUnreachable'),
      };
    case 'tls':
      return {
        severity: 'error',
        resource,
        reason: 'TlsHandshakeFailed',
        message: `TLS with ${at} failed (certificate not trusted, wrong CA or wrong host): ${e.message}`,
        hint: hint('kubectl config view --minify (check the server URL and its certificate-authority)', 'TlsHandshakeFailed'),
      };
    case 'unauthorized':
      return {
        severity: 'error',
        resource,
        reason: 'Unauthorized',
        message: `${at} rejected the credentials of context ${c.context} (401: expired or revoked): ${e.message}`,
        hint: hint('kubectl auth whoami (then log in again or refresh the token of this context)', 'Unauthorized'),
      };
    case 'timeout':
      return {
        severity: 'error',
        resource,
        reason: 'ApiServerTimeout',
        message: `${at} did not answer before the timeout: ${e.message}`,
        hint: hint('kubectl get --raw /version --request-timeout=10s (then rerun with a larger --timeout)', 'ApiServerTimeout'),
      };
    default:
      // A server error on /version alone lets collection go on: then it is a warning, not the end of the run.
      return {
        severity: connectionFailed(state) ? 'error' : 'warning',
        resource,
        reason: 'ApiServerError',
        message: `${at} answered /version with an error: ${e.message}`,
        hint: hint('kubectl get --raw /version', 'ApiServerError'),
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

function accessFindings(state: ClusterState): Finding[] {
  const out: Finding[] = [];
  const failedReviews: AccessCheck[] = [];
  const reported = new Set<string>();
  for (const a of state.access) {
    if (a.allowed) continue;
    if (a.error) {
      failedReviews.push(a);
      continue;
    }
    const what = qualifiedResource(a.group, a.subresource ? `${a.resource}/${a.subresource}` : a.resource);
    if (a.subresource === 'portforward') {
      out.push({
        severity: 'warning',
        resource: accessRef(a),
        reason: 'PortForwardDenied',
        message: `this user may not ${a.verb} ${what}${a.namespace ? ` in ${a.namespace}` : ''}: the Flux UI probe cannot run (pass --no-probe-ui to skip it)`,
        hint: hint(`kubectl auth can-i ${a.verb} ${what} ${scopeFlag(a.namespace)}`, 'PortForwardDenied'),
      });
      continue;
    }
    const { kinds, ids } = kindsFor(a.group, a.resource);
    const narrowed = a.namespace ? undefined : narrowedOf(state, ids);
    const kindText = kinds.length ? kinds.join(', ') : what;
    if (!a.namespace) reported.add(`${a.group}/${a.resource}`);
    out.push({
      severity: 'warning',
      resource: accessRef(a),
      reason: 'AccessDenied',
      message: narrowed
        ? `this user may not ${a.verb} ${what} in all namespaces; only ${narrowed} was read, so ${kindText} objects elsewhere are not checked`
        : `this user may not ${a.verb} ${what} ${a.namespace ? `in ${a.namespace}` : 'in all namespaces'}: the report will miss ${kindText} objects`,
      hint: hint(`kubectl auth can-i ${a.verb} ${what} ${scopeFlag(a.namespace)}`, 'AccessDenied'),
    });
  }
  // A list narrowed without a matching denied review (e.g. no access reviews were possible).
  for (const id of Object.keys(state.inputs) as InputId[]) {
    const r = state.inputs[id];
    const spec = INPUTS[id];
    if (!r?.ok || !r.narrowedTo || reported.has(`${spec.group}/${spec.resource}`)) continue;
    reported.add(`${spec.group}/${spec.resource}`);
    const what = qualifiedResource(spec.group, spec.resource);
    out.push({
      severity: 'warning',
      resource: { kind: spec.kind, namespace: r.narrowedTo, name: '*' },
      reason: 'ListNarrowed',
      message: `listing ${what} in all namespaces was forbidden; only ${r.narrowedTo} was read, so ${spec.kind} objects elsewhere are not checked`,
      hint: hint(`kubectl auth can-i list ${what} -A`, 'ListNarrowed'),
    });
  }
  const first = failedReviews[0];
  if (first) {
    out.push({
      severity: 'info',
      resource: accessRef(first),
      reason: 'AccessReviewFailed',
      message: `${failedReviews.length} access review${failedReviews.length === 1 ? '' : 's'} could not be made, so permissions were not checked in advance: ${first.error ?? 'unknown error'}`,
      hint: hint(`kubectl auth can-i --list ${scopeFlag(state.operatorNamespace)}`, 'AccessReviewFailed'),
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
