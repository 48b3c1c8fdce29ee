import { describe, expect, it } from 'vitest';
import { resourceSetsCheck } from '../../skill-src/checks/families/resourcesets.js';
import { failed, fluxObject, ok, state } from '../helpers/state.js';

const OP = 'fluxcd.controlplane.io/v1';
const run = (inputs: Parameters<typeof state>[0]) => resourceSetsCheck.run(state(inputs));

describe('resourcesets check', () => {
  it('reports a Stalled ResourceSet as an error with the controller reason and message', () => {
    const rset = fluxObject('ResourceSet', 'tenants', {
      apiVersion: OP,
      conditions: [
        { type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'build failed: failed to parse template' },
        { type: 'Stalled', status: 'True', reason: 'BuildFailed', message: 'build failed: failed to parse template' },
      ],
    });
    const out = run({ resourceSets: ok([rset]), resourceSetInputProviders: ok([]) });
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'BuildFailed', resource: { kind: 'ResourceSet', name: 'tenants' } });
    expect(out.findings[0]?.hint).toBe('kubectl -n flux-system describe resourcesets.fluxcd.controlplane.io tenants');
    expect(out.facts).toContain('ResourceSet: 0 running, 1 failing, 0 suspended');
  });

  it('reports a failing input provider, and names a failing dependsOn target as the root cause', () => {
    const rsip = fluxObject('ResourceSetInputProvider', 'prs', { apiVersion: OP, conditions: [{ type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message: 'failed to list pull requests: 401 Bad credentials' }] });
    const dep = fluxObject('ResourceSet', 'infra', { apiVersion: OP, conditions: [{ type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message: 'apply failed' }] });
    const waiting = fluxObject('ResourceSet', 'apps', {
      apiVersion: OP,
      // The controller reads dependsOn[].namespace as written (resourceset_controller.go checkDependencies) and
      // waits for readiness only with ready: true; it checks dependencies before it reads inputs.
      spec: { dependsOn: [{ apiVersion: OP, kind: 'ResourceSet', name: 'infra', namespace: 'flux-system', ready: true }], inputsFrom: [{ name: 'prs' }] },
      conditions: [{ type: 'Ready', status: 'False', reason: 'DependencyNotReady', message: 'dependency fluxcd.controlplane.io/v1/ResourceSet/flux-system/infra not ready' }],
    });
    const out = run({ resourceSets: ok([dep, waiting]), resourceSetInputProviders: ok([rsip]) });
    const apps = out.findings.find((f) => f.resource.name === 'apps');
    expect(apps?.rootCause).toEqual({ kind: 'ResourceSet', name: 'infra', namespace: 'flux-system' });
    expect(out.findings.find((f) => f.resource.kind === 'ResourceSetInputProvider')).toMatchObject({ severity: 'error', reason: 'ReconciliationFailed' });
  });

  it('keeps a ResourceSet stalled on a missing input provider as its own root cause, naming the provider', () => {
    const rset = fluxObject('ResourceSet', 'apps', {
      apiVersion: OP,
      spec: { inputsFrom: [{ name: 'gone' }] },
      conditions: [
        { type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'failed to compute inputs: failed to get provider flux-system/gone: not found' },
        { type: 'Stalled', status: 'True', reason: 'BuildFailed', message: 'failed to compute inputs: failed to get provider flux-system/gone: not found' },
      ],
    });
    const out = run({ resourceSets: ok([rset]), resourceSetInputProviders: ok([]) });
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'BuildFailed', resource: { kind: 'ResourceSet', name: 'apps' } });
    expect(out.findings[0]?.rootCause).toBeUndefined();
    expect(out.findings[0]?.message).toMatch(/; its input provider ResourceSetInputProvider flux-system\/gone does not exist$/);
    expect(out.findings[0]?.hint).toBe('kubectl -n flux-system get resourcesetinputproviders.fluxcd.controlplane.io');
    expect(out.findings[0]?.next?.docs).toMatch(/#sourcenotfound$/);
  });

  it('is skipped when the ResourceSet CRDs are not installed, and reports a forbidden list', () => {
    expect(run({ resourceSets: failed('not-served'), resourceSetInputProviders: failed('not-served') }).skipped).toMatch(/ResourceSet CRDs are not installed/);
    const denied = run({ resourceSets: failed('forbidden', 'forbidden', 403), resourceSetInputProviders: ok([]) });
    expect(denied.findings.map((f) => f.reason)).toContain('ReadForbidden');
  });
});
