import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../skill-src/model.js';
import { buildReport } from '../skill-src/report/build.js';
import { TEXT_FINDINGS_PER_CHECK, renderText } from '../skill-src/render/text.js';
import { check, finding, report, res } from './helpers/report.js';
import { fluxObject, ok, state } from './helpers/state.js';

const repo = res('GitRepository', 'podinfo', 'flux-system');

function failingChecks(): CheckResult[] {
  return [
    check('connectivity', [], ['server https://127.0.0.1:6443, Kubernetes v1.33.2']),
    check('sources', [finding('error', repo, 'AuthenticationFailed', { message: 'secret not found', hint: 'kubectl -n flux-system describe gitrepository podinfo' })]),
    check(
      'kustomizations',
      Array.from({ length: 40 }, (_, i) => finding('error', res('Kustomization', `app-${String(i).padStart(2, '0')}`, 'apps'), 'DependencyNotReady', { rootCause: repo })),
    ),
    check('events', [finding('warning', res('HelmRelease', 'web', 'apps'), 'UpgradeFailed', { message: 'timed out' })]),
    { id: 'local-tools', title: 'Local tools', status: 'skip', findings: [], facts: ['not checked in snapshot mode'] },
  ];
}

describe('text output', () => {
  const out = renderText(report(failingChecks()), { color: false });
  const lines = out.split('\n');

  it('starts with a one-line verdict with the counts', () => {
    expect(lines[0]).toBe('✗ FAILED: 41 errors, 1 warning, 0 infos (context test, https://127.0.0.1:6443, Kubernetes v1.33.2, snapshot)');
  });

  it('lists root causes before the checks, one entry for a cause with 40 consequences', () => {
    const causes = out.indexOf('Root causes (2):');
    const checks = out.indexOf('Checks:');
    expect(causes).toBeGreaterThan(0);
    expect(checks).toBeGreaterThan(causes);
    expect(out).toContain('  ✗ GitRepository/flux-system/podinfo  AuthenticationFailed\n      secret not found\n      → kubectl -n flux-system describe gitrepository podinfo\n');
    expect(out).toContain(
      '      +40 consequences: Kustomization/apps/app-00, Kustomization/apps/app-01, Kustomization/apps/app-02, Kustomization/apps/app-03, Kustomization/apps/app-04, and 35 more\n',
    );
    expect(out).toContain('  ⚠ HelmRelease/apps/web  UpgradeFailed\n');
  });

  it('shows each check with its status symbol, facts and findings, consequences once per cause', () => {
    expect(out).toMatch(/\n {2}✔ connectivity +Connectivity\n {6}· server https:\/\/127\.0\.0\.1:6443, Kubernetes v1\.33\.2\n/);
    expect(out).toMatch(/\n {2}✗ sources +Sources \(1 error\)\n {6}✗ GitRepository\/flux-system\/podinfo {2}AuthenticationFailed: secret not found\n/);
    expect(out).toMatch(/\n {2}✗ kustomizations +Kustomizations \(40 errors\)\n {6}✗ 40 objects {2}DependencyNotReady: caused by GitRepository\/flux-system\/podinfo\n/);
    expect(out).toMatch(/\n {2}⚠ events +Events \(1 warning\)\n/);
    expect(out).toMatch(/\n {2}- local-tools +Local tools\n {6}· not checked in snapshot mode\n/);
  });

  it('has no colour unless asked, and colour when asked', () => {
    expect(out).not.toContain('\u001b');
    const colored = renderText(report(failingChecks()), { color: true });
    expect(colored).toContain('\u001b[31m✗ FAILED\u001b[0m');
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(out);
  });

  it('ends with the read-only MCP recommendation and the config command', () => {
    const tail = lines.slice(-5).join('\n');
    expect(tail).toContain('Recommended next step: the Flux MCP server, in read-only mode (40 reconciliation errors; 1 source sync failure).');
    expect(tail).toContain('bash scripts/validate.sh mcp-config --client vscode');
    expect(tail).toContain('--client claude-desktop, --client claude-code, --client codex');
    expect(tail).toContain('SKILL.md#mcp-server-setup');
  });

  it('omits the recommendation when asked to (fleet) or when its conditions do not hold', () => {
    expect(renderText(report(failingChecks()), { color: false, mcp: false })).not.toContain('mcp-config');
    expect(renderText(report([check('events', [finding('warning', repo, 'Suspended')])]), { color: false })).not.toContain('mcp-config');
  });

  it('shortens long messages in the middle with a marker, keeping the cause at the end', () => {
    const message = `${'h'.repeat(500)}${'y'.repeat(480)}: field is immutable`;
    const text = renderText(report([check('sources', [finding('error', repo, 'GitOperationFailed', { message })])]), { color: false });
    // 1,000 code points kept to 400: 160 from the head, 240 from the tail.
    expect(text).toContain(`${'h'.repeat(160)} … [600 chars cut] … ${'y'.repeat(240 - 20)}: field is immutable`);
    expect(text).not.toContain('h'.repeat(161));
  });

  it('keeps a root cause message of 400 characters whole', () => {
    const message = `${'m'.repeat(380)}: field is immutable`;
    const text = renderText(report([check('sources', [finding('error', repo, 'GitOperationFailed', { message })])]), { color: false });
    expect(text).toContain(`      ${message}\n`);
    expect(text).not.toContain('chars cut');
  });

  it('caps the findings listed per check and says how many more exist', () => {
    const many = Array.from({ length: TEXT_FINDINGS_PER_CHECK + 7 }, (_, i) => finding('error', res('HelmRelease', `r${i}`, 'x'), 'InstallFailed'));
    const text = renderText(report([check('helmreleases', many)]), { color: false });
    expect(text).toContain('… 7 more findings not shown; run with --output json for all');
    expect(text.split('\n').filter((l) => l.includes('InstallFailed: ')).length).toBe(TEXT_FINDINGS_PER_CHECK);
  });

  it('shows counts per kind and says HEALTHY for a healthy cluster', () => {
    const r = buildReport(state({ kustomizations: ok([fluxObject('Kustomization', 'a'), fluxObject('Kustomization', 'b', { spec: { suspend: true } })]) }), [check('kustomizations', [])]);
    const text = renderText(r, { color: false });
    expect(text.split('\n')[0]).toMatch(/^✔ HEALTHY: 0 errors, 0 warnings, 0 infos /);
    expect(text).toContain('Objects (running / failing / suspended):\n  Kustomization  1 / 0 / 1\n');
    expect(text).not.toContain('Root causes');
  });
});
