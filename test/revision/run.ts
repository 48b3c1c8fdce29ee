// Runs `validate.sh revision` in-process on a snapshot, with an injected clock so --wait never sleeps.
import { parseArgs, isUsageError } from '../../skill-src/cli/args.js';
import type { RevisionOptions } from '../../skill-src/cli/revision-args.js';
import { runRevision } from '../../skill-src/app/revision.js';
import type { RunResult } from '../../skill-src/app/validate.js';
import type { WaitClock } from '../../skill-src/revision/wait.js';

export function revisionOptions(args: string[]): RevisionOptions {
  const r = parseArgs(['revision', ...args]);
  if (isUsageError(r) || r.command !== 'revision') throw new Error(`bad test arguments: ${JSON.stringify(r)}`);
  return r;
}

/** A clock that moves only when slept on. */
export function fakeClock(): WaitClock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

export function runIn(args: string[], progress?: (line: string) => void, clock: WaitClock = fakeClock()): Promise<RunResult> {
  return runRevision(revisionOptions(args), { env: {}, colorAllowed: false, progress }, { clock });
}
