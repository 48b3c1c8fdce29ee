// One test per edge Flux has: the root cause follows it in the right direction.
import { describe, expect, it } from 'vitest';
import { edgesOf } from '../../skill-src/graph/edges.js';
import { FluxGraph, type KindObjects } from '../../skill-src/graph/graph.js';
import { parseWaitTargets } from '../../skill-src/graph/refs.js';
import type { InputId } from '../../skill-src/cluster/inputs.js';
import type { InputResult } from '../../skill-src/cluster/state.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { fluxObject, ok, state } from '../helpers/state.js';

type Cond = { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string };
const ready: Cond[] = [{ type: 'Ready', status: 'True', reason: 'Succeeded' }];
const failed = (reason: string, message = ''): Cond[] => [{ type: 'Ready', status: 'False', reason, message }];
const ref = (kind: string, namespace: string, name: string) => ({ kind, namespace, name });

function graph(inputs: Partial<Record<InputId, KubeObject[]>>, extra: KindObjects[] = []): FluxGraph {
  const results: Partial<Record<InputId, InputResult>> = {};
  for (const [id, items] of Object.entries(inputs)) results[id as InputId] = ok(items ?? []);
  return new FluxGraph(state(results), extra);
}

describe('sourceRef of every kind', () => {
  const kinds = [
    ['GitRepository', 'gitRepositories'],
    ['OCIRepository', 'ociRepositories'],
    ['Bucket', 'buckets'],
  ] as const;
  for (const [kind, input] of kinds) {
    it(`Kustomization -> ${kind} in another namespace`, () => {
      const src = fluxObject(kind, 'fleet', { namespace: 'sources', conditions: failed('AuthenticationFailed', 'denied') });
      const k = fluxObject('Kustomization', 'apps', {
        namespace: 'apps',
        spec: { sourceRef: { kind, name: 'fleet', namespace: 'sources' } },
        conditions: failed('ArtifactFailed', 'Source is not ready, artifact not found, retrying in 30s'),
      });
      const g = graph({ kustomizations: [k], [input]: [src] });
      expect(g.rootCause(ref('Kustomization', 'apps', 'apps'))).toEqual(ref(kind, 'sources', 'fleet'));
    });
  }

  it('HelmRelease chartRef -> OCIRepository in another namespace', () => {
    const oci = fluxObject('OCIRepository', 'chart', { namespace: 'charts', conditions: failed('OCIArtifactPullFailed') });
    const hr = fluxObject('HelmRelease', 'web', {
      namespace: 'apps',
      spec: { chartRef: { kind: 'OCIRepository', name: 'chart', namespace: 'charts' } },
      conditions: failed('ArtifactFailed', 'source not ready'),
    });
    expect(graph({ helmReleases: [hr], ociRepositories: [oci] }).rootCause(ref('HelmRelease', 'apps', 'web'))).toEqual(ref('OCIRepository', 'charts', 'chart'));
  });

  it('HelmChart sourceRef stays in the chart namespace (the field has no namespace)', () => {
    const chart = fluxObject('HelmChart', 'c', { namespace: 'a', spec: { sourceRef: { kind: 'HelmRepository', name: 'r', namespace: 'b' } } });
    expect(edgesOf(chart, ref('HelmChart', 'a', 'c'))).toEqual([{ role: 'source', to: ref('HelmRepository', 'a', 'r') }]);
  });
});

describe('HelmRelease -> HelmChart -> source', () => {
  it('walks both hops to the HelmRepository', () => {
    const hr = fluxObject('HelmRelease', 'podinfo', {
      namespace: 'podinfo',
      spec: { chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' } } } },
      conditions: failed('HelmChartNotReady', "HelmChart 'flux-system/podinfo-podinfo' is not ready"),
    });
    const chart = fluxObject('HelmChart', 'podinfo-podinfo', { spec: { sourceRef: { kind: 'HelmRepository', name: 'podinfo' } }, conditions: failed('ChartPullFailed') });
    const repo = fluxObject('HelmRepository', 'podinfo', { conditions: failed('IndexationFailed', 'failed to fetch Helm repository index') });
    const g = graph({ helmReleases: [hr], helmCharts: [chart], helmRepositories: [repo] });
    expect(g.rootCause(ref('HelmRelease', 'podinfo', 'podinfo'))).toEqual(ref('HelmRepository', 'flux-system', 'podinfo'));
  });
});

describe('dependsOn', () => {
  it('HelmRelease dependsOn another namespace', () => {
    const a = fluxObject('HelmRelease', 'a', { namespace: 'x', spec: { dependsOn: [{ name: 'b', namespace: 'y' }] }, conditions: failed('DependencyNotReady', "dependency 'y/b' is not ready") });
    const b = fluxObject('HelmRelease', 'b', { namespace: 'y', conditions: failed('InstallFailed') });
    expect(graph({ helmReleases: [a, b] }).rootCause(ref('HelmRelease', 'x', 'a'))).toEqual(ref('HelmRelease', 'y', 'b'));
  });

  it('ResourceSet dependsOn any kind; `ready: true` makes readiness count, otherwise only existence', () => {
    const ks = fluxObject('Kustomization', 'infra', { conditions: failed('BuildFailed') });
    const needsReady = fluxObject('ResourceSet', 'apps', {
      namespace: 'teams',
      spec: { dependsOn: [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'infra', namespace: 'flux-system', ready: true }] },
      conditions: failed('ReconciliationFailed', 'dependency not ready'),
    });
    const existsOnly = fluxObject('ResourceSet', 'other', {
      namespace: 'teams',
      spec: { dependsOn: [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'infra', namespace: 'flux-system' }] },
      conditions: failed('BuildFailed', 'template error'),
    });
    const g = graph({ kustomizations: [ks] }, [{ kind: 'ResourceSet', items: [needsReady, existsOnly], listed: true }]);
    expect(g.rootCause(ref('ResourceSet', 'teams', 'apps'))).toEqual(ref('Kustomization', 'flux-system', 'infra'));
    expect(g.rootCause(ref('ResourceSet', 'teams', 'other'))).toBeUndefined();
  });
});

describe('health checks and wait targets', () => {
  const traefik = fluxObject('HelmRelease', 'traefik', { namespace: 'traefik', conditions: failed('InstallFailed', 'Helm install failed') });
  const waiting = fluxObject('Kustomization', 'infra', {
    spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    conditions: failed('HealthCheckFailed', "health check failed after 5m0.0s: timeout waiting for: [HelmRelease/traefik/traefik status: 'InProgress']"),
  });
  const repo = fluxObject('GitRepository', 'flux-system', { conditions: ready });

  it('parses wait targets, quoted or not, namespaced or cluster-scoped', () => {
    expect(parseWaitTargets("timeout waiting for: [HelmRelease/traefik/traefik status: 'InProgress', Namespace/apps status: 'NotFound']")).toEqual([
      { ref: ref('HelmRelease', 'traefik', 'traefik'), status: 'InProgress' },
      { ref: { kind: 'Namespace', name: 'apps' }, status: 'NotFound' },
    ]);
    expect(parseWaitTargets('failed early due to stalled resources: [Deployment/llm/litellm status: Failed]')).toEqual([{ ref: ref('Deployment', 'llm', 'litellm'), status: 'Failed' }]);
  });

  it('makes the failing HelmRelease named in the message the cause of the Kustomization', () => {
    const g = graph({ kustomizations: [waiting], helmReleases: [traefik], gitRepositories: [repo] });
    expect(g.rootCause(ref('Kustomization', 'flux-system', 'infra'))).toEqual(ref('HelmRelease', 'traefik', 'traefik'));
    expect(g.rootCause(ref('HelmRelease', 'traefik', 'traefik'))).toBeUndefined();
  });

  it('follows spec.healthChecks when the message names nothing listed', () => {
    const k = fluxObject('Kustomization', 'infra', {
      spec: { healthChecks: [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'traefik', namespace: 'traefik' }] },
      conditions: failed('HealthCheckFailed', 'health check failed after 5m0s: context deadline exceeded'),
    });
    expect(graph({ kustomizations: [k], helmReleases: [traefik] }).rootCause(ref('Kustomization', 'flux-system', 'infra'))).toEqual(ref('HelmRelease', 'traefik', 'traefik'));
  });

  it('keeps the Kustomization as its own cause when the waited object is Ready now or only progressing', () => {
    const readyHr = fluxObject('HelmRelease', 'traefik', { namespace: 'traefik', conditions: ready });
    expect(graph({ kustomizations: [waiting], helmReleases: [readyHr] }).rootCause(ref('Kustomization', 'flux-system', 'infra'))).toBeUndefined();
    const progressing = fluxObject('HelmRelease', 'traefik', { namespace: 'traefik', conditions: [{ type: 'Ready', status: 'Unknown', reason: 'Progressing' }] });
    expect(graph({ kustomizations: [waiting], helmReleases: [progressing] }).rootCause(ref('Kustomization', 'flux-system', 'infra'))).toBeUndefined();
  });
});

describe('FluxInstance and FluxReport sync', () => {
  const instance = (reason: string, message: string) =>
    fluxObject('FluxInstance', 'flux', { spec: { sync: { kind: 'GitRepository', url: 'https://example.com/fleet.git', ref: 'refs/heads/main', path: 'clusters/a' } }, conditions: failed(reason, message) });
  const badRepo = fluxObject('GitRepository', 'flux-system', { conditions: failed('AuthenticationFailed', 'authentication required') });
  const goodRepo = fluxObject('GitRepository', 'flux-system', { conditions: ready });
  const syncKs = (conds: Cond[]) => fluxObject('Kustomization', 'flux-system', { spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } }, conditions: conds });
  const waitingKs = syncKs(failed('ArtifactFailed', 'Source is not ready, artifact not found'));

  it('names the sync objects spec.sync.name, else the instance namespace', () => {
    const named = fluxObject('FluxInstance', 'flux', { spec: { sync: { kind: 'OCIRepository', name: 'fleet' } } });
    expect(edgesOf(named, ref('FluxInstance', 'flux-system', 'flux')).map((e) => e.to)).toEqual([ref('Kustomization', 'flux-system', 'fleet'), ref('OCIRepository', 'flux-system', 'fleet')]);
  });

  it('makes a FluxInstance that failed waiting a consequence of its failing sync chain', () => {
    const g = graph({ fluxInstances: [instance('HealthCheckFailed', 'health check failed')], kustomizations: [waitingKs], gitRepositories: [badRepo] });
    expect(g.rootCause(ref('FluxInstance', 'flux-system', 'flux'))).toEqual(ref('GitRepository', 'flux-system', 'flux-system'));
  });

  it('follows an object the FluxInstance message names', () => {
    const fi = instance('ReconciliationFailed', "timeout waiting for: [Kustomization/flux-system/flux-system status: 'Failed']");
    const ks = syncKs(failed('BuildFailed', 'kustomize build failed'));
    expect(graph({ fluxInstances: [fi], kustomizations: [ks], gitRepositories: [goodRepo] }).rootCause(ref('FluxInstance', 'flux-system', 'flux'))).toEqual(ref('Kustomization', 'flux-system', 'flux-system'));
  });

  it('leaves a FluxInstance that failed building its own cause', () => {
    const g = graph({ fluxInstances: [instance('BuildFailed', 'version not found')], kustomizations: [waitingKs], gitRepositories: [badRepo] });
    expect(g.rootCause(ref('FluxInstance', 'flux-system', 'flux'))).toBeUndefined();
  });

  const report = fluxObject('FluxReport', 'flux', { spec: { sync: { id: 'kustomization/flux-system', ready: false, status: 'failed' } } });

  it('points FluxReport sync at the failing source when the sync Kustomization is Ready', () => {
    const g = graph({ kustomizations: [syncKs(ready)], gitRepositories: [badRepo] });
    expect(g.syncCause(report)).toEqual({ failing: ref('GitRepository', 'flux-system', 'flux-system') });
  });

  it("points FluxReport sync at the sync Kustomization's own root cause", () => {
    expect(graph({ kustomizations: [waitingKs], gitRepositories: [badRepo] }).syncCause(report)).toEqual({ failing: ref('GitRepository', 'flux-system', 'flux-system') });
    const own = syncKs(failed('BuildFailed'));
    expect(graph({ kustomizations: [own], gitRepositories: [goodRepo] }).syncCause(report)).toEqual({ failing: ref('Kustomization', 'flux-system', 'flux-system') });
  });

  it('names a missing sync Kustomization as missing, and blames the Ready one whose source is gone', () => {
    expect(graph({ kustomizations: [], gitRepositories: [goodRepo] }).syncCause(report)).toEqual({ missing: ref('Kustomization', 'flux-system', 'flux-system') });
    expect(graph({ kustomizations: [syncKs(ready)], gitRepositories: [] }).syncCause(report)).toEqual({ failing: ref('Kustomization', 'flux-system', 'flux-system') });
  });

  it('never blames a Ready object: everything Ready now, or not listed, yields no failing object', () => {
    expect(graph({ kustomizations: [syncKs(ready)], gitRepositories: [goodRepo] }).syncCause(report)).toEqual({ allReady: true });
    expect(graph({}).syncCause(report)).toBeUndefined();
  });
});

describe('image automation', () => {
  it('ImageUpdateAutomation -> its GitRepository (kind defaults to GitRepository)', () => {
    const repo = fluxObject('GitRepository', 'fleet', { conditions: failed('AuthenticationFailed') });
    const iua = fluxObject('ImageUpdateAutomation', 'bump', { spec: { sourceRef: { name: 'fleet' } }, conditions: failed('GitOperationFailed', 'authentication required') });
    const g = graph({ gitRepositories: [repo] }, [{ kind: 'ImageUpdateAutomation', items: [iua] }]);
    expect(g.rootCause(ref('ImageUpdateAutomation', 'flux-system', 'bump'))).toEqual(ref('GitRepository', 'flux-system', 'fleet'));
  });

  it('ImagePolicy -> ImageRepository across namespaces; a policy naming a missing one is its own root', () => {
    const repo = fluxObject('ImageRepository', 'podinfo', { namespace: 'images', conditions: failed('ReconciliationFailed', 'scan failed') });
    const policy = fluxObject('ImagePolicy', 'podinfo', { namespace: 'apps', spec: { imageRepositoryRef: { name: 'podinfo', namespace: 'images' } }, conditions: failed('DependencyNotReady') });
    const orphan = fluxObject('ImagePolicy', 'orphan', { namespace: 'apps', spec: { imageRepositoryRef: { name: 'gone' } }, conditions: failed('DependencyNotReady') });
    const g = graph({}, [
      { kind: 'ImageRepository', items: [repo], listed: true },
      { kind: 'ImagePolicy', items: [policy, orphan], listed: true },
    ]);
    expect(g.rootCause(ref('ImagePolicy', 'apps', 'podinfo'))).toEqual(ref('ImageRepository', 'images', 'podinfo'));
    expect(g.rootCause(ref('ImagePolicy', 'apps', 'orphan'))).toBeUndefined();
    const orphanNode = g.get(ref('ImagePolicy', 'apps', 'orphan'));
    expect(orphanNode && g.missingTargets(orphanNode).map((m) => m.ref)).toEqual([ref('ImageRepository', 'apps', 'gone')]);
  });
});

describe('generated artifacts and alerts', () => {
  it('ExternalArtifact -> its ArtifactGenerator -> the source it cannot fetch', () => {
    const repo = fluxObject('GitRepository', 'charts', { conditions: failed('AuthenticationFailed', 'denied') });
    const gen = fluxObject('ArtifactGenerator', 'bundle', { spec: { sources: [{ alias: 'charts', kind: 'GitRepository', name: 'charts' }] }, conditions: failed('SourceFetchFailed', 'source not ready') });
    const ea = fluxObject('ExternalArtifact', 'bundle', { spec: { sourceRef: { kind: 'ArtifactGenerator', name: 'bundle' } }, conditions: failed('NotReady', 'generator failed') });
    const g = graph({ gitRepositories: [repo], artifactGenerators: [gen], externalArtifacts: [ea] });
    expect(g.rootCause(ref('ExternalArtifact', 'flux-system', 'bundle'))).toEqual(ref('GitRepository', 'flux-system', 'charts'));
    expect(g.rootCause(ref('ArtifactGenerator', 'flux-system', 'bundle'))).toEqual(ref('GitRepository', 'flux-system', 'charts'));
  });

  it('Alert -> its Provider in the Alert namespace; a missing Provider is left to the practices check', () => {
    // v1beta2: the version whose Alerts and Providers have conditions.
    const NB2 = 'notification.toolkit.fluxcd.io/v1beta2';
    const provider = fluxObject('Provider', 'slack', { namespace: 'apps', apiVersion: NB2, conditions: failed('ValidationFailed', 'secret not found') });
    const alert = fluxObject('Alert', 'on-call', { namespace: 'apps', apiVersion: NB2, spec: { providerRef: { name: 'slack', namespace: 'elsewhere' } }, conditions: failed('ValidationFailed', 'provider apps/slack is not ready') });
    const orphan = fluxObject('Alert', 'orphan', { namespace: 'apps', apiVersion: NB2, spec: { providerRef: { name: 'gone' } }, conditions: failed('ValidationFailed', 'provider not found') });
    const g = graph({ providers: [provider], alerts: [alert, orphan] });
    expect(g.rootCause(ref('Alert', 'apps', 'on-call'))).toEqual(ref('Provider', 'apps', 'slack'));
    const node = g.get(ref('Alert', 'apps', 'orphan'));
    expect(node && g.missingTargets(node)).toEqual([]);
  });
});

describe('ResourceSet inputs', () => {
  it('ResourceSet -> input providers by name and by label selector', () => {
    const byName = fluxObject('ResourceSetInputProvider', 'prs', { namespace: 'teams', conditions: failed('ReconciliationFailed', 'GitHub API 401') });
    const byLabel = fluxObject('ResourceSetInputProvider', 'tags', { namespace: 'teams', labels: { inputs: 'tags' }, conditions: failed('ReconciliationFailed', 'registry 403') });
    const rsName = fluxObject('ResourceSet', 'previews', { namespace: 'teams', spec: { inputsFrom: [{ kind: 'ResourceSetInputProvider', name: 'prs' }] }, conditions: failed('ReconciliationFailed') });
    const rsLabel = fluxObject('ResourceSet', 'releases', { namespace: 'teams', spec: { inputsFrom: [{ kind: 'ResourceSetInputProvider', selector: { matchLabels: { inputs: 'tags' } } }] }, conditions: failed('ReconciliationFailed') });
    const g = graph({}, [
      { kind: 'ResourceSetInputProvider', items: [byName, byLabel], listed: true },
      { kind: 'ResourceSet', items: [rsName, rsLabel], listed: true },
    ]);
    expect(g.rootCause(ref('ResourceSet', 'teams', 'previews'))).toEqual(ref('ResourceSetInputProvider', 'teams', 'prs'));
    expect(g.rootCause(ref('ResourceSet', 'teams', 'releases'))).toEqual(ref('ResourceSetInputProvider', 'teams', 'tags'));
  });
});

describe('consumers of a source', () => {
  it('lists the objects reading from a source, through chart templates too', () => {
    const repo = fluxObject('GitRepository', 'fleet', { conditions: ready });
    const a = fluxObject('Kustomization', 'a', { spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' } } });
    const b = fluxObject('Kustomization', 'b', { namespace: 'x', spec: { sourceRef: { kind: 'GitRepository', name: 'fleet', namespace: 'flux-system' } } });
    const other = fluxObject('Kustomization', 'c', { spec: { sourceRef: { kind: 'GitRepository', name: 'other' } } });
    const g = graph({ gitRepositories: [repo], kustomizations: [a, b, other] });
    expect(g.consumersOf(ref('GitRepository', 'flux-system', 'fleet')).map((n) => n.ref.name)).toEqual(['a', 'b']);
  });
});
