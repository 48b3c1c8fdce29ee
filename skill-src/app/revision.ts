// One `validate.sh revision` run: read the cluster(s) with the validator's own collection, build the
// normal report of each (for its root causes), place REV, and with --wait read again until it settles.
// I/O stays here and in main.ts; status, wait and renderers are pure or take their clock as a parameter.
import type { RevisionOptions } from '../cli/revision-args.js';
import { EXIT } from '../cli/help.js';
import { unusableConnection, type ClusterState } from '../cluster/state.js';
import { collect } from '../cluster/collect.js';
import { loadLiveAccess } from './lazy.js';
import type { LiveTarget } from './live-access.js';
import { FLEET_CONCURRENCY, connectionFlags, neededInputs, reportFor, snapshotState, type RunEnv, type RunResult } from './validate.js';
import { Limiter } from '../cluster/limiter.js';
import { UserError, inputError } from './errors.js';
import type { Rev } from '../revision/parse.js';
import { newestRevision, revisionResult } from '../revision/status.js';
import { runVerdict, type RevisionResult, type RevisionRun, type RevisionTarget, type RunVerdict } from '../revision/model.js';
import { waitForRevision, type WaitClock } from '../revision/wait.js';
import { renderRevision } from '../render/revision.js';
import { DEFAULT_TIMEOUT_SECONDS } from '../cli/args.js';

/** Exit codes: landed 0; failed (or unreachable) 1; not landed yet, or --wait timed out, 3. */
export function revisionExitCode(verdict: RunVerdict): number {
  if (verdict === 'landed') return EXIT.ok;
  if (verdict === 'failed' || verdict === 'unreachable') return EXIT.errorFindings;
  return EXIT.timedOut;
}

export interface RevisionDeps {
  /** The --wait clock (tests inject one that never sleeps). */
  clock?: WaitClock;
  intervalMs?: number;
}

/** A reader of every cluster: one collection each, concurrently. */
type Reader = (deadline: number) => Promise<{ context: string; state: ClusterState; flags: ReturnType<typeof connectionFlags> }[]>;

async function reader(opts: RevisionOptions, run: RunEnv): Promise<Reader> {
  const base = opts.base;
  if (base.snapshot !== undefined) {
    return async () => {
      const state = await snapshotState(base);
      return [{ context: state.connection.context, state, flags: {} }];
    };
  }
  const live = await loadLiveAccess();
  const targets: LiveTarget[] = await live.liveTargets(base, run.env, Date.now() + Math.min(opts.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS) * 1000);
  // A few clusters at a time, as the main command reads a fleet.
  const limiter = new Limiter(FLEET_CONCURRENCY);
  return (deadline) =>
    Promise.all(
      targets.map((t) =>
        limiter.run(async () => {
          const state = await collect(t.transport, { mode: 'live', context: t.context, server: t.server, namespace: base.namespace, needs: neededInputs(), deadline, probeUi: false });
          return { context: t.context, state, flags: connectionFlags(base, t.context) };
        }),
      ),
    );
}

export async function runRevision(opts: RevisionOptions, run: RunEnv, deps: RevisionDeps = {}): Promise<RunResult> {
  const read = await reader(opts, run);
  const clockNow = deps.clock?.now ?? (() => Date.now());
  const start = clockNow();
  const waitDeadline = start + opts.timeoutSeconds * 1000;
  // One read is bounded by --timeout without --wait, and by the validator's default (or what is left) with it.
  const readDeadline = (): number => {
    if (!opts.wait) return Date.now() + opts.timeoutSeconds * 1000;
    const left = Math.max(1000, waitDeadline - clockNow());
    return Date.now() + Math.min(DEFAULT_TIMEOUT_SECONDS * 1000, left);
  };

  let rev: Rev | undefined = opts.rev;
  let target: RevisionTarget | undefined = rev ? { text: rev.text, kind: rev.kind } : undefined;
  const readAll = async (): Promise<RevisionResult[]> => {
    const clusters = await read(readDeadline());
    if (!rev) {
      // The default REV is fixed at the first read, so a wait follows one revision.
      const newest = newestRevision(clusters);
      if (!newest) {
        // An unreadable cluster is exit 1, as for the main command; a readable one without artifacts needs REV (exit 2).
        const down = clusters.map((c) => unusableConnection(c.state.connection)).find((e) => e !== undefined);
        if (down) throw new UserError(`cannot choose a default REV: ${down.message}`, 'check the cluster connection, or give REV', EXIT.errorFindings);
        throw inputError('no source holds an artifact to take REV from', 'give REV: a commit, a tag or an OCI digest');
      }
      rev = newest.rev;
      target = newest.target;
    }
    const chosen = rev;
    return clusters.map((c) => revisionResult(c.state, reportFor(c.state, c.flags, run.env), chosen));
  };

  let results: RevisionResult[];
  let wait: RevisionRun['wait'];
  if (opts.wait) {
    const waitOpts: Parameters<typeof waitForRevision>[1] = { timeoutMs: opts.timeoutSeconds * 1000 };
    if (deps.clock) waitOpts.clock = deps.clock;
    if (deps.intervalMs !== undefined) waitOpts.intervalMs = deps.intervalMs;
    if (run.progress) waitOpts.progress = run.progress;
    const outcome = await waitForRevision(readAll, waitOpts);
    results = outcome.results;
    wait = { end: outcome.end, reads: outcome.reads, timeoutSeconds: opts.timeoutSeconds };
  } else {
    results = await readAll();
  }
  if (!target) throw inputError('no REV to look for', 'give REV: a commit, a tag or an OCI digest');
  const verdict = runVerdict(results);
  const out: RevisionRun = { target, results, verdict };
  if (wait) out.wait = wait;
  // A wait that ran out of time exits 3 whatever the last read said (unless it read a failure: then 1).
  const exitCode = wait?.end === 'timed-out' && verdict !== 'failed' ? EXIT.timedOut : revisionExitCode(verdict);
  return { stdout: renderRevision(out, opts.output), stderr: '', exitCode };
}
