// The Flux UI served by the operator on port 9080 (`http-web`), or by a standalone install behind Service
// `flux-web`: its Service, ready endpoints, and the answers of GET / and GET /api/v1/report through a
// port-forward to the operator pod (when probed). Anonymous access is read-only; with SSO the UI offers
// actions to users bound to the flux-web-user / flux-web-admin roles, so the report says so.
import type { ClusterState, UiProbe } from '../../cluster/state.js';
import { arr, at, isRecord, labels, name, namespace, num, str, stringMap } from '../../kube/fields.js';
import type { KubeObject } from '../../kube/types.js';
import type { CheckOutcome, Finding, ResourceRef } from '../../model.js';
import type { Check } from '../check.js';
import { INPUT_REASONS, accessRef, inputFailure, operatorSkip, pushIf, read } from './common.js';
import { commandLine, kubectl, parts, step, type Command } from '../../report/next-step.js';
import { readDeployment } from './pods.js';

export const UI_PORT = 9080;
const UI_PORT_NAME = 'http-web';
const DEFAULT_SERVICE = 'flux-operator';
/** The Service of a standalone Flux UI install (not served by the operator pod). */
const STANDALONE_SERVICE = 'flux-web';
/** What SSO changes: the UI then acts on the cluster for some users (CLIENTS.md, Flux UI). */
const SSO_ACTIONS = 'roles flux-web-user and flux-web-admin can reconcile, suspend, resume, restart, delete pods';

const UI_REASONS = ['UiServiceMissing', 'UiNoReadyEndpoints', 'UiProbeFailed', 'UiStarting', 'UiSsoEnabled', 'UiUnexpectedAnswer'] as const;

interface UiService {
  name: string;
  /** The Service port that carries the UI (9080, or the port named http-web). */
  port: number;
}

function uiPort(svc: KubeObject): number | undefined {
  const ports = arr(at(svc, 'spec', 'ports')).filter(isRecord);
  const byNumber = ports.find((p) => num(p.port) === UI_PORT);
  if (byNumber) return UI_PORT;
  return num(ports.find((p) => str(p.name) === UI_PORT_NAME)?.port);
}

/** The Service exposing the UI: `flux-operator` first, then a standalone `flux-web`, then one selecting the operator pods, then any. */
export function findUiService(services: readonly KubeObject[]): UiService | undefined {
  const candidates = services
    .map((s) => ({ obj: s, name: name(s), port: uiPort(s) }))
    .filter((c): c is { obj: KubeObject; name: string; port: number } => c.port !== undefined && c.name !== '')
    .sort((a, b) => a.name.localeCompare(b.name));
  const selectsOperator = (s: KubeObject): boolean => stringMap(at(s, 'spec', 'selector'))['app.kubernetes.io/name'] === 'flux-operator';
  const best =
    candidates.find((c) => c.name === DEFAULT_SERVICE) ??
    candidates.find((c) => c.name === STANDALONE_SERVICE) ??
    candidates.find((c) => selectsOperator(c.obj)) ??
    candidates[0];
  return best ? { name: best.name, port: best.port } : undefined;
}

/** Ready endpoints of a Service across its EndpointSlices; an absent `ready` counts as ready, as the API specifies. */
export function readyEndpoints(slices: readonly KubeObject[], service: string): number {
  let count = 0;
  for (const s of slices) {
    if (labels(s)['kubernetes.io/service-name'] !== service) continue;
    for (const e of arr(at(s, 'endpoints'))) {
      if (!isRecord(e)) continue;
      if (at(e, 'conditions', 'ready') !== false) count++;
    }
  }
  return count;
}

function probeFindings(state: ClusterState, probe: UiProbe, svcRef: ResourceRef, pf: Command, facts: string[]): Finding[] {
  const ns = state.operatorNamespace;
  if (!probe.probed) {
    facts.push(`UI probe not run: ${probe.reason}`);
    return [];
  }
  const target: ResourceRef = probe.pod ? { kind: 'Pod', namespace: ns, name: probe.pod } : svcRef;
  const via = probe.pod ? ` to pod ${probe.pod}` : '';
  if (probe.error !== undefined) {
    const denied = state.access.find((a) => a.subresource === 'portforward' && !a.allowed && !a.error);
    const f: Finding = {
      severity: 'warning',
      resource: target,
      reason: 'UiProbeFailed',
      message: `the UI probe through a port-forward${via} failed${denied ? ' (pods/portforward is denied for this user)' : ''}: ${probe.error}`,
      ...step('UiProbeFailed', denied ? kubectl(undefined, 'auth', 'can-i', 'create', 'pods/portforward', '-n', parts.namespace(ns)) : pf),
    };
    if (denied) f.rootCause = accessRef(denied);
    return [f];
  }
  const root = probe.rootStatus;
  const report = probe.reportStatus;
  // The query of an SSO redirect (client id, state) adds length, not meaning.
  const redirect = probe.redirect?.split('?')[0];
  const answers = `GET / ${root ?? 'no answer'}, GET /api/v1/report ${report ?? 'no answer'}${redirect ? `, redirect to ${redirect}` : ''}`;
  const is3xx = (s: number | undefined): boolean => s !== undefined && s >= 300 && s < 400;
  if (root === 401 || report === 401 || is3xx(root) || is3xx(report)) {
    return [{ severity: 'info', resource: target, reason: 'UiSsoEnabled', message: `SSO is enabled on the Flux UI, so it is not read-only for every user (${SSO_ACTIONS}); log in through the browser (${answers})`, ...step('UiSsoEnabled', pf) }];
  }
  if (root === 503 || report === 503) {
    return [{ severity: 'warning', resource: target, reason: 'UiStarting', message: `the Flux UI is still starting (${answers}); retry in a minute`, ...step('UiStarting', pf) }];
  }
  if (root === 200 && report === 200 && probe.reportIsJson === true) {
    facts.push(`UI probe${via}: GET / 200, GET /api/v1/report 200 JSON`);
    return [];
  }
  const notJson = report === 200 && probe.reportIsJson !== true ? '; the report is not JSON' : '';
  return [{ severity: 'warning', resource: target, reason: 'UiUnexpectedAnswer', message: `the Flux UI answered unexpectedly (${answers}${notJson})`, ...step('UiUnexpectedAnswer', pf) }];
}

export function runFluxUi(state: ClusterState): CheckOutcome {
  const skip = operatorSkip(state);
  if (skip) return { findings: [], skipped: skip };
  const ns = state.operatorNamespace;
  const findings: Finding[] = [];
  const facts: string[] = [];

  const services = read(state, 'operatorServices');
  pushIf(findings, inputFailure(state, 'operatorServices', { forbidden: 'warning', impact: 'the Flux UI Service' }));
  const svc = services.ok ? findUiService(services.items.filter((s) => (namespace(s) ?? ns) === ns)) : undefined;
  const svcName = svc?.name ?? DEFAULT_SERVICE;
  const svcRef: ResourceRef = { kind: 'Service', namespace: ns, name: svcName };

  if (services.ok && !svc) {
    const named = services.items.some((s) => name(s) === DEFAULT_SERVICE);
    findings.push({
      severity: 'warning',
      resource: svcRef,
      reason: 'UiServiceMissing',
      message: `${named ? `Service ${DEFAULT_SERVICE} has no port ${UI_PORT} (${UI_PORT_NAME})` : `no Service in ${ns} exposes port ${UI_PORT} (${UI_PORT_NAME})`}: the Flux UI is disabled (--web-server-port=0) or the operator is older than the UI`,
      ...step('UiServiceMissing', kubectl(parts.namespace(ns), 'get', 'services', '-o', 'wide')),
    });
  }

  if (svc) {
    const slices = read(state, 'operatorEndpointSlices');
    pushIf(findings, inputFailure(state, 'operatorEndpointSlices', { forbidden: 'warning', impact: 'whether the Flux UI Service has ready endpoints' }));
    if (slices.ok) {
      const ready = readyEndpoints(slices.items, svc.name);
      if (ready === 0) {
        const f: Finding = {
          severity: 'warning',
          resource: svcRef,
          reason: 'UiNoReadyEndpoints',
          message: `Service ${svc.name} has no ready endpoints: no Ready operator pod serves the Flux UI`,
          ...step('UiNoReadyEndpoints', kubectl(parts.namespace(ns), 'get', 'endpointslices', '-l', parts.withName('kubernetes.io/service-name=', svc.name, 'Service name'))),
        };
        const deployments = read(state, 'operatorDeployments');
        const down = deployments.ok ? deployments.items.map(readDeployment).find((d) => d.namespace === ns && d.available < d.desired) : undefined;
        if (down) f.rootCause = down.ref;
        findings.push(f);
      } else {
        facts.push(`Service ${svc.name}: port ${svc.port}, ${ready} ready endpoint${ready === 1 ? '' : 's'}`);
      }
    }
  }

  const pf = kubectl(parts.namespace(ns), 'port-forward', parts.withName('svc/', svcName, 'Service name'), `${UI_PORT}:${Number(svc?.port ?? UI_PORT)}`);
  if (svc?.name === STANDALONE_SERVICE) {
    // The probe forwards to the operator pod, which does not serve a standalone UI: its answer says nothing here.
    facts.push(`standalone Flux UI behind Service ${STANDALONE_SERVICE} (not served by the operator pod); read-only when anonymous, not read-only for every user with SSO (${SSO_ACTIONS})`);
  } else {
    findings.push(...probeFindings(state, state.ui, svcRef, pf, facts));
  }
  // First, so even a shortened report shows how to open the UI.
  facts.unshift('argv' in pf ? `open the UI: ${commandLine(pf.argv)}, then http://localhost:${UI_PORT}` : `open the UI: port-forward the operator's Service to port ${UI_PORT}`);
  return { findings, facts };
}

export const fluxUiCheck: Check = {
  id: 'flux-ui',
  title: 'Flux UI',
  needs: ['operatorDeployments', 'operatorServices', 'operatorEndpointSlices', 'operatorPods'],
  reasons: [...UI_REASONS, ...INPUT_REASONS],
  run: runFluxUi,
};
