// Timing and memory measurement of commands: hyperfine when it is on PATH, else our own repetitions.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export type TimingTool = 'hyperfine' | 'repetitions';

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
  tool: TimingTool;
}

export interface Command {
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const HYPERFINE = process.env.BENCH_NO_HYPERFINE === '1' ? undefined : onPath('hyperfine');
export const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return NaN;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

interface HyperfineJson {
  results: { command: string; median: number; min: number; max: number; times: number[] }[];
}

/** Runs each command `runs` times after `warmup` runs; non-zero exits are expected (findings) and ignored. */
export async function timeCommands(commands: readonly Command[], runs: number, warmup: number): Promise<Timing[]> {
  if (HYPERFINE && commands.every((c) => !c.env)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hf-'));
    const out = path.join(dir, 'out.json');
    const args = ['-N', '--style', 'none', '-i', '--warmup', String(warmup), '--runs', String(runs), '--export-json', out, ...commands.map((c) => c.argv.map(shellQuote).join(' '))];
    let parsed: HyperfineJson;
    try {
      // hyperfine warns on every non-zero exit; those are expected (exit 1 means error findings), so its stderr is shown only on failure.
      await execa(HYPERFINE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      parsed = JSON.parse(fs.readFileSync(out, 'utf8')) as HyperfineJson;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return parsed.results.map((r) => ({ medianMs: r.median * 1000, minMs: r.min * 1000, maxMs: r.max * 1000, runs: r.times.length, tool: 'hyperfine' as const }));
  }
  const timings: Timing[] = [];
  for (const c of commands) {
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = process.hrtime.bigint();
      await execa(c.argv[0] as string, c.argv.slice(1), { reject: false, stdio: 'ignore', env: c.env });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= warmup) times.push(ms);
    }
    timings.push({ medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), runs: times.length, tool: 'repetitions' });
  }
  return timings;
}

export interface RunOutcome {
  /** performance.now() when the process was started and when it ended. */
  startedAt: number;
  endedAt: number;
  stdout: string;
  stderr: string;
  exitCode: number;
  wallMs: number;
  /** Peak resident set size of the process (and its exec'd successors), in bytes. */
  peakRssBytes: number;
  rssMethod: 'gnu-time' | 'proc-sampling';
}

/** One run with its peak RSS: GNU time's %M when present, else sampling VmHWM from /proc. */
export async function runMeasured(argv: readonly string[], env?: NodeJS.ProcessEnv): Promise<RunOutcome> {
  const t0 = process.hrtime.bigint();
  const startedAt = performance.now();
  if (GNU_TIME) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-time-'));
    const file = path.join(dir, 'rss');
    try {
      const r = await execa(GNU_TIME, ['-f', '%M', '-o', file, ...argv], { reject: false, env, maxBuffer: 1 << 30 });
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const kb = Number(fs.readFileSync(file, 'utf8').trim().split('\n').pop());
      return { startedAt, endedAt: performance.now(), stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? -1, wallMs, peakRssBytes: kb * 1024, rssMethod: 'gnu-time' };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const child = execa(argv[0] as string, argv.slice(1), { reject: false, env, maxBuffer: 1 << 30 });
  let peak = 0;
  const sample = (): void => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(sample, 10);
  const r = await child;
  clearInterval(timer);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { startedAt, endedAt: performance.now(), stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? -1, wallMs, peakRssBytes: peak, rssMethod: 'proc-sampling' };
}
