// validate.sh --list-requests: every HTTP request the validator can send, as method + path template +
// reason, derived from the input table (cluster/inputs.ts), the checks that need each input and the
// shared request paths (cluster/requests.ts). An agent checks "read-only, no Secrets" with one command.
import { CHECKS } from '../checks/registry.js';
import { FOLLOW_NAMESPACES, INPUTS, isFluxGroup, type InputId, type InputSpec } from '../cluster/inputs.js';
import { DISCOVERY_PATH, SSAR_PATH, UI_PATHS, UI_PORT, VERSION_PATH, groupVersionPath, listPath, portForwardPath } from '../cluster/requests.js';
import { PAGE_SIZE } from '../cluster/collect.js';

export interface RequestTemplate {
  /** 'api-server': the Kubernetes API of the kubeconfig context; 'flux-ui': the UI, through the port-forward. */
  target: 'api-server' | 'flux-ui';
  method: 'GET' | 'POST';
  /** Path with `{placeholders}` for values known only at run time. */
  path: string;
  /** Query parameters that may be sent, `{placeholder}` values as in path. */
  query: Record<string, string>;
  reason: string;
}

const NAMESPACE = '{namespace}';

function checksNeeding(id: InputId): string[] {
  return CHECKS.filter((c) => c.needs.includes(id)).map((c) => c.id);
}

function listQuery(spec: InputSpec): Record<string, string> {
  const q: Record<string, string> = { limit: String(PAGE_SIZE) };
  if (spec.labelSelector) q.labelSelector = spec.labelSelector;
  if (spec.fieldSelector) q.fieldSelector = spec.fieldSelector;
  q.continue = '{token}';
  return q;
}

function listTemplates(spec: InputSpec): RequestTemplate[] {
  const flux = isFluxGroup(spec.group);
  // Flux kinds are read at the version the cluster serves: the newest known one, else whatever discovery reports.
  const version = flux ? '{version}' : (spec.versions[0] ?? 'v1');
  const versions = flux ? `; {version}: ${spec.versions.join(' or ')} as served, else the served one` : '';
  const kept = spec.keeps ? `; keeps ${spec.keeps}` : '';
  const why = `list ${spec.kind}: ${spec.purpose} (checks: ${checksNeeding(spec.id).join(', ')})${versions}${kept}`;
  const query = listQuery(spec);
  const out: RequestTemplate[] = [];
  // Cluster-scope inputs are listed across namespaces, and again in the operator namespace when that is forbidden
  // (or when --namespace names it); operator-scope inputs only in the operator namespace.
  if (spec.scope === 'cluster') out.push({ target: 'api-server', method: 'GET', path: listPath(spec, version), query, reason: why });
  const inNs =
    spec.scope === 'cluster'
      ? `${why}; in the operator namespace when the cluster-wide list is forbidden`
      : spec.scope === 'follow'
        ? `${why}; in each namespace (at most ${FOLLOW_NAMESPACES}) where ${(spec.follows ?? []).map((id) => INPUTS[id].kind).join(', ')} objects were kept`
        : `${why}; in the operator namespace`;
  out.push({ target: 'api-server', method: 'GET', path: listPath(spec, version, NAMESPACE), query, reason: inNs });
  return out;
}

/** Every request, API server first, in the order a run sends them. */
export function requestTemplates(): RequestTemplate[] {
  const needed = new Set(CHECKS.flatMap((c) => c.needs));
  const ids = (Object.keys(INPUTS) as InputId[]).filter((id) => needed.has(id));
  return [
    { target: 'api-server', method: 'GET', path: VERSION_PATH, query: {}, reason: 'server version and clock; is the cluster reachable' },
    { target: 'api-server', method: 'GET', path: DISCOVERY_PATH, query: {}, reason: 'discovery: which Flux APIs and versions the cluster serves' },
    {
      target: 'api-server',
      method: 'GET',
      path: groupVersionPath('{group}', '{version}'),
      query: {},
      reason: 'discovery of one Flux API group/version: which Flux kinds it serves (kinds of one group are served at different versions)',
    },
    ...ids.flatMap((id) => listTemplates(INPUTS[id])),
    {
      target: 'api-server',
      method: 'POST',
      path: SSAR_PATH,
      query: {},
      reason: 'SelfSubjectAccessReview (stores nothing): may I list a kind that was refused, may I port-forward to the operator pod',
    },
    {
      target: 'api-server',
      method: 'GET',
      path: portForwardPath(NAMESPACE, '{pod}'),
      query: { ports: String(UI_PORT) },
      reason: `WebSocket port-forward to the operator pod's UI port ${UI_PORT} (off with --no-probe-ui)`,
    },
    { target: 'flux-ui', method: 'GET', path: UI_PATHS.root, query: {}, reason: 'does the Flux UI serve its app' },
    { target: 'flux-ui', method: 'GET', path: UI_PATHS.report, query: {}, reason: 'is the UI API initialised, or behind SSO (401 or a redirect)' },
  ];
}

/** True when a concrete request path fits a template's path (placeholders match one path segment). */
export function pathMatches(template: string, path: string): boolean {
  const pattern = template
    .split(/(\{[a-z]+\})/)
    .map((part) => (/^\{[a-z]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(path);
}

function queryText(q: Record<string, string>): string {
  const parts = Object.entries(q).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export function renderRequestList(templates: readonly RequestTemplate[], format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify({ requests: templates }, null, 2)}\n`;
  const section = (target: RequestTemplate['target']): string[] =>
    templates.filter((t) => t.target === target).flatMap((t) => [`${t.method} ${t.path}${queryText(t.query)}`, `    ${t.reason}`]);
  return [
    'Every HTTP request validate.sh can send. Nothing else goes on the wire: no PUT, PATCH or DELETE,',
    'no POST but the access review, no Secret or ConfigMap is ever requested.',
    '',
    'To the Kubernetes API server of the chosen kubeconfig context:',
    ...section('api-server'),
    '',
    `To the Flux UI, inside the port-forward above (pod port ${UI_PORT}):`,
    ...section('flux-ui'),
    '',
    'Local commands (no network): flux-operator version --client, flux-operator-mcp --version (when on PATH).',
    '',
  ].join('\n');
}
