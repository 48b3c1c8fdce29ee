import { describe, expect, it } from 'vitest';
import { eventsCheck } from '../../skill-src/checks/overall/events.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { failed, fluxObject, NOW, ok, state } from '../helpers/state.js';

const at = (minutesAgo: number) => new Date(Date.parse(NOW) - minutesAgo * 60_000).toISOString();

/** The component that reports events about each kind, as the real controllers do. */
const REPORTER: Record<string, string> = {
  Kustomization: 'kustomize-controller',
  GitRepository: 'source-controller',
  HelmRelease: 'helm-controller',
  ResourceSet: 'flux-operator',
  Pod: 'kubelet',
  Deployment: 'deployment-controller',
};

let seq = 0;
function event(
  kind: string,
  name: string,
  o: { ns?: string; reason?: string; message?: string; minutesAgo?: number; count?: unknown; apiVersion?: string; timeField?: 'lastTimestamp' | 'eventTime' | 'series'; source?: string | null } = {},
): KubeObject {
  const ns = o.ns ?? 'flux-system';
  const ev: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    type: 'Warning',
    metadata: { name: `${name}.${seq++}`, namespace: ns },
    involvedObject: { kind, name, namespace: ns, ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}) },
    reason: o.reason ?? 'ReconciliationFailed',
    message: o.message ?? 'something failed',
    count: o.count ?? 1,
  };
  const source = o.source === undefined ? REPORTER[kind] : o.source;
  if (source) {
    ev.source = { component: source };
    ev.reportingComponent = source;
  }
  const t = at(o.minutesAgo ?? 5);
  const field = o.timeField ?? 'lastTimestamp';
  if (field === 'series') ev.series = { count: 4, lastObservedTime: t };
  else ev[field] = t;
  return ev;
}

describe('events check', () => {
  it('passes with no recent warning events', () => {
    const out = eventsCheck.run(state({ warningEvents: ok([event('Kustomization', 'old', { minutesAgo: 61 })]) }));
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual(['0 warning events on 0 Flux objects or controllers in the last 60m']);
  });

  it('groups events per object, newest first, with the latest message and the total count', () => {
    const out = eventsCheck.run(
      state({
        warningEvents: ok([
          event('Kustomization', 'apps', { reason: 'HealthCheckFailed', message: 'older', minutesAgo: 30, count: 3 }),
          event('Kustomization', 'apps', { reason: 'BuildFailed', message: 'kustomize build failed: newest', minutesAgo: 2, count: '2' }),
          event('GitRepository', 'repo', { reason: 'GitOperationFailed', message: 'clone failed', minutesAgo: 10, timeField: 'eventTime' }),
        ]),
        kustomizations: ok([fluxObject('Kustomization', 'apps', { conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed' }] })]),
        gitRepositories: ok([fluxObject('GitRepository', 'repo', { conditions: [{ type: 'Ready', status: 'False', reason: 'GitOperationFailed' }] })]),
      }),
    );
    expect(out.findings.map((f) => f.resource.name)).toEqual(['apps', 'repo']);
    const apps = out.findings[0];
    expect(apps?.reason).toBe('WarningEvent');
    expect(apps?.severity).toBe('warning');
    expect(apps?.message).toBe('BuildFailed x5, latest 2m ago (also HealthCheckFailed): kustomize build failed: newest');
    expect(apps?.hint).toBe('kubectl -n flux-system events --for kustomizations.kustomize.toolkit.fluxcd.io/apps');
    expect(out.facts?.[0]).toBe('6 warning events on 2 Flux objects or controllers in the last 60m');
  });

  it('marks events of objects that are Ready now as info (recovered) and others as warnings', () => {
    const out = eventsCheck.run(
      state({
        warningEvents: ok([event('GitRepository', 'recovered'), event('GitRepository', 'broken'), event('ResourceSet', 'apps', { apiVersion: 'fluxcd.controlplane.io/v1' })]),
        gitRepositories: ok([
          fluxObject('GitRepository', 'recovered'),
          fluxObject('GitRepository', 'broken', { conditions: [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed' }] }),
        ]),
      }),
    );
    const sev = Object.fromEntries(out.findings.map((f) => [f.resource.name, f.severity]));
    expect(sev).toEqual({ recovered: 'info', broken: 'warning', apps: 'info' });
    // ResourceSets are not listed here, so the event cannot be checked against its object: listed, unverified.
    expect(out.findings.find((f) => f.resource.name === 'apps')?.reason).toBe('UnverifiedWarningEvent');
  });

  it('lists kubelet and deployment-controller events about controller pods and deployments as unverified, and ignores other workloads', () => {
    const pod = (name: string, ready: boolean): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'flux-system' },
      status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    const out = eventsCheck.run(
      state({
        warningEvents: ok([
          event('Pod', 'source-controller-6d8f7c9b5d-abcde', { reason: 'BackOff', message: 'Back-off restarting failed container' }),
          event('Pod', 'kustomize-controller-7c9d-xyz12', { reason: 'Unhealthy', message: 'Readiness probe failed', minutesAgo: 7 }),
          event('Pod', 'helm-controller-5b-gone1', { reason: 'Unhealthy', minutesAgo: 9 }),
          event('Deployment', 'flux-operator', { reason: 'FailedCreate', minutesAgo: 11 }),
          event('Pod', 'nginx-5d8f-abcde', { reason: 'BackOff' }),
          event('Pod', 'source-controller-6d8f7c9b5d-abcde', { ns: 'default', reason: 'BackOff' }),
        ]),
        controllerPods: ok([pod('source-controller-6d8f7c9b5d-abcde', false), pod('kustomize-controller-7c9d-xyz12', true)]),
        operatorDeployments: ok([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'flux-operator', namespace: 'flux-system' }, spec: { replicas: 1 }, status: { availableReplicas: 1 } }]),
      }),
    );
    const sev = Object.fromEntries(out.findings.map((f) => [f.resource.name, [f.severity, f.reason]]));
    expect(sev).toEqual({
      'source-controller-6d8f7c9b5d-abcde': ['info', 'UnverifiedWarningEvent'],
      'kustomize-controller-7c9d-xyz12': ['info', 'UnverifiedWarningEvent'],
      'helm-controller-5b-gone1': ['info', 'UnverifiedWarningEvent'],
      'flux-operator': ['info', 'UnverifiedWarningEvent'],
    });
    expect(out.findings[0]?.message).toContain('not verified (reported by kubelet, not a Flux controller or the operator)');
    expect(out.findings[0]?.hint).toBe('kubectl -n flux-system events --for pod/source-controller-6d8f7c9b5d-abcde');
  });

  it('bounds the report to the 10 newest objects and counts the rest', () => {
    const evs = Array.from({ length: 25 }, (_, i) => event('Kustomization', `k${i}`, { minutesAgo: i + 1 }));
    const listed = Array.from({ length: 25 }, (_, i) => fluxObject('Kustomization', `k${i}`, { conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed' }] }));
    const out = eventsCheck.run(state({ warningEvents: ok(evs), kustomizations: ok(listed) }));
    expect(out.findings).toHaveLength(10);
    expect(out.findings[0]?.resource.name).toBe('k0');
    expect(out.findings[9]?.resource.name).toBe('k9');
    expect(out.facts).toContain('15 more objects with warning events not shown');
  });

  it('judges recency by the cluster clock (series.lastObservedTime included), never the local clock', () => {
    const evs = [event('HelmRelease', 'a', { timeField: 'series', minutesAgo: 30 })];
    const inWindow = eventsCheck.run(state({ warningEvents: ok(evs) }));
    expect(inWindow.findings.map((f) => f.resource.name)).toEqual(['a']);
    const later = eventsCheck.run(state({ warningEvents: ok(evs) }, { now: at(-60) }));
    expect(later.findings).toEqual([]);
  });

  it('leaves DriftDetected on HelmReleases to the helmreleases check', () => {
    const out = eventsCheck.run(state({ warningEvents: ok([event('HelmRelease', 'a', { reason: 'DriftDetected' })]) }));
    expect(out.findings).toEqual([]);
  });

  it('reports a forbidden events list and never throws on mistyped events', () => {
    const forbidden = eventsCheck.run(state({ warningEvents: failed('forbidden', '403 Forbidden listing Event objects', 403) }));
    expect(forbidden.findings.map((f) => [f.severity, f.reason])).toEqual([['warning', 'ReadForbidden']]);
    const weird: KubeObject[] = [
      { kind: 'Event', involvedObject: null },
      { kind: 'Event', involvedObject: { kind: 'Kustomization', name: 'x' }, lastTimestamp: 'not a date' },
      { kind: 'Event', involvedObject: { kind: 'Kustomization', name: 'y', namespace: 'a' }, lastTimestamp: at(1), count: 'many', reason: 7, message: null },
    ];
    const out = eventsCheck.run(state({ warningEvents: ok(weird) }));
    expect(out.findings.map((f) => [f.resource.name, f.message])).toEqual([['y', 'not verified (no reporting component named): Warning x1, latest 1m ago']]);
  });

  it('never takes an event about an object that does not exist, or from another component, as evidence', () => {
    const broken = fluxObject('Kustomization', 'apps', { conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed' }] });
    const out = eventsCheck.run(
      state({
        warningEvents: ok([
          event('Kustomization', 'ghost', { reason: 'ReconciliationFailed', message: 'phantom' }),
          event('Kustomization', 'apps', { reason: 'PolicyViolation', message: 'blocked by admission', source: 'kyverno-admission' }),
          event('Kustomization', 'apps', { reason: 'BuildFailed', message: 'kustomize build failed', minutesAgo: 3 }),
        ]),
        kustomizations: ok([broken]),
      }),
    );
    const rows = out.findings.map((f) => [f.resource.name, f.severity, f.reason]);
    expect(rows).toEqual([
      ['apps', 'warning', 'WarningEvent'],
      ['apps', 'info', 'UnverifiedWarningEvent'],
      ['ghost', 'info', 'UnverifiedWarningEvent'],
    ]);
    expect(out.findings[1]?.message).toContain('not verified (reported by kyverno-admission, not a Flux controller or the operator): PolicyViolation');
    // The verified group holds only the kustomize-controller event; the kyverno one is not counted with it.
    expect(out.findings[0]?.message).toBe('BuildFailed x1, latest 3m ago: kustomize build failed');
    expect(out.findings[2]?.message).toContain('not verified (the object does not exist)');
    expect(out.facts).toContain('2 objects with unverified warning events (not from a Flux controller, or about an object not found)');
  });
});

describe('event time', () => {
  it('is the newest present of series.lastObservedTime, eventTime and lastTimestamp; creationTimestamp only as a fallback', async () => {
    const { eventTime } = await import('../../skill-src/checks/flux/events.js');
    const base = { kind: 'Event', metadata: { creationTimestamp: at(1) } };
    expect(eventTime({ ...base, eventTime: at(30), lastTimestamp: at(20), series: { lastObservedTime: at(10) } })).toBe(Date.parse(at(10)));
    expect(eventTime({ ...base, eventTime: at(5), lastTimestamp: at(20) })).toBe(Date.parse(at(5)));
    expect(eventTime({ ...base, lastTimestamp: at(20) })).toBe(Date.parse(at(20)));
    expect(eventTime(base)).toBe(Date.parse(at(1)));
    expect(eventTime({ kind: 'Event', lastTimestamp: 'garbage' })).toBeUndefined();
  });
});
