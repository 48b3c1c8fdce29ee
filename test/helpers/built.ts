// Paths and runners for the BUILT skill: tests exercise validate.sh exactly as users get it.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SCRIPT_PATH, SKILL_DIR, SKILL_MD } from '../../build/paths.js';
import { tempDir } from './temp.js';

export { SCRIPT_PATH, SKILL_DIR, SKILL_MD };

export function assertBuilt(): void {
  if (!fs.existsSync(SCRIPT_PATH)) throw new Error(`${SCRIPT_PATH} is missing: run npm run build (npm test does)`);
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

export interface ScriptResult {
  stdout: string;
  stderr: string;
  /** -1 when the process was killed (timeout). */
  exitCode: number;
}

/** Runs the built validate.sh with bash; never throws on a non-zero exit. */
export async function runScript(args: readonly string[], opts: RunOptions = {}): Promise<ScriptResult> {
  assertBuilt();
  const r = await execa('bash', [SCRIPT_PATH, ...args], {
    reject: false,
    cwd: opts.cwd ?? os.tmpdir(),
    env: { HOME: os.tmpdir(), PATH: process.env.PATH ?? '', ...opts.env },
    extendEnv: false,
    timeout: opts.timeoutMs ?? 110_000,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

/** A copy of the skill folder alone in a fresh temp dir, outside the repository (no node_modules above it). */
export function copySkillFolder(): string {
  assertBuilt();
  const dir = tempDir('skill-copy');
  const dest = path.join(dir, 'flux-operator');
  fs.cpSync(SKILL_DIR, dest, { recursive: true });
  return dest;
}
