// One run in-process: colour only on a terminal and never with NO_COLOR or --no-color; progress only
// through the callback main passes when stderr is a terminal; the report alone on stdout.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, isUsageError, type ValidateOptions } from '../../skill-src/cli/args.js';
import { runValidate } from '../../skill-src/app/validate.js';
import { SCENARIO_DIR } from '../helpers/golden.js';

const SNAPSHOT = path.join(SCENARIO_DIR, 'suspended.yaml');
const ANSI = /\u001b\[/;

function options(...extra: string[]): ValidateOptions {
  const r = parseArgs(['--snapshot', SNAPSHOT, ...extra]);
  if (isUsageError(r) || r.command !== 'validate') throw new Error('bad test arguments');
  return r;
}

describe('runValidate', () => {
  it('colours text on a terminal', async () => {
    const r = await runValidate(options(), { env: {}, colorAllowed: true });
    expect(r.stdout).toMatch(ANSI);
    expect(r.exitCode).toBe(0);
  });

  it.each([
    ['not a terminal', options(), {}, false],
    ['NO_COLOR set', options(), { NO_COLOR: '1' }, true],
    ['--no-color', options('--no-color'), {}, true],
    ['markdown', options('--output', 'markdown'), {}, true],
    ['json', options('--output', 'json'), {}, true],
  ])('never colours with %s', async (_name, opts, env, terminal) => {
    const r = await runValidate(opts, { env, colorAllowed: terminal });
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('reports progress only through the callback, one line per step, and keeps stdout for the report', async () => {
    const lines: string[] = [];
    const r = await runValidate(options('--output', 'json'), { env: {}, colorAllowed: false, progress: (l) => lines.push(l) });
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.every((l) => l.startsWith('► '))).toBe(true);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toBe('');
  });
});
