// Recorded failed lists: parsed from side data, matched to list requests in any namespace, replayed as failures.
import { describe, expect, it } from 'vitest';
import { parseFixture } from '../../skill-src/cluster/fixture.js';
import { FixtureApi, failedListFor } from '../../skill-src/cluster/fixture-api.js';

const FIXTURE = `apiVersion: v1
kind: List
items:
- apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata: {name: apps, namespace: flux-system}
`;
const SIDE = `failedLists:
- {group: kustomize.toolkit.fluxcd.io, resource: kustomizations, code: timeout}
- {group: '', resource: events, code: server-error}
- {group: x, resource: y, code: not-a-code}
`;

describe('failed lists in recordings', () => {
  const fixture = parseFixture(FIXTURE, SIDE, 'test');

  it('keeps only well-formed entries', () => {
    expect(fixture.side.failedLists).toEqual([
      { group: 'kustomize.toolkit.fluxcd.io', resource: 'kustomizations', code: 'timeout' },
      { group: '', resource: 'events', code: 'server-error' },
    ]);
  });

  it('matches cluster-wide and namespaced list paths, not gets or other kinds', () => {
    const f = fixture.side.failedLists;
    expect(failedListFor(f, { method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations' })?.code).toBe('timeout');
    expect(failedListFor(f, { method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/a/kustomizations' })?.code).toBe('timeout');
    expect(failedListFor(f, { method: 'GET', path: '/api/v1/events' })?.code).toBe('server-error');
    expect(failedListFor(f, { method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/a/kustomizations/apps' })).toBeUndefined();
    expect(failedListFor(f, { method: 'GET', path: '/apis/source.toolkit.fluxcd.io/v1/gitrepositories' })).toBeUndefined();
  });

  it('answers those lists with the recorded failure', async () => {
    const api = new FixtureApi(fixture);
    await expect(api.request({ method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations' })).rejects.toMatchObject({ name: 'TransportError', code: 'timeout' });
    expect((await api.request({ method: 'GET', path: '/api/v1/events' })).status).toBe(500);
    expect((await api.request({ method: 'GET', path: '/api/v1/pods' })).status).toBe(200);
  });

  it('a failure recorded with a namespace and label selector fails only that read', () => {
    const side = `failedLists:
- {group: '', resource: pods, code: timeout, namespace: flux-system, labelSelector: app.kubernetes.io/part-of=flux}
`;
    const f = parseFixture(FIXTURE, side, 'test').side.failedLists;
    expect(f).toEqual([{ group: '', resource: 'pods', code: 'timeout', namespace: 'flux-system', labelSelector: 'app.kubernetes.io/part-of=flux' }]);
    const pods = (namespace: string, labelSelector?: string): string | undefined =>
      failedListFor(f, { method: 'GET', path: `/api/v1/namespaces/${namespace}/pods`, ...(labelSelector ? { query: { labelSelector } } : {}) })?.code;
    expect(pods('flux-system', 'app.kubernetes.io/part-of=flux')).toBe('timeout');
    // The operator's own pods are listed with another selector in the same namespace: they were read fine.
    expect(pods('flux-system', 'app.kubernetes.io/name=flux-operator')).toBeUndefined();
    expect(pods('other', 'app.kubernetes.io/part-of=flux')).toBeUndefined();
    expect(failedListFor(f, { method: 'GET', path: '/api/v1/pods', query: { labelSelector: 'app.kubernetes.io/part-of=flux' } })).toBeUndefined();
  });

  it('a failure recorded without a selector fails only the unselected reads of that resource', () => {
    // The workload lists read every Deployment and pod; the operator's reads select by label and were fine.
    const f = parseFixture(FIXTURE, `failedLists:\n- {group: apps, resource: deployments, code: timeout}\n`, 'test').side.failedLists;
    expect(failedListFor(f, { method: 'GET', path: '/apis/apps/v1/deployments' })?.code).toBe('timeout');
    expect(failedListFor(f, { method: 'GET', path: '/apis/apps/v1/deployments', query: { labelSelector: 'app.kubernetes.io/name=flux-operator' } })).toBeUndefined();
  });
});
