// The fault matrix on the BUILT validate.sh, live, through the replay server's fault injection and broken
// kubeconfigs. Every case: the documented exit code, one finding naming the cause with a hint, no stack
// trace, every check still reported, and the run ending by itself (how long it took is never asserted).
import { describe, expect, it } from 'vitest';
import { makeCerts } from '../scripts/replay/certs.js';
import type { Finding, Report } from '../skill-src/model.js';
import { runScript, type ScriptResult } from './helpers/built.js';
import { cleanEnv } from './helpers/golden.js';
import {
  CHECK_IDS,
  FAULT_CASES,
  HEALTHY,
  PAGINATION_SCENARIO,
  closedPort,
  editKubeconfig,
  mergeKubeconfigs,
  noiseLines,
  parseReport,
  type FaultCase,
} from './helpers/hostile.js';
import { startReplay, type LoggedRequest, type Replay } from './helpers/replay.js';
import { AMPLE_TIMEOUT_S, ONE_HANG_TIMEOUT_S } from './helpers/timeouts.js';

interface Run {
  result: ScriptResult;
  log: LoggedRequest[];
}

async function kubeconfigFor(c: FaultCase, replay: Replay): Promise<string> {
  const { setup } = c;
  switch (setup.kind) {
    case 'replay':
      return replay.kubeconfigPath;
    case 'refused': {
      const port = await closedPort();
      return editKubeconfig(replay.kubeconfigPath, (kc) => {
        for (const cl of kc.clusters) cl.cluster.server = `https://127.0.0.1:${port}`;
      });
    }
    case 'dns':
      return editKubeconfig(replay.kubeconfigPath, (kc) => {
        for (const cl of kc.clusters) cl.cluster.server = 'https://does-not-exist.invalid:6443';
      });
    case 'tls': {
      const other = makeCerts().caPem;
      return editKubeconfig(replay.kubeconfigPath, (kc) => {
        for (const cl of kc.clusters) cl.cluster['certificate-authority-data'] = Buffer.from(other).toString('base64');
      });
    }
    case 'token':
      return editKubeconfig(replay.kubeconfigPath, (kc) => {
        for (const u of kc.users) u.user.token = 'not-the-token-0123456789abcdef';
      });
  }
}

async function runLiveFault(fixture: string, faults: string[], timeout: number, build: (r: Replay) => Promise<string> = async (r) => r.kubeconfigPath, extra: string[] = []): Promise<Run> {
  const replay = await startReplay(fixture, { faults });
  try {
    const kubeconfig = await build(replay);
    // A run that ignored its deadline would be killed 60 s past it (exit -1), which expectHandled rejects. How long
    // a run took is never asserted: on a busy machine that measures the machine.
    const result = await runScript(['--kubeconfig', kubeconfig, '--output', 'json', '--timeout', String(timeout), ...extra], { env: cleanEnv(), timeoutMs: (timeout + 60) * 1000 });
    return { result, log: replay.requestLog() };
  } finally {
    await replay.close();
  }
}

function allFindings(report: Report): { check: string; finding: Finding }[] {
  return report.checks.flatMap((c) => c.findings.map((finding) => ({ check: c.id, finding })));
}

/** What every fault case must show, whatever the fault. */
function expectHandled(run: Run): Report {
  const { result } = run;
  expect(noiseLines(result.stderr), result.stderr).toEqual([]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect([0, 1], result.stderr).toContain(result.exitCode);
  const report = parseReport(result.stdout);
  expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
  // The documented rule: exit 1 exactly when there is an error finding.
  expect(result.exitCode).toBe(report.summary.errors > 0 ? 1 : 0);
  return report;
}

/** The one finding that names the cause, with a hint pointing at the reason's reference section. */
function expectCause(report: Report, reason: RegExp, cause: RegExp): Finding {
  const all = allFindings(report);
  const hit = all.find(({ finding }) => reason.test(finding.reason) && cause.test(finding.message));
  const seen = all.map(({ check, finding }) => `${check} ${finding.severity} ${finding.reason}: ${finding.message}`).join('\n');
  expect(hit, `no finding with reason ${String(reason)} and a message matching ${String(cause)}:\n${seen}`).toBeDefined();
  const f = (hit as { finding: Finding }).finding;
  expect(f.message).not.toContain('\n');
  expect(f.hint.length).toBeGreaterThan(10);
  expect(f.next.docs).toBe(`reference.md#${f.reason.toLowerCase()}`);
  return f;
}

const kindTotal = (report: Report, kind: string): number => {
  const k = report.summary.kinds.find((x) => x.kind === kind);
  return k ? k.running + k.failing + k.suspended : 0;
};

describe.concurrent('fault matrix (built validate.sh, live)', () => {
  for (const c of FAULT_CASES) {
    it(c.name, async () => {
      const fixture = c.setup.kind === 'replay' ? c.setup.fixture ?? HEALTHY : HEALTHY;
      const faults = c.setup.kind === 'replay' ? c.setup.faults : [];
      const run = await runLiveFault(fixture, faults, c.timeout, (r) => kubeconfigFor(c, r), c.extraArgs);
      const report = expectHandled(run);
      if (c.exit !== undefined) expect(run.result.exitCode, run.result.stdout.slice(0, 2000)).toBe(c.exit);
      const f = expectCause(report, c.reason, c.cause);
      if (c.severity) expect(f.severity).toBe(c.severity);
      if (c.requests) {
        const { path, min, max } = c.requests;
        const n = run.log.filter((r) => path.test(r.path)).length;
        expect(n).toBeGreaterThanOrEqual(min);
        expect(n).toBeLessThanOrEqual(max);
      }
    });
  }

  it('expired continue token (410) mid-pagination: the list is restarted and the result is complete', async () => {
    const run = await runLiveFault(PAGINATION_SCENARIO, ['*/kustomizations?continue=410:count=1'], AMPLE_TIMEOUT_S);
    const report = expectHandled(run);
    // The scenario's header: 544 Kustomizations, two errors.
    expect(kindTotal(report, 'Kustomization')).toBe(544);
    expect(run.result.exitCode).toBe(1);
    expect(allFindings(report).filter(({ finding }) => finding.resource.kind === 'Kustomization' && /^Read|ListFailed/.test(finding.reason))).toEqual([]);
    expect(allFindings(report).some(({ finding }) => finding.reason === 'HealthCheckFailed' && finding.resource.name === 'team-42-apps')).toBe(true);
    const ks = run.log.filter((r) => r.path === '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations');
    const firstContinue = ks.findIndex((r) => 'continue' in r.query);
    expect(firstContinue).toBeGreaterThan(0);
    // After the expired token, a fresh list without it, then its continuation.
    expect(ks.slice(firstContinue + 1).map((r) => 'continue' in r.query)).toEqual([false, true]);
  });

  it('a continue token that always expires: one restart, then a clear failure naming the list', async () => {
    const run = await runLiveFault(PAGINATION_SCENARIO, ['*/kustomizations?continue=410'], AMPLE_TIMEOUT_S);
    const report = expectHandled(run);
    expect(run.result.exitCode).toBe(1);
    expectCause(report, /^Read/, /410.*Kustomization|Kustomization.*410/);
    const ks = run.log.filter((r) => r.path === '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations');
    expect(ks.filter((r) => !('continue' in r.query))).toHaveLength(2);
  });

  it('429 twice then success: retried to a complete result', async () => {
    const run = await runLiveFault(HEALTHY, ['*/kustomizations=429:1:count=2'], AMPLE_TIMEOUT_S);
    const report = expectHandled(run);
    expect(run.result.exitCode).toBe(0);
    expect(kindTotal(report, 'Kustomization')).toBe(4);
    expect(run.log.filter((r) => r.path.endsWith('/kustomizations'))).toHaveLength(3);
  });

  it('one of two clusters hangs (--all-contexts): the fleet run ends in time and reports both', async () => {
    const [good, bad] = await Promise.all([startReplay(HEALTHY), startReplay(HEALTHY, { faults: ['*=hang'] })]);
    try {
      const kubeconfig = mergeKubeconfigs(good.kubeconfigPath, bad.kubeconfigPath, 'hung-');
      const result = await runScript(['--kubeconfig', kubeconfig, '--all-contexts', '--output', 'json', '--timeout', String(ONE_HANG_TIMEOUT_S)], { env: cleanEnv(), timeoutMs: (ONE_HANG_TIMEOUT_S + 60) * 1000 });
      expect(noiseLines(result.stderr), result.stderr).toEqual([]);
      expect(result.exitCode).toBe(1);
      const fleet = JSON.parse(result.stdout) as { clusters: Report[] };
      expect(fleet.clusters).toHaveLength(2);
      for (const r of fleet.clusters) expect(r.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
      const hung = fleet.clusters.find((r) => r.cluster.context.startsWith('hung-'));
      const healthy = fleet.clusters.find((r) => !r.cluster.context.startsWith('hung-'));
      expect(healthy?.summary.errors).toBe(0);
      expectCause(hung as Report, /^ApiServerTimeout$/, /timeout/i);
    } finally {
      await Promise.all([good.close(), bad.close()]);
    }
  });

  it('discovery (/apis) answering 500 does not stop the lists', async () => {
    const run = await runLiveFault(HEALTHY, ['/apis=500'], AMPLE_TIMEOUT_S);
    const report = expectHandled(run);
    expect(run.result.exitCode).toBe(0);
    expect(allFindings(report).filter(({ finding }) => /^Read|CRDNotInstalled/.test(finding.reason))).toEqual([]);
    expect(kindTotal(report, 'Kustomization')).toBe(4);
  });
});
