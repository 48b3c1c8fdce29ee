import { describe, expect, it } from 'vitest';
import { fluxAbsentSkip, inputFindings } from '../../skill-src/checks/flux/inputs.js';
import { failed, ok, state } from '../helpers/state.js';

describe('flux-inputs', () => {
  it('skips a GitOps check when neither the operator nor its kinds exist', () => {
    const s = state({ operatorDeployments: ok([]), kustomizations: failed('not-served', 'not served', 404) });
    expect(fluxAbsentSkip(s, ['kustomizations'])).toMatch(/Flux is not installed/);
  });

  it('still checks Flux installed without the operator', () => {
    const s = state({ operatorDeployments: ok([]), kustomizations: ok([]) });
    expect(fluxAbsentSkip(s, ['kustomizations'])).toBeUndefined();
  });

  it('still reports absent CRDs when the operator runs', () => {
    const s = state({ operatorDeployments: ok([{ metadata: { name: 'flux-operator', namespace: 'flux-system' } }]), buckets: failed('not-served', 'x', 404) });
    expect(fluxAbsentSkip(s, ['buckets'])).toBeUndefined();
    expect(inputFindings(s, ['buckets']).map((f) => [f.severity, f.reason])).toEqual([['info', 'CRDNotInstalled']]);
  });

  it('skips when the API server could not be used at all', () => {
    const s = state({}, { connection: { context: 't', server: 's', error: { code: 'unreachable', message: 'connection refused' } } });
    expect(fluxAbsentSkip(s, ['kustomizations'])).toMatch(/API server could not be used/);
  });

  it('reports unreadable lists with the shared reasons', () => {
    const s = state({ gitRepositories: failed('forbidden', '403', 403), helmCharts: failed('timeout', 'slow'), buckets: failed('server-error', '500', 500) });
    expect(inputFindings(s, ['gitRepositories', 'helmCharts', 'buckets']).map((f) => [f.severity, f.reason])).toEqual([
      ['warning', 'ReadForbidden'],
      ['error', 'ReadTimeout'],
      ['error', 'ReadFailed'],
    ]);
  });
});

describe('narrowed lists', () => {
  it('name the denied access review as their root cause', () => {
    const s = state(
      { gitRepositories: { ok: true, apiVersion: 'source.toolkit.fluxcd.io/v1', items: [], narrowedTo: 'flux-system' } },
      { access: [{ verb: 'list', group: 'source.toolkit.fluxcd.io', resource: 'gitrepositories', allowed: false }] },
    );
    const [f] = inputFindings(s, ['gitRepositories']);
    expect(f?.reason).toBe('ListNarrowed');
    expect(f?.rootCause).toEqual({ kind: 'AccessReview', name: 'list in all namespaces' });
  });
});
