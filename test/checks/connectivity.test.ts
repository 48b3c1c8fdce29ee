import { describe, expect, it } from 'vitest';
import { connectivityCheck } from '../../skill-src/checks/platform/connectivity.js';
import type { AccessCheck, ClusterState, InputError } from '../../skill-src/cluster/state.js';
import { failed, ok, state } from '../helpers/state.js';

function run(st: ClusterState) {
  const out = connectivityCheck.run(st);
  for (const f of out.findings) {
    expect(connectivityCheck.reasons).toContain(f.reason);
    expect(f.next.docs).toBe(`reference.md#${f.reason.toLowerCase()}`);
    expect(f.hint).not.toMatch(/reference\.md#/);
  }
  return out;
}

function down(error: InputError): ClusterState {
  return state({ operatorDeployments: { ok: false, error } }, { connection: { context: 'prod', server: 'https://10.0.0.1:6443', error } });
}

const deny = (a: Partial<AccessCheck> & Pick<AccessCheck, 'resource'>): AccessCheck => ({ verb: 'list', group: '', allowed: false, ...a });

describe('connectivity check', () => {
  it('reports context, server, version, round trip and how the namespace was found', () => {
    const out = run(state());
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual(['context: test', 'server: https://127.0.0.1:6443', 'Kubernetes version: v1.33.2', 'round trip: 3 ms', 'operator namespace: flux-system (found by label app.kubernetes.io/name=flux-operator)']);
    expect(run(state({}, { namespaceSource: 'flag' })).facts).toContain('operator namespace: flux-system (from --namespace)');
  });

  it.each<[InputError['code'], string, string]>([
    ['unreachable', 'ApiServerUnreachable', "kubectl config view --minify -o 'jsonpath={.clusters[0].cluster.server}'"],
    ['tls', 'TlsHandshakeFailed', 'kubectl config view --minify'],
    ['unauthorized', 'Unauthorized', 'kubectl auth whoami'],
    ['timeout', 'ApiServerTimeout', 'kubectl get --raw /version --request-timeout=10s'],
  ])('reports a %s connection as one %s error with its command', (code, reason, command) => {
    const out = run(down({ code, message: `${code} detail (test)` }));
    expect(out.findings).toHaveLength(1);
    const f = out.findings[0]!;
    expect(f).toMatchObject({ severity: 'error', reason, resource: { kind: 'Cluster', name: 'prod' } });
    if (code !== 'unauthorized') expect(f.message).toContain(`${code} detail (test)`);
    expect(f.message).toContain('https://10.0.0.1:6443');
    expect(f.hint.startsWith(command)).toBe(true);
    expect(out.facts).toContain('server: https://10.0.0.1:6443');
  });

  it('names expired credentials on 401', () => {
    const f = run(down({ code: 'unauthorized', status: 401, message: '401 Unauthorized' })).findings[0]!;
    expect(f.message).toContain('expired or were revoked');
    expect(f.hint).toBe('kubectl auth whoami');
    expect(f.next.note).toContain('log in again or refresh the token');
  });

  it('treats a server error on /version as a warning when collection went on', () => {
    const error: InputError = { code: 'server-error', status: 500, message: 'HTTP 500 listing the server version' };
    const out = run(state({}, { connection: { context: 'c', server: 's', error } }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['ApiServerError', 'warning']]);
  });

  it('ignores a 403 on /version', () => {
    const out = run(state({}, { connection: { context: 'c', server: 's', error: { code: 'forbidden', status: 403, message: 'x' } } }));
    expect(out.findings).toEqual([]);
  });

  it('warns once per scope for denied reads, naming what the report will miss', () => {
    const out = run(
      state({}, {
        access: [
          deny({ group: 'source.toolkit.fluxcd.io', resource: 'gitrepositories' }),
          deny({ group: 'kustomize.toolkit.fluxcd.io', resource: 'kustomizations' }),
          deny({ resource: 'pods', namespace: 'flux-system' }),
          { verb: 'list', group: 'apps', resource: 'deployments', allowed: true },
        ],
      }),
    );
    expect(out.findings.map((f) => [f.reason, f.severity, f.resource])).toEqual([
      ['AccessDenied', 'warning', { kind: 'AccessReview', name: 'list in all namespaces' }],
      ['AccessDenied', 'warning', { kind: 'AccessReview', namespace: 'flux-system', name: 'list in flux-system' }],
    ]);
    const [all, pods] = out.findings;
    expect(all!.message).toBe('this user may not list GitRepository, Kustomization in all namespaces: the report will miss these objects');
    expect(all!.hint).toBe('kubectl auth can-i list gitrepositories.source.toolkit.fluxcd.io -A');
    expect(pods!.message).toContain('Pod in flux-system');
    expect(pods!.hint).toContain('kubectl auth can-i list pods -n flux-system');
  });

  it('says which namespace was read when a denied list was narrowed', () => {
    const narrowed = { ok: true as const, apiVersion: 'kustomize.toolkit.fluxcd.io/v1', items: [], narrowedTo: 'flux-system' };
    const out = run(state({ kustomizations: narrowed }, { access: [deny({ group: 'kustomize.toolkit.fluxcd.io', resource: 'kustomizations' })] }));
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.reason).toBe('AccessDenied');
    expect(out.findings[0]!.message).toContain('only flux-system was read');
  });

  it('reports lists narrowed without an access review as one ListNarrowed', () => {
    const narrowed = (apiVersion: string) => ({ ok: true as const, apiVersion, items: [], narrowedTo: 'flux-system' });
    const out = run(state({ helmReleases: narrowed('helm.toolkit.fluxcd.io/v2'), alerts: narrowed('notification.toolkit.fluxcd.io/v1beta3'), kustomizations: ok([]) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['ListNarrowed', 'warning']]);
    expect(out.findings[0]!.message).toContain('Alert, HelmRelease in all namespaces');
    expect(out.findings[0]!.message).toContain('only flux-system was read');
    expect(out.findings[0]!.hint).toContain('kubectl auth can-i list alerts.notification.toolkit.fluxcd.io -A');
  });

  it('warns that the UI probe cannot run without pods/portforward', () => {
    const out = run(state({}, { access: [deny({ verb: 'create', resource: 'pods', subresource: 'portforward', namespace: 'flux-system' })] }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['PortForwardDenied', 'warning']]);
    expect(out.findings[0]!.message).toContain('UI probe cannot run');
    expect(out.findings[0]!.hint).toContain('kubectl auth can-i create pods/portforward -n flux-system');
  });

  it('reports access reviews that could not be made once, as info', () => {
    const err = (resource: string): AccessCheck => ({ verb: 'list', group: '', resource, allowed: false, error: 'access review failed with HTTP 404' });
    const out = run(state({}, { access: [err('pods'), err('services')] }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['AccessReviewFailed', 'info']]);
    expect(out.findings[0]!.message).toContain('2 access reviews');
  });

  it('skips access findings when the API server could not be used', () => {
    const st = down({ code: 'unreachable', message: 'connection refused' });
    st.access = [deny({ resource: 'pods' })];
    expect(run(st).findings.map((f) => f.reason)).toEqual(['ApiServerUnreachable']);
  });

  it('never throws on odd state', () => {
    const st = state({ operatorPods: failed('forbidden') }, { connection: { context: '', server: '' }, access: [{ verb: 'list', group: 'x', resource: 'y', allowed: false }] });
    expect(() => run(st)).not.toThrow();
    expect(run(st).findings[0]!.message).toContain('may not list y.x in all namespaces');
  });
});
