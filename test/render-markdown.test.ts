import { describe, expect, it } from 'vitest';
import type { InputId } from '../skill-src/cluster/inputs.js';
import type { InputResult } from '../skill-src/cluster/state.js';
import type { CheckResult, Finding, Report } from '../skill-src/model.js';
import { buildReport } from '../skill-src/report/build.js';
import { renderMarkdown } from '../skill-src/render/markdown.js';
import { check, finding, report, res } from './helpers/report.js';
import { fluxObject, ok, state } from './helpers/state.js';

const size = (s: string): number => Buffer.byteLength(s, 'utf8');
const long = (label: string, n: number): string => `${label} ${'x'.repeat(n)}`;

/** 10,000 healthy objects over every counted Flux kind. */
function bigHealthyInputs(): Partial<Record<InputId, InputResult>> {
  const kinds: [InputId, string, number][] = [
    ['gitRepositories', 'GitRepository', 1500],
    ['ociRepositories', 'OCIRepository', 1000],
    ['helmRepositories', 'HelmRepository', 500],
    ['helmCharts', 'HelmChart', 1000],
    ['buckets', 'Bucket', 100],
    ['kustomizations', 'Kustomization', 3000],
    ['helmReleases', 'HelmRelease', 2000],
    ['receivers', 'Receiver', 300],
    ['alerts', 'Alert', 300],
    ['providers', 'Provider', 300],
  ];
  const inputs: Partial<Record<InputId, InputResult>> = {};
  for (const [id, kind, n] of kinds) {
    inputs[id] = ok(Array.from({ length: n }, (_, i) => fluxObject(kind, `${kind.toLowerCase()}-${i}`, { namespace: `team-${i % 100}` })));
  }
  return inputs;
}

const CHECK_IDS = ['connectivity', 'operator', 'instance', 'controllers', 'sources', 'kustomizations', 'helmreleases', 'flux-ui', 'events', 'practices', 'local-tools'];

describe('markdown size: healthy cluster', () => {
  it('stays under 4 KB with 10,000 objects, many long facts and 500 info findings', () => {
    const infos: Finding[] = Array.from({ length: 500 }, (_, i) =>
      finding('info', res('GitRepository', long(`repo-${i}`, 200), 'team'), 'NoReceiver', { message: long('no Receiver', 400) }),
    );
    const checks: CheckResult[] = CHECK_IDS.map((id) => check(id, id === 'practices' ? infos : [], Array.from({ length: 10 }, (_, i) => long(`fact ${i}`, 500))));
    const s = state(bigHealthyInputs(), { connection: { context: long('context', 300), server: long('https://server', 300), version: 'v1.33.2', rttMs: 4 } });
    const r = buildReport(s, checks);
    expect(r.verdict).toBe('healthy');
    expect(r.summary.kinds.reduce((n, k) => n + k.running, 0)).toBe(10_000);

    const out = renderMarkdown(r);
    expect(size(out)).toBeLessThan(4000);
    // Counts and every check are always there; what did not fit is counted, not dropped silently.
    expect(out).toContain('- `Kustomization`: 3000 / 0 / 0');
    expect(out).toContain('- `HelmRelease`: 2000 / 0 / 0');
    for (const id of CHECK_IDS) expect(out).toContain(`**${id}**`);
    expect(out).toMatch(/\n\d+ more info findings not shown; run with --output json for all\.\n/);
    expect(out).not.toContain('repo-499');
  });

  it('shows the facts of a typical healthy cluster in full', () => {
    const checks = CHECK_IDS.map((id) => check(id, [], [`${id} fact one`, `${id} fact two`]));
    const out = renderMarkdown(buildReport(state(bigHealthyInputs()), checks));
    expect(size(out)).toBeLessThan(4000);
    for (const id of CHECK_IDS) expect(out).toContain(`**${id}**`);
    for (const id of CHECK_IDS) expect(out).toContain(`: \`${id} fact one\`; \`${id} fact two\``);
    expect(out).toContain('No errors or warnings.');
    expect(out).not.toContain('Root causes');
  });
});

function shownCauses(out: string): number {
  return out.split('\n').filter((l) => /^\d+\. /.test(l)).length;
}

/** Causes summed up in "N more Kind Reason" lines. */
function similarCauses(out: string): number {
  return out
    .split('\n')
    .map((l) => /^- [✗⚠ℹ] (\d+) more `/.exec(l))
    .reduce((n, m) => n + (m ? Number(m[1]) : 0), 0);
}

/** Causes summed up per namespace in "+N more in NS" lines. */
function overflowCauses(out: string): number {
  return out
    .split('\n')
    .map((l) => /^- \+(\d+) more (?:in |cluster-wide)/.exec(l))
    .reduce((n, m) => n + (m ? Number(m[1]) : 0), 0);
}

/** Causes named under an identical one ("The same on N other objects"). */
function sameCauses(out: string): number {
  return out
    .split('\n')
    .map((l) => /^ {3}- The same on (\d+) other objects?: /.exec(l))
    .reduce((n, m) => n + (m ? Number(m[1]) : 0), 0);
}

function hiddenCauses(out: string): number {
  const m = /\n(\d+) more root causes? not shown; run with --output json for all\.\n/.exec(out);
  return m ? Number(m[1]) : 0;
}

describe('markdown size: 200 failures', () => {
  const scenarios: [string, () => Report][] = [
    [
      '200 independent failures with long names and messages',
      () =>
        report([
          check(
            'kustomizations',
            Array.from({ length: 200 }, (_, i) =>
              finding('error', res('Kustomization', long(`app-${i}`, 240), long('ns', 60)), 'BuildFailed', {
                // Distinct messages: identical ones are one entry (tested below).
                message: long(`kustomize build failed ${i}`, 2000),
                hint: long('kubectl describe kustomization', 400),
              }),
            ),
          ),
        ]),
    ],
    [
      'one cause and 199 consequences',
      () =>
        report([
          check('sources', [finding('error', res('GitRepository', 'repo', 'flux-system'), 'AuthenticationFailed')]),
          check(
            'kustomizations',
            Array.from({ length: 199 }, (_, i) =>
              finding('error', res('Kustomization', `app-${i}`, 'apps'), 'DependencyNotReady', { rootCause: res('GitRepository', 'repo', 'flux-system') }),
            ),
          ),
        ]),
    ],
    [
      '20 causes with 9 consequences each, plus warnings and infos',
      () =>
        report([
          check('sources', Array.from({ length: 20 }, (_, i) => finding('error', res('GitRepository', `repo-${i}`, 'flux-system'), 'GitOperationFailed'))),
          check(
            'kustomizations',
            Array.from({ length: 180 }, (_, i) =>
              finding(i % 2 ? 'error' : 'warning', res('Kustomization', `app-${i}`, 'apps'), 'DependencyNotReady', {
                rootCause: res('GitRepository', `repo-${i % 20}`, 'flux-system'),
              }),
            ),
          ),
          check('practices', Array.from({ length: 300 }, (_, i) => finding('info', res('GitRepository', `r-${i}`, 'x'), 'NoReceiver'))),
        ]),
    ],
  ];

  for (const [name, make] of scenarios) {
    it(`stays under 12 KB: ${name}`, () => {
      const r = make();
      const out = renderMarkdown(r);
      expect(size(out)).toBeLessThan(12_000);
      expect(shownCauses(out)).toBeGreaterThan(0);
      expect(shownCauses(out) + sameCauses(out) + similarCauses(out) + overflowCauses(out) + hiddenCauses(out)).toBe(r.rootCauses.length);
    });
  }

  it('groups 199 consequences into one entry with at most 3 examples named', () => {
    const out = renderMarkdown(scenarios[1]?.[1]() ?? report([]));
    expect(shownCauses(out)).toBe(1);
    expect(out).toContain('Affects 199 other objects: `Kustomization/apps/app-0`, `Kustomization/apps/app-1`, `Kustomization/apps/app-10` and 196 more.');
  });

  it('shows the first 3 of 20 causes of one namespace in full and sums up the other 17 with their consequences', () => {
    const out = renderMarkdown(scenarios[2]?.[1]() ?? report([]));
    expect(shownCauses(out)).toBe(3);
    expect(out).toContain('- +17 more in `flux-system` (17 errors, affecting 153 other objects).');
    expect(hiddenCauses(out)).toBe(0);
  });

  it('sums up 200 failures of one namespace after the first three, long names shortened', () => {
    const out = renderMarkdown(scenarios[0]?.[1]() ?? report([]));
    expect(shownCauses(out)).toBe(3);
    expect(overflowCauses(out)).toBe(197);
    expect(out).toMatch(/\n- \+197 more in `ns x+` \(197 errors\)\.\n/);
    expect(out).toMatch(/`Kustomization\/ns x+\/app-\d+ x+ … \[\d+ chars cut\] … x+`/);
    expect(out).toContain('`Kustomization/ns xxxxxxxx');
    expect(out).toMatch(/ … \[\d+ chars cut\] … /);
  });

  it('names identical failures under the first one, and still sums up the rest of the namespace', () => {
    const r = report([
      check(
        'kustomizations',
        Array.from({ length: 200 }, (_, i) => finding('error', res('Kustomization', `app-${i}`, 'ns'), 'BuildFailed', { message: long('kustomize build failed', 500) })),
      ),
    ]);
    const out = renderMarkdown(r);
    expect(shownCauses(out)).toBe(1);
    expect(sameCauses(out)).toBe(2);
    expect(overflowCauses(out)).toBe(197);
    expect(out.split('kustomize build failed').length - 1).toBe(1);
  });

  it('cuts 200 distinct failures that do not fit and says how many are not shown', () => {
    const r = report([
      check(
        'kustomizations',
        Array.from({ length: 200 }, (_, i) => finding('error', res('Kustomization', `app-${i}`, `x-${i}`), `Reason${i}`, { message: long('failed', 280), hint: long('kubectl', 200) })),
      ),
    ]);
    const out = renderMarkdown(r);
    expect(size(out)).toBeLessThan(12_000);
    expect(shownCauses(out)).toBeGreaterThan(5);
    expect(hiddenCauses(out)).toBeGreaterThan(100);
    expect(shownCauses(out) + hiddenCauses(out)).toBe(200);
  });

  it('stays under 12 KB with 5,000 failures', () => {
    const r = report([
      check('helmreleases', Array.from({ length: 5000 }, (_, i) => finding('error', res('HelmRelease', `r-${i}`, 'x'), 'InstallFailed', { message: long('m', 500) }))),
    ]);
    expect(size(renderMarkdown(r))).toBeLessThan(12_000);
  });
});

describe('markdown content', () => {
  const repo = res('GitRepository', 'podinfo', 'flux-system');

  it('starts with the verdict and counts, then cluster data, objects, root causes, checks', () => {
    const r = report([
      check('sources', [finding('error', repo, 'AuthenticationFailed', { message: 'auth failed', hint: 'kubectl -n flux-system describe gitrepository podinfo' })]),
      check('events', [finding('warning', res('Kustomization', 'k', 'x'), 'ReconciliationFailed')]),
    ]);
    const out = renderMarkdown(r);
    const lines = out.split('\n');
    expect(lines[0]).toBe('# Flux status: ✗ failed (1 error, 1 warning, 0 infos)');
    const order = ['## Objects', '## Root causes (2)', '## Checks', '## Next step'].map((h) => out.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out).toContain('1. ✗ error `GitRepository/flux-system/podinfo` `AuthenticationFailed`: `auth failed`');
    expect(out).toContain('   - Next: `kubectl -n flux-system describe gitrepository podinfo`');
    expect(out).toContain('- ✗ fail **sources** Sources (1 error)');
    expect(out).toContain('- ⚠ warn **events** Events (1 warning)');
  });

  it('ends with the read-only MCP recommendation when its conditions hold', () => {
    const out = renderMarkdown(report([check('sources', [finding('error', repo, 'AuthenticationFailed')])]));
    const tail = out.slice(out.indexOf('## Next step'));
    expect(tail).toContain('read-only');
    expect(tail).toContain('`bash scripts/validate.sh mcp-config --client vscode`');
    for (const c of ['claude-desktop', 'claude-code', 'codex']) expect(tail).toContain(`--client ${c}`);
    expect(tail).toContain('SKILL.md#mcp-server-setup');
    expect(tail).toContain('1 source sync failure');
  });

  it('marks a skipped check without opening a nested list', () => {
    const out = renderMarkdown(report([{ id: 'local-tools', title: 'Local tools', status: 'skip', findings: [], facts: ['not in snapshot mode'] }]));
    expect(out).toContain('\n- ○ skip **local-tools** Local tools: `not in snapshot mode`\n');
  });

  it('has no MCP recommendation for warnings only', () => {
    const out = renderMarkdown(report([check('sources', [finding('warning', repo, 'Suspended')])]));
    expect(out).not.toContain('mcp-config');
  });
});

describe('nothing counted is hidden', () => {
  it('says how many facts of a check are left out, with the total', () => {
    const facts = ['source-controller v1: 1/1 available', 'kustomize-controller v1: 1/1 available', 'helm-controller v1: 1/1 available', 'notification-controller v1: 1/1 available', 'image-reflector-controller v1: 1/1 available'];
    const out = renderMarkdown(report([check('controllers', [], facts)]));
    expect(out).toContain('`helm-controller v1: 1/1 available`; +2 more facts (5 in all; --output json has them)');
    expect(out).not.toContain('notification-controller');
  });

  it('adds nothing when every fact is shown', () => {
    const out = renderMarkdown(report([check('controllers', [], ['a', 'b'])]));
    expect(out).not.toContain('more fact');
  });

  it('counts facts that did not fit the budget too', () => {
    const facts = ['x'.repeat(150), 'y'.repeat(150), 'z'.repeat(150)];
    const out = renderMarkdown(report([check('controllers', [], facts)]), { budget: 900 });
    const line = out.split('\n').find((l) => l.includes('**controllers**')) ?? '';
    const shown = (line.match(/`[xyz]+`/g) ?? []).length;
    expect(shown).toBeLessThan(3);
    expect(line).toContain(`+${3 - shown} more fact${3 - shown === 1 ? '' : 's'} (3 in all`);
  });
});
