import { describe, expect, it } from 'vitest';
import { commitOf, sinceOf } from '../../skill-src/checks/flux/since.js';
import { FluxGraph } from '../../skill-src/graph/graph.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { fluxObject, minutesAgo, ok, state } from '../helpers/state.js';

const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);

function ks(path: unknown, opts: { applied?: string; attempted?: string; source?: string; sourceKind?: string } = {}): KubeObject {
  return fluxObject('Kustomization', 'apps', {
    spec: { path, sourceRef: { kind: opts.sourceKind ?? 'GitRepository', name: opts.source ?? 'repo' } },
    status: { lastAppliedRevision: opts.applied ?? `main@sha1:${OLD}`, lastAttemptedRevision: opts.attempted ?? `main@sha1:${NEW}` },
    conditions: [{ type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message: 'apply failed', lastTransitionTime: minutesAgo(135) }],
  });
}

const repo = (url: string) => fluxObject('GitRepository', 'repo', { spec: { url } });

function since(obj: KubeObject, inputs: Parameters<typeof state>[0] = {}) {
  const s = state({ kustomizations: ok([obj]), gitRepositories: ok([repo('https://ghp_abcdefghijklmnopqrstuvwx0123456789@github.com/acme/fleet.git')]), ...inputs });
  const g = new FluxGraph(s);
  const node = g.get({ kind: String(obj.kind), namespace: 'flux-system', name: 'apps' });
  if (!node) throw new Error('no node');
  return sinceOf(s, g, node);
}

describe('since when and what changed', () => {
  it('reads commit ids from Flux 2, Flux 0.x and bare revisions, and nothing else', () => {
    expect(commitOf(`main@sha1:${OLD}`)).toBe(OLD);
    expect(commitOf(`refs/heads/main@sha1:${OLD}`)).toBe(OLD);
    expect(commitOf(`main/${OLD}`)).toBe(OLD);
    expect(commitOf(OLD)).toBe(OLD);
    expect(commitOf(`v1.4.0@sha256:${'c'.repeat(64)}`)).toBeUndefined();
    expect(commitOf('6.9.2')).toBeUndefined();
    expect(commitOf(undefined)).toBeUndefined();
  });

  it('gives the failing time, its age by the cluster clock, both revisions and a git log for the Kustomization path', () => {
    const s = since(ks('./apps/prod'));
    expect(s).toEqual({
      at: minutesAgo(135),
      forSeconds: 8100,
      lastGood: `main@sha1:${OLD}`,
      failing: `main@sha1:${NEW}`,
      changes: { argv: ['git', 'log', '--oneline', `${OLD}..${NEW}`, '--', './apps/prod'], repository: 'https://**REDACTED**@github.com/acme/fleet.git' },
    });
  });

  it('builds no git command from a path that is not a plain repository path, and keeps the other facts', () => {
    for (const path of ['./apps; rm -rf /', '$(id)', '--output=/tmp/x', 'apps\nx', 42]) {
      const s = since(ks(path));
      expect(s?.changes, String(path)).toBeUndefined();
      expect(s?.lastGood).toBe(`main@sha1:${OLD}`);
    }
  });

  it('builds no git command when the source is not a Git repository or a revision is not a commit', () => {
    expect(since(ks('./apps', { sourceKind: 'OCIRepository' }))?.changes).toBeUndefined();
    expect(since(ks('./apps', { attempted: `v2@sha256:${'c'.repeat(64)}` }))?.changes).toBeUndefined();
    expect(since(ks('./apps', { source: 'missing' }))?.changes).toBeUndefined();
  });

  it('omits the failing revision when it is the one last applied', () => {
    const s = since(ks('./apps', { attempted: `main@sha1:${OLD}` }));
    expect(s?.failing).toBeUndefined();
    expect(s?.changes).toBeUndefined();
  });

  it('reads a HelmRelease chart versions and a Stalled transition time', () => {
    const hr = fluxObject('HelmRelease', 'apps', {
      status: { lastAppliedRevision: '6.5.0', lastAttemptedRevision: '6.6.0' },
      conditions: [
        { type: 'Ready', status: 'False', reason: 'UpgradeFailed', lastTransitionTime: minutesAgo(30) },
        { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', lastTransitionTime: minutesAgo(10) },
      ],
    });
    expect(since(hr, { helmReleases: ok([hr]) })).toEqual({ at: minutesAgo(10), forSeconds: 600, lastGood: '6.5.0', failing: '6.6.0' });
  });
});
