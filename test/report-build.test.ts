import { describe, expect, it } from 'vitest';
import type { Check } from '../skill-src/checks/check.js';
import type { Finding } from '../skill-src/model.js';
import { buildReport } from '../skill-src/report/build.js';
import { runChecks } from '../skill-src/report/run-checks.js';
import { check, finding, report, res } from './helpers/report.js';
import { failed, fluxObject, ok, state } from './helpers/state.js';

const repo = res('GitRepository', 'podinfo', 'flux-system');

describe('verdict and counts', () => {
  it('is healthy with no findings, or with info findings only', () => {
    expect(report([check('sources', [])]).verdict).toBe('healthy');
    const r = report([check('practices', [finding('info', repo, 'NoAlert')])]);
    expect(r.verdict).toBe('healthy');
    expect(r.summary).toMatchObject({ errors: 0, warnings: 0, infos: 1 });
  });

  it('is degraded with warnings and no errors', () => {
    const r = report([check('sources', [finding('warning', repo, 'Suspended')]), check('practices', [finding('info', repo, 'NoReceiver')])]);
    expect(r.verdict).toBe('degraded');
    expect(r.summary).toMatchObject({ errors: 0, warnings: 1, infos: 1 });
  });

  it('is failed with any error, counting every severity across checks', () => {
    const r = report([
      check('sources', [finding('error', repo, 'AuthenticationFailed'), finding('warning', res('Bucket', 'b', 'x'), 'Suspended')]),
      check('kustomizations', [finding('error', res('Kustomization', 'apps', 'flux-system'), 'BuildFailed')]),
      check('practices', [finding('info', repo, 'NoAlert'), finding('info', repo, 'NoReceiver')]),
    ]);
    expect(r.verdict).toBe('failed');
    expect(r.summary).toMatchObject({ errors: 2, warnings: 1, infos: 2 });
  });

  it('copies the cluster summary from the state', () => {
    const r = buildReport(state({}, { connection: { context: 'prod', server: 'https://k8s:6443', version: 'v1.31.0', rttMs: 12 } }), []);
    expect(r.cluster).toEqual({ context: 'prod', server: 'https://k8s:6443', version: 'v1.31.0', mode: 'snapshot', operatorNamespace: 'flux-system', rttMs: 12 });
  });
});

describe('root causes', () => {
  const consequences = (n: number, cause = repo): Finding[] =>
    Array.from({ length: n }, (_, i) =>
      finding('error', res('Kustomization', `app-${String(i).padStart(2, '0')}`, 'apps'), 'DependencyNotReady', { rootCause: cause }),
    );

  it('groups one cause with 40 consequences into one entry with a count and at most 5 examples', () => {
    const cause = finding('error', repo, 'AuthenticationFailed', { message: 'failed to get secret', hint: 'kubectl -n flux-system describe gitrepository podinfo' });
    const r = report([check('sources', [cause]), check('kustomizations', consequences(40))]);
    expect(r.rootCauses).toHaveLength(1);
    const [entry] = r.rootCauses;
    expect(entry).toMatchObject({
      resource: repo,
      severity: 'error',
      reason: 'AuthenticationFailed',
      message: 'failed to get secret',
      hint: 'kubectl -n flux-system describe gitrepository podinfo',
      consequenceCount: 40,
      check: 'sources',
    });
    expect(entry?.examples.length).toBeGreaterThan(0);
    expect(entry?.examples.length).toBeLessThanOrEqual(5);
    for (const ex of entry?.examples ?? []) expect(ex.kind).toBe('Kustomization');
    expect(entry?.examples[0]).toEqual(res('Kustomization', 'app-00', 'apps'));
  });

  it('counts an object once however many findings it has', () => {
    const ks = res('Kustomization', 'apps', 'flux-system');
    const r = report([
      check('sources', [finding('error', repo, 'GitOperationFailed')]),
      check('kustomizations', [finding('error', ks, 'DependencyNotReady', { rootCause: repo }), finding('warning', ks, 'ProgressingWithRetry')]),
      check('events', [finding('warning', ks, 'ReconciliationFailed')]),
    ]);
    expect(r.rootCauses).toHaveLength(1);
    expect(r.rootCauses[0]?.consequenceCount).toBe(1);
  });

  it('follows chains of causes to the end', () => {
    const a = res('Kustomization', 'a', 'x');
    const b = res('Kustomization', 'b', 'x');
    const r = report([
      check('sources', [finding('error', repo, 'AuthenticationFailed')]),
      check('kustomizations', [finding('error', a, 'DependencyNotReady', { rootCause: b }), finding('error', b, 'ArtifactFailed', { rootCause: repo })]),
    ]);
    expect(r.rootCauses.map((c) => [c.resource.name, c.consequenceCount])).toEqual([['podinfo', 2]]);
  });

  it('makes one entry of a dependency cycle', () => {
    const a = res('Kustomization', 'a', 'x');
    const b = res('Kustomization', 'b', 'x');
    const r = report([
      check('kustomizations', [finding('error', a, 'DependencyNotReady', { rootCause: b }), finding('error', b, 'DependencyNotReady', { rootCause: a })]),
    ]);
    expect(r.rootCauses).toHaveLength(1);
    expect(r.rootCauses[0]?.consequenceCount).toBe(1);
  });

  it('creates an entry for a cause that no check reported', () => {
    const r = report([check('kustomizations', consequences(3, res('OCIRepository', 'charts', 'flux-system')))]);
    expect(r.rootCauses).toHaveLength(1);
    expect(r.rootCauses[0]).toMatchObject({
      resource: res('OCIRepository', 'charts', 'flux-system'),
      severity: 'error',
      reason: 'UnreportedRootCause',
      consequenceCount: 3,
    });
    expect(r.rootCauses[0]?.check).toBeUndefined();
    expect(r.rootCauses[0]?.hint).toBe('kubectl -n flux-system describe ocirepositories.source.toolkit.fluxcd.io charts');
  });

  it('ignores info findings and a rootCause pointing at the object itself', () => {
    const ks = res('Kustomization', 'self', 'x');
    const r = report([
      check('practices', [finding('info', repo, 'NoReceiver'), finding('info', res('Kustomization', 'k', 'x'), 'NoAlert', { rootCause: repo })]),
      check('kustomizations', [finding('warning', ks, 'Suspended', { rootCause: ks })]),
    ]);
    expect(r.rootCauses.map((c) => [c.resource.name, c.consequenceCount])).toEqual([['self', 0]]);
  });

  it('sorts errors (or causes of errors) first, then by number of consequences, then by kind, namespace and name', () => {
    const w = res('Bucket', 'warn-many', 'a');
    const e1 = res('Kustomization', 'e1', 'b');
    const e2 = res('HelmRelease', 'e2', 'b');
    const e3 = res('GitRepository', 'e3', 'z');
    const e4 = res('GitRepository', 'e4', 'a');
    const warnWithErrors = res('OCIRepository', 'suspended-source', 'a');
    const dep = (name: string, cause: typeof w, severity: 'error' | 'warning' = 'warning'): Finding =>
      finding(severity, res('Kustomization', name, 'deps'), 'DependencyNotReady', { rootCause: cause });
    const r = report([
      check('sources', [
        finding('warning', w, 'Suspended'),
        finding('error', e3, 'AuthenticationFailed'),
        finding('error', e4, 'AuthenticationFailed'),
        finding('warning', warnWithErrors, 'Suspended'),
      ]),
      check('kustomizations', [finding('error', e1, 'BuildFailed'), dep('d1', e1), dep('d2', e1)]),
      check('helmreleases', [finding('error', e2, 'InstallFailed'), dep('h1', e2), dep('h2', e2), dep('h3', e2)]),
      check('more', [dep('w1', w), dep('w2', w), dep('w3', w), dep('w4', w), dep('x1', warnWithErrors, 'error')]),
    ]);
    // A warning cause that breaks an error ranks with the errors, and keeps its own severity.
    expect(r.rootCauses.map((c) => c.resource.name)).toEqual(['e2', 'e1', 'suspended-source', 'e4', 'e3', 'warn-many']);
    expect(r.rootCauses.map((c) => c.consequenceCount)).toEqual([3, 2, 1, 0, 0, 4]);
    expect(r.rootCauses[2]?.severity).toBe('warning');
  });

  it('lists examples worst first', () => {
    const r = report([
      check('sources', [finding('error', repo, 'AuthenticationFailed')]),
      check('kustomizations', [
        finding('warning', res('Kustomization', 'a-warn', 'x'), 'DependencyNotReady', { rootCause: repo }),
        finding('error', res('Kustomization', 'z-err', 'x'), 'DependencyNotReady', { rootCause: repo }),
      ]),
    ]);
    expect(r.rootCauses[0]?.examples.map((e) => e.name)).toEqual(['z-err', 'a-warn']);
  });
});

describe('MCP recommendation', () => {
  const instance = (status: 'True' | 'False' | 'Unknown'): ReturnType<typeof ok> =>
    ok([fluxObject('FluxInstance', 'flux', { conditions: [{ type: 'Ready', status, reason: status === 'True' ? 'Succeeded' : 'Progressing' }] })]);

  it('is off for a healthy cluster, for warnings, and for errors on other kinds', () => {
    expect(buildReport(state({ fluxInstances: instance('True') }), []).recommendMcp).toBe(false);
    const r = report([
      check('kustomizations', [finding('warning', res('Kustomization', 'k', 'x'), 'Suspended')]),
      check('sources', [finding('warning', repo, 'Suspended')]),
      check('controllers', [finding('error', res('Deployment', 'source-controller', 'flux-system'), 'CrashLoopBackOff')]),
    ]);
    expect(r.recommendMcp).toBe(false);
    expect(r.mcpReasons).toEqual([]);
  });

  it('is off while the FluxInstance is still reconciling (Ready=Unknown)', () => {
    expect(buildReport(state({ fluxInstances: instance('Unknown') }), []).recommendMcp).toBe(false);
  });

  it('is on when the FluxInstance is not Ready', () => {
    const r = buildReport(state({ fluxInstances: instance('False') }), []);
    expect(r.recommendMcp).toBe(true);
    expect(r.mcpReasons).toEqual(['the FluxInstance is not Ready']);
    const byFinding = report([check('instance', [finding('error', res('FluxInstance', 'flux', 'flux-system'), 'ReconciliationFailed')])]);
    expect(byFinding.recommendMcp).toBe(true);
  });

  it('is on for reconciliation errors of Kustomizations or HelmReleases', () => {
    const ks = report([check('kustomizations', [finding('error', res('Kustomization', 'k', 'x'), 'BuildFailed')])]);
    expect(ks.recommendMcp).toBe(true);
    expect(ks.mcpReasons).toEqual(['1 reconciliation error']);
    const hr = report([
      check('helmreleases', [finding('error', res('HelmRelease', 'a', 'x'), 'InstallFailed'), finding('error', res('HelmRelease', 'b', 'x'), 'UpgradeFailed')]),
    ]);
    expect(hr.mcpReasons).toEqual(['2 reconciliation errors']);
  });

  it('counts an error of every other Flux reconciler as a reconciliation error, and nothing else', () => {
    for (const kind of ['ResourceSet', 'ResourceSetInputProvider', 'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation', 'ArtifactGenerator', 'ExternalArtifact', 'Receiver', 'Alert', 'Provider']) {
      const r = report([check('x', [finding('error', res(kind, 'a', 'x'), 'ReconciliationFailed')])]);
      expect(r.mcpReasons, kind).toEqual(['1 reconciliation error']);
    }
    expect(report([check('workloads', [finding('error', res('Deployment', 'a', 'x'), 'CrashLoopBackOff')])]).mcpReasons).toEqual([]);
  });

  it('is on for source sync failures of every source kind', () => {
    for (const kind of ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket']) {
      const r = report([check('sources', [finding('error', res(kind, 's', 'x'), 'Failed')])]);
      expect(r.recommendMcp, kind).toBe(true);
      expect(r.mcpReasons).toEqual(['1 source sync failure']);
    }
  });
});

describe('counts per kind', () => {
  it('puts running, failing and suspended per kind into the summary, like flux stats', () => {
    const r = buildReport(
      state({
        kustomizations: ok([
          fluxObject('Kustomization', 'ready'),
          fluxObject('Kustomization', 'ready-2'),
          fluxObject('Kustomization', 'failed', { conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed' }] }),
          fluxObject('Kustomization', 'stalled', {
            conditions: [
              { type: 'Ready', status: 'False', reason: 'HealthCheckFailed' },
              { type: 'Stalled', status: 'True', reason: 'RetriesExceeded' },
            ],
          }),
          fluxObject('Kustomization', 'suspended', { spec: { suspend: true }, conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed' }] }),
        ]),
        gitRepositories: ok([fluxObject('GitRepository', 'g')]),
        alerts: ok([{ kind: 'Alert', metadata: { name: 'a', namespace: 'x' }, spec: {} }]),
        helmReleases: failed('forbidden'),
        buckets: ok([]),
      }),
      [],
    );
    // Kinds in a fixed order; a kind with no objects, or whose list failed, is left out.
    expect(r.summary.kinds).toEqual([
      { kind: 'GitRepository', running: 1, failing: 0, suspended: 0 },
      { kind: 'Kustomization', running: 2, failing: 2, suspended: 1 },
      { kind: 'Alert', running: 1, failing: 0, suspended: 0 },
    ]);
  });
});

describe('running checks', () => {
  const mk = (id: string, run: Check['run']): Check => ({ id, title: id, needs: [], reasons: [], run });

  it('derives each status from the worst finding', () => {
    const results = runChecks(state(), [
      mk('a', () => ({ findings: [] })),
      mk('b', () => ({ findings: [finding('info', repo, 'X'), finding('warning', repo, 'Y')] })),
      mk('c', () => ({ findings: [finding('warning', repo, 'Y'), finding('error', repo, 'Z')] })),
      mk('d', () => ({ findings: [], skipped: 'not in snapshot mode' })),
      mk('e', () => ({ findings: [finding('warning', repo, 'Y')], skipped: 'partly' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['pass', 'warn', 'fail', 'skip', 'warn']);
    expect(results[3]?.facts).toEqual(['not in snapshot mode']);
  });

  it('turns a check that throws into one error finding and keeps running the others', () => {
    const results = runChecks(state(), [
      mk('boom', () => {
        throw new Error('bad data');
      }),
      mk('fine', () => ({ findings: [], facts: ['all good'] })),
    ]);
    expect(results[0]).toMatchObject({ status: 'fail', findings: [{ severity: 'error', reason: 'CheckCrashed' }] });
    expect(results[0]?.findings[0]?.message).toContain('bad data');
    expect(results[1]).toMatchObject({ status: 'pass', facts: ['all good'] });
  });
});

describe('objects held back without findings', () => {
  it('count as consequences of the failure that affects them, once, and do not raise its severity', () => {
    const src = res('GitRepository', 'fleet', 'flux-system');
    const a = res('Kustomization', 'a', 'flux-system');
    const b = res('Kustomization', 'b', 'flux-system');
    const failing = res('Kustomization', 'c', 'flux-system');
    const cause: Finding = { ...finding('warning', src, 'FetchFailed'), affects: [a, b, a, failing] };
    const r = report([check('sources', [cause]), check('kustomizations', [{ ...finding('error', failing, 'ArtifactFailed'), rootCause: src }])]);
    expect(r.rootCauses).toHaveLength(1);
    expect(r.rootCauses[0]).toMatchObject({ resource: src, consequenceCount: 3, severity: 'warning' });
    expect(r.rootCauses[0]!.examples[0]).toEqual(failing);
  });
});
