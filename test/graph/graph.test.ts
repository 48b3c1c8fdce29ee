import { describe, expect, it } from 'vitest';
import { FluxGraph, sameRevision } from '../../skill-src/graph/graph.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { fluxObject, ok, state } from '../helpers/state.js';

const NS = 'apps';

function ks(name: string, opts: { deps?: string[]; source?: string; ready?: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; suspend?: boolean; namespace?: string } = {}): KubeObject {
  const spec: Record<string, unknown> = { sourceRef: { kind: 'GitRepository', name: opts.source ?? 'repo', namespace: 'flux-system' } };
  if (opts.deps) spec.dependsOn = opts.deps.map((d) => (d.includes('/') ? { namespace: d.split('/')[0], name: d.split('/')[1] } : { name: d }));
  if (opts.suspend) spec.suspend = true;
  return fluxObject('Kustomization', name, {
    namespace: opts.namespace ?? NS,
    spec,
    conditions: [{ type: 'Ready', status: opts.ready ?? 'True', reason: opts.reason ?? 'ReconciliationSucceeded', message: opts.message ?? '' }],
  });
}

function dnr(name: string, deps: string[], waitingOn?: string): KubeObject {
  const target = waitingOn ?? deps[0] ?? '';
  return ks(name, { deps, ready: 'False', reason: 'DependencyNotReady', message: `dependency '${target.includes('/') ? target : `${NS}/${target}`}' is not ready` });
}

const goodRepo = fluxObject('GitRepository', 'repo', { status: { artifact: { revision: 'main@sha1:1111111111111111111111111111111111111111' } } });
const badRepo = fluxObject('GitRepository', 'repo', {
  conditions: [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: "failed to get secret 'flux-system/git': not found" }],
});

function graph(kustomizations: KubeObject[], repos: KubeObject[] = [goodRepo], extra: Parameters<typeof state>[0] = {}): FluxGraph {
  return new FluxGraph(state({ kustomizations: ok(kustomizations), gitRepositories: ok(repos), ...extra }));
}

const ref = (name: string, kind = 'Kustomization', namespace = NS) => ({ kind, name, namespace });

describe('dependsOn chains', () => {
  it('walks a 3-deep chain to the first dependency failing for its own reason', () => {
    const g = graph([dnr('a', ['b']), dnr('b', ['c']), ks('c', { ready: 'False', reason: 'BuildFailed', message: 'kustomize build failed' })]);
    expect(g.rootCause(ref('a'))).toEqual(ref('c'));
    expect(g.rootCause(ref('b'))).toEqual(ref('c'));
    expect(g.rootCause(ref('c'))).toBeUndefined();
  });

  it('follows the dependency the controller names when several are listed', () => {
    const g = graph([
      dnr('a', ['b', 'c'], 'c'),
      ks('b', { ready: 'False', reason: 'HealthCheckFailed', message: 'health check failed' }),
      ks('c', { ready: 'False', reason: 'BuildFailed', message: 'build failed' }),
    ]);
    expect(g.rootCause(ref('a'))).toEqual(ref('c'));
  });

  it('defaults the dependency namespace to the object namespace and honours an explicit one', () => {
    const g = graph([
      dnr('a', ['infra/base']),
      ks('base', { namespace: 'infra', ready: 'False', reason: 'PruneFailed' }),
      ks('base', { ready: 'True' }),
    ]);
    expect(g.rootCause(ref('a'))).toEqual(ref('base', 'Kustomization', 'infra'));
  });

  it('finds a cycle, names one member for it and points the others at it', () => {
    const g = graph([dnr('b', ['a']), dnr('a', ['b']), dnr('x', ['b'])]);
    const cycle = g.cycleAt(ref('a'));
    expect(cycle?.canonical).toEqual(ref('a'));
    expect(cycle?.members.map((m) => m.name).sort()).toEqual(['a', 'b']);
    expect(g.rootCause(ref('a'))).toBeUndefined();
    expect(g.rootCause(ref('b'))).toEqual(ref('a'));
    expect(g.rootCause(ref('x'))).toEqual(ref('a'));
    expect(g.cycleAt(ref('b'))).toBeUndefined();
  });

  it('survives a self-dependency', () => {
    const g = graph([dnr('self', ['self'])]);
    expect(g.cycleAt(ref('self'))?.members).toEqual([ref('self')]);
    expect(g.rootCause(ref('self'))).toBeUndefined();
  });

  it('makes each referrer of a missing dependency its own root cause, naming what is missing', () => {
    const g = graph([dnr('a', ['ghost']), dnr('b', ['ghost']), dnr('c', ['a']), ks('d', { deps: ['ghost'], suspend: true })]);
    expect(g.rootCause(ref('a'))).toBeUndefined();
    expect(g.rootCause(ref('b'))).toBeUndefined();
    // What waits on a referrer counts under it, not under the object that does not exist.
    expect(g.rootCause(ref('c'))).toEqual(ref('a'));
    expect(g.missingTargets(g.get(ref('a'))!)).toEqual([{ ref: ref('ghost'), role: 'dependency', noun: 'dependency' }]);
    expect(g.missingTargets(g.get(ref('c'))!)).toEqual([]);
    // The suspended referrer is not judged.
    expect(g.missingTargets(g.get(ref('d'))!)).toEqual([]);
  });

  it('does not call a dependency missing when its namespace was not listed', () => {
    const s = state({ kustomizations: { ok: true, apiVersion: 'v1', items: [dnr('a', ['other/dep'])], narrowedTo: NS }, gitRepositories: ok([goodRepo]) });
    const g = new FluxGraph(s);
    expect(g.missingTargets(g.get(ref('a'))!)).toEqual([]);
    expect(g.rootCause(ref('a'))).toBeUndefined();
  });

  it('resolves a 20000-deep chain without exhausting the stack', () => {
    const n = 20000;
    const objs = Array.from({ length: n }, (_, i) => (i === n - 1 ? ks(`k${i}`, { ready: 'False', reason: 'BuildFailed' }) : dnr(`k${i}`, [`k${i + 1}`])));
    const g = graph(objs);
    expect(g.rootCause(ref('k0'))).toEqual(ref(`k${n - 1}`));
    expect(g.rootCause(ref('k5000'))).toEqual(ref(`k${n - 1}`));
  });
});

describe('sources as root causes', () => {
  const waiting = (name: string) => ks(name, { ready: 'False', reason: 'ArtifactFailed', message: 'Source is not ready, artifact not found, retrying in 30s' });

  it('points a Kustomization waiting on its failing source at the source', () => {
    const g = graph([waiting('a')], [badRepo]);
    expect(g.rootCause(ref('a'))).toEqual(ref('repo', 'GitRepository', 'flux-system'));
  });

  it('leaves an own failure (BuildFailed) alone even when the source also fails', () => {
    const g = graph([ks('a', { ready: 'False', reason: 'BuildFailed', message: 'kustomize build failed' })], [badRepo]);
    expect(g.rootCause(ref('a'))).toBeUndefined();
  });

  it('leaves ArtifactFailed alone when the source is Ready (e.g. a wrong path)', () => {
    const g = graph([ks('a', { ready: 'False', reason: 'ArtifactFailed', message: 'kustomization path not found' })], [goodRepo]);
    expect(g.rootCause(ref('a'))).toBeUndefined();
  });

  it('carries a dependency chain through to a failing source', () => {
    const g = graph([dnr('a', ['b']), waiting('b')], [badRepo]);
    expect(g.rootCause(ref('a'))).toEqual(ref('repo', 'GitRepository', 'flux-system'));
  });

  it('keeps a Kustomization whose source does not exist as its own root cause, naming the source', () => {
    const g = graph([waiting('a'), waiting('b')], []);
    expect(g.rootCause(ref('a'))).toBeUndefined();
    expect(g.missingTargets(g.get(ref('b'))!)).toEqual([{ ref: ref('repo', 'GitRepository', 'flux-system'), role: 'source', noun: 'source' }]);
  });

  // The podinfo HelmRelease of the getting-started guide and the HelmChart helm-controller generates from it.
  const podinfoRelease = (apiVersion?: string) =>
    fluxObject('HelmRelease', 'podinfo', {
      namespace: 'podinfo',
      ...(apiVersion ? { apiVersion } : {}),
      spec: { chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' } } } },
      status: { helmChart: 'flux-system/podinfo-podinfo' },
      conditions: [{ type: 'Ready', status: 'False', reason: 'ArtifactFailed', message: "HelmChart 'flux-system/podinfo-podinfo' is not ready" }],
    });
  const podinfoChart = (message: string) =>
    fluxObject('HelmChart', 'podinfo-podinfo', {
      spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } },
      conditions: [{ type: 'Ready', status: 'False', reason: 'ChartPullFailed', message }],
    });

  it('walks HelmRelease -> generated HelmChart -> HelmRepository', () => {
    const repo = fluxObject('HelmRepository', 'podinfo', {
      conditions: [{ type: 'Ready', status: 'False', reason: 'IndexationFailed', message: 'failed to fetch Helm repository index' }],
    });
    const s = state({ helmReleases: ok([podinfoRelease('helm.toolkit.fluxcd.io/v2beta2')]), helmCharts: ok([podinfoChart('chart pull error')]), helmRepositories: ok([repo]) });
    const g = new FluxGraph(s);
    expect(g.rootCause({ kind: 'HelmRelease', name: 'podinfo', namespace: 'podinfo' })).toEqual({ kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' });
    expect(g.rootCause({ kind: 'HelmChart', name: 'podinfo-podinfo', namespace: 'flux-system' })).toEqual({ kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' });
  });

  it('stops at the HelmChart when its HelmRepository does not exist: the HelmRelease counts under the chart', () => {
    const chart = podinfoChart('failed to retrieve source: HelmRepository.source.toolkit.fluxcd.io "podinfo" not found');
    const g = new FluxGraph(state({ helmReleases: ok([podinfoRelease()]), helmCharts: ok([chart]), helmRepositories: ok([]) }));
    const chartRef = { kind: 'HelmChart', name: 'podinfo-podinfo', namespace: 'flux-system' };
    expect(g.rootCause({ kind: 'HelmRelease', name: 'podinfo', namespace: 'podinfo' })).toEqual(chartRef);
    expect(g.rootCause(chartRef)).toBeUndefined();
    expect(g.heldBack(chartRef)).toEqual([{ kind: 'HelmRelease', name: 'podinfo', namespace: 'podinfo' }]);
  });

  it('derives the generated HelmChart name when status.helmChart is absent, and follows chartRef', () => {
    const viaTemplate = fluxObject('HelmRelease', 'web', {
      namespace: 'apps',
      spec: { chart: { spec: { sourceRef: { kind: 'HelmRepository', name: 'charts' } } } },
      conditions: [{ type: 'Ready', status: 'False', reason: 'HelmChartNotReady', message: "HelmChart 'apps/apps-web' is not ready" }],
    });
    const viaChartRef = fluxObject('HelmRelease', 'api', {
      namespace: 'apps',
      spec: { chartRef: { kind: 'OCIRepository', name: 'api-chart' } },
      conditions: [{ type: 'Ready', status: 'False', reason: 'ArtifactFailed', message: 'source not ready' }],
    });
    const chart = fluxObject('HelmChart', 'apps-web', { namespace: 'apps', conditions: [{ type: 'Ready', status: 'False', reason: 'ChartPullFailed' }] });
    const oci = fluxObject('OCIRepository', 'api-chart', { namespace: 'apps', conditions: [{ type: 'Ready', status: 'False', reason: 'OCIArtifactPullFailed' }] });
    const g = new FluxGraph(state({ helmReleases: ok([viaTemplate, viaChartRef]), helmCharts: ok([chart]), ociRepositories: ok([oci]), helmRepositories: ok([]) }));
    expect(g.rootCause({ kind: 'HelmRelease', name: 'web', namespace: 'apps' })).toEqual({ kind: 'HelmChart', name: 'apps-web', namespace: 'apps' });
    expect(g.rootCause({ kind: 'HelmRelease', name: 'api', namespace: 'apps' })).toEqual({ kind: 'OCIRepository', name: 'api-chart', namespace: 'apps' });
    // The chart template names a HelmRepository that does not exist; the HelmRelease waits on its HelmChart.
    expect(g.missingTargets(g.get({ kind: 'HelmRelease', name: 'web', namespace: 'apps' })!).map((m) => m.ref.name)).toEqual(['charts']);
  });
});

describe('sameRevision', () => {
  it('matches equal revisions across the old and new Git revision formats', () => {
    expect(sameRevision('main@sha1:67e2c98a60dc92283531412a9e604dd4bae005a9', 'main@sha1:67e2c98a60dc92283531412a9e604dd4bae005a9')).toBe(true);
    expect(sameRevision('master/67e2c98a60dc92283531412a9e604dd4bae005a9', 'master@sha1:67e2c98a60dc92283531412a9e604dd4bae005a9')).toBe(true);
    expect(sameRevision('main@sha1:67e2c98a60dc92283531412a9e604dd4bae005a9', 'main@sha1:0000000000000000000000000000000000000000')).toBe(false);
    expect(sameRevision('6.5.3', '6.5.4')).toBe(false);
  });
});

describe('health checks waiting on a suspended object', () => {
  const hr = (suspend: boolean) => fluxObject('HelmRelease', 'cilium', { namespace: 'kube-system', spec: suspend ? { suspend: true } : {} });
  const waiting = ks('pre', { ready: 'False', reason: 'HealthCheckFailed', message: "Health check failed after 5m0s: timeout waiting for: [HelmRelease/kube-system/cilium status: 'InProgress']" });

  it('blames the suspended object the controller named: it cannot converge, whatever its last Ready says', () => {
    const g = graph([waiting], [goodRepo], { helmReleases: ok([hr(true)]) });
    expect(g.rootCause(ref('pre'))).toEqual(ref('cilium', 'HelmRelease', 'kube-system'));
    expect(g.heldBack(ref('cilium', 'HelmRelease', 'kube-system'))).toEqual([ref('pre')]);
  });

  it('keeps the Kustomization its own root cause when the named object is ready and not suspended', () => {
    const g = graph([waiting], [goodRepo], { helmReleases: ok([hr(false)]) });
    expect(g.rootCause(ref('pre'))).toBeUndefined();
    expect(g.heldBack(ref('cilium', 'HelmRelease', 'kube-system'))).toEqual([]);
  });
});
