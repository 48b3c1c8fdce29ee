import { describe, expect, it } from 'vitest';
import { fluxHealth, oneLine } from '../../skill-src/checks/flux/status.js';
import { countKinds } from '../../skill-src/checks/flux/counts.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { failed, fluxObject, ok, state } from '../helpers/state.js';

describe('fluxHealth', () => {
  it('is ready when Ready=True at the current generation', () => {
    const h = fluxHealth(fluxObject('GitRepository', 'a', { generation: 3 }));
    expect(h.state).toBe('ready');
    expect(h.ready).toBe(true);
  });

  it('is stale when generation is ahead of the Ready condition observedGeneration, even if Ready=True', () => {
    const h = fluxHealth(fluxObject('Kustomization', 'a', { generation: 4, observedGeneration: 3 }));
    expect(h.state).toBe('stale');
    expect(h.ready).toBe(false);
    expect(h.reason).toBe('StaleStatus');
    expect(h.message).toContain('generation 4 not yet reconciled (last observed 3)');
    expect(h.message).toContain('Ready=True');
  });

  it('prefers the Ready condition observedGeneration over status.observedGeneration (source-controller keeps the latter behind on failure)', () => {
    // Shape of source-controller's documented GitOperationFailed status.
    const obj: KubeObject = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'podinfo', namespace: 'default', generation: 2 },
      status: {
        observedGeneration: 1,
        conditions: [
          { type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message: 'processing object: new generation 1 -> 2', observedGeneration: 2 },
          { type: 'Ready', status: 'False', reason: 'GitOperationFailed', message: "failed to checkout and determine revision: unable to clone 'https://github.com/stefanprodan/podinfo'", observedGeneration: 2 },
          { type: 'FetchFailed', status: 'True', reason: 'GitOperationFailed', message: 'failed to checkout', observedGeneration: 2 },
        ],
      },
    };
    const h = fluxHealth(obj);
    expect(h.state).toBe('failed');
    expect(h.reason).toBe('GitOperationFailed');
    expect(h.message).toBe("failed to checkout and determine revision: unable to clone 'https://github.com/stefanprodan/podinfo'");
  });

  it('falls back to status.observedGeneration when the condition has none', () => {
    const obj = fluxObject('Kustomization', 'a', { generation: 2 });
    const status = obj.status as { observedGeneration: number; conditions: Record<string, unknown>[] };
    status.observedGeneration = 1;
    for (const c of status.conditions) delete c.observedGeneration;
    expect(fluxHealth(obj).state).toBe('stale');
  });

  it('reads Ready=Unknown with Reconciling=True as progressing', () => {
    const h = fluxHealth(
      fluxObject('Kustomization', 'a', {
        conditions: [
          { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'Running health checks' },
          { type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress' },
        ],
      }),
    );
    expect(h.state).toBe('progressing');
    expect(h.reason).toBe('Progressing');
    expect(h.message).toContain('Reconciliation in progress');
  });

  it('reads Stalled=True as stalled with the Stalled reason and the last failure', () => {
    const h = fluxHealth(
      fluxObject('HelmRelease', 'podinfo', {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        conditions: [
          { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)' },
          { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed for release podinfo/podinfo with chart podinfo@6.5.3: timed out' },
        ],
      }),
    );
    expect(h.state).toBe('stalled');
    expect(h.reason).toBe('RetriesExceeded');
    expect(h.message).toMatch(/^Failed to upgrade after 3 attempt\(s\); last failure UpgradeFailed: Helm upgrade failed/);
  });

  it('reports suspended objects as suspended whatever their conditions say', () => {
    const h = fluxHealth(
      fluxObject('Kustomization', 'a', { spec: { suspend: true }, conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'x' }] }),
    );
    expect(h.state).toBe('suspended');
    expect(h.reason).toBe('Suspended');
    expect(h.message).toContain('Ready=False BuildFailed');
  });

  it('treats Alert, Provider and OCI HelmRepository without conditions as healthy by design', () => {
    const bare = (kind: string, spec: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1beta3', kind, metadata: { name: 'x', namespace: 'ns', generation: 1 }, spec });
    expect(fluxHealth(bare('Alert')).state).toBe('static');
    expect(fluxHealth(bare('Provider')).state).toBe('static');
    expect(fluxHealth(bare('HelmRepository', { type: 'oci' })).state).toBe('static');
    expect(fluxHealth(bare('HelmRepository', { type: 'default' })).state).toBe('unreconciled');
    expect(fluxHealth(bare('GitRepository')).state).toBe('unreconciled');
  });

  it('does not count the requestedAt annotation as anything', () => {
    const h = fluxHealth(fluxObject('Kustomization', 'a', { annotations: { 'reconcile.fluxcd.io/requestedAt': '2026-11-25T09:59:00Z' } }));
    expect(h.state).toBe('ready');
  });

  it('never throws on mistyped data', () => {
    const weird: KubeObject[] = [
      { kind: 'Kustomization', metadata: { name: 'a', generation: '2' }, status: 'broken' },
      { kind: 'Kustomization', metadata: { name: 'b' }, status: { conditions: { type: 'Ready' } } },
      { kind: 'Kustomization', metadata: { name: 'c', generation: 1 }, status: { observedGeneration: '1', conditions: [null, 7, { type: 'Ready', status: true }] } },
      { kind: 'Kustomization', metadata: { name: 'd' }, spec: { suspend: 'true' }, status: { conditions: [{ type: 'Ready', status: 'False', reason: 5, message: ['x'] }] } },
      { kind: 'Kustomization' },
    ];
    const states = weird.map((o) => fluxHealth(o).state);
    expect(states).toEqual(['unreconciled', 'unreconciled', 'unreconciled', 'failed', 'unreconciled']);
    expect(fluxHealth(weird[3] as KubeObject).reason).toBe('NotReady');
  });
});

describe('oneLine', () => {
  it('folds multi-line messages and bounds their length', () => {
    expect(oneLine('Helm test failed: 1 error occurred:\n\t* pod x failed\n')).toBe('Helm test failed: 1 error occurred: * pod x failed');
    // Whole up to 2,000 code points; beyond, the middle goes and the cause at the end stays.
    expect(oneLine('x'.repeat(2000))).toBe('x'.repeat(2000));
    const long = oneLine(`${'h'.repeat(3000)}\n${'t'.repeat(1000)}: field is immutable`);
    expect(long.startsWith(`${'h'.repeat(800)} … [`)).toBe(true);
    expect(long).toContain(' … [2021 chars cut] … ');
    expect(long.endsWith(`${'t'.repeat(1000)}: field is immutable`)).toBe(true);
  });
});

describe('countKinds', () => {
  it('counts running, failing and suspended per kind, like flux stats', () => {
    const s = state({
      gitRepositories: ok([
        fluxObject('GitRepository', 'a'),
        fluxObject('GitRepository', 'b', { conditions: [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed' }] }),
        fluxObject('GitRepository', 'c', { spec: { suspend: true } }),
        fluxObject('GitRepository', 'd', { generation: 2, observedGeneration: 1 }),
      ]),
      kustomizations: ok([
        fluxObject('Kustomization', 'k', { conditions: [{ type: 'Stalled', status: 'True', reason: 'BuildFailed' }, { type: 'Ready', status: 'False', reason: 'BuildFailed' }] }),
      ]),
      helmReleases: ok([]),
      buckets: failed('not-served', 'no buckets', 404),
      alerts: ok([{ apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: { name: 'x', namespace: 'flux-system' } }]),
    });
    expect(countKinds(s)).toEqual([
      { kind: 'GitRepository', running: 2, failing: 1, suspended: 1 },
      { kind: 'Kustomization', running: 0, failing: 1, suspended: 0 },
      { kind: 'Alert', running: 1, failing: 0, suspended: 0 },
    ]);
  });
});
