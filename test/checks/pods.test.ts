import { describe, expect, it } from 'vitest';
import { RESTART_WARNING_THRESHOLD, containerTrouble, mainContainer, parseImage, podFindings, podsOf, readDeployment, readPod, workloadFindings } from '../../skill-src/checks/platform/pods.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { deployment, pod } from './platform-builders.js';

describe('parseImage', () => {
  it.each<[string, { repository: string; tag?: string; digest?: string }]>([
    ['ghcr.io/fluxcd/source-controller:v1.7.0', { repository: 'ghcr.io/fluxcd/source-controller', tag: 'v1.7.0' }],
    ['ghcr.io/fluxcd/source-controller:v1.7.0@sha256:abc', { repository: 'ghcr.io/fluxcd/source-controller', tag: 'v1.7.0', digest: 'sha256:abc' }],
    ['ghcr.io/fluxcd/source-controller@sha256:abc', { repository: 'ghcr.io/fluxcd/source-controller', digest: 'sha256:abc' }],
    ['registry.local:5000/fluxcd/source-controller', { repository: 'registry.local:5000/fluxcd/source-controller' }],
    ['registry.local:5000/fluxcd/source-controller:v1', { repository: 'registry.local:5000/fluxcd/source-controller', tag: 'v1' }],
  ])('splits %s', (image, want) => {
    expect(parseImage(image)).toEqual(want);
  });
});

describe('readDeployment', () => {
  it('defaults replicas to 1 and available to 0 when absent', () => {
    const d = readDeployment({ kind: 'Deployment', metadata: { name: 'x', namespace: 'ns' }, spec: {}, status: {} });
    expect([d.desired, d.available]).toEqual([1, 0]);
    expect(mainContainer(d)).toBeUndefined();
  });

  it('prefers the manager container', () => {
    const obj = deployment('x');
    (obj.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.unshift({ name: 'sidecar', image: 'proxy:1' });
    expect(mainContainer(readDeployment(obj))?.name).toBe('manager');
  });

  it('reads a selector with matchExpressions as unusable for label matching', () => {
    const obj = deployment('x');
    (obj.spec as { selector: Record<string, unknown> }).selector.matchExpressions = [{ key: 'app', operator: 'In', values: ['x'] }];
    const d = readDeployment(obj);
    expect(podsOf(d, [readPod(pod('x-1', { labels: { app: 'x' } }))])).toEqual([]);
  });
});

describe('podsOf', () => {
  const d = readDeployment(deployment('source-controller'));
  it('matches by owning ReplicaSet name exactly, not by prefix', () => {
    const mine = readPod(pod('a', { deployment: 'source-controller' }));
    const shard = readPod(pod('b', { deployment: 'source-controller-shard1', labels: { app: 'source-controller' } }));
    const elsewhere = readPod(pod('c', { deployment: 'source-controller', namespace: 'other' }));
    expect(podsOf(d, [mine, shard, elsewhere]).map((p) => p.name)).toEqual(['a']);
  });
  it('falls back to the selector for pods without owners', () => {
    expect(podsOf(d, [readPod(pod('a', { labels: { app: 'source-controller' } })), readPod(pod('b', { labels: { app: 'other' } }))]).map((p) => p.name)).toEqual(['a']);
  });
});

describe('containerTrouble (shared by controller and workload pods)', () => {
  const c = (over: Partial<Parameters<typeof containerTrouble>[0]>) => containerTrouble({ name: 'app', init: false, ready: false, restartCount: 3, ...over });
  it('calls an OOM kill out while it crash-loops or not, and lets another waiting error win', () => {
    expect(c({ lastTerminatedReason: 'OOMKilled', waitingReason: 'CrashLoopBackOff', waitingMessage: 'back-off 5m0s restarting failed container' })).toEqual({ reason: 'OOMKilled', oomKilled: true, waitingError: 'CrashLoopBackOff', detail: '' });
    expect(c({ lastTerminatedReason: 'OOMKilled', ready: true })).toEqual({ reason: 'OOMKilled', oomKilled: true, detail: '' });
    expect(c({ lastTerminatedReason: 'OOMKilled', waitingReason: 'ImagePullBackOff', waitingMessage: 'Back-off pulling image "x"' })).toEqual({ reason: 'ImagePullBackOff', oomKilled: false, waitingError: 'ImagePullBackOff', detail: ': Back-off pulling image "x"' });
  });
  it('ignores waiting reasons that are normal start-up and containers with nothing wrong', () => {
    expect(c({ waitingReason: 'ContainerCreating' })).toBeUndefined();
    expect(c({ ready: true })).toBeUndefined();
  });
});

describe('podFindings', () => {
  it('ignores terminating and finished pods', () => {
    const crashing = pod('p', { ready: false, containers: [{ waiting: { reason: 'CrashLoopBackOff' } }] });
    (crashing.metadata as Record<string, unknown>).deletionTimestamp = '2026-11-25T09:59:00Z';
    expect(podFindings(readPod(crashing), 'X')).toEqual([]);
    const evicted = pod('e', { ready: false, phase: 'Failed', containers: [] });
    expect(podFindings(readPod(evicted), 'X')).toEqual([]);
  });

  it('names the container when the pod has several, and reports init containers', () => {
    const obj: KubeObject = pod('p', { ready: false, containers: [{ name: 'manager', waiting: { reason: 'CrashLoopBackOff' } }, { name: 'proxy' }] });
    const f = podFindings(readPod(obj), 'X');
    expect(f[0]!.hint).toContain('logs p -c manager --previous');
    const init = pod('q', { ready: false, containers: [] });
    (init.status as Record<string, unknown>).initContainerStatuses = [{ name: 'setup', ready: false, restartCount: 2, state: { waiting: { reason: 'ImagePullBackOff' } } }];
    const g = podFindings(readPod(init), 'X');
    expect(g.map((x) => x.reason)).toEqual(['ImagePullBackOff']);
    expect(g[0]!.message).toContain('init container setup');
  });

  it('does not report a container waiting in ContainerCreating as an error', () => {
    const f = podFindings(readPod(pod('p', { ready: false, containers: [{ ready: false, waiting: { reason: 'ContainerCreating' } }] })), 'X');
    expect(f.map((x) => [x.reason, x.severity])).toEqual([['PodNotReady', 'warning']]);
    expect(f[0]!.message).toContain('ContainerCreating');
  });

  it('warns exactly from the restart threshold', () => {
    const at = (n: number) => podFindings(readPod(pod('p', { containers: [{ restartCount: n }] })), 'X').length;
    expect([at(RESTART_WARNING_THRESHOLD - 1), at(RESTART_WARNING_THRESHOLD)]).toEqual([0, 1]);
  });
});

describe('workloadFindings', () => {
  it('reports replicas without pod data when pods are unknown', () => {
    const w = workloadFindings(readDeployment(deployment('x', { available: 0 })), undefined, 'X');
    expect(w.summary).toBe('0/1 available');
    expect(w.findings.map((f) => f.reason)).toEqual(['ReplicasUnavailable']);
    expect(w.findings[0]!.rootCause).toBeUndefined();
  });

  it('warns about a stuck rollout while old replicas still serve', () => {
    const d = deployment('x', { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x-2" has timed out progressing.' }] });
    const w = workloadFindings(readDeployment(d), [], 'X');
    expect(w.findings.map((f) => [f.reason, f.severity])).toEqual([['ProgressDeadlineExceeded', 'warning']]);
    expect(w.findings[0]!.message).toContain('has timed out progressing');
  });
});

describe('odd workload states explain themselves', () => {
  it('says that no listed pod matches a Deployment reporting available replicas, instead of 0/0 pods Ready', () => {
    const d = readDeployment(deployment('flux-operator', { available: 1 }));
    const w = workloadFindings(d, [readPod(pod('other-5d9f8c7b6-abcde', { labels: { app: 'other' } }))], 'operator');
    expect(w.summary).toBe('1/1 available; the Deployment reports 1 available replica but no listed pod matches its selector');
    expect(w.summary).not.toContain('0/0');
  });

  it('keeps the pod count when pods match', () => {
    const d = readDeployment(deployment('x', { available: 1 }));
    expect(workloadFindings(d, [readPod(pod('x-5d9f8c7b6-abcde', { deployment: 'x', labels: { app: 'x' } }))], 'X').summary).toBe('1/1 available, 1/1 pods Ready');
  });
});
