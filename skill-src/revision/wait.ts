// --wait: read the cluster(s) again at a fixed interval until REV landed everywhere, something failed, or
// the time is up. Each read is the validator's own collection (the same GET/LIST requests); no watch.
// The clock and the sleep are injected, so tests never wait for real.
import type { RevisionResult, RevisionVerdict } from './model.js';

export const WAIT_INTERVAL_MS = 5000;

export interface WaitClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const REAL_CLOCK: WaitClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  clock?: WaitClock;
  /** One line per read that did not end the wait. */
  progress?: (line: string) => void;
}

export type WaitEnd = 'landed' | 'failed' | 'timed-out';

export interface WaitOutcome {
  results: RevisionResult[];
  end: WaitEnd;
  reads: number;
}

/** How a set of per-cluster results ends a wait: failed as soon as one failed, landed when all did, else undefined (keep going). */
export function settled(results: readonly RevisionResult[]): 'landed' | 'failed' | undefined {
  if (results.some((r) => r.verdict === 'failed')) return 'failed';
  return results.length > 0 && results.every((r) => r.verdict === 'landed') ? 'landed' : undefined;
}

const WORDS: Readonly<Record<RevisionVerdict, string>> = {
  landed: 'landed',
  failed: 'failed',
  progressing: 'in progress',
  'not-fetched': 'not fetched yet',
  unreachable: 'unreachable',
};

/** One progress line: per cluster, the verdict and how many objects applied REV. */
export function progressLine(results: readonly RevisionResult[], elapsedMs: number): string {
  const parts = results.map((r) => {
    const total = r.counts.applied + r.counts.progressing + r.counts.failed + r.counts.blocked;
    const state = r.verdict === 'progressing' ? `${r.counts.applied} of ${total} applied` : WORDS[r.verdict];
    return results.length > 1 ? `${r.context}: ${state}` : state;
  });
  return `… ${Math.round(elapsedMs / 1000)}s: ${parts.join('; ')}`;
}

/**
 * Reads until settled or until the next read would start after the deadline. An unreachable cluster does
 * not end the wait: a read may fail while the API server restarts.
 */
export async function waitForRevision(read: () => Promise<RevisionResult[]>, opts: WaitOptions): Promise<WaitOutcome> {
  const clock = opts.clock ?? REAL_CLOCK;
  const interval = opts.intervalMs ?? WAIT_INTERVAL_MS;
  const start = clock.now();
  const deadline = start + opts.timeoutMs;
  for (let reads = 1; ; reads++) {
    const results = await read();
    const end = settled(results);
    if (end) return { results, end, reads };
    if (clock.now() + interval > deadline) return { results, end: 'timed-out', reads };
    opts.progress?.(progressLine(results, clock.now() - start));
    await clock.sleep(interval);
  }
}
