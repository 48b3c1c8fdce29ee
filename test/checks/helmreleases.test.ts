import { describe, expect, it } from 'vitest';
import { helmreleasesCheck } from '../../skill-src/checks/families/helmreleases.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import type { Finding } from '../../skill-src/model.js';
import { failed, fluxObject, NOW, ok, state } from '../helpers/state.js';

type Cond = { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string };

function hr(name: string, o: { conditions?: Cond[]; spec?: Record<string, unknown>; status?: Record<string, unknown>; apiVersion?: string; generation?: number; observedGeneration?: number } = {}): KubeObject {
  const opts: Parameters<typeof fluxObject>[2] = {
    namespace: 'podinfo',
    apiVersion: o.apiVersion ?? 'helm.toolkit.fluxcd.io/v2',
    spec: { interval: '15m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' } } }, ...o.spec },
    status: { helmChart: `flux-system/podinfo-${name}`, history: [{ name, namespace: 'podinfo', chartName: 'podinfo', chartVersion: '6.5.3', status: 'deployed' }], ...o.status },
    conditions: o.conditions ?? [
      { type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded' },
      { type: 'Released', status: 'True', reason: 'UpgradeSucceeded' },
    ],
  };
  if (o.generation !== undefined) opts.generation = o.generation;
  if (o.observedGeneration !== undefined) opts.observedGeneration = o.observedGeneration;
  return fluxObject('HelmRelease', name, opts);
}

const chart = (name: string, ready = true) =>
  fluxObject('HelmChart', `podinfo-${name}`, {
    spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } },
    conditions: ready ? undefined : [{ type: 'Ready', status: 'False', reason: 'ChartPullFailed', message: 'chart pull error' }],
  });
const repoOk = fluxObject('HelmRepository', 'podinfo');
const repoBad = fluxObject('HelmRepository', 'podinfo', { conditions: [{ type: 'Ready', status: 'False', reason: 'IndexationFailed', message: 'failed to fetch Helm repository index: 404' }] });

function run(releases: KubeObject[], extra: Parameters<typeof state>[0] = {}) {
  return helmreleasesCheck.run(state({ helmReleases: ok(releases), helmCharts: ok(releases.map((r) => chart(String(r.metadata?.name)))), helmRepositories: ok([repoOk]), ...extra }));
}

const only = (findings: Finding[]) => findings.map((f) => [f.severity, f.reason, f.resource.name]);

describe('helmreleases check', () => {
  it('passes Ready releases and reports drift detection modes and the running chart as facts', () => {
    const out = run([hr('a'), hr('b', { spec: { driftDetection: { mode: 'warn' } }, apiVersion: 'helm.toolkit.fluxcd.io/v2beta2' })]);
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual([
      'HelmRelease: 2 running, 0 failing, 0 suspended',
      'drift detection: 0 enabled, 1 warn, 1 disabled',
      'HelmRelease podinfo/a runs podinfo@6.5.3',
      'HelmRelease podinfo/b runs podinfo@6.5.3',
    ]);
  });

  it('reports Stalled RetriesExceeded as an error with the attempts message and the helm history command', () => {
    const out = run([
      hr('podinfo', {
        status: { failures: 4, upgradeFailures: 3, storageNamespace: 'podinfo' },
        conditions: [
          { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)' },
          { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed for release podinfo/podinfo with chart podinfo@6.5.4: context deadline exceeded' },
          { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: 'same' },
          { type: 'Remediated', status: 'True', reason: 'RollbackSucceeded', message: 'Helm rollback to previous release succeeded' },
        ],
      }),
    ]);
    expect(only(out.findings)).toEqual([['error', 'RetriesExceeded', 'podinfo']]);
    const f = out.findings[0];
    expect(f?.message).toBe(
      'Failed to upgrade after 3 attempt(s); last failure UpgradeFailed: Helm upgrade failed for release podinfo/podinfo with chart podinfo@6.5.4: context deadline exceeded; remediated: RollbackSucceeded; 4 failures recorded (upgrade 3)',
    );
    expect(f?.hint).toBe("kubectl -n podinfo get helmreleases.helm.toolkit.fluxcd.io podinfo -o 'jsonpath={.status.history}'");
  });

  it('reports the documented TestFailed + RetriesExceeded status (multi-line message folded to one line)', () => {
    const out = run([
      hr('podinfo', {
        conditions: [
          { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to install after 1 attempt(s)' },
          { type: 'Ready', status: 'False', reason: 'TestFailed', message: 'Helm test failed for release podinfo/podinfo.v1 with chart podinfo@6.5.3: 1 error occurred:\n\t* pod podinfo-fault-test-a0tew failed\n' },
          { type: 'Released', status: 'True', reason: 'InstallSucceeded' },
          { type: 'TestSuccess', status: 'False', reason: 'TestFailed', message: 'same' },
        ],
      }),
    ]);
    expect(out.findings[0]?.message).toBe(
      'Failed to install after 1 attempt(s); last failure TestFailed: Helm test failed for release podinfo/podinfo.v1 with chart podinfo@6.5.3: 1 error occurred: * pod podinfo-fault-test-a0tew failed',
    );
    expect(out.findings[0]?.message).not.toContain('\n');
  });

  it('warns when tests fail but the release is Ready (failures ignored)', () => {
    const out = run([
      hr('a', {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'UpgradeSucceeded' },
          { type: 'TestSuccess', status: 'False', reason: 'TestFailed', message: 'Helm test failed: pod a-test failed' },
        ],
      }),
    ]);
    expect(only(out.findings)).toEqual([['warning', 'TestFailed', 'a']]);
    expect(out.findings[0]?.hint).toBe("kubectl -n podinfo get helmreleases.helm.toolkit.fluxcd.io a -o 'jsonpath={.status.history}'");
  });

  it('keeps past failure counters of a Ready release as info, folded on large clusters', () => {
    const one = run([hr('a', { status: { installFailures: 1 } })]);
    expect(only(one.findings)).toEqual([['info', 'PastFailures', 'a']]);
    expect(one.findings[0]?.message).toBe('Ready now; 1 failure recorded (install 1) before the current release');
    const many = run(Array.from({ length: 8 }, (_, i) => hr(`r${i}`, { status: { failures: '2' } })));
    expect(many.findings).toHaveLength(1);
    expect(many.findings[0]?.resource).toEqual({ kind: 'HelmRelease', name: '*' });
    expect(many.findings[0]?.message).toBe('8 HelmReleases are Ready now after recorded failures (e.g. podinfo/r0, podinfo/r1, podinfo/r2 and 5 more)');
  });

  it('makes the failing HelmRepository the root cause through the generated HelmChart', () => {
    const out = helmreleasesCheck.run(
      state({
        helmReleases: ok([hr('web', { conditions: [{ type: 'Ready', status: 'False', reason: 'HelmChartNotReady', message: "HelmChart 'flux-system/podinfo-web' is not ready" }] })]),
        helmCharts: ok([chart('web', false)]),
        helmRepositories: ok([repoBad]),
      }),
    );
    const f = out.findings[0];
    expect([f?.severity, f?.reason]).toEqual(['error', 'HelmChartNotReady']);
    expect(f?.rootCause).toEqual({ kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' });
    expect(f?.hint).toBe('kubectl -n flux-system describe helmrepositories.source.toolkit.fluxcd.io podinfo');
  });

  it('walks HelmRelease dependsOn to the root cause', () => {
    const dep = (name: string, on: string) =>
      hr(name, { spec: { dependsOn: [{ name: on }] }, conditions: [{ type: 'Ready', status: 'False', reason: 'DependencyNotReady', message: `dependency 'podinfo/${on}' is not ready` }] });
    const out = run([dep('a', 'b'), dep('b', 'c'), hr('c', { conditions: [{ type: 'Ready', status: 'False', reason: 'InstallFailed', message: 'Helm install failed' }] })]);
    const by = Object.fromEntries(out.findings.map((f) => [f.resource.name, f]));
    expect(by.a?.rootCause).toEqual({ kind: 'HelmRelease', name: 'c', namespace: 'podinfo' });
    expect(by.b?.rootCause).toEqual({ kind: 'HelmRelease', name: 'c', namespace: 'podinfo' });
    expect(by.c?.reason).toBe('InstallFailed');
    expect(by.c?.hint).toBe("kubectl -n podinfo get helmreleases.helm.toolkit.fluxcd.io c -o 'jsonpath={.status.history}'");
  });

  it('reports recent DriftDetected events with the drift detection mode', () => {
    const event = (minutesAgo: number, count: unknown) => ({
      apiVersion: 'v1',
      kind: 'Event',
      type: 'Warning',
      metadata: { name: `e${minutesAgo}`, namespace: 'podinfo' },
      involvedObject: { kind: 'HelmRelease', namespace: 'podinfo', name: 'a', apiVersion: 'helm.toolkit.fluxcd.io/v2' },
      reason: 'DriftDetected',
      message: `Cluster state of release podinfo/a.v2 has drifted from the desired state (${minutesAgo})`,
      count,
      lastTimestamp: new Date(Date.parse(NOW) - minutesAgo * 60_000).toISOString(),
    });
    const out = run([hr('a', { spec: { driftDetection: { mode: 'warn' } } })], { warningEvents: ok([event(3, 2), event(20, '1'), event(300, 9)]) });
    expect(only(out.findings)).toEqual([['warning', 'DriftDetected', 'a']]);
    expect(out.findings[0]?.message).toBe('drift detection warn (reported, not corrected): 3 events, latest 3m ago: Cluster state of release podinfo/a.v2 has drifted from the desired state (3)');
    expect(out.findings[0]?.hint).toBe('kubectl -n podinfo events --for helmreleases.helm.toolkit.fluxcd.io/a');
  });

  it('warns on stale releases; a suspended one nothing waits on is info', () => {
    const out = run([hr('stale', { generation: 2, observedGeneration: 1 }), hr('paused', { spec: { suspend: true } })]);
    expect(only(out.findings).sort()).toEqual([
      ['info', 'Suspended', 'paused'],
      ['warning', 'StaleStatus', 'stale'],
    ]);
  });

  it('reports a missing HelmRelease list as not installed (info) and nothing else', () => {
    const out = helmreleasesCheck.run(state({ helmReleases: failed('not-served', 'not served', 404) }));
    expect(out.findings.map((f) => [f.severity, f.reason])).toEqual([['info', 'CRDNotInstalled']]);
  });

  it('never throws on mistyped releases', () => {
    const weird: KubeObject[] = [
      { kind: 'HelmRelease', metadata: { name: 'a', namespace: 'x' }, spec: { chart: 'nope', chartRef: [], driftDetection: 'on' }, status: { failures: -3, history: 'none' } },
      { kind: 'HelmRelease', metadata: { name: 'b', namespace: 'x', generation: 1 }, spec: null, status: { conditions: [{ type: 'Ready', status: 'True', observedGeneration: 1 }], installFailures: { n: 1 } } },
    ];
    const out = helmreleasesCheck.run(state({ helmReleases: ok(weird), warningEvents: ok([{ kind: 'Event', involvedObject: 'x' }]) }));
    expect(out.findings.map((f) => [f.resource.name, f.reason])).toEqual([['a', 'NotReconciled']]);
  });
});
