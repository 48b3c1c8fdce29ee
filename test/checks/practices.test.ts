import { describe, expect, it } from 'vitest';
import { practicesCheck } from '../../skill-src/checks/overall/practices.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { failed, fluxObject, ok, state } from '../helpers/state.js';

const git = (name: string, interval = '10m', extra: { namespace?: string; labels?: Record<string, string>; suspend?: boolean } = {}) =>
  fluxObject('GitRepository', name, {
    namespace: extra.namespace ?? 'flux-system',
    spec: { interval, url: 'https://example.com/x.git', ...(extra.suspend ? { suspend: true } : {}) },
    ...(extra.labels ? { labels: extra.labels } : {}),
  });

function receiver(resources: Record<string, unknown>[], o: { namespace?: string; ready?: boolean } = {}): KubeObject {
  return fluxObject('Receiver', 'github', {
    namespace: o.namespace ?? 'flux-system',
    apiVersion: 'notification.toolkit.fluxcd.io/v1',
    spec: { type: 'github', secretRef: { name: 'webhook-token' }, resources },
    conditions: o.ready === false ? [{ type: 'Ready', status: 'False', reason: 'TokenNotFound', message: "unable to read token from secret 'flux-system/webhook-token'" }] : undefined,
  });
}

const alert: KubeObject = {
  apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
  kind: 'Alert',
  metadata: { name: 'flux-system', namespace: 'flux-system' },
  spec: { providerRef: { name: 'slack' }, eventSources: [{ kind: 'Kustomization', name: '*' }] },
};
const provider: KubeObject = { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Provider', metadata: { name: 'slack', namespace: 'flux-system' }, spec: { type: 'slack' } };

const run = (inputs: Parameters<typeof state>[0]) => practicesCheck.run(state({ alerts: ok([alert]), providers: ok([provider]), receivers: ok([]), ...inputs }));
const reasons = (out: ReturnType<typeof run>) => out.findings.map((f) => [f.severity, f.reason, f.resource.name]);

describe('practices check', () => {
  it('passes when every GitRepository has a Receiver and an Alert exists', () => {
    const out = run({
      gitRepositories: ok([git('flux-system', '1m'), git('apps', '1m', { namespace: 'apps' })]),
      receivers: ok([
        receiver([
          { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: 'flux-system' },
          { kind: 'GitRepository', name: 'apps', namespace: 'apps' },
        ]),
      ]),
    });
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual(['1 Receiver, 1 Alert']);
  });

  it('gives info NoReceiver for a GitRepository without one, pointing at reference.md', () => {
    const out = run({ gitRepositories: ok([git('flux-system', '10m')]) });
    expect(reasons(out)).toEqual([['info', 'NoReceiver', 'flux-system']]);
    expect(out.findings[0]?.hint).toBe('kubectl get receivers.notification.toolkit.fluxcd.io -A');
  });

  it('recommends a Receiver (info) for a source polling under 10m with none (one finding per object)', () => {
    const out = run({ gitRepositories: ok([git('fast', '1m')]), ociRepositories: ok([fluxObject('OCIRepository', 'oci', { spec: { interval: '5m' } })]) });
    expect(reasons(out)).toEqual([
      ['info', 'ShortIntervalNoReceiver', 'fast'],
      ['info', 'ShortIntervalNoReceiver', 'oci'],
    ]);
    expect(out.findings[0]?.message).toContain('polls every 1m');
  });

  it('matches wildcard Receiver entries with matchLabels', () => {
    const out = run({
      gitRepositories: ok([git('tenant-a', '1m', { labels: { team: 'a' } }), git('tenant-b', '1m', { labels: { team: 'b' } })]),
      receivers: ok([receiver([{ kind: 'GitRepository', name: '*', matchLabels: { team: 'a' } }])]),
    });
    expect(reasons(out)).toEqual([['info', 'ShortIntervalNoReceiver', 'tenant-b']]);
  });

  it('folds many objects into one finding with a count', () => {
    const repos = Array.from({ length: 500 }, (_, i) => git(`repo-${i}`, '30m'));
    const out = run({ gitRepositories: ok(repos) });
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.resource).toEqual({ kind: 'GitRepository', name: '*' });
    expect(out.findings[0]?.message).toBe('500 GitRepositories have no Receiver (e.g. flux-system/repo-0, flux-system/repo-1, flux-system/repo-2 and 497 more)');
  });

  it('skips suspended sources', () => {
    expect(run({ gitRepositories: ok([git('paused', '1m', { suspend: true })]) }).findings).toEqual([]);
  });

  it('gives info NoAlert when no Alert exists, also when the Alert CRD is absent', () => {
    expect(reasons(run({ alerts: ok([]) }))).toEqual([['info', 'NoAlert', '*']]);
    const absent = run({ alerts: failed('not-served', 'not served', 404), providers: failed('not-served', 'not served', 404) });
    expect(absent.findings.map((f) => [f.severity, f.reason])).toEqual([
      ['info', 'CRDNotInstalled'],
      ['info', 'NoAlert'],
    ]);
    expect(absent.findings[0]?.message).toBe('CRDs of Alert, Provider not installed: these kinds are not used on this cluster');
  });

  it('does not claim anything it could not read, and never emits errors', () => {
    const out = run({
      gitRepositories: ok([git('flux-system', '1m')]),
      receivers: failed('forbidden', '403 Forbidden listing Receiver objects', 403),
      alerts: failed('timeout', 'no answer before the timeout'),
    });
    expect(out.findings.map((f) => [f.severity, f.reason])).toEqual([
      ['warning', 'ReadForbidden'],
      ['warning', 'ReadTimeout'],
    ]);
  });

  it('warns on an Alert whose Provider does not exist, and leaves Receiver health to the notifications check', () => {
    const orphan: KubeObject = { ...alert, metadata: { name: 'orphan', namespace: 'flux-system' }, spec: { providerRef: { name: 'teams' } } };
    const out = run({
      gitRepositories: ok([git('flux-system', '1m')]),
      receivers: ok([receiver([{ kind: 'GitRepository', name: 'flux-system' }], { ready: false })]),
      alerts: ok([alert, orphan]),
    });
    expect(reasons(out)).toEqual([['warning', 'ProviderNotFound', 'orphan']]);
    expect(out.findings.every((f) => f.severity !== 'error')).toBe(true);
  });

  it('never throws on mistyped objects', () => {
    const out = run({
      gitRepositories: ok([{ kind: 'GitRepository', metadata: { name: 'x' }, spec: { interval: 60 } }]),
      receivers: ok([{ kind: 'Receiver', metadata: { name: 'r' }, spec: { resources: [null, { kind: 3 }, 'x'] } }]),
      alerts: ok([{ kind: 'Alert', metadata: { name: 'a' }, spec: { providerRef: 'slack' } }]),
    });
    expect(out.findings.map((f) => f.reason).sort()).toEqual(['NoReceiver']);
  });
});
