// Bounds against a hostile or broken API server, exec plugin or snapshot (issue 12 item 7), on the BUILT
// validate.sh. Each bound is one clear finding (or, for a file, one usage line), never a stack trace. Memory is
// asserted by structure: the server counts what the client took before hanging up, and every hostile run has
// its V8 heap capped (NODE_OPTIONS), so unbounded buffering would crash the run instead of passing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { Collector } from '../skill-src/cluster/collect.js';
import { TransportError, type ApiRequest, type ApiResponse, type ApiTransport } from '../skill-src/cluster/transport.js';
import type { Report } from '../skill-src/model.js';
import { runScript } from './helpers/built.js';
import { SERVER_BOUND_CASES } from './helpers/bounds.js';
import { cleanEnv } from './helpers/golden.js';
import { CHECK_IDS, HEALTHY, editKubeconfig, noiseLines, parseReport } from './helpers/hostile.js';
import { startReplay } from './helpers/replay.js';

/** A heap far below what unbounded reading of these servers would need (700 MiB bodies, endless pages). */
const HEAP_CAP = { NODE_OPTIONS: '--max-old-space-size=256' };

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...cleanEnv(), ...HEAP_CAP, ...extra });

function errors(report: Report): { reason: string; message: string }[] {
  return report.checks.flatMap((c) => c.findings.filter((f) => f.severity === 'error').map((f) => ({ reason: f.reason, message: f.message })));
}

function expectCleanReport(stdout: string, stderr: string, exitCode: number): Report {
  expect(noiseLines(stderr), stderr).toEqual([]);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(exitCode, stderr).toBe(1);
  const report = parseReport(stdout);
  expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
  return report;
}

function tmpDir(t: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bounds-${t}-`));
}

describe.concurrent('hostile API server: each bound is a finding (built validate.sh, live)', () => {
  for (const c of SERVER_BOUND_CASES) {
    it(c.name, async () => {
      const replay = await startReplay(HEALTHY, { faults: c.faults });
      try {
        const r = await runScript(['--kubeconfig', replay.kubeconfigPath, '--output', 'json', '--no-probe-ui', '--timeout', '60'], { env: env(), timeoutMs: 120_000 });
        const report = expectCleanReport(r.stdout, r.stderr, r.exitCode);
        const found = errors(report).filter((e) => e.reason === 'ReadFailed' && c.cause.test(e.message));
        expect(found, JSON.stringify(errors(report), null, 1)).toHaveLength(1);
        const lists = replay.requestLog().filter((q) => q.path.endsWith(`/${c.resource}`));
        if (c.maxRequests !== undefined) expect(lists.length).toBeLessThanOrEqual(c.maxRequests);
        if (c.maxBytesSent !== undefined) {
          const sent = Math.max(...lists.map((q) => q.bytesSent ?? 0));
          expect(sent).toBeGreaterThan(0);
          expect(sent).toBeLessThanOrEqual(c.maxBytesSent);
        }
        // The other lists were read as usual: the bound cost one input, not the run.
        expect(errors(report).filter((e) => e.reason.startsWith('Read') && !c.cause.test(e.message))).toEqual([]);
      } finally {
        await replay.close();
      }
    }, 120_000);
  }
});

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // A zombie has exited; only its parent's wait is missing.
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function waitDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

describe('exec credential plugins run inside --timeout', () => {
  it('a plugin that sleeps is killed at the deadline, its children too, and the run says so', async () => {
    const replay = await startReplay(HEALTHY);
    const dir = tmpDir('exec');
    try {
      const pids = path.join(dir, 'pids');
      const kubeconfig = editKubeconfig(replay.kubeconfigPath, (kc) => {
        for (const u of kc.users) {
          u.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', `echo $$ >> ${pids}; sleep 300 & echo $! >> ${pids}; wait`], interactiveMode: 'Never' } };
        }
      });
      const started = Date.now();
      const r = await runScript(['--kubeconfig', kubeconfig, '--output', 'json', '--no-probe-ui', '--timeout', '2'], { env: env(), timeoutMs: 60_000 });
      // The test is about the timeout: the run ends near it, not after the plugin's 300 s.
      expect(Date.now() - started).toBeLessThan(2000 + 5000);
      const report = expectCleanReport(r.stdout, r.stderr, r.exitCode);
      expect(errors(report).some((e) => e.reason === 'ApiServerTimeout' && /exec credential plugin did not finish before the --timeout deadline and was killed/.test(e.message))).toBe(true);
      const started2 = fs.readFileSync(pids, 'utf8').trim().split('\n').map(Number);
      expect(started2.length).toBeGreaterThanOrEqual(2);
      for (const pid of started2) expect(await waitDead(pid), `process ${pid} still runs`).toBe(true);
    } finally {
      await replay.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a plugin that prints without end is stopped', async () => {
    const replay = await startReplay(HEALTHY);
    try {
      const kubeconfig = editKubeconfig(replay.kubeconfigPath, (kc) => {
        for (const u of kc.users) u.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', 'yes flux'], interactiveMode: 'Never' } };
      });
      const r = await runScript(['--kubeconfig', kubeconfig, '--output', 'json', '--no-probe-ui', '--timeout', '60'], { env: env(), timeoutMs: 90_000 });
      const report = expectCleanReport(r.stdout, r.stderr, r.exitCode);
      expect(errors(report).some((e) => /exec credential plugin .* printed more than a credential/.test(e.message))).toBe(true);
    } finally {
      await replay.close();
    }
  }, 90_000);
});

describe('snapshot files are bounded', () => {
  it('a YAML alias bomb of under 600 bytes: exit 2 with one line, within --timeout, under a small heap', async () => {
    const dir = tmpDir('bomb');
    try {
      // Ten levels of nine: 9^10 values once expanded, from a few hundred bytes.
      const names = 'abcdefghij';
      const lines = ['  a: &a [x,x,x,x,x,x,x,x,x]'];
      for (let i = 1; i < names.length; i++) lines.push(`  ${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${lines.join('\n')}\n`;
      expect(Buffer.byteLength(text)).toBeLessThan(600);
      const file = path.join(dir, 'bomb.yaml');
      fs.writeFileSync(file, text);
      const started = Date.now();
      const r = await runScript(['--snapshot', file, '--timeout', '2'], { env: env({ NODE_OPTIONS: '--max-old-space-size=96' }), timeoutMs: 30_000 });
      expect(Date.now() - started).toBeLessThan(2000 + 5000);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/beyond the validator's bounds: it holds more than \d+ values once its aliases are expanded/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a snapshot nested deeper than the bound: exit 2, one line', async () => {
    const dir = tmpDir('deep');
    try {
      const file = path.join(dir, 'deep.yaml');
      fs.writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: ${'['.repeat(50_000)}${']'.repeat(50_000)}}\n`);
      const r = await runScript(['--snapshot', file], { env: env() });
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/snapshot .* (nesting exceeded|nests deeper)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--record survives deep nesting', () => {
  it('an object nested 100000 levels deep is recorded cut at a fixed depth, and the recording loads back', async () => {
    const replay = await startReplay(HEALTHY, { faults: ['*/kustomizations=deep:100000'] });
    const dir = tmpDir('record-deep');
    try {
      const file = path.join(dir, 'cluster.yaml');
      const live = await runScript(['--kubeconfig', replay.kubeconfigPath, '--output', 'json', '--no-probe-ui', '--record', file], { env: env() });
      expect(noiseLines(live.stderr), live.stderr).toEqual([]);
      expect([0, 1]).toContain(live.exitCode);
      expect(live.stderr).toMatch(/^recorded \d+ objects to /);
      const recorded = yaml.load(fs.readFileSync(file, 'utf8')) as { items: { metadata: { name: string }; spec?: { nested?: unknown } }[] };
      const deep = recorded.items.find((o) => o.metadata.name === 'deep');
      expect(JSON.stringify(deep?.spec?.nested)).toContain('CUT: nested too deeply');
      const offline = await runScript(['--snapshot', file, '--output', 'json', '--no-probe-ui'], { env: env() });
      expect(offline.exitCode, offline.stderr).toBe(live.exitCode);
    } finally {
      await replay.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the collector hands its bounds to the transport', () => {
  /** Answers every list with one page of `size` bytes of one object, recording the maxBytes it was given. */
  function transport(size: number, seen: number[]): ApiTransport {
    return {
      request: async (req: ApiRequest): Promise<ApiResponse> => {
        seen.push(req.maxBytes ?? Infinity);
        if (req.path === '/version') return { status: 200, headers: {}, body: '{"gitVersion":"v1.33.0"}' };
        // Discovery fails: every kind is listed at its preferred version.
        if (req.path === '/apis') return { status: 500, headers: {}, body: '' };
        const pad = 'x'.repeat(Math.max(0, size - 60));
        const body = `{"apiVersion":"v1","items":[{"metadata":{"name":"a","labels":{"p":"${pad}"}}}]}`;
        // As the live transport does: stop at maxBytes.
        if (body.length > (req.maxBytes ?? Infinity)) throw new TransportError('too-large', 'over the bound');
        return { status: 200, headers: {}, body };
      },
    };
  }

  it('per-response bound and the run-wide byte budget: lists past the budget fail with a finding-ready error', async () => {
    const seen: number[] = [];
    const limits = { responseBytes: 10_000, totalBytes: 50_000, pagesPerList: 10, objects: 1000, releaseEveryBytes: 1e9 };
    const state = await new Collector(transport(9_000, seen), {
      mode: 'snapshot',
      context: 't',
      server: 't',
      needs: new Set(['kustomizations', 'gitRepositories', 'helmReleases', 'alerts', 'providers', 'receivers', 'buckets', 'helmCharts'] as const),
      deadline: Date.now() + 30_000,
      probeUi: false,
      limits,
    }).collect();
    expect(Math.max(...seen)).toBeLessThanOrEqual(limits.responseBytes);
    const results = Object.values(state.inputs);
    const failed = results.filter((r) => !r.ok);
    // 50,000 bytes hold five 9,000-byte pages: the rest are refused, none is read past the budget.
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(5);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) if (!f.ok) expect(f.error).toMatchObject({ code: 'bad-response', message: expect.stringMatching(/too large/) as unknown });
  });

  it('dead response bodies are collected every releaseEveryBytes read, not left for V8 to find', async () => {
    const holder = globalThis as { gc?: () => void };
    const before = holder.gc;
    let collections = 0;
    holder.gc = () => void collections++;
    try {
      const needs = new Set(['kustomizations', 'gitRepositories', 'helmReleases', 'alerts', 'providers', 'receivers', 'buckets', 'helmCharts'] as const);
      // Nine lists (the operator's Deployments and the eight kinds) of one page of about 9,000 bytes each: the
      // count passes 20,000 bytes at every third page and starts again, so three collections.
      const limits = { responseBytes: 10_000, totalBytes: 1e6, pagesPerList: 10, objects: 1000, releaseEveryBytes: 20_000 };
      await new Collector(transport(9_000, []), { mode: 'snapshot', context: 't', server: 't', needs, deadline: Date.now() + 30_000, probeUi: false, limits }).collect();
      expect(collections).toBe(3);
    } finally {
      if (before) holder.gc = before;
      else delete holder.gc;
    }
  });
});
