import { describe, expect, it } from 'vitest';
import { controllersCheck, imageMismatch } from '../../skill-src/checks/platform/controllers.js';
import type { ClusterState, InputResult } from '../../skill-src/cluster/state.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { failed, fluxObject, ok, state } from '../helpers/state.js';
import { deployment, operatorDeployment, pod } from './platform-builders.js';

const FLUX = { 'app.kubernetes.io/part-of': 'flux' };
const ctl = (name: string, opts: Parameters<typeof deployment>[1] = {}) => deployment(name, { labels: { ...FLUX, 'app.kubernetes.io/component': name }, image: `ghcr.io/fluxcd/${name}:v1.7.0`, ...opts });
const ctlPod = (dep: string, opts: Parameters<typeof pod>[1] = {}) => pod(`${dep}-5d9f8c7b6-x1`, { deployment: dep, labels: { app: dep, ...FLUX }, ...opts });

function instanceWith(components: { name: string; repository: string; tag: string; digest?: string }[]): KubeObject {
  return fluxObject('FluxInstance', 'flux', { apiVersion: 'fluxcd.controlplane.io/v1', status: { components } });
}

const NAMES = ['source-controller', 'kustomize-controller'];
const expected = NAMES.map((n) => ({ name: n, repository: `ghcr.io/fluxcd/${n}`, tag: 'v1.7.0' }));

function s(inputs: { deployments?: InputResult; pods?: InputResult; instances?: InputResult } = {}): ClusterState {
  return state({
    controllerDeployments: inputs.deployments ?? ok(NAMES.map((n) => ctl(n))),
    controllerPods: inputs.pods ?? ok(NAMES.map((n) => ctlPod(n))),
    fluxInstances: inputs.instances ?? ok([instanceWith(expected)]),
  });
}

function run(st: ClusterState) {
  const out = controllersCheck.run(st);
  for (const f of out.findings) {
    expect(controllersCheck.reasons).toContain(f.reason);
    expect(f.next.docs).toBe(`reference.md#${f.reason.toLowerCase()}`);
    expect(f.hint).not.toMatch(/reference\.md#/);
  }
  return out;
}

describe('controllers check', () => {
  it('passes healthy controllers running the installed images, one fact line each', () => {
    const out = run(s());
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual(['kustomize-controller v1.7.0: 1/1 available, 1/1 pods Ready', 'source-controller v1.7.0: 1/1 available, 1/1 pods Ready']);
  });

  it('reports an unavailable controller with its crashing pod as root cause', () => {
    const out = run(
      s({
        deployments: ok([ctl('source-controller', { available: 0 }), ctl('kustomize-controller')]),
        pods: ok([ctlPod('source-controller', { ready: false, containers: [{ restartCount: 9, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 1 } }] }), ctlPod('kustomize-controller')]),
      }),
    );
    expect(out.findings.map((f) => [f.reason, f.severity, f.resource.kind, f.resource.name])).toEqual([
      ['ReplicasUnavailable', 'error', 'Deployment', 'source-controller'],
      ['CrashLoopBackOff', 'error', 'Pod', 'source-controller-5d9f8c7b6-x1'],
    ]);
    expect(out.findings[0]!.rootCause).toEqual({ kind: 'Pod', namespace: 'flux-system', name: 'source-controller-5d9f8c7b6-x1' });
    expect(out.findings[1]!.hint).toBe('kubectl -n flux-system logs source-controller-5d9f8c7b6-x1 --previous');
  });

  it('matches pods to Deployments by owner, not by name prefix (shards are separate)', () => {
    const shard = ctl('source-controller-shard1');
    const shardPod = pod('source-controller-shard1-7c8d9e-x2', { deployment: 'source-controller-shard1', ready: false, containers: [{ waiting: { reason: 'ImagePullBackOff' } }] });
    const out = run(s({ deployments: ok([ctl('source-controller'), shard]), pods: ok([ctlPod('source-controller'), shardPod]) }));
    const pull = out.findings.filter((f) => f.reason === 'ImagePullBackOff');
    expect(pull).toHaveLength(1);
    expect(out.facts).toContain('source-controller v1.7.0: 1/1 available, 1/1 pods Ready');
    expect(out.facts).toContain('source-controller-shard1 v1.7.0: 1/1 available, 0/1 pods Ready');
  });

  it('matches pods without owner references by the Deployment selector', () => {
    const bare = pod('helm-controller-abc', { labels: { app: 'helm-controller' }, containers: [{ restartCount: 12, lastTerminated: { reason: 'Error', exitCode: 2 } }] });
    const out = run(s({ deployments: ok([ctl('helm-controller')]), pods: ok([bare]) }));
    expect(out.findings.map((f) => [f.reason, f.resource.name])).toEqual([['ContainerRestarts', 'helm-controller-abc']]);
  });

  it('warns about a hand-edited controller image', () => {
    const out = run(s({ deployments: ok([ctl('source-controller', { image: 'ghcr.io/fluxcd/source-controller:v1.6.9' }), ctl('kustomize-controller')]) }));
    expect(out.findings).toHaveLength(1);
    const f = out.findings[0]!;
    expect(f).toMatchObject({ severity: 'warning', reason: 'ImageMismatch', resource: { kind: 'Deployment', name: 'source-controller' } });
    expect(f.message).toContain('ghcr.io/fluxcd/source-controller:v1.6.9');
    expect(f.message).toContain('ghcr.io/fluxcd/source-controller:v1.7.0');
    expect(f.message).toContain('hand-edited');
    expect(f.hint).toContain("kubectl -n flux-system get deployment source-controller --show-managed-fields -o 'jsonpath={.metadata.managedFields}'");
  });

  it('compares images by repository, tag and digest, ignoring what one side omits', () => {
    const e = { name: 'x', repository: 'ghcr.io/fluxcd/x', tag: 'v1', digest: 'sha256:aa' };
    expect(imageMismatch('ghcr.io/fluxcd/x:v1@sha256:aa', e)).toBe(false);
    expect(imageMismatch('ghcr.io/fluxcd/x:v1', e)).toBe(false);
    expect(imageMismatch('ghcr.io/fluxcd/x@sha256:aa', e)).toBe(false);
    expect(imageMismatch('ghcr.io/fluxcd/x:v1@sha256:bb', e)).toBe(true);
    expect(imageMismatch('registry.local:5000/fluxcd/x:v1', e)).toBe(true);
    expect(imageMismatch('ghcr.io/fluxcd/x:v2', e)).toBe(true);
  });

  it('compares shard images with their component', () => {
    const out = run(s({ deployments: ok([ctl('source-controller-shard1', { image: 'ghcr.io/fluxcd/source-controller:v1.0.0' })]), pods: ok([]) }));
    expect(out.findings.map((f) => [f.reason, f.resource.name])).toEqual([['ImageMismatch', 'source-controller-shard1']]);
  });

  it('ignores the operator Deployment if it carries the part-of label', () => {
    const op = operatorDeployment({ labels: { 'app.kubernetes.io/name': 'flux-operator', ...FLUX }, available: 0 });
    const out = run(s({ deployments: ok([op, ctl('source-controller')]), pods: ok([ctlPod('source-controller')]) }));
    expect(out.findings).toEqual([]);
    expect(out.facts?.some((f) => f.startsWith('flux-operator'))).toBe(false);
  });

  it('states when images cannot be compared', () => {
    expect(run(s({ instances: ok([]) })).facts).toContain('images not compared: no FluxInstance flux to compare with');
    expect(run(s({ instances: ok([instanceWith([])]) })).facts).toContain('images not compared: FluxInstance flux has no status.components yet');
    // An unreadable FluxInstance list is the instance check's finding, not this one's.
    expect(run(s({ instances: failed('forbidden') })).findings).toEqual([]);
  });

  it('reports no controllers as a fact only (the instance check reports missing components)', () => {
    const out = run(s({ deployments: ok([]) }));
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual(['no Flux controller Deployments (app.kubernetes.io/part-of=flux) in flux-system']);
  });

  it('turns failed inputs into findings and still reports replicas when pods are unreadable', () => {
    const dep = run(s({ deployments: failed('forbidden', 'denied', 403) }));
    expect(dep.findings.map((f) => [f.reason, f.severity])).toEqual([['ReadForbidden', 'warning']]);
    expect(dep.findings[0]!.hint).toContain('kubectl auth can-i list deployments.apps -n flux-system');
    expect(dep.findings[0]!.resource).toEqual({ kind: 'Deployment', namespace: 'flux-system', name: '*' });

    const podsTimeout = run(s({ deployments: ok([ctl('source-controller', { available: 0 })]), pods: failed('timeout') }));
    expect(podsTimeout.findings.map((f) => [f.reason, f.severity])).toEqual([
      ['ReadTimeout', 'error'],
      ['ReplicasUnavailable', 'error'],
    ]);
    expect(podsTimeout.facts).toEqual(['source-controller v1.7.0: 0/1 available']);
    expect(run(s({ deployments: failed('unreachable', 'connection reset') })).findings[0]).toMatchObject({ reason: 'ReadFailed', severity: 'error' });
  });

  it('never throws on mistyped data', () => {
    const junk: KubeObject[] = [{ kind: 'Deployment', metadata: { name: 'source-controller', namespace: 'flux-system', labels: 'x' }, spec: { selector: 'all', template: 3 }, status: [] }];
    const fi: KubeObject = { kind: 'FluxInstance', metadata: { name: 'flux', namespace: 'flux-system' }, status: { components: [null, { name: 'source-controller' }, { name: 5, repository: 'x' }] } };
    expect(() => run(s({ deployments: ok(junk), pods: ok([{ metadata: { name: 1 }, status: 'bad' }]), instances: ok([fi]) }))).not.toThrow();
  });
});
