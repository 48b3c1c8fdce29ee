import { describe, expect, it } from 'vitest';
import { artifactsCheck } from '../../skill-src/checks/families/artifacts.js';
import { failed, fluxObject, ok, state } from '../helpers/state.js';

const run = (inputs: Parameters<typeof state>[0]) => artifactsCheck.run(state(inputs));

describe('artifacts check', () => {
  it('reports an ArtifactGenerator that cannot fetch its source with the failing source as root cause', () => {
    const gen = fluxObject('ArtifactGenerator', 'podinfo', {
      apiVersion: 'source.extensions.fluxcd.io/v1beta1',
      spec: { sources: [{ alias: 'chart', kind: 'OCIRepository', name: 'podinfo-chart' }] },
      conditions: [{ type: 'Ready', status: 'False', reason: 'SourceFetchFailed', message: 'source OCIRepository/flux-system/podinfo-chart is not ready' }],
    });
    const oci = fluxObject('OCIRepository', 'podinfo-chart', { apiVersion: 'source.toolkit.fluxcd.io/v1', conditions: [{ type: 'Ready', status: 'False', reason: 'OCIArtifactPullFailed', message: 'unauthorized' }] });
    const ea = fluxObject('ExternalArtifact', 'podinfo', { apiVersion: 'source.toolkit.fluxcd.io/v1', spec: { sourceRef: { apiVersion: 'source.extensions.fluxcd.io/v1beta1', kind: 'ArtifactGenerator', name: 'podinfo' } } });
    const out = run({ artifactGenerators: ok([gen]), externalArtifacts: ok([ea]), ociRepositories: ok([oci]) });
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ severity: 'error', reason: 'SourceFetchFailed', rootCause: { kind: 'OCIRepository', name: 'podinfo-chart', namespace: 'flux-system' } });
    expect(out.facts).toEqual(['ExternalArtifact: 1 running, 0 failing, 0 suspended', 'ArtifactGenerator: 0 running, 1 failing, 0 suspended']);
  });

  it('names the failing generator as the root cause of an ExternalArtifact that is not ready', () => {
    const gen = fluxObject('ArtifactGenerator', 'gen', { apiVersion: 'source.extensions.fluxcd.io/v1beta1', conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'x' }] });
    const ea = fluxObject('ExternalArtifact', 'out', { apiVersion: 'source.toolkit.fluxcd.io/v1', spec: { sourceRef: { kind: 'ArtifactGenerator', name: 'gen' } }, conditions: [{ type: 'Ready', status: 'False', reason: 'Failed', message: 'y' }] });
    const out = run({ artifactGenerators: ok([gen]), externalArtifacts: ok([ea]) });
    expect(out.findings.find((f) => f.resource.kind === 'ExternalArtifact')?.rootCause).toEqual({ kind: 'ArtifactGenerator', name: 'gen', namespace: 'flux-system' });
  });

  it('is skipped when neither CRD is installed, and says which one is missing otherwise', () => {
    expect(run({ artifactGenerators: failed('not-served'), externalArtifacts: failed('not-served') }).skipped).toMatch(/not installed/);
    const out = run({ artifactGenerators: failed('not-served'), externalArtifacts: ok([]) });
    expect(out.findings.map((f) => f.reason)).toEqual(['CRDNotInstalled']);
  });
});
