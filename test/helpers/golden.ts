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
}

export function scenarios(): Scenario[] {
  if (!fs.existsSync(SCENARIO_DIR)) return [];
  return fs
    .readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.side.yaml'))
    .sort()
    .map((f) => {
      const fixture = path.join(SCENARIO_DIR, f);
      const sidePath = sidePathFor(fixture);
      const side = fs.existsSync(sidePath) ? parseSide(fs.readFileSync(sidePath, 'utf8'), f) : {};
      return { name: f.replace(/\.yaml$/, ''), fixture, side, liveOnly: (side.faults?.length ?? 0) > 0 };
    });
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
  return path.join(GOLDEN_DIR, `${s.name}.${f.ext}`);
}

export async function produce(s: Scenario, f: Format): Promise<Output> {
  return s.liveOnly ? runLive(s, f.flag) : runSnapshot(s, f.flag);
}
