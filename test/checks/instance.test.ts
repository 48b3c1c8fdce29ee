import { describe, expect, it } from 'vitest';
import { instanceCheck } from '../../skill-src/checks/platform/instance.js';
import type { ClusterState } from '../../skill-src/cluster/state.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { failed, fluxObject, ok, state } from '../helpers/state.js';
import { deployment, operatorDeployment } from './platform-builders.js';

const CORE = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'];

function instance(opts: Parameters<typeof fluxObject>[2] = {}): KubeObject {
  return fluxObject('FluxInstance', 'flux', {
    apiVersion: 'fluxcd.controlplane.io/v1',
    spec: { distribution: { version: '2.x', registry: 'ghcr.io/fluxcd' } },
    conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 12s' }],
    status: { lastAttemptedRevision: 'v2.7.5@sha256:aaa', lastAppliedRevision: 'v2.7.5@sha256:aaa' },
    ...opts,
  });
}

function report(spec: Record<string, unknown> = {}, ready: 'True' | 'False' = 'True'): KubeObject {
  return fluxObject('FluxReport', 'flux', {
    apiVersion: 'fluxcd.controlplane.io/v1',
    conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'ReconciliationSucceeded' : 'ReconciliationFailed', message: ready === 'True' ? 'Reporting finished in 200ms' : 'failed to list crds' }],
    spec: {
      distribution: { entitlement: 'Unknown', status: 'Installed', version: 'v2.7.5', managedBy: 'flux-operator' },
      components: CORE.map((n) => ({ name: n, image: `ghcr.io/fluxcd/${n}:v1.7.0`, ready: true, status: 'Current Deployment is available. Replicas: 1' })),
      reconcilers: [
        { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', stats: { running: 5, failing: 1, suspended: 0 } },
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'Bucket', stats: { running: 0, failing: 0, suspended: 0 } },
      ],
      sync: { id: 'kustomization/flux-system', ready: true, source: 'https://github.com/org/fleet.git', path: 'clusters/prod', status: 'Applied revision: refs/heads/main@sha1:abc' },
      ...spec,
    },
  });
}

const controllers = (names: string[] = CORE) => ok(names.map((n) => deployment(n, { labels: { 'app.kubernetes.io/part-of': 'flux' } })), 'apps/v1');

function healthy(over: Partial<Record<'fluxInstances' | 'fluxReports' | 'controllerDeployments' | 'operatorDeployments' | 'kustomizations' | 'gitRepositories', ClusterState['inputs'][keyof ClusterState['inputs']]>> = {}): ClusterState {
  return state({ operatorDeployments: ok([operatorDeployment()]), fluxInstances: ok([instance()]), fluxReports: ok([report()]), controllerDeployments: controllers(), ...over });
}

function run(s: ClusterState) {
  const out = instanceCheck.run(s);
  for (const f of out.findings) {
    expect(instanceCheck.reasons).toContain(f.reason);
    expect(f.next.docs).toBe(`reference.md#${f.reason.toLowerCase()}`);
    expect(f.hint).not.toMatch(/reference\.md#/);
    expect(f.message).not.toContain('\n');
  }
  return out;
}

const reasons = (s: ClusterState) => run(s).findings.map((f) => [f.reason, f.severity]);

describe('instance check', () => {
  it('passes a Ready instance with all components and a ready sync, with facts', () => {
    const out = run(healthy());
    expect(out.findings).toEqual([]);
    const facts = out.facts ?? [];
    expect(facts[0]).toMatch(/^FluxInstance flux-system\/flux: Ready=True/);
    expect(facts[1]).toMatch(/^Flux distribution \(FluxReport\): v2\.7\.5/);
    expect(facts[2]).toMatch(/^sync kustomization\/flux-system/);
    expect(facts).toContain('FluxInstance flux-system/flux: Ready=True ReconciliationSucceeded: Reconciliation finished in 12s');
    expect(facts).toContain('Flux distribution (FluxReport): v2.7.5, Installed, managed by flux-operator');
    expect(facts).toContain('FluxReport components: 4/4 ready');
    expect(facts).toContain('FluxReport reconcilers (running): Kustomization 5 (1 failing)');
    expect(facts.some((f) => f.startsWith('sync kustomization/flux-system') && f.includes('Applied revision'))).toBe(true);
  });

  it('skips when the operator is not installed, so that error is reported once', () => {
    const out = run(state({ operatorDeployments: ok([]), fluxInstances: failed('not-served', 'not served', 404) }));
    expect(out.findings).toEqual([]);
    expect(out.skipped).toContain('not installed');
  });

  it('reports a missing FluxInstance CRD when the operator runs', () => {
    const out = run(healthy({ fluxInstances: failed('not-served', 'the fluxcd.controlplane.io API group is not served', 404), fluxReports: failed('not-served', 'x', 404) }));
    const crd = out.findings.filter((f) => f.reason === 'CRDNotInstalled');
    expect(crd.map((f) => [f.resource.kind, f.severity])).toEqual([
      ['FluxInstance', 'error'],
      ['FluxReport', 'warning'],
    ]);
    expect(crd[0]!.next.note).toContain('install Flux Operator with its Helm chart');
  });

  it('reports no FluxInstance with a note to create one (a change, so no command)', () => {
    const out = run(healthy({ fluxInstances: ok([]) }));
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'FluxInstanceNotFound', resource: { kind: 'FluxInstance', namespace: 'flux-system', name: 'flux' } });
    expect(out.findings[0]!.next.argv).toBeUndefined();
    expect(out.findings[0]!.next.note).toContain('create a FluxInstance named flux');
  });

  it('reports a FluxInstance in the wrong namespace as an error, a stray one next to flux as a warning', () => {
    const stray = instance({ namespace: 'apps' });
    expect(reasons(healthy({ fluxInstances: ok([stray]) }))).toEqual([['FluxInstanceIgnored', 'error']]);
    const out = run(healthy({ fluxInstances: ok([instance(), stray]) }));
    expect(out.findings.map((f) => [f.reason, f.severity, f.resource.namespace])).toEqual([['FluxInstanceIgnored', 'warning', 'apps']]);
  });

  it('reports Ready=False with the reason and message verbatim and the stuck revision', () => {
    const fi = instance({
      conditions: [{ type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message: 'reconciliation failed: Deployment/flux-system/helm-controller\nhealth check timeout' }],
      status: { lastAttemptedRevision: 'v2.7.5@sha256:bbb', lastAppliedRevision: 'v2.7.4@sha256:aaa' },
    });
    const out = run(healthy({ fluxInstances: ok([fi]) }));
    const f = out.findings.find((x) => x.reason === 'ReconciliationFailed');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('Ready=False ReconciliationFailed: reconciliation failed: Deployment/flux-system/helm-controller; health check timeout');
    expect(f?.message).toContain('the latest attempt v2.7.5@sha256:bbb did not apply, still running v2.7.4@sha256:aaa');
    expect(f?.hint).toBe('kubectl -n flux-system describe fluxinstances.fluxcd.controlplane.io flux');
    expect(out.findings.some((x) => x.reason === 'RevisionNotApplied')).toBe(false);
  });

  it('blames a failed health check on the unavailable controller it names', () => {
    const fi = instance({ conditions: [{ type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: "health check failed after 5m0s: timeout waiting for: [Deployment/flux-system/helm-controller status: 'InProgress']" }] });
    const down = ok([...CORE.filter((n) => n !== 'helm-controller' && n !== 'source-controller').map((n) => deployment(n)), deployment('source-controller', { available: 0 }), deployment('helm-controller', { available: 0 })], 'apps/v1');
    const f = run(healthy({ fluxInstances: ok([fi]), controllerDeployments: down })).findings[0];
    expect(f).toMatchObject({ reason: 'HealthCheckFailed', severity: 'error', rootCause: { kind: 'Deployment', namespace: 'flux-system', name: 'helm-controller' } });
    expect(run(healthy({ fluxInstances: ok([fi]) })).findings[0]!.rootCause).toBeUndefined();
    const build = instance({ conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'build failed' }] });
    expect(run(healthy({ fluxInstances: ok([build]), controllerDeployments: down })).findings[0]!.rootCause).toBeUndefined();
  });

  it('maps an unknown failure reason to InstanceNotReady and keeps the reason in the message', () => {
    const fi = instance({ conditions: [{ type: 'Ready', status: 'False', reason: 'SomethingNew', message: 'boom' }] });
    const f = run(healthy({ fluxInstances: ok([fi]) })).findings[0];
    expect(f).toMatchObject({ reason: 'InstanceNotReady', severity: 'error' });
    expect(f?.message).toContain('SomethingNew: boom');
  });

  it('reports Stalled=True as an error', () => {
    const fi = instance({ conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'build failed: bad patch' }, { type: 'Stalled', status: 'True', reason: 'BuildFailed', message: 'build failed: bad patch' }] });
    const out = run(healthy({ fluxInstances: ok([fi]) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['BuildFailed', 'error']]);
    expect(out.findings[0]!.message).toContain('stalled');
  });

  it('reports reconciling with Ready Unknown as an in-progress warning, and missing components as warnings then', () => {
    const fi = instance({ conditions: [{ type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress' }, { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'Reconciliation in progress' }] });
    const out = run(healthy({ fluxInstances: ok([fi]), controllerDeployments: controllers(CORE.slice(0, 2)) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([
      ['Progressing', 'warning'],
      ['ComponentMissing', 'warning'],
      ['ComponentMissing', 'warning'],
    ]);
  });

  it('warns when the status is stale (generation ahead of observedGeneration)', () => {
    const fi = instance({ generation: 3, observedGeneration: 2 });
    const out = run(healthy({ fluxInstances: ok([fi]) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['StaleStatus', 'warning']]);
    expect(out.findings[0]!.message).toContain('generation 2');
  });

  it('warns when the latest attempted revision differs from the applied one while Ready', () => {
    const fi = instance({ status: { lastAttemptedRevision: 'v2.7.5@sha256:bbb', lastAppliedRevision: 'v2.7.4@sha256:aaa' } });
    expect(reasons(healthy({ fluxInstances: ok([fi]) }))).toEqual([['RevisionNotApplied', 'warning']]);
  });

  it('warns when reconciliation is disabled by annotation', () => {
    const fi = instance({ annotations: { 'fluxcd.controlplane.io/reconcile': 'disabled' } });
    expect(reasons(healthy({ fluxInstances: ok([fi]) }))).toEqual([['ReconcileDisabled', 'warning']]);
  });

  it('reports requested components without a Deployment, defaulting to the core four', () => {
    const out = run(healthy({ controllerDeployments: controllers(['source-controller', 'kustomize-controller', 'helm-controller']) }));
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'ComponentMissing', resource: { kind: 'Deployment', namespace: 'flux-system', name: 'notification-controller' } });
    expect(out.findings[0]!.rootCause).toBeUndefined();

    const fi = instance({ spec: { distribution: { version: '2.x', registry: 'ghcr.io/fluxcd' }, components: [...CORE, 'image-reflector-controller'] } });
    const out2 = run(healthy({ fluxInstances: ok([fi]) }));
    expect(out2.findings.map((f) => f.resource.name)).toEqual(['image-reflector-controller']);
  });

  it('links missing components to a failing FluxInstance as their root cause', () => {
    const fi = instance({ conditions: [{ type: 'Ready', status: 'False', reason: 'ArtifactFailed', message: 'fetch failed' }] });
    const out = run(healthy({ fluxInstances: ok([fi]), controllerDeployments: controllers([]) }));
    const missing = out.findings.filter((f) => f.reason === 'ComponentMissing');
    expect(missing).toHaveLength(4);
    expect(missing.every((f) => f.rootCause?.kind === 'FluxInstance' && f.rootCause.name === 'flux')).toBe(true);
  });

  it('warns when the FluxReport is absent or failed to compute', () => {
    expect(reasons(healthy({ fluxReports: ok([]) }))).toEqual([['FluxReportNotFound', 'warning']]);
    expect(run(healthy({ fluxReports: ok([]) })).findings[0]!.message).toContain('5 minutes');
    expect(reasons(healthy({ fluxReports: ok([report({}, 'False')]) }))).toEqual([['FluxReportNotReady', 'warning']]);
  });

  const notReadySync = () =>
    report({ reconcilers: [], sync: { id: 'kustomization/flux-system', ready: false, source: 'https://github.com/org/fleet.git', path: 'clusters/prod', status: 'kustomize build failed\nauthentication required' } });
  const syncKs = (conds: { type: string; status: 'True' | 'False'; reason: string; message?: string }[]) =>
    fluxObject('Kustomization', 'flux-system', { spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } }, conditions: conds });
  const readyCond = [{ type: 'Ready', status: 'True' as const, reason: 'ReconciliationSucceeded' }];

  it('reports a sync that is not ready as an error of its own when the sync objects were not listed', () => {
    const out = run(healthy({ fluxReports: ok([notReadySync()]) }));
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'SyncNotReady', resource: { kind: 'FluxReport', name: 'flux' } });
    expect(out.findings[0]!.rootCause).toBeUndefined();
    expect(out.findings[0]!.message).toContain('kustomize build failed; authentication required');
    expect(out.findings[0]!.message).toContain('cannot be named');
  });

  it('blames the failing source, not the Ready sync Kustomization', () => {
    const badRepo = fluxObject('GitRepository', 'flux-system', { conditions: [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: 'authentication required' }] });
    const out = run(healthy({ fluxReports: ok([notReadySync()]), kustomizations: ok([syncKs(readyCond)]), gitRepositories: ok([badRepo]) }));
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'SyncNotReady', rootCause: { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' } });
    expect(out.findings[0]!.hint).toMatch(/^kubectl -n flux-system describe gitrepositor(y|ies\.source\.toolkit\.fluxcd\.io) flux-system$/);
  });

  it('blames the sync Kustomization when it fails on its own', () => {
    const goodRepo = fluxObject('GitRepository', 'flux-system', { conditions: readyCond });
    const ks = syncKs([{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed' }]);
    const out = run(healthy({ fluxReports: ok([notReadySync()]), kustomizations: ok([ks]), gitRepositories: ok([goodRepo]) }));
    expect(out.findings[0]).toMatchObject({ severity: 'error', rootCause: { kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' } });
  });

  it('names a sync Kustomization that does not exist without making it a root cause', () => {
    const out = run(healthy({ fluxReports: ok([notReadySync()]), kustomizations: ok([]), gitRepositories: ok([]) }));
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'SyncNotReady', resource: { kind: 'FluxReport', name: 'flux' } });
    expect(out.findings[0]!.rootCause).toBeUndefined();
    expect(out.findings[0]!.message).toMatch(/; its Kustomization flux-system\/flux-system does not exist$/);
    expect(out.findings[0]!.hint).toBe('kubectl -n flux-system get kustomizations.kustomize.toolkit.fluxcd.io');
  });

  it('blames the Ready sync Kustomization whose source is gone: it exists, and fails at its next reconciliation', () => {
    const out = run(healthy({ fluxReports: ok([notReadySync()]), kustomizations: ok([syncKs(readyCond)]), gitRepositories: ok([]) }));
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'SyncNotReady', rootCause: { kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' } });
  });

  it('does not invent a cause when the sync objects are all Ready now (the report predates the recovery)', () => {
    const goodRepo = fluxObject('GitRepository', 'flux-system', { conditions: readyCond });
    const out = run(healthy({ fluxReports: ok([notReadySync()]), kustomizations: ok([syncKs(readyCond)]), gitRepositories: ok([goodRepo]) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['SyncNotReady', 'info']]);
    expect(out.findings[0]!.rootCause).toBeUndefined();
  });

  describe('cross-check with the FluxReport counts', () => {
    const ks = (name: string, failing = false) =>
      fluxObject('Kustomization', name, { conditions: [{ type: 'Ready', status: failing ? 'False' : 'True', reason: failing ? 'BuildFailed' : 'ReconciliationSucceeded' }] });
    const counts = (running: number, failing: number, suspended = 0) =>
      report({ reconcilers: [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', stats: { running, failing, suspended } }] });

    it('warns, naming the kind and both counts, when fewer objects were listed than the operator counts', () => {
      const out = run(healthy({ fluxReports: ok([counts(4, 0, 1)]), kustomizations: ok([ks('a'), ks('b')]) }));
      expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['IncompleteView', 'warning']]);
      expect(out.findings[0]!.message).toContain('Kustomization 5 (0 failing) counted, 2 (0 failing) listed');
    });

    it('warns when fewer failures were listed, even with as many objects', () => {
      const out = run(healthy({ fluxReports: ok([counts(2, 1)]), kustomizations: ok([ks('a'), ks('b')]) }));
      expect(out.findings[0]!.message).toContain('Kustomization 2 (1 failing) counted, 2 (0 failing) listed');
    });

    it('is silent when the lists agree or hold more, and when the kind was not listed in full', () => {
      expect(run(healthy({ fluxReports: ok([counts(2, 1)]), kustomizations: ok([ks('a'), ks('b', true), ks('c')]) })).findings).toEqual([]);
      expect(run(healthy({ fluxReports: ok([counts(9, 3)]) })).findings).toEqual([]);
      const narrowed = { ok: true as const, apiVersion: 'v1', items: [ks('a')], narrowedTo: 'flux-system' };
      expect(run(healthy({ fluxReports: ok([counts(9, 3)]), kustomizations: narrowed })).findings).toEqual([]);
    });
  });

  it('makes a FluxInstance failing its health checks a consequence of its failing sync source', () => {
    const badRepo = fluxObject('GitRepository', 'flux-system', { conditions: [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: 'authentication required' }] });
    const fi = instance({
      spec: { distribution: { version: '2.x', registry: 'ghcr.io/fluxcd' }, sync: { kind: 'GitRepository', url: 'https://github.com/org/fleet.git', ref: 'refs/heads/main', path: 'clusters/prod' } },
      conditions: [{ type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: "timeout waiting for: [Kustomization/flux-system/flux-system status: 'Failed']" }],
    });
    const ks = syncKs([{ type: 'Ready', status: 'False', reason: 'ArtifactFailed', message: 'Source is not ready, artifact not found' }]);
    const out = run(healthy({ fluxInstances: ok([fi]), kustomizations: ok([ks]), gitRepositories: ok([badRepo]) }));
    const f = out.findings.find((x) => x.resource.kind === 'FluxInstance');
    expect(f).toMatchObject({ severity: 'error', reason: 'HealthCheckFailed', rootCause: { kind: 'GitRepository', name: 'flux-system' } });
  });

  it('reports a suspended sync as a warning', () => {
    const r = report({ sync: { id: 'kustomization/flux-system', ready: true, status: 'Suspended Applied revision: main@sha1:abc' } });
    expect(reasons(healthy({ fluxReports: ok([r]) }))).toEqual([['SyncSuspended', 'warning']]);
  });

  it('uses FluxReport component readiness only when the Deployments cannot be read', () => {
    const comps = CORE.map((n) => ({ name: n, image: 'x', ready: n !== 'helm-controller', status: n === 'helm-controller' ? 'InProgress Deployment does not have minimum availability.' : 'Current' }));
    const r = report({ components: comps });
    const seen = run(healthy({ fluxReports: ok([r]) }));
    expect(seen.findings).toEqual([]);
    expect(seen.facts).toContain('FluxReport components: 3/4 ready (not ready: helm-controller)');
    const blind = run(healthy({ fluxReports: ok([r]), controllerDeployments: failed('forbidden', 'denied', 403) }));
    expect(blind.findings.map((f) => [f.reason, f.resource.name])).toEqual([['ComponentNotReady', 'helm-controller']]);
    expect(blind.facts).toContain('components not compared: the controller Deployments could not be read');
  });

  it('turns a forbidden or timed-out FluxInstance list into a finding and still reads the FluxReport', () => {
    const out = run(healthy({ fluxInstances: failed('forbidden', 'denied', 403) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['ReadForbidden', 'warning']]);
    expect(out.findings[0]!.hint).toContain('kubectl auth can-i list fluxinstances.fluxcd.controlplane.io -A');
    expect(out.facts).toContain('FluxReport components: 4/4 ready');
    expect(reasons(healthy({ fluxInstances: failed('timeout') }))).toEqual([['ReadTimeout', 'error']]);
  });

  it('never throws on mistyped data', () => {
    const junk: KubeObject[] = [
      { kind: 'FluxInstance', metadata: { name: 'flux', namespace: 'flux-system', generation: 'x', annotations: [1] }, spec: { components: 'all', distribution: 7 }, status: { conditions: [{ type: 'Ready', status: 'False', reason: 3 }], lastAttemptedRevision: 9 } },
    ];
    const badReport: KubeObject[] = [{ kind: 'FluxReport', metadata: { name: 'flux', namespace: 'flux-system' }, spec: { components: [null, 'x', { ready: 'yes' }], reconcilers: 'many', sync: { ready: 'no', status: 5 }, distribution: [] } }];
    expect(() => run(healthy({ fluxInstances: ok(junk), fluxReports: ok(badReport), controllerDeployments: ok([{ metadata: null } as unknown as KubeObject]) }))).not.toThrow();
  });
});
