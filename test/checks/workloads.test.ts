// The workloads behind Flux objects: readiness per kind, owners from Flux's labels, pods through their
// owners, the index and the check, and the Workload lines under root causes in every format.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { ownerOf, hasOwnerLabel } from '../../skill-src/workloads/owners.js';
import { podOwner, podProblem, workloadProblem } from '../../skill-src/workloads/health.js';
import { MAX_WORKLOADS, workloadIndex, workloadsBehind } from '../../skill-src/workloads/index.js';
import { readPod } from '../../skill-src/checks/platform/pods.js';
import { workloadsCheck, WORKLOADS_FAILING } from '../../skill-src/checks/overall/workloads.js';
import { INPUTS } from '../../skill-src/cluster/inputs.js';
import { buildReport } from '../../skill-src/report/build.js';
import { runChecks } from '../../skill-src/report/run-checks.js';
import { renderJson } from '../../skill-src/render/json.js';
import { renderMarkdown } from '../../skill-src/render/markdown.js';
import { renderText } from '../../skill-src/render/text.js';
import { failed, fluxObject, ok, state } from '../helpers/state.js';

const KS = { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' };
const HR = { 'helm.toolkit.fluxcd.io/name': 'traefik', 'helm.toolkit.fluxcd.io/namespace': 'traefik' };

function obj(kind: string, ns: string, name: string, labels: Record<string, string>, spec: unknown, status: unknown, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: ns, labels, ...extra }, spec, status };
}

const deployment = (name: string, replicas: number, available: number, labels: Record<string, string> = KS, conditions: unknown[] = []): KubeObject =>
  obj('Deployment', 'apps', name, labels, { replicas, selector: { matchLabels: { app: name } } }, { availableReplicas: available, conditions });

const crashingPod = (deploymentName: string): KubeObject =>
  obj(
    'Pod',
    'apps',
    `${deploymentName}-7d9c8b6f5-abcde`,
    { app: deploymentName },
    {},
    {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } }],
    },
    { ownerReferences: [{ kind: 'ReplicaSet', name: `${deploymentName}-7d9c8b6f5` }] },
  );

describe('owners from the labels Flux sets', () => {
  it('names the Kustomization, HelmRelease, ResourceSet or FluxInstance that applied an object', () => {
    expect(ownerOf(obj('Deployment', 'a', 'd', KS, {}, {}), 'flux-system')).toEqual({ kind: 'Kustomization', namespace: 'flux-system', name: 'apps' });
    expect(ownerOf(obj('Service', 'a', 's', HR, {}, {}), 'flux-system')).toEqual({ kind: 'HelmRelease', namespace: 'traefik', name: 'traefik' });
    expect(ownerOf(obj('Job', 'a', 'j', { 'resourceset.fluxcd.controlplane.io/name': 'team', 'resourceset.fluxcd.controlplane.io/namespace': 'tenants' }, {}, {}), 'x')).toEqual({ kind: 'ResourceSet', namespace: 'tenants', name: 'team' });
    expect(ownerOf(obj('Deployment', 'flux', 'source-controller', { 'fluxcd.controlplane.io/name': 'flux' }, {}, {}), 'flux')).toEqual({ kind: 'FluxInstance', namespace: 'flux', name: 'flux' });
  });

  it('ignores objects Flux did not apply', () => {
    const plain = obj('Deployment', 'a', 'd', { app: 'd' }, {}, {});
    expect(ownerOf(plain, 'flux-system')).toBeUndefined();
    expect(hasOwnerLabel(plain)).toBe(false);
  });
});

describe('readiness per kind', () => {
  it('Deployment: unavailable replicas are not ready; a stuck rollout fails; ready or scaled to zero is fine', () => {
    expect(workloadProblem('Deployment', deployment('d', 2, 2))).toBeUndefined();
    expect(workloadProblem('Deployment', deployment('d', 0, 0))).toBeUndefined();
    expect(workloadProblem('Deployment', deployment('d', 2, 1))).toEqual({ reason: 'ReplicasUnavailable', message: '1/2 available', failing: false });
    const stuck = deployment('d', 2, 1, KS, [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "d-1" has timed out progressing.' }]);
    expect(workloadProblem('Deployment', stuck)).toMatchObject({ reason: 'ProgressDeadlineExceeded', failing: true });
  });

  it('Job: Failed fails with its reason; not complete is not ready; complete is fine', () => {
    const job = (conditions: unknown[]): KubeObject => obj('Job', 'a', 'migrate', KS, {}, { conditions, failed: 6 });
    expect(workloadProblem('Job', job([{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }]))).toEqual({
      reason: 'BackoffLimitExceeded',
      message: 'failed: Job has reached the specified backoff limit',
      failing: true,
    });
    expect(workloadProblem('Job', job([]))).toMatchObject({ reason: 'JobNotComplete', failing: false });
    expect(workloadProblem('Job', job([{ type: 'Complete', status: 'True' }]))).toBeUndefined();
  });

  it('Service: only a LoadBalancer without an address', () => {
    expect(workloadProblem('Service', obj('Service', 'a', 's', HR, { type: 'LoadBalancer' }, { loadBalancer: {} }))).toMatchObject({ reason: 'LoadBalancerPending', failing: false });
    expect(workloadProblem('Service', obj('Service', 'a', 's', HR, { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } }))).toBeUndefined();
    expect(workloadProblem('Service', obj('Service', 'a', 's', HR, { type: 'ClusterIP' }, {}))).toBeUndefined();
  });

  it('PersistentVolumeClaim: Pending is not ready, Lost fails, Bound is fine', () => {
    expect(workloadProblem('PersistentVolumeClaim', obj('PersistentVolumeClaim', 'a', 'data', KS, { storageClassName: 'fast' }, { phase: 'Pending' }))).toEqual({ reason: 'ClaimPending', message: 'Pending (storage class fast)', failing: false });
    expect(workloadProblem('PersistentVolumeClaim', obj('PersistentVolumeClaim', 'a', 'data', KS, {}, { phase: 'Lost' }))).toMatchObject({ reason: 'ClaimLost', failing: true });
    expect(workloadProblem('PersistentVolumeClaim', obj('PersistentVolumeClaim', 'a', 'data', KS, {}, { phase: 'Bound' }))).toBeUndefined();
  });

  it('StatefulSet and DaemonSet count ready and available replicas', () => {
    expect(workloadProblem('StatefulSet', obj('StatefulSet', 'a', 'db', KS, { replicas: 3 }, { readyReplicas: 2 }))).toMatchObject({ message: '2/3 ready' });
    expect(workloadProblem('DaemonSet', obj('DaemonSet', 'a', 'agent', KS, {}, { desiredNumberScheduled: 4, numberAvailable: 4 }))).toBeUndefined();
    expect(workloadProblem('DaemonSet', obj('DaemonSet', 'a', 'agent', KS, {}, { desiredNumberScheduled: 4, numberAvailable: 1 }))).toMatchObject({ message: '1/4 available' });
  });

  it('pods: a crash loop with its last termination; unschedulable; merely not ready; fine when Ready or done', () => {
    expect(podProblem(readPod(crashingPod('web')))).toEqual({
      pod: 'web-7d9c8b6f5-abcde',
      reason: 'CrashLoopBackOff',
      message: 'container app waiting: CrashLoopBackOff (7 restarts); last terminated: Error (exit 1)',
      failing: true,
    });
    const pending = obj('Pod', 'a', 'p', {}, {}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] });
    expect(podProblem(readPod(pending))).toMatchObject({ reason: 'Unschedulable', message: 'cannot be scheduled: 0/3 nodes are available: 3 Insufficient memory.', failing: true });
    expect(podProblem(readPod(obj('Pod', 'a', 'p', {}, {}, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] })))).toBeUndefined();
    expect(podProblem(readPod(obj('Pod', 'a', 'p', {}, {}, { phase: 'Succeeded' })))).toBeUndefined();
  });

  it('a pod belongs to its Deployment through its ReplicaSet, to a StatefulSet, DaemonSet or Job directly', () => {
    expect(podOwner(crashingPod('web'), 'apps')).toEqual({ kind: 'Deployment', namespace: 'apps', name: 'web' });
    expect(podOwner(obj('Pod', 'a', 'db-0', {}, {}, {}, { ownerReferences: [{ kind: 'StatefulSet', name: 'db' }] }), 'a')).toEqual({ kind: 'StatefulSet', namespace: 'a', name: 'db' });
    expect(podOwner(obj('Pod', 'a', 'p', {}, {}, {}), 'a')).toBeUndefined();
  });
});

describe('collecting: healthy workloads are dropped as they arrive', () => {
  it('keeps only not-ready workloads with a Flux owner, and only pods with a problem', () => {
    const keep = INPUTS.appDeployments.keep;
    expect(keep?.(deployment('web', 2, 1))).toBe(true);
    expect(keep?.(deployment('web', 2, 2))).toBe(false);
    expect(keep?.(deployment('web', 2, 1, {}))).toBe(false);
    expect(INPUTS.appPods.keep?.(crashingPod('web'))).toBe(true);
    expect(INPUTS.appPods.keep?.(obj('Pod', 'a', 'p', {}, {}, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }))).toBe(false);
  });
});

describe('the index and the workloads behind a cause', () => {
  it('makes a workload specific with its worst pod, and lists failing workloads first', () => {
    const s = state({
      appDeployments: ok([deployment('slow', 2, 1), deployment('web', 2, 0)]),
      appPods: ok([crashingPod('web')]),
    });
    const index = workloadIndex(s);
    const owned = index.ownedBy({ kind: 'Kustomization', namespace: 'flux-system', name: 'apps' });
    expect(owned.map((i) => `${i.resource.name} ${i.reason} ${i.failing}`)).toEqual(['web CrashLoopBackOff true', 'slow ReplicasUnavailable false']);
    expect(owned[0]?.message).toBe('0/2 available; pod web-7d9c8b6f5-abcde: container app waiting: CrashLoopBackOff (7 restarts); last terminated: Error (exit 1)');
  });

  it('adds the workloads a health check waits for, even when another object applied them', () => {
    const s = state({ appDeployments: ok([deployment('api', 1, 0, HR)]) });
    const behind = workloadsBehind(workloadIndex(s), { kind: 'Kustomization', namespace: 'flux-system', name: 'infra' }, "health check failed after 5m0s: timeout waiting for: [Deployment/apps/api status: 'InProgress']");
    expect(behind.shown.map((w) => w.resource)).toEqual([{ kind: 'Deployment', namespace: 'apps', name: 'api' }]);
  });

  it(`shows at most ${MAX_WORKLOADS} and counts the rest`, () => {
    const s = state({ appDeployments: ok(Array.from({ length: 8 }, (_, i) => deployment(`d${i}`, 1, 0))) });
    const behind = workloadsBehind(workloadIndex(s), { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' }, '');
    expect(behind.shown).toHaveLength(MAX_WORKLOADS);
    expect(behind.notShown).toBe(3);
  });
});

describe('the workloads check', () => {
  it('warns when a Ready Kustomization applied a Deployment that crash-loops', () => {
    const s = state({
      kustomizations: ok([fluxObject('Kustomization', 'apps', { spec: { wait: false } })]),
      appDeployments: ok([deployment('web', 2, 0)]),
      appPods: ok([crashingPod('web')]),
    });
    const out = workloadsCheck.run(s);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'warning', reason: WORKLOADS_FAILING, resource: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' } });
    expect(out.findings[0]?.message).toContain('Deployment apps/web CrashLoopBackOff');
    // A crash loop is read in the crashed container's previous output.
    expect(out.findings[0]?.next.argv).toEqual(['kubectl', '-n', 'apps', 'logs', 'web-7d9c8b6f5-abcde', '--previous']);
  });

  it('points at the workload itself when no pod says why', () => {
    const stuck = deployment('web', 2, 1, KS, [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'timed out' }]);
    const out = workloadsCheck.run(state({ kustomizations: ok([fluxObject('Kustomization', 'apps')]), appDeployments: ok([stuck]) }));
    expect(out.findings[0]?.next.argv).toEqual(['kubectl', '-n', 'apps', 'describe', 'deployment', 'web']);
  });

  it('says nothing of its own when the owner already fails, or when its workloads are only not ready yet', () => {
    const failing = state({
      kustomizations: ok([fluxObject('Kustomization', 'apps', { conditions: [{ type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: 'timeout' }] })]),
      appDeployments: ok([deployment('web', 2, 0)]),
      appPods: ok([crashingPod('web')]),
    });
    expect(workloadsCheck.run(failing).findings).toEqual([]);
    const rolling = state({ kustomizations: ok([fluxObject('Kustomization', 'apps')]), appDeployments: ok([deployment('web', 2, 1)]) });
    expect(workloadsCheck.run(rolling).findings).toEqual([]);
  });

  it('turns a list it cannot read into info, never an error', () => {
    const out = workloadsCheck.run(state({ appDeployments: failed('forbidden', 'deployments is forbidden', 403) }));
    expect(out.findings.map((f) => [f.severity, f.reason])).toEqual([['info', 'ReadForbidden']]);
    expect(out.facts).toContain('not read: Deployment (forbidden)');
  });
});

describe('Workload lines under the root cause, in every format', () => {
  const hostilePod = obj(
    'Pod',
    'apps',
    'web-7d9c8b6f5-abcde',
    {},
    {},
    {
      phase: 'Pending',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"\u202e\u0007\u{E0041}\u001b[31m' } } }],
    },
    { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7d9c8b6f5' }] },
  );
  const s = state({ appDeployments: ok([deployment('web', 2, 0)]), appPods: ok([hostilePod]) });
  const cause = (message: string) =>
    buildReport(s, [
      { id: 'kustomizations', title: 'Kustomizations', status: 'fail', facts: [], findings: [{ severity: 'error', resource: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' }, reason: 'HealthCheckFailed', message, next: { docs: 'reference.md#healthcheckfailed' }, hint: '' }] },
    ]);

  it('puts them on the root cause in JSON, markdown and text', () => {
    const r = cause("health check failed after 5m0s: timeout waiting for: [Deployment/apps/web status: 'InProgress']");
    const parsed = JSON.parse(renderJson(r)) as { rootCauses: { workloads?: { resource: { name: string }; reason: string; failing: boolean }[] }[] };
    expect(parsed.rootCauses[0]?.workloads?.map((w) => [w.resource.name, w.reason, w.failing])).toEqual([['web', 'ImagePullBackOff', true]]);
    expect(renderMarkdown(r)).toMatch(/\n {3}- Workload `Deployment\/apps\/web` `ImagePullBackOff`: `0\/2 available; pod web-7d9c8b6f5-abcde: container app waiting: ImagePullBackOff: Back-off pulling image/);
    expect(renderText(r, { color: false })).toContain('      workload Deployment/apps/web  ImagePullBackOff: 0/2 available; pod web-7d9c8b6f5-abcde');
  });

  it('escapes what the pod says, invisible and control characters included', () => {
    const r = cause('x');
    for (const out of [renderMarkdown(r), renderText(r, { color: false }), renderJson(r)]) {
      expect(out).toContain('Back-off pulling image');
      expect(out).not.toMatch(/[\u202e\u0007\u001b]|\u{E0041}/u);
    }
  });

  it('adds nothing to a cause that is not a Flux object behind the workload', () => {
    const r = buildReport(s, [
      { id: 'sources', title: 'Sources', status: 'fail', facts: [], findings: [{ severity: 'error', resource: { kind: 'GitRepository', namespace: 'flux-system', name: 'apps' }, reason: 'GitOperationFailed', message: 'x', next: { docs: 'reference.md#gitoperationfailed' }, hint: '' }] },
    ]);
    expect(r.rootCauses[0]?.workloads).toBeUndefined();
  });
});

describe('a narrowed read', () => {
  it('says which namespace it saw instead of "every workload is ready"', () => {
    const narrowed = { ok: true as const, apiVersion: 'apps/v1', items: [], narrowedTo: 'flux-system' };
    const out = workloadsCheck.run(state({ appDeployments: narrowed }));
    expect(out.facts?.[0]).toBe('every workload Flux applied in flux-system (the only namespace that could be listed) is ready');
  });
});

describe('pods past the namespace bound', () => {
  it('are counted in a fact, not silently missing', () => {
    const pods = { ok: true as const, apiVersion: 'v1', items: [], notListedIn: 3 };
    const out = workloadsCheck.run(state({ appDeployments: ok([deployment('web', 1, 0)]), appPods: pods }));
    expect(out.facts).toContain('pods not read in 3 more namespaces with not-ready workloads (at most 10 are read)');
  });
});
