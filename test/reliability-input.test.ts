// Bad input on the BUILT validate.sh: usage errors, broken kubeconfigs and snapshots end with exit 2 and one
// line naming the problem with a hint; malformed objects, unknown API versions and huge messages never crash
// a run (exit 0 or 1, a full report, long text cut with a marker).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../skill-src/kube/types.js';
import type { Report } from '../skill-src/model.js';
import { runScript, type ScriptResult } from './helpers/built.js';
import { cleanEnv } from './helpers/golden.js';
import {
  BAD_KUBECONFIGS,
  BAD_OBJECTS,
  BAD_SNAPSHOTS,
  BAD_USAGE,
  CHECK_IDS,
  HEALTHY,
  loadScenario,
  noiseLines,
  parseReport,
  writeRecording,
} from './helpers/hostile.js';
import { startReplay } from './helpers/replay.js';
import { tempDir } from './helpers/temp.js';
import { AMPLE_TIMEOUT_S } from './helpers/timeouts.js';

const tmp = (): string => tempDir('rel-input');

/** Exit 2, nothing on stdout, exactly one stderr line: `validate.sh: <problem> (<hint>)`. */
function expectUsageLine(r: ScriptResult, names: RegExp): void {
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines, r.stderr).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line).toMatch(/^validate\.sh: \S.* \(\S[^()]*\S\)$|^validate\.sh: \S.*\(.+\)$/);
  expect(line).toMatch(names);
  expect(line).not.toMatch(/internal error/);
}

/** A run that must not crash: exit 0 or 1, every check reported, no check crashed. */
function expectFullReport(r: ScriptResult): Report {
  expect(noiseLines(r.stderr), r.stderr).toEqual([]);
  expect([0, 1], r.stderr).toContain(r.exitCode);
  const report = parseReport(r.stdout);
  expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
  const crashed = report.checks.flatMap((c) => c.findings).filter((f) => f.reason === 'CheckCrashed');
  expect(crashed, JSON.stringify(crashed)).toEqual([]);
  expect(r.exitCode).toBe(report.summary.errors > 0 ? 1 : 0);
  return report;
}

const snapshot = (file: string, format: 'text' | 'markdown' | 'json'): Promise<ScriptResult> => runScript(['--snapshot', file, '--output', format], { env: cleanEnv() });

const MINIMAL_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
users: [{name: u, user: {token: abc}}]
contexts: [{name: only-context, context: {cluster: c, user: u}}]
current-context: only-context
`;

describe.concurrent('usage errors: exit 2 with one line and a hint', () => {
  for (const c of BAD_USAGE) {
    it(c.name, async () => {
      expectUsageLine(await runScript(c.args, { env: cleanEnv() }), c.names);
    });
  }
});

describe.concurrent('kubeconfig problems: exit 2 with one line and a hint', () => {
  for (const c of BAD_KUBECONFIGS) {
    it(c.name, async () => {
      const dir = tmp();
      const file = path.join(dir, 'kubeconfig');
      if (c.file !== null) fs.writeFileSync(file, c.file === 'VALID' ? MINIMAL_KUBECONFIG : c.file);
      const r = await runScript(['--kubeconfig', file, '--timeout', String(AMPLE_TIMEOUT_S), ...(c.extraArgs ?? [])], { env: cleanEnv() });
      expectUsageLine(r, c.names);
    });
  }

  it('no kubeconfig at all (no flag, no KUBECONFIG, no ~/.kube/config)', async () => {
    const home = tmp();
    const r = await runScript([], { env: { ...cleanEnv(), HOME: home } });
    expectUsageLine(r, /no kubeconfig found/);
  });

  it('KUBECONFIG names only files that do not exist', async () => {
    const dir = tmp();
    const r = await runScript([], { env: { ...cleanEnv(), HOME: dir, KUBECONFIG: `${dir}/a:${dir}/b` } });
    expectUsageLine(r, /KUBECONFIG/);
  });
});

describe.concurrent('snapshots that are not recordings: exit 2 with one line and a hint', () => {
  for (const c of BAD_SNAPSHOTS) {
    it(c.name, async () => {
      const dir = tmp();
      let file = path.join(dir, 'snap.yaml');
      if (c.content === 'DIR') file = dir;
      else if (c.content !== null) fs.writeFileSync(file, c.content);
      expectUsageLine(await runScript(['--snapshot', file], { env: cleanEnv() }), c.names);
    });
  }
});

describe.concurrent('malformed objects never crash a run (every format)', () => {
  for (const c of BAD_OBJECTS) {
    it(c.name, async () => {
      const rec = loadScenario(HEALTHY);
      const targets = rec.objects.filter((o) => o.kind === c.kind && (c.objectName === undefined || o.metadata?.name === c.objectName));
      expect(targets.length, `healthy.yaml has no ${c.kind} ${c.objectName ?? ''}`).toBeGreaterThan(0);
      for (const o of targets) c.mutate(o);
      const file = writeRecording(rec);
      const [text, markdown, json] = await Promise.all([snapshot(file, 'text'), snapshot(file, 'markdown'), snapshot(file, 'json')]);
      expectFullReport(json);
      for (const r of [text, markdown]) {
        expect(noiseLines(r.stderr), r.stderr).toEqual([]);
        expect(r.exitCode).toBe(json.exitCode);
        expect(r.stdout.length).toBeGreaterThan(200);
      }
    });
  }
});

/** healthy.yaml with every source.toolkit.fluxcd.io object (and the Bucket CRD) moved to an unknown v2. */
function futureSourceVersion(): string {
  const rec = loadScenario(HEALTHY);
  for (const o of rec.objects) {
    if (o.apiVersion === 'source.toolkit.fluxcd.io/v1') o.apiVersion = 'source.toolkit.fluxcd.io/v2';
    const spec = o.spec as { group?: string; versions?: { name: string }[] } | undefined;
    if (o.kind === 'CustomResourceDefinition' && spec?.group === 'source.toolkit.fluxcd.io') for (const v of spec.versions ?? []) v.name = 'v2';
  }
  // Objects that name their source by apiVersion follow it.
  const json = JSON.stringify(rec.objects).replaceAll('source.toolkit.fluxcd.io/v1"', 'source.toolkit.fluxcd.io/v2"');
  return writeRecording({ ...rec, objects: JSON.parse(json) as KubeObject[] });
}

function expectSourcesRead(report: Report): void {
  const sources = report.checks.find((c) => c.id === 'sources');
  expect(sources?.findings.filter((f) => /^Read|CRDNotInstalled|ListFailed/.test(f.reason))).toEqual([]);
  const git = report.summary.kinds.find((k) => k.kind === 'GitRepository');
  expect((git?.running ?? 0) + (git?.failing ?? 0)).toBeGreaterThan(0);
}

describe.concurrent('unknown future API versions', () => {
  it('source.toolkit.fluxcd.io/v2 served only: the snapshot run reads the sources at v2', async () => {
    expectSourcesRead(expectFullReport(await snapshot(futureSourceVersion(), 'json')));
  });

  it('source.toolkit.fluxcd.io/v2 served only: the live run reads the sources at v2', async () => {
    const replay = await startReplay(futureSourceVersion());
    try {
      const r = await runScript(['--kubeconfig', replay.kubeconfigPath, '--output', 'json', '--timeout', String(AMPLE_TIMEOUT_S), '--no-probe-ui'], { env: cleanEnv() });
      expectSourcesRead(expectFullReport(r));
      expect(replay.requestLog().some((q) => q.path === '/apis/source.toolkit.fluxcd.io/v2/gitrepositories')).toBe(true);
    } finally {
      await replay.close();
    }
  });
});

describe.concurrent('very long messages', () => {
  const HUGE = 100 * 1024;
  it('a 100 KB condition message and event message are truncated with a marker in every format', async () => {
    const rec = loadScenario(HEALTHY);
    const ks = rec.objects.find((o) => o.kind === 'Kustomization' && o.metadata?.name === 'apps');
    const status = ks?.status as { conditions: { type: string; status: string; reason: string; message: string }[] } | undefined;
    const ready = status?.conditions.find((c) => c.type === 'Ready');
    if (!ready) throw new Error('healthy.yaml: Kustomization apps has no Ready condition');
    const long = `kustomize build failed: ${'accumulating resources from a very long path '.repeat(HUGE / 40)}`.slice(0, HUGE);
    Object.assign(ready, { status: 'False', reason: 'BuildFailed', message: long });
    const event = rec.objects.find((o) => o.kind === 'Event');
    if (event) Object.assign(event, { type: 'Warning', reason: 'BuildFailed', message: long, involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'apps', namespace: 'flux-system' } });
    const file = writeRecording(rec);
    const [text, markdown, json] = await Promise.all([snapshot(file, 'text'), snapshot(file, 'markdown'), snapshot(file, 'json')]);
    const report = expectFullReport(json);
    expect(json.exitCode).toBe(1);
    for (const r of [text, markdown, json]) {
      // Checks keep one bounded line, renderers shorter ones: each cut in the middle with a `[N chars cut]` marker.
      expect(r.stdout).toMatch(/accumulating resources from a very long path[^\n]* … \[\d+ chars cut\] … [^\n]*from a very long/);
      expect(r.stdout.length).toBeLessThan(HUGE / 4);
    }
    const messages = report.checks.flatMap((c) => c.findings).map((f) => f.message);
    expect(messages.some((m) => m.startsWith('kustomize build failed: accumulating'))).toBe(true);
    for (const m of messages) expect(m.length).toBeLessThan(5000);
  });

  it('a 100 KB object name is cut in the middle with a `[N chars cut]` marker in every format', async () => {
    const rec = loadScenario(HEALTHY);
    const ks = rec.objects.find((o) => o.kind === 'Kustomization' && o.metadata?.name === 'monitoring');
    if (!ks?.metadata) throw new Error('healthy.yaml: no Kustomization monitoring');
    const name = `monitoring-${'n'.repeat(HUGE)}`;
    ks.metadata.name = name;
    const ready = (ks.status as { conditions: { type: string }[] }).conditions.find((c) => c.type === 'Ready');
    Object.assign(ready ?? {}, { status: 'False', reason: 'HealthCheckFailed', message: 'health check failed' });
    const file = writeRecording(rec);
    const [text, markdown, json] = await Promise.all([snapshot(file, 'text'), snapshot(file, 'markdown'), snapshot(file, 'json')]);
    const report = expectFullReport(json);
    expect(report.checks.flatMap((c) => c.findings).some((f) => f.resource.name.startsWith('monitoring-nnnn'))).toBe(true);
    for (const r of [text, markdown, json]) {
      expect(r.stdout).toMatch(/monitoring-n+ … \[\d+ chars cut\] … n+/);
      expect(r.stdout.length).toBeLessThan(HUGE / 4);
      expect(r.stdout).not.toContain(name);
    }
  });
});
