// How each kind's revisions are compared, on small built states: HelmRelease v2 history with a HelmChart from
// a GitRepository and with an OCIRepository chartRef, a ResourceSet reached through dependsOn, a suspended object.
import { describe, expect, it } from 'vitest';
import { reportFor } from '../../skill-src/app/validate.js';
import { isRevProblem, parseRev } from '../../skill-src/revision/parse.js';
import { revisionResult } from '../../skill-src/revision/status.js';
import type { RevisionResult } from '../../skill-src/revision/model.js';
import type { ClusterState } from '../../skill-src/cluster/state.js';
import { fluxObject, ok, state } from '../helpers/state.js';

const SHA = 'c0ffee0000000000000000000000000000000001';
const OLD = 'deadbeef00000000000000000000000000000002';
const DIGEST = '1111111111111111111111111111111111111111111111111111111111111111';

function result(s: ClusterState, text: string): RevisionResult {
  const rev = parseRev(text);
  if (isRevProblem(rev)) throw new Error(rev.problem);
  return revisionResult(s, reportFor(s), rev);
}
const states = (r: RevisionResult): Record<string, string> => Object.fromEntries(r.objects.map((o) => [`${o.resource.kind}/${o.resource.name}`, o.state]));

const gitRepo = (revision: string) => fluxObject('GitRepository', 'charts', { status: { artifact: { revision, lastUpdateTime: '2026-11-25T09:00:00Z' } } });
/** A HelmChart packaged from the GitRepository under reconcileStrategy Revision: version+12 hex of the commit. */
const chart = (observed: string, version: string) =>
  fluxObject('HelmChart', 'apps-web', { spec: { chart: './charts/web', sourceRef: { kind: 'GitRepository', name: 'charts' }, reconcileStrategy: 'Revision' }, status: { observedSourceArtifactRevision: observed, artifact: { revision: version } } });
const release = (history: Record<string, unknown>[], conditions?: NonNullable<Parameters<typeof fluxObject>[2]>['conditions'], extra: Record<string, unknown> = {}) =>
  fluxObject('HelmRelease', 'web', {
    namespace: 'apps',
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    spec: { chart: { spec: { chart: './charts/web', sourceRef: { kind: 'GitRepository', name: 'charts', namespace: 'flux-system' } } } },
    status: { helmChart: 'flux-system/apps-web', history, ...extra },
    ...(conditions ? { conditions } : {}),
  });

describe('HelmRelease with a chart from Git', () => {
  it('applied: history[0] is deployed with the chart version the HelmChart packaged from REV', () => {
    const s = state({
      gitRepositories: ok([gitRepo(`main@sha1:${SHA}`)]),
      helmCharts: ok([chart(`main@sha1:${SHA}`, '1.0.0+c0ffee000000')]),
      helmReleases: ok([release([{ chartVersion: '1.0.0+c0ffee000000', status: 'deployed', version: 4 }])]),
    });
    const r = result(s, SHA.slice(0, 7));
    expect(r.sources.filter((x) => x.fetched).map((x) => x.resource.kind)).toEqual(['GitRepository', 'HelmChart']);
    expect(states(r)).toEqual({ 'HelmRelease/web': 'applied' });
    expect(r.objects[0]?.from).toMatchObject({ kind: 'HelmChart', name: 'apps-web' });
    expect(r.verdict).toBe('landed');
  });

  it('in progress: the HelmChart has not packaged REV yet', () => {
    const s = state({
      gitRepositories: ok([gitRepo(`main@sha1:${SHA}`)]),
      helmCharts: ok([chart(`main@sha1:${OLD}`, '1.0.0+deadbeef0000')]),
      helmReleases: ok([release([{ chartVersion: '1.0.0+deadbeef0000', status: 'deployed', version: 3 }])]),
    });
    const r = result(s, SHA);
    expect(states(r)).toEqual({ 'HelmRelease/web': 'progressing' });
    expect(r.objects[0]?.detail).toContain('HelmChart flux-system/apps-web');
    expect(r.verdict).toBe('progressing');
  });

  it('failed: the upgrade to the new chart version failed (history[0] failed, lastAttemptedRevision is it)', () => {
    const s = state({
      gitRepositories: ok([gitRepo(`main@sha1:${SHA}`)]),
      helmCharts: ok([chart(`main@sha1:${SHA}`, '1.0.0+c0ffee000000')]),
      helmReleases: ok([
        release([{ chartVersion: '1.0.0+c0ffee000000', status: 'failed', version: 5 }], [{ type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed: context deadline exceeded' }], { lastAttemptedRevision: '1.0.0+c0ffee000000' }),
      ]),
    });
    const r = result(s, SHA);
    expect(states(r)).toEqual({ 'HelmRelease/web': 'failed' });
    expect(r.objects[0]?.rootCause?.reason).toBe('UpgradeFailed');
    expect(r.verdict).toBe('failed');
  });

  it('a failure on the previous chart version, before REV was tried, is in progress', () => {
    const s = state({
      gitRepositories: ok([gitRepo(`main@sha1:${SHA}`)]),
      helmCharts: ok([chart(`main@sha1:${SHA}`, '1.0.0+c0ffee000000')]),
      helmReleases: ok([
        release([{ chartVersion: '1.0.0+deadbeef0000', status: 'failed', version: 5 }], [{ type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'old failure' }], { lastAttemptedRevision: '1.0.0+deadbeef0000' }),
      ]),
    });
    const r = result(s, SHA);
    expect(states(r)).toEqual({ 'HelmRelease/web': 'progressing' });
    expect(r.objects[0]?.detail).toMatch(/not attempted yet/);
  });
});

describe('HelmRelease with an OCIRepository chartRef', () => {
  const oci = fluxObject('OCIRepository', 'web-chart', { namespace: 'apps', status: { artifact: { revision: `1.2.0@sha256:${DIGEST}` } } });
  const hr = (ociDigest: string) =>
    fluxObject('HelmRelease', 'web', { namespace: 'apps', apiVersion: 'helm.toolkit.fluxcd.io/v2', spec: { chartRef: { kind: 'OCIRepository', name: 'web-chart' } }, status: { history: [{ chartVersion: '1.2.0', status: 'deployed', ociDigest }] } });

  it('applied when history[0].ociDigest is the artifact digest', () => {
    const r = result(state({ ociRepositories: ok([oci]), helmReleases: ok([hr(`sha256:${DIGEST}`)]) }), `sha256:${DIGEST}`);
    expect(states(r)).toEqual({ 'HelmRelease/web': 'applied' });
  });

  it('not applied while history[0] holds another digest, even with the same chart version', () => {
    const r = result(state({ ociRepositories: ok([oci]), helmReleases: ok([hr(`sha256:${'2'.repeat(64)}`)]) }), `sha256:${DIGEST}`);
    expect(states(r)).toEqual({ 'HelmRelease/web': 'progressing' });
  });
});

describe('dependsOn and suspension', () => {
  const repo = fluxObject('GitRepository', 'infra', { status: { artifact: { revision: `main@sha1:${SHA}` } } });
  const ks = (name: string, extra: NonNullable<Parameters<typeof fluxObject>[2]> = {}) =>
    fluxObject('Kustomization', name, { ...extra, spec: { sourceRef: { kind: 'GitRepository', name: 'infra' }, ...extra.spec }, status: { lastAppliedRevision: `main@sha1:${SHA}`, ...extra.status } });

  it('a ResourceSet depending on a Kustomization fed by REV is reached, and applied when Ready', () => {
    const rset = fluxObject('ResourceSet', 'tenants', { apiVersion: 'fluxcd.controlplane.io/v1', spec: { dependsOn: [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'infra', namespace: 'flux-system', ready: true }] } });
    const r = result(state({ gitRepositories: ok([repo]), kustomizations: ok([ks('infra')]), resourceSets: ok([rset]) }), SHA);
    expect(states(r)).toEqual({ 'Kustomization/infra': 'applied', 'ResourceSet/tenants': 'applied' });
    expect(r.objects.find((o) => o.resource.kind === 'ResourceSet')).toMatchObject({ via: 'dependsOn', from: { kind: 'Kustomization', name: 'infra' } });
  });

  it('a ResourceSet waits while the Kustomization it depends on has not applied REV', () => {
    const rset = fluxObject('ResourceSet', 'tenants', { apiVersion: 'fluxcd.controlplane.io/v1', spec: { dependsOn: [{ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'infra', namespace: 'flux-system', ready: true }] } });
    const infra = ks('infra', { status: { lastAppliedRevision: `main@sha1:${OLD}` } });
    const r = result(state({ gitRepositories: ok([repo]), kustomizations: ok([infra]), resourceSets: ok([rset]) }), SHA);
    expect(states(r)).toEqual({ 'Kustomization/infra': 'progressing', 'ResourceSet/tenants': 'blocked' });
    expect(r.verdict).toBe('progressing');
  });

  it('a suspended Kustomization is blocked by itself and fails the run: waiting cannot help', () => {
    const r = result(state({ gitRepositories: ok([repo]), kustomizations: ok([ks('apps', { spec: { suspend: true }, status: { lastAppliedRevision: `main@sha1:${OLD}` } })]) }), SHA);
    expect(states(r)).toEqual({ 'Kustomization/apps': 'blocked' });
    expect(r.objects[0]?.blockedBy).toMatchObject({ kind: 'Kustomization', name: 'apps' });
    expect(r.verdict).toBe('failed');
  });
});

describe('scale', () => {
  it('a dependsOn chain 20,000 deep is judged without recursing down it', () => {
    const repo = fluxObject('GitRepository', 'infra', { status: { artifact: { revision: `main@sha1:${SHA}` } } });
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      fluxObject('Kustomization', `k${i}`, {
        spec: { sourceRef: { kind: 'GitRepository', name: 'infra' }, ...(i > 0 ? { dependsOn: [{ name: `k${i - 1}` }] } : {}) },
        status: { lastAppliedRevision: `main@sha1:${OLD}` },
      }),
    );
    // Listed dependents first, so judging in list order would recurse from k19999 down to k0.
    const r = result(state({ gitRepositories: ok([repo]), kustomizations: ok(chain.reverse()) }), SHA);
    expect(r.counts).toMatchObject({ progressing: 1, blocked: 19_999 });
    expect(r.objects.find((o) => o.resource.name === 'k19999')?.blockedBy).toMatchObject({ name: 'k0' });
  }, 60_000);
});

describe('other sources', () => {
  it('an OCIRepository built from the commit (org.opencontainers.image.revision) holds it, and its Kustomization applies the artifact', () => {
    const oci = fluxObject('OCIRepository', 'manifests', {
      status: { artifact: { revision: `latest@sha256:${DIGEST}`, metadata: { 'org.opencontainers.image.revision': `main@sha1:${SHA}` } } },
    });
    const ks = fluxObject('Kustomization', 'apps', { spec: { sourceRef: { kind: 'OCIRepository', name: 'manifests' } }, status: { lastAppliedRevision: `latest@sha256:${DIGEST}` } });
    const r = result(state({ ociRepositories: ok([oci]), kustomizations: ok([ks]) }), SHA.slice(0, 8));
    expect(r.sources.find((x) => x.resource.name === 'manifests')?.fetched).toBe(true);
    expect(states(r)).toEqual({ 'Kustomization/apps': 'applied' });
  });

  it('a Bucket and an ExternalArtifact hold a digest REV', () => {
    const bucket = fluxObject('Bucket', 'b', { status: { artifact: { revision: `sha256:${DIGEST}` } } });
    const ea = fluxObject('ExternalArtifact', 'e', { status: { artifact: { revision: `v1.0.0@sha256:${DIGEST}` } } });
    const ks = fluxObject('Kustomization', 'from-ea', { spec: { sourceRef: { kind: 'ExternalArtifact', name: 'e' } }, status: { lastAppliedRevision: `v1.0.0@sha256:${'3'.repeat(64)}` } });
    const r = result(state({ buckets: ok([bucket]), externalArtifacts: ok([ea]), kustomizations: ok([ks]) }), `sha256:${DIGEST}`);
    expect(r.sources.filter((x) => x.fetched).map((x) => x.resource.kind).sort()).toEqual(['Bucket', 'ExternalArtifact']);
    expect(states(r)).toEqual({ 'Kustomization/from-ea': 'progressing' });
  });
});
