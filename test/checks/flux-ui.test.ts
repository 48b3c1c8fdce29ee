import { describe, expect, it } from 'vitest';
import { findUiService, fluxUiCheck, readyEndpoints } from '../../skill-src/checks/platform/flux-ui.js';
import type { ClusterState, InputResult, UiProbe } from '../../skill-src/cluster/state.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { failed, ok, state } from '../helpers/state.js';
import { endpointSlice, operatorDeployment, service } from './platform-builders.js';

const UI_SVC = service('flux-operator', [
  { name: 'http-web', port: 9080 },
  { name: 'http', port: 8080 },
]);
const PF = 'kubectl -n flux-system port-forward svc/flux-operator 9080:9080';
const GOOD: UiProbe = { probed: true, pod: 'flux-operator-5d9f8c7b6-abcde', rootStatus: 200, reportStatus: 200, reportIsJson: true };

function s(opts: { services?: InputResult; slices?: InputResult; deployments?: InputResult; ui?: UiProbe; access?: ClusterState['access'] } = {}): ClusterState {
  return state(
    {
      operatorDeployments: opts.deployments ?? ok([operatorDeployment()]),
      operatorServices: opts.services ?? ok([UI_SVC]),
      operatorEndpointSlices: opts.slices ?? ok([endpointSlice('flux-operator', [true])]),
    },
    { ui: opts.ui ?? GOOD, access: opts.access ?? [] },
  );
}

function run(st: ClusterState) {
  const out = fluxUiCheck.run(st);
  for (const f of out.findings) {
    expect(fluxUiCheck.reasons).toContain(f.reason);
    expect(f.next.docs).toBe(`reference.md#${f.reason.toLowerCase()}`);
    expect(f.hint).not.toMatch(/reference\.md#/);
  }
  return out;
}

describe('flux-ui check', () => {
  it('passes with a Service on 9080, a ready endpoint and a good probe, and prints the port-forward', () => {
    const out = run(s());
    expect(out.findings).toEqual([]);
    expect(out.facts?.[0]).toBe(`open the UI: ${PF}, then http://localhost:9080`);
    expect(out.facts).toContain('Service flux-operator: port 9080, 1 ready endpoint');
    expect(out.facts).toContain('UI probe to pod flux-operator-5d9f8c7b6-abcde: GET / 200, GET /api/v1/report 200 JSON');
  });

  it('uses the real Service name and port in the port-forward command', () => {
    const renamed = service('fo-flux-operator', [{ name: 'http-web', port: 80 }]);
    const out = run(s({ services: ok([renamed]), slices: ok([endpointSlice('fo-flux-operator', [true])]) }));
    expect(out.findings).toEqual([]);
    expect(out.facts?.[0]).toBe('open the UI: kubectl -n flux-system port-forward svc/fo-flux-operator 9080:80, then http://localhost:9080');
  });

  it('warns when no Service exposes 9080, and still prints the command', () => {
    const out = run(s({ services: ok([service('flux-operator', [{ name: 'http', port: 8080 }])]) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['UiServiceMissing', 'warning']]);
    expect(out.findings[0]!.message).toContain('Service flux-operator has no port 9080');
    expect(out.findings[0]!.message).toContain('--web-server-port=0');
    expect(out.facts?.[0]).toBe(`open the UI: ${PF}, then http://localhost:9080`);
    expect(run(s({ services: ok([]) })).findings[0]!.message).toContain('no Service in flux-system exposes port 9080');
  });

  it('warns about no ready endpoints, caused by an unavailable operator', () => {
    const out = run(s({ slices: ok([endpointSlice('flux-operator', [false, false])]), deployments: ok([operatorDeployment({ available: 0 })]) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['UiNoReadyEndpoints', 'warning']]);
    expect(out.findings[0]!.rootCause).toEqual({ kind: 'Deployment', namespace: 'flux-system', name: 'flux-operator' });
    const noSlices = run(s({ slices: ok([endpointSlice('other', [true])]) }));
    expect(noSlices.findings.map((f) => f.reason)).toEqual(['UiNoReadyEndpoints']);
    expect(noSlices.findings[0]!.rootCause).toBeUndefined();
  });

  it('finds a standalone UI behind Service flux-web, and does not read the operator-pod probe as its answer', () => {
    const web = service('flux-web', [{ name: 'http', port: 9080 }]);
    const operatorNoUi = service('flux-operator', [{ name: 'http', port: 8080 }]);
    expect(findUiService([service('other', [{ port: 9080 }]), web])?.name).toBe('flux-web');
    expect(findUiService([web, UI_SVC])?.name).toBe('flux-operator');
    const out = run(s({ services: ok([operatorNoUi, web]), slices: ok([endpointSlice('flux-web', [true])]), ui: { probed: true, pod: 'p', error: 'connection refused' } }));
    expect(out.findings).toEqual([]);
    expect(out.facts?.[0]).toBe('open the UI: kubectl -n flux-system port-forward svc/flux-web 9080:9080, then http://localhost:9080');
    expect(out.facts).toContain('Service flux-web: port 9080, 1 ready endpoint');
    expect(out.facts?.some((f) => f.startsWith('standalone Flux UI behind Service flux-web') && f.includes('not read-only for every user'))).toBe(true);
  });

  it('counts endpoints with no ready condition as ready, as the API specifies', () => {
    expect(readyEndpoints([endpointSlice('svc', [undefined, false, true])], 'svc')).toBe(2);
    expect(readyEndpoints([endpointSlice('svc', [true])], 'other')).toBe(0);
  });

  it('prefers the flux-operator Service, then one selecting the operator pods', () => {
    const a = service('a-ui', [{ port: 9080 }]);
    const b: KubeObject = { ...service('b-ui', [{ port: 9080 }]), spec: { selector: { 'app.kubernetes.io/name': 'flux-operator' }, ports: [{ port: 9080 }] } };
    expect(findUiService([a, b])?.name).toBe('b-ui');
    expect(findUiService([a, b, UI_SVC])?.name).toBe('flux-operator');
  });

  it('states why the UI was not probed', () => {
    const out = run(s({ ui: { probed: false, reason: 'disabled with --no-probe-ui' } }));
    expect(out.findings).toEqual([]);
    expect(out.facts).toContain('UI probe not run: disabled with --no-probe-ui');
  });

  it('warns while the UI is starting (503)', () => {
    const out = run(s({ ui: { ...GOOD, reportStatus: 503, reportIsJson: false } }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['UiStarting', 'warning']]);
    expect(out.findings[0]!.resource).toEqual({ kind: 'Pod', namespace: 'flux-system', name: 'flux-operator-5d9f8c7b6-abcde' });
    expect(out.findings[0]!.hint).toMatch(new RegExp(`^${PF}`));
  });

  it.each<[string, UiProbe]>([
    ['401', { ...GOOD, reportStatus: 401, reportIsJson: false }],
    ['a redirect', { ...GOOD, rootStatus: 302, reportStatus: 302, reportIsJson: false, redirect: 'https://dex.example.com/auth?client_id=flux-web&state=abc' }],
  ])('reports SSO as info on %s', (_label, ui) => {
    const out = run(s({ ui }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['UiSsoEnabled', 'info']]);
    expect(out.findings[0]!.message).toContain('log in through the browser');
    expect(out.findings[0]!.message).not.toContain('?');
    // With SSO the UI can act on the cluster: the report must not let anyone take it for read-only.
    expect(out.findings[0]!.message).toMatch(/not read-only for every user \(roles flux-web-user and flux-web-admin can reconcile, suspend, resume, restart, delete pods\)/);
  });

  it('warns on a failed probe, naming a denied port-forward as its cause', () => {
    const plain = run(s({ ui: { probed: true, pod: 'p', error: 'no HTTP answer through the port-forward' } }));
    expect(plain.findings.map((f) => [f.reason, f.severity])).toEqual([['UiProbeFailed', 'warning']]);
    expect(plain.findings[0]!.message).toContain('no HTTP answer');
    const access = [{ verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace: 'flux-system', allowed: false }];
    const denied = run(s({ ui: { probed: true, pod: 'p', error: 'forbidden' }, access }));
    expect(denied.findings[0]!.rootCause).toEqual({ kind: 'AccessReview', namespace: 'flux-system', name: 'create pods/portforward' });
    expect(denied.findings[0]!.hint).toContain('kubectl auth can-i create pods/portforward -n flux-system');
  });

  it('warns on an unexpected answer, such as a report that is not JSON', () => {
    const out = run(s({ ui: { ...GOOD, reportIsJson: false } }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['UiUnexpectedAnswer', 'warning']]);
    expect(out.findings[0]!.message).toContain('not JSON');
    expect(run(s({ ui: { ...GOOD, rootStatus: 404 } })).findings[0]!.reason).toBe('UiUnexpectedAnswer');
  });

  it('skips when the operator is not installed', () => {
    const out = run(s({ deployments: ok([]) }));
    expect(out.findings).toEqual([]);
    expect(out.skipped).toContain('not installed');
  });

  it('turns failed inputs into findings and still reports the probe', () => {
    const out = run(s({ services: failed('forbidden', 'denied', 403) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['ReadForbidden', 'warning']]);
    expect(out.findings[0]!.hint).toContain('kubectl auth can-i list services -n flux-system');
    expect(out.facts).toContain('UI probe to pod flux-operator-5d9f8c7b6-abcde: GET / 200, GET /api/v1/report 200 JSON');
    expect(out.facts?.[0]).toBe(`open the UI: ${PF}, then http://localhost:9080`);
    const slices = run(s({ slices: failed('timeout') }));
    expect(slices.findings.map((f) => [f.reason, f.severity])).toEqual([['ReadTimeout', 'error']]);
  });

  it('never throws on mistyped data', () => {
    const junk: KubeObject[] = [{ metadata: { name: 'flux-operator' }, spec: { ports: 'all' } }, { metadata: { name: 'x' }, spec: { ports: [null, { port: '9080' }, { name: 'http-web', port: 'x' }] } }];
    const slices: KubeObject[] = [{ metadata: { labels: { 'kubernetes.io/service-name': 'flux-operator' } }, endpoints: 'none' }];
    expect(() => run(s({ services: ok(junk), slices: ok(slices), ui: { probed: true } }))).not.toThrow();
  });
});
