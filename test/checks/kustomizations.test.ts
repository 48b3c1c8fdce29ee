import { describe, expect, it } from 'vitest';
import { kustomizationsCheck } from '../../skill-src/checks/families/kustomizations.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import type { Finding } from '../../skill-src/model.js';
import { failed, fluxObject, minutesAgo, ok, state } from '../helpers/state.js';

const A = 'main@sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'main@sha1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

function repo(revision = A, ready = true): KubeObject {
  return fluxObject('GitRepository', 'flux-system', {
    status: { artifact: { revision } },
    conditions: ready ? undefined : [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: 'authentication required' }],
  });
}

interface KsOpts {
  deps?: string[];
  ready?: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  attempted?: string;
  applied?: string;
  suspend?: boolean;
  generation?: number;
  observedGeneration?: number;
  apiVersion?: string;
  extra?: { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastTransitionTime?: string }[];
  /** The Ready condition's lastTransitionTime (default: an hour before NOW). */
  since?: string;
}

function ks(name: string, o: KsOpts = {}): KubeObject {
  const spec: Record<string, unknown> = { interval: '10m', path: './', sourceRef: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' } };
  if (o.deps) spec.dependsOn = o.deps.map((d) => ({ name: d }));
  if (o.suspend) spec.suspend = true;
  const status: Record<string, unknown> = {};
  const applied = o.applied ?? A;
  if (applied) status.lastAppliedRevision = applied;
  status.lastAttemptedRevision = o.attempted ?? applied;
  const opts: Parameters<typeof fluxObject>[2] = {
    namespace: 'flux-system',
    spec,
    status,
    conditions: [
      ...(o.extra ?? []),
      { type: 'Ready', status: o.ready ?? 'True', reason: o.reason ?? 'ReconciliationSucceeded', message: o.message ?? `Applied revision: ${applied}`, ...(o.since ? { lastTransitionTime: o.since } : {}) },
    ],
  };
  if (o.generation !== undefined) opts.generation = o.generation;
  if (o.observedGeneration !== undefined) opts.observedGeneration = o.observedGeneration;
  if (o.apiVersion !== undefined) opts.apiVersion = o.apiVersion;
  return fluxObject('Kustomization', name, opts);
}

function run(kustomizations: KubeObject[], repos: KubeObject[] = [repo()]) {
  return kustomizationsCheck.run(state({ kustomizations: ok(kustomizations), gitRepositories: ok(repos) }));
}

const byName = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.resource.name, f]));

describe('kustomizations check', () => {
  it('passes Ready Kustomizations whose applied revision is the source revision', () => {
    const out = run([ks('flux-system'), ks('apps', { apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2' })]);
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual(['Kustomization: 2 running, 0 failing, 0 suspended', `Kustomization flux-system/flux-system applied ${A}`, `Kustomization flux-system/apps applied ${A}`]);
  });

  it('reports BuildFailed as an error with the message verbatim and where the change is stuck', () => {
    const out = run([ks('apps', { ready: 'False', reason: 'BuildFailed', message: 'kustomize build failed: accumulating resources', attempted: B, applied: A })], [repo(B)]);
    const f = out.findings[0];
    expect(f?.severity).toBe('error');
    expect(f?.reason).toBe('BuildFailed');
    expect(f?.message).toBe(`kustomize build failed: accumulating resources; revision ${B} failed to apply (last applied ${A})`);
    expect(f?.hint).toBe('kubectl -n flux-system describe kustomizations.kustomize.toolkit.fluxcd.io apps');
    expect(f?.rootCause).toBeUndefined();
  });

  it('keeps a long controller message whole up to its budget, with the revision facts after it', () => {
    const long = `kustomize build failed: ${'accumulating resources '.repeat(40)}: no such file or directory`;
    const out = run([ks('apps', { ready: 'False', reason: 'BuildFailed', message: long, attempted: B, applied: A })], [repo(B)]);
    expect(out.findings[0]?.message).toBe(`${long}; revision ${B} failed to apply (last applied ${A})`);
  });

  it('shortens a very long controller message in its middle, keeping its cause and the revision facts', () => {
    const long = `kustomize build failed: ${'accumulating resources '.repeat(400)}: no such file or directory`;
    const out = run([ks('apps', { ready: 'False', reason: 'BuildFailed', message: long, attempted: B, applied: A })], [repo(B)]);
    const m = out.findings[0]?.message ?? '';
    expect(Array.from(m.replace(/ … \[\d+ chars cut\] … /, '')).length).toBeLessThanOrEqual(2000);
    expect(m.startsWith('kustomize build failed: accumulating resources')).toBe(true);
    expect(m.endsWith(`: no such file or directory; revision ${B} failed to apply (last applied ${A})`)).toBe(true);
  });

  it('reports HealthCheckFailed with the Healthy condition', () => {
    const out = run([
      ks('apps', {
        ready: 'False',
        reason: 'HealthCheckFailed',
        message: 'health check failed after 5m0s: timeout waiting for: [Deployment/apps/web status: InProgress]',
        extra: [{ type: 'Healthy', status: 'False', reason: 'HealthCheckFailed', message: 'same' }],
      }),
    ]);
    expect(out.findings.map((f) => [f.severity, f.reason])).toEqual([['error', 'HealthCheckFailed']]);
    expect(out.findings[0]?.message).toContain('Deployment/apps/web');
  });

  it('warns with RevisionNotApplied when Ready but the source has moved on', () => {
    const out = run([ks('apps')], [repo(B)]);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.severity).toBe('warning');
    expect(out.findings[0]?.reason).toBe('RevisionNotApplied');
    expect(out.findings[0]?.message).toBe(`Ready, but GitRepository flux-system/flux-system is at ${B}, not yet attempted`);
  });

  it('accepts the older branch/sha revision format as the same revision', () => {
    const out = run([ks('apps', { applied: 'main/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })], [repo(A)]);
    expect(out.findings).toEqual([]);
  });

  it('warns on stale status (generation ahead); judges reconciliation in progress by how long it has lasted', () => {
    const busy = (name: string, minutes: number) =>
      ks(name, { ready: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress', since: minutesAgo(minutes), extra: [{ type: 'Reconciling', status: 'True', reason: 'Progressing', lastTransitionTime: minutesAgo(minutes) }] });
    // interval 10m: the allowance is 10m, stuck after an hour.
    const out = run([ks('stale', { generation: 3, observedGeneration: 2 }), busy('fresh', 2), busy('slow', 20), busy('stuck', 180)]);
    const by = byName(out.findings);
    expect([by.stale?.severity, by.stale?.reason]).toEqual(['warning', 'StaleStatus']);
    expect([by.fresh?.severity, by.fresh?.reason]).toEqual(['info', 'Progressing']);
    expect(by.fresh?.message).toContain('for 2m0s, within its 10m0s allowance');
    expect([by.slow?.severity, by.slow?.reason]).toEqual(['warning', 'Progressing']);
    expect(by.slow?.message).toContain('for 20m0s, longer than its 10m0s allowance');
    expect([by.stuck?.severity, by.stuck?.reason]).toEqual(['error', 'Progressing']);
    expect(by.stuck?.message).toContain('for 3h0m: stuck');
    // Nothing in the status says why: the next command is the controller's log.
    expect(by.stuck?.next?.argv).toEqual(['kubectl', '-n', 'flux-system', 'logs', 'deploy/kustomize-controller', '--since=1h']);
  });

  it('reports a suspended Kustomization nothing waits on as info, and judges nothing else about it', () => {
    const out = run([ks('paused', { suspend: true, ready: 'False', reason: 'BuildFailed', attempted: B, applied: A })], [repo(B)]);
    expect(out.findings.map((f) => [f.severity, f.reason])).toEqual([['info', 'Suspended']]);
  });

  it('makes a suspended Kustomization that others wait on a warning, and the root cause of their failure', () => {
    const out = run([
      ks('paused', { suspend: true, ready: 'False', reason: 'BuildFailed', attempted: B, applied: A }),
      ks('apps', { deps: ['paused'], ready: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/paused' is not ready" }),
    ], [repo(B)]);
    const by = byName(out.findings);
    expect([by.paused?.severity, by.paused?.reason]).toEqual(['warning', 'Suspended']);
    // Suspended, it never becomes ready: the wait is a failure, not a delay.
    expect([by.apps?.severity, by.apps?.rootCause?.name]).toEqual(['error', 'paused']);
    expect(by.apps?.message).toContain('root cause: Kustomization flux-system/paused (suspended)');
  });

  it('walks DependencyNotReady to the root cause and reports the root once with its own reason', () => {
    const out = run([
      ks('apps', { deps: ['infra'], ready: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/infra' is not ready" }),
      ks('infra', { deps: ['crds'], ready: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/crds' is not ready" }),
      ks('crds', { ready: 'False', reason: 'BuildFailed', message: 'kustomize build failed' }),
    ]);
    const by = byName(out.findings);
    const root = { kind: 'Kustomization', name: 'crds', namespace: 'flux-system' };
    expect(by.crds?.reason).toBe('BuildFailed');
    expect(by.crds?.rootCause).toBeUndefined();
    for (const n of ['apps', 'infra']) {
      expect(by[n]?.severity).toBe('error');
      expect(by[n]?.reason).toBe('DependencyNotReady');
      expect(by[n]?.rootCause).toEqual(root);
      expect(by[n]?.message).toContain('root cause: Kustomization flux-system/crds (BuildFailed)');
      expect(by[n]?.hint).toBe('kubectl -n flux-system describe kustomizations.kustomize.toolkit.fluxcd.io crds');
    }
    expect(out.findings.filter((f) => f.resource.name === 'crds')).toHaveLength(1);
  });

  it('keeps 40 consequences of one cause as 40 findings pointing at it', () => {
    const apps = Array.from({ length: 40 }, (_, i) => ks(`app-${i}`, { deps: ['infra'], ready: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/infra' is not ready" }));
    const out = run([...apps, ks('infra', { ready: 'False', reason: 'HealthCheckFailed', message: 'health check failed' })]);
    expect(out.findings.filter((f) => f.rootCause?.name === 'infra')).toHaveLength(40);
    expect(out.findings.filter((f) => f.resource.name === 'infra' && !f.rootCause)).toHaveLength(1);
  });

  it('reports a dependency cycle as one DependencyCycle error, the other members pointing at it', () => {
    const out = run([
      ks('a', { deps: ['b'], ready: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/b' is not ready" }),
      ks('b', { deps: ['a'], ready: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/a' is not ready" }),
    ]);
    const by = byName(out.findings);
    expect(by.a?.reason).toBe('DependencyCycle');
    expect(by.a?.severity).toBe('error');
    expect(by.a?.message).toBe('dependsOn cycle: flux-system/a -> flux-system/b -> flux-system/a; none of them can become ready');
    expect(by.b?.reason).toBe('DependencyNotReady');
    expect(by.b?.rootCause).toEqual({ kind: 'Kustomization', name: 'a', namespace: 'flux-system' });
  });

  it('keeps each Kustomization with a missing dependency as its own root cause, naming the dependency', () => {
    const out = run([
      ks('apps', { deps: ['ghost'], ready: 'False', reason: 'DependencyNotReady', message: "unable to get 'flux-system/ghost' dependency: not found" }),
      ks('web', { deps: ['ghost'], ready: 'False', reason: 'DependencyNotReady', message: "unable to get 'flux-system/ghost' dependency: not found" }),
      ks('late', { deps: ['apps'], ready: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/apps' is not ready" }),
      ks('fine', { deps: ['ghost'] }),
    ]);
    // No finding about an object that does not exist.
    expect(out.findings.some((f) => f.resource.name === 'ghost')).toBe(false);
    const by = byName(out.findings);
    for (const name of ['apps', 'web']) {
      expect(by[name]).toMatchObject({ severity: 'error', reason: 'DependencyNotReady' });
      expect(by[name]?.rootCause).toBeUndefined();
      expect(by[name]?.message).toMatch(/; its dependency Kustomization flux-system\/ghost does not exist$/);
      expect(by[name]?.hint).toBe('kubectl -n flux-system get kustomizations.kustomize.toolkit.fluxcd.io');
      expect(by[name]?.next?.docs).toMatch(/#dependencynotfound$/);
    }
    expect(by.late?.rootCause).toEqual({ kind: 'Kustomization', name: 'apps', namespace: 'flux-system' });
    // Still Ready, but it fails at its next reconciliation.
    expect(by.fine).toMatchObject({ severity: 'error', reason: 'DependencyNotFound' });
    expect(by.fine?.message).toMatch(/^its dependency Kustomization flux-system\/ghost does not exist: it fails at its next reconciliation/);
  });

  it('downgrades DependencyNotReady when the dependency is only in progress (as far as its age), or ready again', () => {
    const waiting = (name: string, dep: string) => ks(name, { deps: [dep], ready: 'False', reason: 'DependencyNotReady', message: `dependency 'flux-system/${dep}' is not ready` });
    const busy = (name: string, minutes: number) => ks(name, { ready: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress', since: minutesAgo(minutes) });
    const out = run([waiting('a', 'slow'), busy('slow', 20), waiting('c', 'fresh'), busy('fresh', 2), waiting('b', 'fine'), ks('fine')]);
    const by = byName(out.findings);
    expect([by.a?.severity, by.a?.rootCause?.name]).toEqual(['warning', 'slow']);
    expect([by.c?.severity, by.c?.rootCause?.name]).toEqual(['info', 'fresh']);
    expect([by.b?.severity, by.b?.rootCause]).toEqual(['warning', undefined]);
  });

  it('makes the failing source the root cause of a Kustomization waiting on it', () => {
    const out = run(
      [ks('apps', { ready: 'False', reason: 'ArtifactFailed', message: 'Source is not ready, artifact not found, retrying in 30s', applied: '' })],
      [repo(A, false)],
    );
    const f = out.findings[0];
    expect(f?.severity).toBe('error');
    expect(f?.reason).toBe('ArtifactFailed');
    expect(f?.rootCause).toEqual({ kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' });
    expect(f?.hint).toBe('kubectl -n flux-system describe gitrepositories.source.toolkit.fluxcd.io flux-system');
  });

  it('turns a failed Kustomization list into a finding', () => {
    const out = kustomizationsCheck.run(state({ kustomizations: failed('forbidden', '403 Forbidden listing Kustomization objects', 403) }));
    expect(out.findings.map((f) => [f.severity, f.reason, f.resource.kind])).toEqual([['warning', 'ReadForbidden', 'Kustomization']]);
  });

  it('never throws on mistyped Kustomizations', () => {
    const weird: KubeObject[] = [
      { kind: 'Kustomization', metadata: { name: 'a', namespace: 'x' }, spec: { dependsOn: 'b', sourceRef: 7 }, status: { lastAppliedRevision: 5, conditions: 'no' } },
      { kind: 'Kustomization', metadata: { name: 'b', namespace: 'x' }, spec: { dependsOn: [null, { name: 3 }, { namespace: 'y' }] }, status: null },
      { kind: 'Kustomization', metadata: { name: 7 } },
    ];
    const out = kustomizationsCheck.run(state({ kustomizations: ok(weird), gitRepositories: ok([]) }));
    expect(out.findings.map((f) => f.reason)).toEqual(['NotReconciled', 'NotReconciled']);
  });
});
