// The version matrix: for each Flux minor release 2.2 to 2.9, a cluster serving exactly that release's API
// versions (test/helpers/version-matrix.ts), checked by the BUILT validate.sh offline (--snapshot) and live
// (replay server): healthy, and with one failing object per kind. Kinds of one group are served at
// different versions on older releases; none may be reported as not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './helpers/built.js';
import { startReplay } from './helpers/replay.js';
import { matrixCluster, RELEASES, writeMatrixFixture, type MatrixCluster } from './helpers/version-matrix.js';

interface Report {
  verdict: string;
  summary: { kinds: { kind: string; running: number; failing: number }[] };
  checks: { id: string; findings: { severity: string; reason: string; message: string; resource: { kind: string; name: string } }[] }[];
}

async function runBoth(c: MatrixCluster): Promise<{ mode: string; report: Report }[]> {
  const { file, cleanup } = writeMatrixFixture(c);
  try {
    const offline = await runScript(['--snapshot', file, '--output', 'json', '--no-probe-ui'], { env: { NO_COLOR: '1' } });
    const replay = await startReplay(file);
    try {
      const live = await runScript(['--kubeconfig', replay.kubeconfigPath, '--output', 'json', '--timeout', '60', '--no-probe-ui'], { env: { NO_COLOR: '1' } });
      return [
        { mode: 'offline', report: JSON.parse(offline.stdout) as Report },
        { mode: 'live', report: JSON.parse(live.stdout) as Report },
      ];
    } finally {
      await replay.close();
    }
  } finally {
    cleanup();
  }
}

const findings = (r: Report) => r.checks.flatMap((c) => c.findings);

describe.each(Object.keys(RELEASES))('Flux %s', (release) => {
  const healthy = matrixCluster(release, false);
  const failing = matrixCluster(release, true);
  let healthyRuns: { mode: string; report: Report }[] = [];
  let failingRuns: { mode: string; report: Report }[] = [];
  beforeAll(async () => {
    [healthyRuns, failingRuns] = await Promise.all([runBoth(healthy), runBoth(failing)]);
  }, 120_000);
  afterAll(() => undefined);

  it('lists every kind the release serves, all healthy, and reports no CRD as not installed', () => {
    expect(healthyRuns).toHaveLength(2);
    for (const { mode, report } of healthyRuns) {
      const all = findings(report);
      expect(all.filter((f) => f.reason === 'CRDNotInstalled' || /not installed/i.test(f.message)), mode).toEqual([]);
      expect(all.filter((f) => f.severity === 'error'), mode).toEqual([]);
      expect(all.filter((f) => f.severity === 'warning').map((f) => `${f.reason}: ${f.message}`), mode).toEqual([]);
      expect(report.verdict, mode).toBe('healthy');
      for (const { kind } of healthy.kinds) {
        expect(report.summary.kinds.find((k) => k.kind === kind), `${mode} ${kind}`).toMatchObject({ running: 1, failing: 0 });
      }
    }
  });

  it('reports the one failing object of every kind as an error, and nothing as not installed', () => {
    expect(failing.failing.length).toBeGreaterThan(10);
    for (const { mode, report } of failingRuns) {
      const all = findings(report);
      expect(all.filter((f) => f.reason === 'CRDNotInstalled' || /not installed/i.test(f.message)), mode).toEqual([]);
      for (const kind of failing.failing) {
        expect(all.some((f) => f.severity === 'error' && f.resource.kind === kind && f.resource.name === 'failing'), `${mode} ${kind}`).toBe(true);
        expect(report.summary.kinds.find((k) => k.kind === kind), `${mode} ${kind}`).toMatchObject({ running: 1, failing: 1 });
      }
      // The healthy objects beside them stay healthy: a false SourceNotFound would show here.
      expect(all.filter((f) => f.resource.name === 'matrix' && f.severity === 'error'), mode).toEqual([]);
      expect(report.verdict, mode).toBe('failed');
    }
  });
});
