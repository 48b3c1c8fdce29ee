// Golden reports: every scenario's text, markdown and JSON output from the BUILT script, compared
// byte for byte after normalising what legitimately varies between runs (ports, round-trip times).
import fs from 'node:fs';
import path from 'node:path';
import { parseSide, sidePathFor, type SideData } from '../../skill-src/cluster/fixture.js';
import { ROOT } from '../../build/paths.js';
import { runScript } from './built.js';
import { startReplay } from './replay.js';
import { timeoutFor } from './timeouts.js';

export const SCENARIO_DIR = path.join(ROOT, 'test', 'fixtures', 'scenarios');
export const GOLDEN_DIR = path.join(ROOT, 'test', 'goldens');
export const REAL_DIR = path.join(ROOT, 'test', 'fixtures', 'real');
/** Goldens of the real-world corpus, apart from the scenarios'. */
export const REAL_GOLDEN_DIR = path.join(GOLDEN_DIR, 'real');
export const FORMATS = [
  { flag: 'text', ext: 'txt' },
  { flag: 'markdown', ext: 'md' },
  { flag: 'json', ext: 'json' },
] as const;
export type Format = (typeof FORMATS)[number];

export interface Scenario {
  name: string;
  fixture: string;
  side: SideData;
  /** Faults (unreachable API, bad token, timeouts) only exist on the wire: such scenarios run live only. */
  liveOnly: boolean;
  /** Where its goldens live (default GOLDEN_DIR). */
  goldenDir?: string;
}

function clustersIn(dir: string, goldenDir?: string): Scenario[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    // A real-world case has NAME.expect.yaml beside it, and the folder holds known-gaps.yaml: neither is a cluster.
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.side.yaml') && !f.endsWith('.expect.yaml') && f !== 'known-gaps.yaml')
    .sort()
    .map((f) => {
      const fixture = path.join(dir, f);
      const sidePath = sidePathFor(fixture);
      const side = fs.existsSync(sidePath) ? parseSide(fs.readFileSync(sidePath, 'utf8'), f) : {};
      const s: Scenario = { name: f.replace(/\.yaml$/, ''), fixture, side, liveOnly: (side.faults?.length ?? 0) > 0 };
      if (goldenDir) s.goldenDir = goldenDir;
      return s;
    });
}

export function scenarios(): Scenario[] {
  return clustersIn(SCENARIO_DIR);
}

/** The real-world corpus (test/fixtures/real/), goldens in test/goldens/real/. */
export function realScenarios(): Scenario[] {
  return clustersIn(REAL_DIR, REAL_GOLDEN_DIR);
}

/**
 * Ports and timings vary per run; nothing else may. An unreachable server sends no clock, so the report's
 * time is this machine's: the one timestamp normalised, and only in that case (JSON field).
 */
export function normalize(text: string, recordedAt?: string): string {
  const recorded = recordedAt ? new Date(recordedAt).toISOString() : undefined;
  return text
    .replace(/("generatedAt":\s*")([^"]+)"/g, (m, key: string, value: string) => (value === recorded ? m : `${key}LOCAL-CLOCK"`))
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    // Suggested commands repeat --kubeconfig: the replay server's kubeconfig lives in a fresh temp folder.
    .replace(/[^\s"'=]*\/replay-[A-Za-z0-9]+\/kubeconfig/g, 'TMP/replay/kubeconfig')
    .replace(/("rttMs":\s*)\d+/g, (_m, key: string) => `${key}0`)
    .replace(/\b\d+ ?ms\b/g, 'N ms');
}

/** An environment where no local flux-operator binaries are found, so goldens do not depend on this machine. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, NO_COLOR: '1' };
}

export interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runSnapshot(s: Scenario, format: Format['flag'], extra: string[] = []): Promise<Output> {
  const r = await runScript(['--snapshot', s.fixture, '--output', format, ...extra], { env: cleanEnv() });
  return r;
}

export async function runLive(s: Scenario, format: Format['flag'], extra: string[] = []): Promise<Output> {
  const server = await startReplay(s.fixture);
  try {
    const r = await runScript(['--kubeconfig', server.kubeconfigPath, '--output', format, '--timeout', String(timeoutFor(s.side.faults)), ...extra], { env: cleanEnv() });
    return r;
  } finally {
    await server.close();
  }
}

export function goldenPath(s: Scenario, f: Format): string {
  return path.join(s.goldenDir ?? GOLDEN_DIR, `${s.name}.${f.ext}`);
}

export async function produce(s: Scenario, f: Format): Promise<Output> {
  return s.liveOnly ? runLive(s, f.flag) : runSnapshot(s, f.flag);
}
