import { describe, expect, it } from 'vitest';
import { operatorCheck } from '../../skill-src/checks/platform/operator.js';
import type { ClusterState } from '../../skill-src/cluster/state.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { failed, ok, state } from '../helpers/state.js';
import { operatorDeployment, pod } from './platform-builders.js';

const opPod = (name: string, opts: Parameters<typeof pod>[1] = {}): KubeObject => pod(name, { deployment: 'flux-operator', labels: { 'app.kubernetes.io/name': 'flux-operator' }, ...opts });

function report(version: string): KubeObject {
  return { apiVersion: 'fluxcd.controlplane.io/v1', kind: 'FluxReport', metadata: { name: 'flux', namespace: 'flux-system' }, spec: { operator: { version, apiVersion: 'fluxcd.controlplane.io/v1', platform: 'linux/amd64' } } };
}

function run(s: ClusterState) {
  const out = operatorCheck.run(s);
  for (const f of out.findings) expect(operatorCheck.reasons).toContain(f.reason);
  return out;
}

describe('operator check', () => {
  it('passes a healthy operator and reports its version from image and FluxReport', () => {
    const out = run(state({ operatorDeployments: ok([operatorDeployment()]), operatorPods: ok([opPod('flux-operator-5d9f8c7b6-abcde')]), fluxReports: ok([report('v0.58.1')]) }));
    expect(out.findings).toEqual([]);
    expect(out.facts).toContain('operator image: ghcr.io/controlplaneio-fluxcd/flux-operator:v0.58.1');
    expect(out.facts).toContain('operator version (FluxReport): v0.58.1');
    expect(out.facts?.some((f) => f.includes('1/1 available') && f.includes('1/1 pods Ready'))).toBe(true);
  });

  it('reports one install error when no Deployment carries the label', () => {
    const out = run(state({ operatorDeployments: ok([]) }));
    expect(out.findings).toHaveLength(1);
    const f = out.findings[0]!;
    expect(f).toMatchObject({ severity: 'error', reason: 'OperatorNotInstalled', resource: { kind: 'Deployment', namespace: 'flux-system', name: 'flux-operator' } });
    expect(f.message).toContain('not installed');
    // Installing is a change: a note pointing at reference.md, never a suggested command.
    expect(f.next).toEqual({ docs: 'reference.md#operatornotinstalled', note: expect.stringContaining('install Flux Operator with its Helm chart') });
  });

  it('reports Flux installed without the operator (bootstrap, Helm chart) as info, and the Flux checks still apply', () => {
    const controllers = ['source-controller', 'kustomize-controller'].map((n) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: n, namespace: 'flux-system', labels: { 'app.kubernetes.io/part-of': 'flux' } } }));
    const out = run(state({ operatorDeployments: ok([]), controllerDeployments: ok(controllers) }));
    expect(out.findings).toHaveLength(1);
    const f = out.findings[0]!;
    expect(f).toMatchObject({ severity: 'info', reason: 'OperatorNotInstalled' });
    expect(f.message).toContain('Flux runs without Flux Operator (2 Flux controller Deployments in flux-system');
    expect(f.next.argv).toEqual(['kubectl', '-n', 'flux-system', 'get', 'deployments', '-l', 'app.kubernetes.io/part-of=flux']);
    expect(f.next.note).toContain('Bootstrap migration');
  });

  it('still reports an install error when the controller list is empty or unreadable', () => {
    for (const controllerDeployments of [ok([]), failed('forbidden', 'forbidden', 403)]) {
      const out = run(state({ operatorDeployments: ok([]), controllerDeployments }));
      expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'OperatorNotInstalled' });
    }
  });

  it('with --namespace, says where it looked and suggests looking elsewhere first', () => {
    const out = run(state({ operatorDeployments: ok([]) }, { namespaceSource: 'flag', operatorNamespace: 'ops' }));
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'OperatorNotInstalled', resource: { namespace: 'ops' } });
    expect(out.findings[0]!.message).toContain('in namespace ops');
    expect(out.findings[0]!.hint).toBe('kubectl get deployments -A -l app.kubernetes.io/name=flux-operator');
    expect(out.findings[0]!.next.note).toContain('pass that to --namespace');
  });

  it('only warns when the list was narrowed to one namespace and found nothing there', () => {
    const out = run(state({ operatorDeployments: { ok: true, apiVersion: 'apps/v1', items: [], narrowedTo: 'flux-system' } }));
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'warning', reason: 'OperatorNotFound' });
    expect(out.findings[0]!.hint).toContain('kubectl get deployments -A -l app.kubernetes.io/name=flux-operator');
  });

  it('finds the operator by label whatever its name, and warns about several', () => {
    const renamed = operatorDeployment();
    renamed.metadata = { ...renamed.metadata, name: 'fo-flux-operator' };
    const other = operatorDeployment({ namespace: 'other' });
    const out = run(state({ operatorDeployments: ok([renamed, other]), operatorPods: ok([]) }));
    const multi = out.findings.find((f) => f.reason === 'MultipleOperators');
    expect(multi?.severity).toBe('warning');
    expect(multi?.message).toContain('flux-system/fo-flux-operator');
    expect(multi?.message).toContain('other/flux-operator');
    expect(out.findings.some((f) => f.reason === 'OperatorNotInstalled')).toBe(false);
  });

  it('reports unavailable replicas with the crashing pod as root cause and a logs --previous hint', () => {
    const out = run(
      state({
        operatorDeployments: ok([operatorDeployment({ available: 0, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }] })]),
        operatorPods: ok([opPod('flux-operator-5d9f8c7b6-abcde', { ready: false, containers: [{ restartCount: 7, waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' }, lastTerminated: { reason: 'Error', exitCode: 1 } }] })]),
      }),
    );
    const dep = out.findings.find((f) => f.reason === 'ReplicasUnavailable');
    expect(dep).toMatchObject({ severity: 'error', resource: { kind: 'Deployment', name: 'flux-operator' }, rootCause: { kind: 'Pod', namespace: 'flux-system', name: 'flux-operator-5d9f8c7b6-abcde' } });
    expect(dep?.message).toContain('0/1 replicas available');
    expect(dep?.message).toContain('MinimumReplicasUnavailable');
    const crash = out.findings.find((f) => f.reason === 'CrashLoopBackOff');
    expect(crash).toMatchObject({ severity: 'error', resource: { kind: 'Pod', name: 'flux-operator-5d9f8c7b6-abcde' } });
    expect(crash?.message).toContain('last terminated: Error (exit 1)');
    expect(crash?.message).toContain('7 restarts');
    expect(crash?.message).not.toContain('back-off 5m0s');
    expect(crash?.hint).toBe('kubectl -n flux-system logs flux-operator-5d9f8c7b6-abcde --previous');
    // One finding per container: no extra restart or not-ready warning for the same container.
    expect(out.findings.filter((f) => f.resource.kind === 'Pod')).toHaveLength(1);
  });

  it.each(['ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError'])('reports %s with a describe pod hint', (reason) => {
    const out = run(state({ operatorDeployments: ok([operatorDeployment({ available: 0 })]), operatorPods: ok([opPod('op-x', { ready: false, containers: [{ waiting: { reason, message: 'details here' } }] })]) }));
    const f = out.findings.find((x) => x.reason === reason);
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('details here');
    expect(f?.hint).toBe('kubectl -n flux-system describe pod op-x');
    expect(f?.next.docs).toBe(`reference.md#${reason.toLowerCase()}`);
  });

  it('reports OOMKilled as an error while the container is down, a warning once it runs again', () => {
    const down = run(state({ operatorDeployments: ok([operatorDeployment({ available: 0 })]), operatorPods: ok([opPod('op-a', { ready: false, containers: [{ restartCount: 3, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } }] })]) }));
    const oom = down.findings.find((f) => f.reason === 'OOMKilled');
    expect(oom?.severity).toBe('error');
    expect(oom?.message).toContain('CrashLoopBackOff');
    expect(oom?.message).toContain('exit 137');
    expect(oom?.hint).toContain('kubectl -n flux-system describe pod op-a');
    expect(down.findings.some((f) => f.reason === 'CrashLoopBackOff')).toBe(false);

    const up = run(state({ operatorDeployments: ok([operatorDeployment()]), operatorPods: ok([opPod('op-b', { containers: [{ restartCount: 1, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } }] })]) }));
    expect(up.findings.map((f) => [f.reason, f.severity])).toEqual([['OOMKilled', 'warning']]);
  });

  it('warns about restarts at the threshold, not below it', () => {
    const at5 = run(state({ operatorDeployments: ok([operatorDeployment()]), operatorPods: ok([opPod('op-c', { containers: [{ restartCount: 5, lastTerminated: { reason: 'Error', exitCode: 2 } }] })]) }));
    expect(at5.findings).toHaveLength(1);
    expect(at5.findings[0]).toMatchObject({ severity: 'warning', reason: 'ContainerRestarts' });
    expect(at5.findings[0]!.hint).toContain('logs op-c --previous');
    const at4 = run(state({ operatorDeployments: ok([operatorDeployment()]), operatorPods: ok([opPod('op-d', { containers: [{ restartCount: 4 }] })]) }));
    expect(at4.findings).toEqual([]);
  });

  it('reports an unschedulable pod and a not-ready pod', () => {
    const out = run(
      state({
        operatorDeployments: ok([operatorDeployment({ replicas: 2, available: 0 })]),
        operatorPods: ok([
          opPod('op-pending', { phase: 'Pending', ready: false, containers: [], scheduled: { status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' } }),
          opPod('op-starting', { ready: false, containers: [{ ready: false }] }),
        ]),
      }),
    );
    expect(out.findings.find((f) => f.reason === 'Unschedulable')?.message).toBe('Flux Operator pod op-pending cannot be scheduled: 0/3 nodes are available: 3 Insufficient memory.');
    expect(out.findings.find((f) => f.reason === 'PodNotReady')).toMatchObject({ severity: 'warning', resource: { name: 'op-starting' } });
    expect(out.findings.find((f) => f.reason === 'ReplicasUnavailable')?.rootCause?.name).toBe('op-pending');
  });

  it('warns when scaled to zero', () => {
    const out = run(state({ operatorDeployments: ok([operatorDeployment({ replicas: 0, available: 0 })]), operatorPods: ok([]) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['ScaledToZero', 'warning']]);
  });

  it('reports a version mismatch between image tag and FluxReport as info', () => {
    const out = run(state({ operatorDeployments: ok([operatorDeployment()]), operatorPods: ok([opPod('op-e')]), fluxReports: ok([report('0.57.0')]) }));
    expect(out.findings.map((f) => [f.reason, f.severity])).toEqual([['OperatorVersionMismatch', 'info']]);
    const same = run(state({ operatorDeployments: ok([operatorDeployment()]), operatorPods: ok([opPod('op-e')]), fluxReports: ok([report('0.58.1')]) }));
    expect(same.findings).toEqual([]);
  });

  it('turns failed inputs into findings and still reports what it can', () => {
    const forbidden = run(state({ operatorDeployments: failed('forbidden', '403 Forbidden listing Deployment objects', 403) }));
    expect(forbidden.findings).toHaveLength(1);
    expect(forbidden.findings[0]).toMatchObject({ severity: 'warning', reason: 'ReadForbidden', resource: { kind: 'Deployment', name: '*' } });
    expect(forbidden.findings[0]!.hint).toBe('kubectl auth can-i list deployments.apps -A');

    const podsDenied = run(state({ operatorDeployments: ok([operatorDeployment()]), operatorPods: failed('forbidden', 'denied', 403) }));
    expect(podsDenied.findings.map((f) => f.reason)).toEqual(['ReadForbidden']);
    expect(podsDenied.findings[0]!.hint).toContain('kubectl auth can-i list pods -n flux-system');
    expect(podsDenied.facts?.some((f) => f.includes('1/1 available'))).toBe(true);

    const timeout = run(state({ operatorDeployments: ok([operatorDeployment()]), operatorPods: failed('timeout') }));
    expect(timeout.findings[0]).toMatchObject({ severity: 'error', reason: 'ReadTimeout' });
  });

  it('links a 403 to the denied access review that explains it', () => {
    const out = run(state({ operatorDeployments: failed('forbidden') }, { access: [{ verb: 'list', group: 'apps', resource: 'deployments', allowed: false }] }));
    expect(out.findings[0]?.rootCause).toEqual({ kind: 'AccessReview', name: 'list in all namespaces' });
  });

  it('skips when the API server could not be used', () => {
    const out = run(state({ operatorDeployments: failed('unreachable') }, { connection: { context: 'c', server: 's', error: { code: 'unreachable', message: 'connection refused' } } }));
    expect(out.findings).toEqual([]);
    expect(out.skipped).toContain('API server');
  });

  it('never throws on mistyped data', () => {
    const junk: KubeObject[] = [
      { kind: 'Deployment', metadata: { name: 7, namespace: ['x'] }, spec: 'nope', status: { availableReplicas: 'one', conditions: 'bad' } },
      { metadata: { name: 'flux-operator', namespace: 'flux-system' }, spec: { replicas: -3, template: { spec: { containers: [null, { image: 5 }] } } } },
    ];
    const pods: KubeObject[] = [{ metadata: { name: 'p', namespace: 'flux-system', ownerReferences: 'x' }, status: { containerStatuses: [null, 1, { name: 'manager', restartCount: 'many', state: { waiting: 'x' } }], conditions: [{ type: 'Ready' }] } }];
    expect(() => run(state({ operatorDeployments: ok(junk), operatorPods: ok(pods), fluxReports: ok([{ spec: { operator: 'v1' } }]) }))).not.toThrow();
  });
});
