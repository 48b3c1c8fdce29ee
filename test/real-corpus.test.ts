// The real-world corpus against the BUILT script, live through the replay server and offline (--snapshot), in
// JSON, each compared with the expectation written from its public source. A case listed in known-gaps.yaml must
// still miss its expectation: when a fix makes it pass, the test fails until the gap entry is removed.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runScript } from './helpers/built.js';
import { cleanEnv } from './helpers/golden.js';
import { startReplay } from './helpers/replay.js';
import { loadExpectation, loadKnownGaps, mismatches, parseExpectation, realCases, type RealCase } from './helpers/real-corpus.js';
import { timeoutFor } from './helpers/timeouts.js';

const cases = realCases();
const gaps = loadKnownGaps();
const TEST_MS = 120_000;

/** Generous (AMPLE_TIMEOUT_S unless a fault hangs on purpose): machine load must never change an outcome. */
function timeoutArgs(c: RealCase): string[] {
  return ['--timeout', String(timeoutFor(c.side.faults))];
}

const HEADER = [/^# Case: (\S+) — \S/, /^# Source: https:\/\/\S+/, /^# Source date: \d{4}-\d{2}-\d{2}$/, /^# Flux release: v\d/, /^# Established by the source: \S/, /^# Verbatim from the source: \S/];

async function runOffline(c: RealCase): Promise<{ stdout: string; exitCode: number; stderr: string }> {
  return runScript(['--snapshot', c.fixture, '--output', 'json', ...timeoutArgs(c)], { env: cleanEnv(), timeoutMs: TEST_MS - 10_000 });
}

async function runLive(c: RealCase): Promise<{ stdout: string; exitCode: number; stderr: string }> {
  const server = await startReplay(c.fixture);
  try {
    return await runScript(['--kubeconfig', server.kubeconfigPath, '--output', 'json', ...timeoutArgs(c)], { env: cleanEnv(), timeoutMs: TEST_MS - 10_000 });
  } finally {
    await server.close();
  }
}

describe('real-world corpus: format', () => {
  it('has cases, each with a side file and an expectation', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(fs.existsSync(c.expectPath), `${c.name}.expect.yaml`).toBe(true);
      expect(c.side.recordedAt, `${c.name}.side.yaml recordedAt`).toBeDefined();
    }
  });

  it('every known gap names an existing case and says what is reported instead', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const [name, text] of gaps) {
      expect(names.has(name), `known-gaps.yaml: ${name} is not a case`).toBe(true);
      expect(text.trim().length, `known-gaps.yaml: ${name} needs a measured description`).toBeGreaterThan(10);
    }
  });

  for (const c of cases) {
    it(`${c.name}: header names the source, its date, the Flux release and what the source established`, () => {
      const lines = fs.readFileSync(c.fixture, 'utf8').split('\n');
      HEADER.forEach((re, i) => expect(lines[i] ?? '', `${c.name}.yaml header line ${i + 1}`).toMatch(re));
      expect(lines[0]).toContain(`# Case: ${c.name} `);
    });

    it(`${c.name}: expectation parses strictly`, () => {
      const e = loadExpectation(c);
      expect(e.verdict === 'failed').toBe(e.exitCode === 1);
      if (e.verdict === 'healthy') expect(e.firstRootCause).toBeNull();
    });
  }

  it('the expectation parser rejects unknown keys and malformed references', () => {
    expect(() => parseExpectation('verdict: failed\nexitCode: 1\nfirstRootCause: null\nmustBeError: []\n', 'x')).toThrow(/unknown key/);
    expect(() => parseExpectation('verdict: broken\nexitCode: 1\nfirstRootCause: null\n', 'x')).toThrow(/verdict/);
    expect(() => parseExpectation('verdict: failed\nexitCode: 1\nfirstRootCause: {kind: GitRepository}\n', 'x')).toThrow(/kind, namespace\?, name/);
    expect(() => parseExpectation('verdict: failed\nexitCode: 1\n', 'x')).toThrow(/firstRootCause is required/);
  });
});

describe('the comparison with an expectation', () => {
  const e = parseExpectation(
    [
      'verdict: failed',
      'exitCode: 1',
      'firstRootCause: {kind: GitRepository, namespace: ns, name: src, reason: AuthenticationFailed}',
      'mustBeErrors: [{kind: GitRepository, namespace: ns, name: src}]',
      'mustNotBeErrors: [{kind: HelmRelease, namespace: ns, name: ok}]',
      'consequencesOf: [{kind: Kustomization, namespace: ns, name: app}]',
    ].join('\n'),
    'unit',
  );
  const src = { kind: 'GitRepository', namespace: 'ns', name: 'src' };
  const app = { kind: 'Kustomization', namespace: 'ns', name: 'app' };
  const report = (over: Record<string, unknown> = {}): string =>
    JSON.stringify({
      verdict: 'failed',
      rootCauses: [{ resource: src, severity: 'error', reason: 'AuthenticationFailed', examples: [app] }],
      checks: [{ findings: [{ severity: 'error', resource: src, reason: 'AuthenticationFailed' }, { severity: 'error', resource: app, reason: 'ArtifactFailed', rootCause: src }] }],
      ...over,
    });

  it('accepts a report that meets the expectation', () => {
    expect(mismatches(e, report(), 1)).toEqual([]);
  });

  it('names each miss', () => {
    expect(mismatches(e, report(), 0)).toEqual(['exit code 0, expected 1']);
    expect(mismatches(e, report({ verdict: 'healthy' }), 1)).toEqual(['verdict healthy, expected failed']);
    expect(mismatches(e, report({ rootCauses: [{ resource: app, severity: 'error', reason: 'ArtifactFailed', examples: [] }] }), 1).join('\n')).toMatch(/first root cause Kustomization ns\/app[\s\S]*root cause of its own/);
    expect(mismatches(e, report({ rootCauses: [{ resource: src, severity: 'error', reason: 'GitOperationFailed', examples: [app] }] }), 1)[0]).toMatch(/expected GitRepository ns\/src \(AuthenticationFailed\)/);
    expect(mismatches(e, report({ checks: [{ findings: [{ severity: 'warning', resource: src, reason: 'X' }] }], rootCauses: [{ resource: src, severity: 'error', reason: 'AuthenticationFailed', examples: [] }] }), 1)).toEqual([
      'no error finding for GitRepository ns/src',
      'Kustomization ns/app is not grouped under the first root cause GitRepository ns/src',
    ]);
    const hr = { kind: 'HelmRelease', namespace: 'ns', name: 'ok' };
    expect(mismatches(e, report({ checks: [{ findings: [{ severity: 'error', resource: src, reason: 'A' }, { severity: 'error', resource: hr, reason: 'SourceNotFound' }] }] }), 1)).toContain(
      'error finding SourceNotFound for HelmRelease ns/ok, which the source shows healthy',
    );
    expect(mismatches(e, 'not json', 2)).toEqual(['output is not JSON (exit 2)']);
  });

  it('blames a healthy object only through an error root cause, not a hint about it', () => {
    const hr = { kind: 'HelmRelease', namespace: 'ns', name: 'ok' };
    const first = { resource: src, severity: 'error', reason: 'AuthenticationFailed', examples: [app] };
    expect(mismatches(e, report({ rootCauses: [first, { resource: hr, severity: 'info', reason: 'ShortIntervalNoReceiver', examples: [] }] }), 1)).toEqual([]);
    expect(mismatches(e, report({ rootCauses: [first, { resource: hr, severity: 'error', reason: 'SourceNotFound', examples: [] }] }), 1)).toEqual([
      'HelmRelease ns/ok is listed as a root cause, but the source shows it healthy',
    ]);
  });
});

describe('real-world corpus against the built script', () => {
  beforeAll(() => assertBuilt());

  for (const c of cases) {
    const gap = gaps.get(c.name);
    const modes = c.liveOnly ? (['live'] as const) : (['live', 'offline'] as const);
    for (const mode of modes) {
      const title = gap ? `${c.name} (${mode}): known gap still misses its expectation — ${gap}` : `${c.name} (${mode}) meets its expectation`;
      it(title, async () => {
        const e = loadExpectation(c);
        const r = mode === 'live' ? await runLive(c) : await runOffline(c);
        expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
        const missed = mismatches(e, r.stdout, r.exitCode);
        if (gap) expect(missed, 'the validator now meets this expectation: remove the entry from known-gaps.yaml').not.toEqual([]);
        else expect(missed).toEqual([]);
      }, TEST_MS);
    }
  }
});
