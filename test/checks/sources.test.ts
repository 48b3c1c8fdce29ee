import { describe, expect, it } from 'vitest';
import { sourcesCheck } from '../../skill-src/checks/families/sources.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { failed, fluxObject, minutesAgo, ok, state } from '../helpers/state.js';

const REV = 'main@sha1:67e2c98a60dc92283531412a9e604dd4bae005a9';

function git(name: string, opts: Parameters<typeof fluxObject>[2] = {}): KubeObject {
  return fluxObject('GitRepository', name, { spec: { interval: '1m', url: 'https://example.com/repo.git', ...opts.spec }, status: { artifact: { revision: REV } }, ...opts });
}

const run = (inputs: Parameters<typeof state>[0]) => sourcesCheck.run(state(inputs));

describe('sources check', () => {
  it('passes healthy sources of every kind and shows the served revision', () => {
    const out = run({
      gitRepositories: ok([git('flux-system')]),
      ociRepositories: ok([fluxObject('OCIRepository', 'manifests')]),
      helmRepositories: ok([fluxObject('HelmRepository', 'podinfo'), { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'ghcr', namespace: 'flux-system', generation: 1 }, spec: { type: 'oci', url: 'oci://ghcr.io/x' } }]),
      helmCharts: ok([fluxObject('HelmChart', 'flux-system-podinfo')]),
      buckets: ok([fluxObject('Bucket', 'b', { apiVersion: 'source.toolkit.fluxcd.io/v1beta2' })]),
    });
    expect(out.findings).toEqual([]);
    expect(out.facts).toContain(`GitRepository flux-system/flux-system at ${REV}`);
    expect(out.facts).toContain('HelmRepository: 2 running, 0 failing, 0 suspended');
  });

  it('reports Ready=False with the reason and message verbatim and the artifact still served', () => {
    const out = run({
      gitRepositories: ok([
        git('podinfo', {
          namespace: 'default',
          conditions: [
            { type: 'Ready', status: 'False', reason: 'GitOperationFailed', message: "failed to checkout and determine revision: couldn't find remote ref \"refs/heads/invalid\"" },
            { type: 'FetchFailed', status: 'True', reason: 'GitOperationFailed', message: 'same' },
          ],
        }),
      ]),
    });
    expect(out.findings).toHaveLength(1);
    const f = out.findings[0];
    expect(f?.severity).toBe('error');
    expect(f?.reason).toBe('GitOperationFailed');
    expect(f?.resource).toEqual({ kind: 'GitRepository', name: 'podinfo', namespace: 'default' });
    expect(f?.message).toBe(`failed to checkout and determine revision: couldn't find remote ref "refs/heads/invalid"; serving artifact ${REV}`);
    expect(f?.hint).toBe('kubectl -n default describe gitrepositories.source.toolkit.fluxcd.io podinfo');
  });

  it('points AuthenticationFailed at the Secret metadata only, never its data', () => {
    const out = run({
      gitRepositories: ok([
        git('private', {
          spec: { interval: '5m', url: 'ssh://git@example.com/x', secretRef: { name: 'git-credentials' } },
          conditions: [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: "failed to get secret 'flux-system/git-credentials': not found" }],
        }),
      ]),
    });
    const f = out.findings[0];
    expect(f?.reason).toBe('AuthenticationFailed');
    // The Secret is named as text for the user; no suggested command touches it.
    expect(f?.next.argv).toEqual(['kubectl', '-n', 'flux-system', 'describe', 'gitrepositories.source.toolkit.fluxcd.io', 'private']);
    expect(f?.next.note).toContain('Secret git-credentials in namespace flux-system exists with the keys');
    expect(f?.next.note).toContain('identity and known_hosts');
    expect(f?.next.argv?.join(' ')).not.toMatch(/secret/i);
  });

  it('reports Stalled HelmRepository, and a HelmChart failing because of it names it as root cause', () => {
    const out = run({
      helmRepositories: ok([
        fluxObject('HelmRepository', 'podinfo', {
          namespace: 'default',
          conditions: [
            { type: 'Stalled', status: 'True', reason: 'Failed', message: 'failed to construct Helm client: scheme "invalid" not supported' },
            { type: 'Ready', status: 'False', reason: 'Failed', message: 'failed to construct Helm client: scheme "invalid" not supported' },
          ],
        }),
      ]),
      helmCharts: ok([
        fluxObject('HelmChart', 'default-podinfo', {
          namespace: 'default',
          spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } },
          conditions: [{ type: 'Ready', status: 'False', reason: 'SourceUnavailable', message: 'failed to get source: HelmRepository not ready' }],
        }),
      ]),
    });
    const repo = out.findings.find((f) => f.resource.kind === 'HelmRepository');
    const chart = out.findings.find((f) => f.resource.kind === 'HelmChart');
    expect(repo?.severity).toBe('error');
    expect(repo?.reason).toBe('Failed');
    expect(repo?.message).toContain('no artifact stored yet');
    expect(repo?.rootCause).toBeUndefined();
    expect(chart?.reason).toBe('SourceUnavailable');
    expect(chart?.rootCause).toEqual({ kind: 'HelmRepository', name: 'podinfo', namespace: 'default' });
    expect(chart?.hint).toBe('kubectl -n default describe helmrepositories.source.toolkit.fluxcd.io podinfo');
  });

  it('warns on a Ready source whose last fetch failed (FetchFailed=True)', () => {
    const out = run({
      ociRepositories: ok([
        fluxObject('OCIRepository', 'app', {
          status: { artifact: { revision: 'latest@sha256:abc' } },
          conditions: [
            { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'stored artifact' },
            { type: 'FetchFailed', status: 'True', reason: 'OCIArtifactPullFailed', message: "failed to pull artifact from 'oci://x'" },
          ],
        }),
      ]),
    });
    expect(out.findings.map((f) => [f.severity, f.reason])).toEqual([['warning', 'OCIArtifactPullFailed']]);
    expect(out.findings[0]?.message).toContain('serving artifact latest@sha256:abc');
  });

  it('reports suspended sources as info; warns on stale, long in-progress and never-reconciled ones; never on artifact age', () => {
    const old = git('old');
    (old.status as Record<string, unknown>).artifact = { revision: REV, lastUpdateTime: '2020-01-01T00:00:00Z' };
    const out = run({
      gitRepositories: ok([
        git('paused', { spec: { suspend: true } }),
        git('stale', { generation: 5, observedGeneration: 4 }),
        // No interval or timeout: the 5m allowance; 20 minutes is past it, not yet stuck.
        git('busy', { conditions: [{ type: 'Reconciling', status: 'True', reason: 'Progressing', lastTransitionTime: minutesAgo(20) }, { type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'building artifact', lastTransitionTime: minutesAgo(20) }] }),
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'new', namespace: 'flux-system', generation: 1 }, spec: {} },
        old,
      ]),
    });
    const by = Object.fromEntries(out.findings.map((f) => [f.resource.name, [f.severity, f.reason]]));
    expect(by).toEqual({
      paused: ['info', 'Suspended'],
      stale: ['warning', 'StaleStatus'],
      busy: ['warning', 'Progressing'],
      new: ['warning', 'NotReconciled'],
    });
    expect(out.findings.find((f) => f.reason === 'StaleStatus')?.hint).toBe('kubectl -n flux-system logs deploy/source-controller --since=1h');
  });

  it('reports nothing about a source that does not exist: its referrers say it (their own checks)', () => {
    const k = fluxObject('Kustomization', 'a', {
      namespace: 'apps',
      spec: { sourceRef: { kind: 'GitRepository', name: 'gone', namespace: 'flux-system' } },
      conditions: [{ type: 'Ready', status: 'False', reason: 'ArtifactFailed', message: "Source 'GitRepository/flux-system/gone' not found" }],
    });
    const chart = fluxObject('HelmChart', 'podinfo-podinfo', {
      spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } },
      conditions: [{ type: 'Ready', status: 'False', reason: 'ChartPullFailed', message: 'failed to retrieve source: HelmRepository.source.toolkit.fluxcd.io "podinfo" not found' }],
    });
    const out = run({ gitRepositories: ok([git('flux-system')]), helmRepositories: ok([]), helmCharts: ok([chart]), kustomizations: ok([k]), helmReleases: ok([]) });
    expect(out.findings.map((f) => f.resource.kind)).toEqual(['HelmChart']);
    const f = out.findings[0];
    expect(f).toMatchObject({ severity: 'error', reason: 'ChartPullFailed' });
    expect(f?.rootCause).toBeUndefined();
    expect(f?.message).toBe('failed to retrieve source: HelmRepository.source.toolkit.fluxcd.io "podinfo" not found; its source HelmRepository flux-system/podinfo does not exist; no artifact stored yet');
    expect(f?.hint).toBe('kubectl -n flux-system get helmrepositories.source.toolkit.fluxcd.io');
  });

  it('turns failed inputs into findings and still checks the rest', () => {
    const out = run({
      gitRepositories: ok([git('bad', { conditions: [{ type: 'Ready', status: 'False', reason: 'URLInvalid', message: 'bad url' }] })]),
      buckets: failed('not-served', 'buckets not served', 404),
      ociRepositories: failed('forbidden', '403 Forbidden listing OCIRepository objects', 403),
      helmCharts: failed('timeout', 'no answer before the timeout while reading HelmChart objects'),
    });
    const by = Object.fromEntries(out.findings.map((f) => [f.reason, f]));
    expect(by.CRDNotInstalled?.severity).toBe('info');
    expect(by.CRDNotInstalled?.resource).toEqual({ kind: 'CustomResourceDefinition', name: 'buckets.source.toolkit.fluxcd.io' });
    expect(by.ReadForbidden?.severity).toBe('warning');
    expect(by.ReadForbidden?.hint).toBe('kubectl auth can-i list ocirepositories.source.toolkit.fluxcd.io -A');
    expect(by.ReadTimeout?.severity).toBe('error');
    expect(by.URLInvalid?.severity).toBe('error');
  });

  it('folds absent CRDs and narrowed lists into one finding each', () => {
    const narrowed = (items: KubeObject[]) => ({ ok: true as const, apiVersion: 'source.toolkit.fluxcd.io/v1', items, narrowedTo: 'flux-system' });
    const out = run({
      gitRepositories: narrowed([git('flux-system')]),
      helmRepositories: narrowed([]),
      buckets: failed('not-served', 'not served', 404),
      ociRepositories: failed('not-served', 'not served', 404),
    });
    expect(out.findings).toEqual([
      {
        severity: 'info',
        resource: { kind: 'CustomResourceDefinition', name: '*' },
        reason: 'CRDNotInstalled',
        message: 'CRDs of OCIRepository, Bucket not installed: these kinds are not used on this cluster',
        hint: 'kubectl get crds',
        next: { argv: ['kubectl', 'get', 'crds'], docs: 'reference.md#crdnotinstalled', note: 'look for the names ending in fluxcd.io' },
      },
      {
        severity: 'warning',
        resource: { kind: 'Namespace', name: 'flux-system' },
        reason: 'ListNarrowed',
        message: 'listing GitRepository, HelmRepository in all namespaces is forbidden; only namespace flux-system was checked',
        hint: 'kubectl auth can-i list gitrepositories.source.toolkit.fluxcd.io -A',
        next: { argv: ['kubectl', 'auth', 'can-i', 'list', 'gitrepositories.source.toolkit.fluxcd.io', '-A'], docs: 'reference.md#listnarrowed' },
      },
    ]);
  });

  it('warns when a cluster-wide list was narrowed to one namespace, and does not call other namespaces missing', () => {
    const k = fluxObject('Kustomization', 'a', {
      namespace: 'apps',
      spec: { sourceRef: { kind: 'GitRepository', name: 'elsewhere', namespace: 'apps' } },
    });
    const out = run({
      gitRepositories: { ok: true, apiVersion: 'source.toolkit.fluxcd.io/v1', items: [git('flux-system')], narrowedTo: 'flux-system' },
      kustomizations: ok([k]),
    });
    expect(out.findings.map((f) => f.reason)).toEqual(['ListNarrowed']);
  });

  it('skips when the API server could not be used at all', () => {
    const out = sourcesCheck.run(state({}, { connection: { context: 't', server: 's', error: { code: 'unreachable', message: 'connection refused' } } }));
    expect(out.skipped).toMatch(/API server could not be used/);
    expect(out.findings).toEqual([]);
  });

  it('lists every reason it emits', () => {
    for (const r of ['GitOperationFailed', 'AuthenticationFailed', 'OCIArtifactPullFailed', 'IndexationFailed', 'ChartPullFailed', 'URLInvalid', 'SourceNotFound', 'Suspended', 'StaleStatus', 'CRDNotInstalled', 'ReadForbidden', 'ReadFailed', 'ListNarrowed', 'NotReady']) {
      expect(sourcesCheck.reasons).toContain(r);
    }
  });
});

describe('consumers held back by a failing source', () => {
  const ks = (name: string, conds?: NonNullable<Parameters<typeof fluxObject>[2]>['conditions']) =>
    fluxObject('Kustomization', name, { spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' } }, ...(conds ? { conditions: conds } : {}) });
  const fetchFailing = git('fleet', {
    conditions: [
      { type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: 'authentication required' },
      { type: 'FetchFailed', status: 'True', reason: 'AuthenticationFailed', message: 'authentication required' },
    ],
  });

  it('counts Ready consumers on the old artifact as the source impact, naming the revision', () => {
    const out = run({ gitRepositories: ok([fetchFailing]), kustomizations: ok([ks('apps'), ks('infra'), ks('paused', undefined)]) });
    const f = out.findings.find((x) => x.resource.kind === 'GitRepository');
    expect(f?.message).toContain("serving artifact main@sha1:67e2c98a60dc (3 Kustomizations still on it)");
    expect(f?.affects?.map((r) => r.name)).toEqual(['apps', 'infra', 'paused']);
  });

  it('leaves out consumers that fail or are suspended themselves', () => {
    const suspended = fluxObject('Kustomization', 'off', { spec: { suspend: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } } });
    const broken = ks('broken', [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'x' }]);
    const out = run({ gitRepositories: ok([fetchFailing]), kustomizations: ok([ks('apps'), suspended, broken]) });
    const f = out.findings.find((x) => x.resource.kind === 'GitRepository');
    expect(f?.message).toContain("serving artifact main@sha1:67e2c98a60dc (1 Kustomization still on it)");
    expect(f?.affects?.map((r) => r.name)).toEqual(['apps']);
  });

  it('adds nothing for a healthy source', () => {
    expect(run({ gitRepositories: ok([git('fleet')]), kustomizations: ok([ks('apps')]) }).findings).toEqual([]);
  });
});

describe('shortRevision', () => {
  it('cuts digests to 12 hex digits and leaves tags alone', async () => {
    const { shortRevision } = await import('../../skill-src/checks/families/sources.js');
    expect(shortRevision('main@sha1:dc21372d4634d6c5e046f00e19b4319b487645bc')).toBe('main@sha1:dc21372d4634');
    expect(shortRevision('v1.4.0@sha256:6e3f4ca4beebefe187baff453df4a6b810c7dd0727b8df89a0ff02a34dc85dfd')).toBe('v1.4.0@sha256:6e3f4ca4beeb');
    expect(shortRevision('6.9.2')).toBe('6.9.2');
  });
});
