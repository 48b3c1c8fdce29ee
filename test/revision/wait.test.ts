// --wait with an injected clock and reader: no real sleeps, every ending reached.
import { describe, expect, it } from 'vitest';
import { waitForRevision, type WaitClock } from '../../skill-src/revision/wait.js';
import type { RevisionResult, RevisionVerdict } from '../../skill-src/revision/model.js';

function result(verdict: RevisionVerdict, context = 'c1'): RevisionResult {
  return {
    context,
    server: 'https://x',
    mode: 'live',
    generatedAt: '2026-11-25T10:00:00.000Z',
    verdict,
    sources: [],
    objects: [],
    notAffected: [],
    counts: { applied: 1, progressing: 1, failed: 0, blocked: 0, notAffected: 0 },
  };
}

/** A clock that moves only when slept on, recording each sleep. */
function fakeClock(): WaitClock & { slept: number[] } {
  let t = 1_000_000;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

function reader(seq: RevisionVerdict[][]): () => Promise<RevisionResult[]> {
  let i = 0;
  return async () => (seq[Math.min(i++, seq.length - 1)] ?? []).map((v, n) => result(v, `c${n + 1}`));
}

describe('waitForRevision', () => {
  it('ends landed once every cluster landed, after polling at the interval', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const out = await waitForRevision(reader([['not-fetched'], ['progressing'], ['landed']]), { timeoutMs: 60_000, intervalMs: 5000, clock, progress: (l) => lines.push(l) });
    expect(out.end).toBe('landed');
    expect(out.reads).toBe(3);
    expect(clock.slept).toEqual([5000, 5000]);
    expect(lines).toEqual(['… 0s: not fetched yet', '… 5s: 1 of 2 applied']);
  });

  it('ends failed as soon as one cluster failed, even while another is in progress', async () => {
    const clock = fakeClock();
    const out = await waitForRevision(reader([['progressing', 'progressing'], ['progressing', 'failed']]), { timeoutMs: 60_000, clock });
    expect(out.end).toBe('failed');
    expect(out.reads).toBe(2);
  });

  it('times out when the next read would start after the deadline, without sleeping past it', async () => {
    const clock = fakeClock();
    const out = await waitForRevision(reader([['progressing']]), { timeoutMs: 12_000, intervalMs: 5000, clock });
    expect(out.end).toBe('timed-out');
    expect(out.reads).toBe(3);
    expect(clock.slept).toEqual([5000, 5000]);
    expect(out.results[0]?.verdict).toBe('progressing');
  });

  it('keeps waiting through an unreachable read', async () => {
    const out = await waitForRevision(reader([['unreachable'], ['landed']]), { timeoutMs: 60_000, clock: fakeClock() });
    expect(out.end).toBe('landed');
  });

  it('a landed first read ends at once, with no sleep', async () => {
    const clock = fakeClock();
    const out = await waitForRevision(reader([['landed']]), { timeoutMs: 1000, clock });
    expect(out).toMatchObject({ end: 'landed', reads: 1 });
    expect(clock.slept).toEqual([]);
  });
});
