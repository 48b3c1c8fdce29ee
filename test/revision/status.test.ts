// Where REV stands, on the recorded scenarios: expectations written from the fixtures' objects.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValidateOptions } from '../../skill-src/cli/args.js';
import { reportFor, snapshotState } from '../../skill-src/app/validate.js';
import { parseRev, isRevProblem } from '../../skill-src/revision/parse.js';
import { newestRevision, revisionResult } from '../../skill-src/revision/status.js';
import type { RevisionResult } from '../../skill-src/revision/model.js';
import { SCENARIO_DIR } from '../helpers/golden.js';
import { HEALTHY_COMMIT, NEW_COMMIT, fetchedNotApplied, patchedScenario } from '../helpers/revision.js';

function opts(file: string): ValidateOptions {
  return { command: 'validate', snapshot: file, contexts: [], allContexts: false, output: 'json', timeoutSeconds: 20, probeUi: false, noColor: true };
}

async function run(file: string, revText: string): Promise<RevisionResult> {
  const state = await snapshotState(opts(file));
  const rev = parseRev(revText);
  if (isRevProblem(rev)) throw new Error(rev.problem);
  return revisionResult(state, reportFor(state), rev);
}

const scenario = (name: string): string => path.join(SCENARIO_DIR, `${name}.yaml`);
const states = (r: RevisionResult): Record<string, string> => Object.fromEntries(r.objects.map((o) => [`${o.resource.kind}/${o.resource.name}`, o.state]));

describe('revisionResult', () => {
  it('landed: the source holds the commit and every object it reaches applied it', async () => {
    const r = await run(scenario('healthy'), HEALTHY_COMMIT.slice(0, 7));
    expect(r.verdict).toBe('landed');
    expect(r.sources.filter((s) => s.fetched).map((s) => s.resource.name)).toEqual(['flux-system']);
    expect(states(r)).toEqual({ 'Kustomization/flux-system': 'applied', 'Kustomization/infra': 'applied', 'Kustomization/apps': 'applied', 'Kustomization/monitoring': 'applied' });
    const apps = r.objects.find((o) => o.resource.name === 'apps');
    expect(apps?.via).toBe('dependsOn');
    expect(apps?.from).toMatchObject({ kind: 'Kustomization', name: 'infra' });
    expect(r.notAffected).toEqual([{ kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' }]);
    expect(r.counts).toEqual({ applied: 4, progressing: 0, failed: 0, blocked: 0, notAffected: 1 });
  });

  it('failed: the Kustomization that failed on the commit carries its root cause and next command', async () => {
    const r = await run(scenario('kustomization-build-failure'), '59d8acee21775f8968c0dcc0f79f64ff724ff8ca');
    expect(r.verdict).toBe('failed');
    const apps = r.objects.find((o) => o.resource.name === 'apps');
    expect(apps?.state).toBe('failed');
    expect(apps?.attempted).toBe('main@sha1:59d8acee21775f8968c0dcc0f79f64ff724ff8ca');
    expect(apps?.rootCause?.resource).toMatchObject({ kind: 'Kustomization', name: 'apps' });
    expect(apps?.rootCause?.reason).toBe('BuildFailed');
    expect(apps?.rootCause?.next.argv?.[0]).toBe('kubectl');
  });

  it('blocked: objects that depend on the failing Kustomization wait for it, and the run fails', async () => {
    const r = await run(scenario('dependency-chain'), 'f766e25');
    expect(r.verdict).toBe('failed');
    expect(states(r)).toMatchObject({ 'Kustomization/infra': 'failed', 'Kustomization/policies': 'blocked', 'Kustomization/tenants': 'blocked', 'Kustomization/apps': 'blocked' });
    for (const o of r.objects.filter((x) => x.state === 'blocked')) {
      expect(o.blockedBy).toMatchObject({ kind: 'Kustomization', name: 'infra' });
      expect(o.rootCause?.resource).toMatchObject({ name: 'infra' });
    }
  });

  it('progressing: the source fetched the commit, infra is applying it, its dependents wait', async () => {
    const r = await run(patchedScenario('healthy', fetchedNotApplied), NEW_COMMIT);
    expect(r.verdict).toBe('progressing');
    expect(states(r)).toEqual({ 'Kustomization/flux-system': 'progressing', 'Kustomization/infra': 'progressing', 'Kustomization/apps': 'blocked', 'Kustomization/monitoring': 'blocked' });
    const apps = r.objects.find((o) => o.resource.name === 'apps');
    expect(apps?.blockedBy).toMatchObject({ name: 'infra' });
    // The report names infra (in progress longer than its allowance) as a warning root cause: it is shown.
    expect(apps?.rootCause?.reason).toBe('Progressing');
  });

  it('not fetched: no source holds the commit', async () => {
    const r = await run(scenario('healthy'), NEW_COMMIT.slice(0, 12));
    expect(r.verdict).toBe('not-fetched');
    expect(r.objects).toEqual([]);
    expect(r.sources.every((s) => !s.fetched)).toBe(true);
    expect(r.counts.notAffected).toBe(5);
  });

  it('an OCI digest matches the OCIRepository and the Kustomization applying it', async () => {
    const r = await run(scenario('healthy'), 'sha256:6e3f4ca4beebefe187baff453df4a6b810c7dd0727b8df89a0ff02a34dc85dfd');
    expect(r.sources.filter((s) => s.fetched).map((s) => s.resource.name)).toEqual(['monitoring-config']);
    expect(states(r)).toEqual({ 'Kustomization/monitoring': 'applied' });
    expect(r.verdict).toBe('landed');
  });

  it('a tag matches the ref part of a revision', async () => {
    const r = await run(scenario('healthy'), 'v1.4.0');
    expect(r.sources.filter((s) => s.fetched).map((s) => s.resource.name)).toEqual(['monitoring-config']);
  });

  it('a chart version matches the HelmChart and reaches the HelmRelease through it', async () => {
    const r = await run(scenario('healthy'), '6.9.2');
    expect(r.sources.filter((s) => s.fetched).map((s) => s.resource.name)).toEqual(['podinfo-podinfo']);
    expect(states(r)).toEqual({ 'HelmRelease/podinfo': 'applied' });
  });

  it('a HelmRelease whose upgrade failed on the chart version it has is failed', async () => {
    const r = await run(scenario('helmrelease-upgrade-failed-drift'), '6.9.2');
    expect(states(r)).toEqual({ 'HelmRelease/podinfo': 'failed' });
    expect(r.verdict).toBe('failed');
  });

  it('the default REV is the newest artifact, and says which source and why', async () => {
    const state = await snapshotState(opts(scenario('healthy')));
    const d = newestRevision([{ context: 'prod-eu-1', state }]);
    expect(d?.rev).toMatchObject({ kind: 'commit', hex: HEALTHY_COMMIT });
    expect(d?.target.chosen?.source).toMatchObject({ kind: 'GitRepository', name: 'flux-system' });
    expect(d?.target.chosen?.why).toContain('2026-11-25T09:41:52');
  });
});
