// validate.sh revision in-process: exit codes per verdict, --wait's three endings with an injected clock,
// usage errors, escaping, and workloads under a root cause when the report carries them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_SECONDS, parseArgs, isUsageError } from '../../skill-src/cli/args.js';
import { DEFAULT_WAIT_SECONDS } from '../../skill-src/cli/revision-args.js';
import { EXIT } from '../../skill-src/cli/help.js';
import { renderRevision } from '../../skill-src/render/revision.js';
import type { RevisionResult, RevisionRun } from '../../skill-src/revision/model.js';
import type { RootCauseEntry } from '../../skill-src/model.js';
import { SCENARIO_DIR } from '../helpers/golden.js';
import { tempDir } from '../helpers/temp.js';
import { NEW_COMMIT, fetchedNotApplied, patchedScenario } from '../helpers/revision.js';
import { fakeClock, revisionOptions, runIn } from './run.js';

const snap = (name: string): string => path.join(SCENARIO_DIR, `${name}.yaml`);

describe('exit codes', () => {
  it.each([
    ['landed', ['a4c1c53', '--snapshot', snap('healthy')], EXIT.ok],
    ['a Kustomization failed on REV', ['59d8ace', '--snapshot', snap('kustomization-build-failure')], EXIT.errorFindings],
    ['blocked behind a failure', ['f766e25', '--snapshot', snap('dependency-chain')], EXIT.errorFindings],
    ['no source fetched REV', [NEW_COMMIT, '--snapshot', snap('healthy')], EXIT.timedOut],
  ])('%s', async (_name, args, code) => {
    const r = await runIn(args);
    expect(r.exitCode).toBe(code);
  });

  it('in progress exits 3 without --wait', async () => {
    const r = await runIn([NEW_COMMIT, '--snapshot', patchedScenario('healthy', fetchedNotApplied)]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout.split('\n')[0]).toBe('… REV 9b1f2e3d4c5b6a79881726354453627180f9e8d7 IN PROGRESS: 0 applied, 2 in progress, 0 failed, 2 blocked; 1 not affected');
  });
});

describe('--wait', () => {
  it('ends at once with exit 0 when REV already landed', async () => {
    const clock = fakeClock();
    const r = await runIn(['a4c1c53', '--wait', '--snapshot', snap('healthy'), '-o', 'json'], undefined, clock);
    expect(r.exitCode).toBe(0);
    expect(clock.slept).toEqual([]);
    expect(JSON.parse(r.stdout).wait).toEqual({ end: 'landed', reads: 1, timeoutSeconds: DEFAULT_WAIT_SECONDS });
  });

  it('ends with exit 1 when an object failed on REV', async () => {
    const r = await runIn(['59d8ace', '--wait', '--snapshot', snap('kustomization-build-failure'), '-o', 'json']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).wait.end).toBe('failed');
  });

  it('times out with exit 3, reading every 5 s and reporting progress on the side', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const r = await runIn([NEW_COMMIT, '--wait', '--timeout', '12', '--snapshot', patchedScenario('healthy', fetchedNotApplied)], (l) => lines.push(l), clock);
    expect(r.exitCode).toBe(3);
    expect(clock.slept).toEqual([5000, 5000]);
    expect(lines).toEqual(['… 0s: 0 of 4 applied', '… 5s: 0 of 4 applied']);
    expect(r.stdout).toContain('Waited: timed out after 12s (3 reads of the cluster)');
    expect(r.stdout).not.toContain('… 0s');
  });
});

describe('arguments', () => {
  it.each([
    [['revision', 'a..b'], 'invalid REV'],
    [['revision', 'x;rm'], 'invalid REV'],
    [['revision', '132f4e'], 'invalid REV: a commit SHA has 7 to 40 hex digits'],
    [['revision', 'a4c1c53', 'v1.0.0'], 'takes one REV'],
    [['revision', '--record', 'x.yaml'], '--record does not apply'],
    [['revision', '--wait=yes'], 'unknown option'],
    [['revision', '--snapshot', 'x.yaml', '--context', 'a'], '--snapshot cannot be combined'],
    [['revision', '--timeout', '0'], 'invalid --timeout'],
  ])('%j is a usage error (%s)', (argv, words) => {
    const r = parseArgs(argv);
    expect(isUsageError(r)).toBe(true);
    if (isUsageError(r)) {
      expect(r.usageError).toContain(words);
      expect(r.hint.length).toBeGreaterThan(0);
    }
  });

  it('takes REV anywhere, and values of options are never REV', () => {
    const o = revisionOptions(['--context', 'prod', 'v1.2.3', '--wait', '-o', 'markdown', '--kubeconfig=/k']);
    expect(o.rev).toMatchObject({ kind: 'tag', name: 'v1.2.3' });
    expect(o).toMatchObject({ wait: true, output: 'markdown', timeoutSeconds: DEFAULT_WAIT_SECONDS });
    expect(o.base).toMatchObject({ contexts: ['prod'], kubeconfig: '/k', probeUi: false });
    expect(revisionOptions(['--timeout', '30']).timeoutSeconds).toBe(30);
    // With --wait, --timeout bounds the wait and each read keeps the main command's default bound.
    expect(revisionOptions(['--wait', '--timeout', '1']).base.timeoutSeconds).toBe(DEFAULT_TIMEOUT_SECONDS);
    expect(revisionOptions(['--timeout', '7']).base.timeoutSeconds).toBe(7);
    expect(revisionOptions([]).rev).toBeUndefined();
  });

  it('a tag named like a hex string is a commit (documented)', () => {
    expect(revisionOptions(['deadbeef']).rev?.kind).toBe('commit');
  });
});

describe('rendering', () => {
  it('escapes cluster text in text and markdown', async () => {
    for (const o of ['text', 'markdown']) {
      const r = await runIn(['a4c1c53', '--snapshot', snap('hostile-text'), '-o', o]);
      expect(r.stdout).not.toMatch(/[\u001b\u009b\u200b]/);
      expect(r.stdout).toContain('\\x1b[31mERROR');
      if (o === 'markdown') expect(r.stdout).not.toContain('<img');
    }
  });

  const entry: RootCauseEntry = {
    resource: { kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' },
    severity: 'error',
    reason: 'InstallFailed',
    message: 'context deadline exceeded',
    next: { argv: ['kubectl', '-n', 'podinfo', 'describe', 'helmreleases.helm.toolkit.fluxcd.io', 'podinfo'], docs: 'reference.md#installfailed' },
    hint: '',
    consequenceCount: 0,
    examples: [],
  };
  const result = (context: string, withCause?: RootCauseEntry): RevisionResult => ({
    context,
    server: 'https://k',
    mode: 'live',
    generatedAt: '2026-11-25T10:00:00.000Z',
    verdict: withCause ? 'failed' : 'landed',
    sources: [{ resource: { kind: 'HelmChart', namespace: 'flux-system', name: 'podinfo-podinfo' }, fetched: true, revision: '6.9.2' }],
    objects: [
      withCause
        ? { resource: entry.resource, state: 'failed', via: 'source', from: { kind: 'HelmChart', namespace: 'flux-system', name: 'podinfo-podinfo' }, detail: 'InstallFailed: context deadline exceeded', rootCause: withCause }
        : { resource: entry.resource, state: 'applied', via: 'source', from: { kind: 'HelmChart', namespace: 'flux-system', name: 'podinfo-podinfo' }, detail: 'applied 6.9.2' },
    ],
    notAffected: [],
    counts: { applied: withCause ? 0 : 1, progressing: 0, failed: withCause ? 1 : 0, blocked: 0, notAffected: 0 },
  });
  const run = (results: RevisionResult[]): RevisionRun => ({ target: { text: '6.9.2', kind: 'tag' }, results, verdict: results.some((r) => r.verdict === 'failed') ? 'failed' : 'landed' });

  it('shows the workloads of a root cause when the report carries them, and nothing otherwise', () => {
    const withWorkloads = { ...entry, workloads: [{ resource: { kind: 'Service', namespace: 'podinfo', name: 'podinfo-lb' }, reason: 'LoadBalancerPending', message: 'no address \u001b[2J', failing: false }], workloadsNotShown: 2 };
    const text = renderRevision(run([result('a', withWorkloads)]), 'text');
    expect(text).toContain('workload Service podinfo/podinfo-lb  LoadBalancerPending: no address \\x1b[2J');
    expect(text).toContain('+2 more workloads not ready');
    const md = renderRevision(run([result('a', withWorkloads)]), 'markdown');
    expect(md).toContain('- Workload `Service podinfo/podinfo-lb` `LoadBalancerPending`');
    const json = JSON.parse(renderRevision(run([result('a', withWorkloads)]), 'json'));
    expect(json.clusters[0].objects[0].rootCause.workloads[0].reason).toBe('LoadBalancerPending');
    expect(json.clusters[0].objects[0].rootCause.workloads[0].message).toBe('no address \\x1b[2J');
    const plain = renderRevision(run([result('a', entry)]), 'text');
    expect(plain).not.toContain('workload');
    expect(plain).toContain('→ kubectl -n podinfo describe helmreleases.helm.toolkit.fluxcd.io podinfo');
  });

  it('a fleet is one line per cluster in text and markdown, an array in JSON', () => {
    const fleet = run([result('prod-eu-1'), result('prod-us-1', entry)]);
    const text = renderRevision(fleet, 'text').split('\n');
    expect(text[0]).toBe('✗ REV 6.9.2 FAILED across 2 clusters');
    expect(text.filter((l) => /^ {2}[✔✗] prod-/.test(l))).toEqual([
      '  ✔ prod-eu-1  landed: 1 applied, 0 in progress, 0 failed, 0 blocked; 0 not affected',
      '  ✗ prod-us-1  failed: 0 applied, 0 in progress, 1 failed, 0 blocked; 0 not affected',
    ]);
    const md = renderRevision(fleet, 'markdown');
    expect(md.split('\n').filter((l) => l.startsWith('| `prod-'))).toHaveLength(2);
    const json = JSON.parse(renderRevision(fleet, 'json'));
    expect(json.clusters.map((c: { context: string; verdict: string }) => [c.context, c.verdict])).toEqual([['prod-eu-1', 'landed'], ['prod-us-1', 'failed']]);
  });
});

describe('an unreachable cluster', () => {
  const deadKubeconfig = (): string => {
    const dir = tempDir('revision-dead');
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      file,
      'apiVersion: v1\nkind: Config\nclusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: dead, user: {token: abc}}]\ncontexts: [{name: dead, context: {cluster: dead, user: dead}}]\ncurrent-context: dead\n',
    );
    return file;
  };

  it('with REV: verdict unreachable, exit 1, the reason shown', async () => {
    const r = await runIn(['a4c1c53', '--kubeconfig', deadKubeconfig(), '--timeout', '5']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^✗ REV a4c1c53 UNREACHABLE\n/);
    expect(r.stdout).toContain('connection refused');
  });

  it('without REV: one line, exit 1 (no default REV can be chosen)', async () => {
    await expect(runIn(['--kubeconfig', deadKubeconfig(), '--timeout', '5'])).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining('cannot choose a default REV') });
  });
});
