// One fleet behind one replay server: instrumented runs (requests, bytes, peak RSS, output size) through a
// byte-counting relay, and timed runs straight against the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../../build/bundle.js';
import { ROOT, SCRIPT_PATH } from '../../build/paths.js';
import type { FleetFile } from './fleets.js';
import { median, runMeasured, timeCommands, type Timing } from './measure.js';
import { summariseProfile, type ProfileSummary } from './profile.js';
import { countingProxy } from './proxy.js';
import { devBundle } from './dev-bundle.js';
import { phases, type Phases } from './phases.js';
import { breakdown, requestsSince, rewritePort, startReplay, type RequestBreakdown } from './replay.js';

/** Runs of each validate.sh output whose peak RSS is measured; the table gives their median. */
export const RSS_RUNS = 3;

export const LATENCY_MS = 20;
export const KUBECTL_PER_STEP = path.join(ROOT, 'scripts', 'bench', 'kubectl-per-step.sh');
export const KUBECTL_PER_KIND = path.join(ROOT, 'scripts', 'bench', 'kubectl-per-kind.sh');
export const FLOOR = path.join(ROOT, 'scripts', 'bench', 'floor.mjs');

/**
 * kubectl-per-step: one kubectl process per step (the usual script); kubectl-per-kind: as few kubectl calls as
 * the same conclusions allow (a well-written script); floor: Node fetching and parsing what validate.sh fetched.
 */
export type ToolName = 'validate.sh markdown' | 'validate.sh json' | 'kubectl-per-step' | 'kubectl-per-kind' | 'floor';

/** What the floor fetches: the collections and other GETs of a validate.sh run, unpaginated, once each. */
export function floorPaths(requests: readonly { method: string; path: string; query: Record<string, string> }[]): string[] {
  const out = new Set<string>();
  for (const r of requests) {
    if (r.method !== 'GET' || r.query.watch) continue;
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(r.query)) if (k !== 'limit' && k !== 'continue') q.set(k, v);
    out.add(q.size > 0 ? `${r.path}?${q.toString()}` : r.path);
  }
  return [...out];
}

export interface ToolResult {
  tool: ToolName;
  timing?: Timing;
  wallMs: number;
  requests: RequestBreakdown;
  bytesReceived: number;
  bytesSent: number;
  peakRssBytes: number;
  outputBytes: number;
  exitCode: number;
  stderrTail: string;
  /** Set when the run produced no report (a crash, or no answer from the server): its numbers mean nothing. */
  failed?: string;
  /** The instrumented run's timeline, from the relay: start-up until the first byte sent, network until the last byte received, then the rest. */
  timeline?: { startupMs: number; networkMs: number; afterMs: number };
}

export interface FleetResult {
  name: string;
  objects: number;
  failing: number;
  kinds: Record<string, number>;
  tools: ToolResult[];
  profile?: ProfileSummary;
  /** Warm, in-process medians of each phase against the same server (scripts/bench/phases.ts). */
  phases?: Phases;
}

export interface FleetRunOptions {
  tools: ToolName[];
  /** Timed repetitions per tool; 0 skips timing (instrumented run only). */
  runs: Partial<Record<ToolName, number>>;
  extraArgs?: string[];
  profile?: boolean;
}

export function argvFor(tool: ToolName, kubeconfig: string, extra: readonly string[] = [], pathsFile = ''): string[] {
  if (tool === 'kubectl-per-step') return ['bash', KUBECTL_PER_STEP, '--kubeconfig', kubeconfig];
  if (tool === 'kubectl-per-kind') return ['bash', KUBECTL_PER_KIND, '--kubeconfig', kubeconfig];
  if (tool === 'floor') return [process.execPath, FLOOR, kubeconfig, pathsFile];
  const format = tool === 'validate.sh json' ? 'json' : 'markdown';
  return ['bash', SCRIPT_PATH, '--kubeconfig', kubeconfig, '--output', format, '--no-probe-ui', ...extra];
}

export async function benchFleet(fleet: FleetFile, name: string, work: string, opts: FleetRunOptions, log: (s: string) => void): Promise<FleetResult> {
  log(`▸ ${name}: starting the replay server (${fleet.summary.objects} objects, ${LATENCY_MS} ms latency per request)`);
  const replay = await startReplay(fleet.file, work, { latencyMs: LATENCY_MS, name });
  const proxy = await countingProxy(replay.port);
  const counted = path.join(work, `${name}.counted.kubeconfig`);
  rewritePort(replay.kubeconfig, counted, proxy.port);
  const result: FleetResult = { name, objects: fleet.summary.objects, failing: fleet.summary.failing, kinds: fleet.summary.kinds, tools: [] };
  const pathsFile = path.join(work, `${name}.floor-paths.json`);
  try {
    for (const tool of opts.tools) {
      let offset = requestsSince(replay.requestLog, 0).offset;
      const before = { received: proxy.received, sent: proxy.sent };
      proxy.reset();
      const r = await runMeasured(argvFor(tool, counted, opts.extraArgs, pathsFile));
      const { firstSentAt, lastReceivedAt } = proxy;
      // The server may log a request just after answering it.
      await new Promise((res) => setTimeout(res, 100));
      const logged = requestsSince(replay.requestLog, offset);
      offset = logged.offset;
      const tr: ToolResult = {
        tool,
        wallMs: r.wallMs,
        requests: breakdown(logged.requests),
        bytesReceived: proxy.received - before.received,
        bytesSent: proxy.sent - before.sent,
        peakRssBytes: r.peakRssBytes,
        outputBytes: Buffer.byteLength(r.stdout),
        exitCode: r.exitCode,
        stderrTail: r.stderr.trim().split('\n').slice(-2).join(' | '),
      };
      if (firstSentAt !== undefined && lastReceivedAt !== undefined) {
        tr.timeline = { startupMs: firstSentAt - r.startedAt, networkMs: lastReceivedAt - firstSentAt, afterMs: r.endedAt - lastReceivedAt };
      }
      if (r.stdout.trim() === '' || r.exitCode > 1) tr.failed = `exit ${r.exitCode}, ${tr.stderrTail || 'no output'}`;
      if (tool === 'validate.sh markdown') fs.writeFileSync(path.join(work, `${name}.report.md`), r.stdout);
      if (tool === 'validate.sh json') {
        fs.writeFileSync(path.join(work, `${name}.report.json`), r.stdout);
        fs.writeFileSync(pathsFile, JSON.stringify(floorPaths(logged.requests)));
      }
      if (tool.startsWith('validate.sh')) {
        // A peak depends on when V8 collects, which varies from run to run by several MB: the median of RSS_RUNS.
        const peaks = [r.peakRssBytes];
        for (let i = 1; i < RSS_RUNS; i++) peaks.push((await runMeasured(argvFor(tool, counted, opts.extraArgs, pathsFile))).peakRssBytes);
        tr.peakRssBytes = median(peaks);
      }
      log(`  ${tool}: ${r.wallMs.toFixed(0)} ms, exit ${r.exitCode}, ${tr.requests.total} requests, ${(tr.bytesReceived / 1e6).toFixed(2)} MB received, peak RSS ${(tr.peakRssBytes / 1e6).toFixed(0)} MB, output ${tr.outputBytes} bytes`);
      if (tr.failed) log(`  ! ${tool} failed: ${tr.failed}`);
      result.tools.push(tr);
    }
    for (const tr of result.tools) {
      const runs = opts.runs[tr.tool] ?? 0;
      if (runs <= 0) continue;
      log(`  timing ${tr.tool}: ${runs} runs`);
      const [t] = await timeCommands([{ argv: argvFor(tr.tool, replay.kubeconfig, opts.extraArgs, pathsFile) }], runs, 1);
      tr.timing = t;
    }
    if (opts.profile) {
      // Node refuses --cpu-prof in NODE_OPTIONS, and the product bundle is minified: profile an unminified build.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-prof-'));
      try {
        const argv = argvFor('validate.sh markdown', replay.kubeconfig, opts.extraArgs).slice(2);
        // With the flags validate.sh's own exec line gives Node, so that collections are profiled as they happen.
        await runMeasured([process.execPath, ...NODE_FLAGS.split(' '), '--cpu-prof', `--cpu-prof-dir=${dir}`, await devBundle(), ...argv]);
        const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
        if (file) result.profile = summariseProfile(path.join(dir, file));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const samples: Phases[] = [];
      for (let i = 0; i < 6; i++) samples.push(await phases(replay.kubeconfig));
      const warm = samples.slice(1);
      const med = (k: keyof Phases): number => median(warm.map((p) => p[k]));
      result.phases = { prepareMs: med('prepareMs'), collectMs: med('collectMs'), checksMs: med('checksMs'), renderMs: med('renderMs') };
    }
  } finally {
    await proxy.close();
    await replay.stop();
  }
  return result;
}
