import { describe, expect, it } from 'vitest';
import { imageAutomationCheck } from '../../skill-src/checks/families/image-automation.js';
import { failed, fluxObject, ok, state } from '../helpers/state.js';

const IMAGE = 'image.toolkit.fluxcd.io/v1';
const run = (inputs: Parameters<typeof state>[0]) => imageAutomationCheck.run(state(inputs));

const repo = (conditions?: NonNullable<Parameters<typeof fluxObject>[2]>['conditions']) =>
  fluxObject('ImageRepository', 'podinfo', { apiVersion: IMAGE, spec: { image: 'ghcr.io/stefanprodan/podinfo', interval: '5m', secretRef: { name: 'ghcr-auth' } }, ...(conditions ? { conditions } : {}) });
const policy = (conditions?: NonNullable<Parameters<typeof fluxObject>[2]>['conditions']) =>
  fluxObject('ImagePolicy', 'podinfo', { apiVersion: IMAGE, spec: { imageRepositoryRef: { name: 'podinfo' }, policy: { semver: { range: '6.x' } } }, ...(conditions ? { conditions } : {}) });
const automation = (conditions?: NonNullable<Parameters<typeof fluxObject>[2]>['conditions']) =>
  fluxObject('ImageUpdateAutomation', 'flux-system', { apiVersion: IMAGE, spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' }, interval: '30m' }, ...(conditions ? { conditions } : {}) });

describe('image-automation check', () => {
  it('passes a healthy image chain and counts each kind', () => {
    const out = run({ imageRepositories: ok([repo()]), imagePolicies: ok([policy()]), imageUpdateAutomations: ok([automation()]), gitRepositories: ok([fluxObject('GitRepository', 'flux-system')]) });
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual(['ImageRepository: 1 running, 0 failing, 0 suspended', 'ImagePolicy: 1 running, 0 failing, 0 suspended', 'ImageUpdateAutomation: 1 running, 0 failing, 0 suspended']);
  });

  it('is skipped quietly when no image automation CRD is installed', () => {
    const out = run({ imageRepositories: failed('not-served'), imagePolicies: failed('not-served'), imageUpdateAutomations: failed('not-served') });
    expect(out.skipped).toMatch(/image automation CRDs are not installed/);
    expect(out.findings).toEqual([]);
  });

  it('reports a failing ImageRepository as an error with its reason verbatim naming the pull Secret without any command that reads it', () => {
    const out = run({ imageRepositories: ok([repo([{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: 'failed to configure authentication options: secrets "ghcr-auth" not found' }])]), imagePolicies: ok([]), imageUpdateAutomations: ok([]) });
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'AuthenticationFailed', resource: { kind: 'ImageRepository', name: 'podinfo', namespace: 'flux-system' } });
    expect(out.findings[0]?.next.argv).toEqual(['kubectl', '-n', 'flux-system', 'describe', 'imagerepositories.image.toolkit.fluxcd.io', 'podinfo']);
    expect(out.findings[0]?.next.note).toContain('Secret ghcr-auth in namespace flux-system exists with the keys .dockerconfigjson');
  });

  it('makes the failing ImageRepository the root cause of the ImagePolicy that waits on it', () => {
    const out = run({
      imageRepositories: ok([repo([{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: 'denied' }])]),
      imagePolicies: ok([policy([{ type: 'Ready', status: 'False', reason: 'DependencyNotReady', message: 'retrying in 10s error: no tags in database' }])]),
      imageUpdateAutomations: ok([]),
    });
    const p = out.findings.find((f) => f.resource.kind === 'ImagePolicy');
    expect(p?.rootCause).toEqual({ kind: 'ImageRepository', name: 'podinfo', namespace: 'flux-system' });
    expect(p?.message).toContain('root cause: ImageRepository flux-system/podinfo (AuthenticationFailed)');
    expect(p?.hint).toContain('describe imagerepositories.image.toolkit.fluxcd.io podinfo');
  });

  it('says so when the ImagePolicy waits although its ImageRepository is Ready, and points at the controller log', () => {
    const out = run({
      imageRepositories: ok([repo([{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'successful scan: found 90 tags' }])]),
      imagePolicies: ok([policy([{ type: 'Ready', status: 'False', reason: 'DependencyNotReady', message: 'no tags in database' }])]),
      imageUpdateAutomations: ok([]),
    });
    expect(out.findings).toHaveLength(1);
    const p = out.findings[0];
    expect(p).toMatchObject({ severity: 'error', reason: 'DependencyNotReady', resource: { kind: 'ImagePolicy', name: 'podinfo' } });
    expect(p?.rootCause).toBeUndefined();
    expect(p?.message).toBe('no tags in database; ImageRepository flux-system/podinfo is Ready now, so the wait is not explained by it');
    expect(p?.next.argv).toEqual(['kubectl', '-n', 'flux-system', 'logs', 'deploy/image-reflector-controller', '--since=1h']);
  });

  it('names a missing ImageRepository on the policy, its own root cause, when the list was read in full', () => {
    const out = run({
      imageRepositories: ok([]),
      imagePolicies: ok([policy([{ type: 'Ready', status: 'False', reason: 'DependencyNotReady', message: 'failed to get the referred ImageRepository: imagerepositories.image.toolkit.fluxcd.io "podinfo" not found' }])]),
      imageUpdateAutomations: ok([]),
    });
    expect(out.findings[0]?.rootCause).toBeUndefined();
    expect(out.findings[0]?.message).toMatch(/; its source ImageRepository flux-system\/podinfo does not exist$/);
    expect(out.findings[0]?.hint).toBe('kubectl -n flux-system get imagerepositories.image.toolkit.fluxcd.io');
  });

  it('makes the failing GitRepository the root cause of a failing ImageUpdateAutomation, and a Stalled one an error', () => {
    const out = run({
      imageRepositories: ok([]),
      imagePolicies: ok([]),
      imageUpdateAutomations: ok([automation([{ type: 'Ready', status: 'False', reason: 'GitOperationFailed', message: 'failed to push' }])]),
      gitRepositories: ok([fluxObject('GitRepository', 'flux-system', { conditions: [{ type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: 'ssh: handshake failed' }] })]),
    });
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'GitOperationFailed', rootCause: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' } });
    const stalled = run({
      imageRepositories: ok([]),
      imagePolicies: ok([]),
      imageUpdateAutomations: ok([automation([{ type: 'Ready', status: 'False', reason: 'InvalidSourceConfiguration', message: 'x' }, { type: 'Stalled', status: 'True', reason: 'InvalidSourceConfiguration', message: 'source kind Bucket not supported' }])]),
      gitRepositories: ok([fluxObject('GitRepository', 'flux-system')]),
    });
    expect(stalled.findings[0]).toMatchObject({ severity: 'error', reason: 'InvalidSourceConfiguration' });
    expect(stalled.findings[0]?.rootCause).toBeUndefined();
  });

  it('documents every reason the controllers set', () => {
    for (const r of ['ImageURLInvalid', 'ReadOperationFailed', 'InvalidPolicy', 'UpdateFailed', 'SourceManagerFailed', 'InvalidUpdateStrategy']) expect(imageAutomationCheck.reasons).toContain(r);
  });
});
