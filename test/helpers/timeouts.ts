// The --timeout values tests give the built script. No test asserts how long a run took: on a busy 2-core machine
// that measures the machine, not the script.

/** For runs that must not time out: far beyond what a run needs on a busy machine, so load never turns an answer into a timeout. */
export const AMPLE_TIMEOUT_S = 60;

/**
 * For runs where some reads hang on purpose (a replay-server `hang` fault): the deadline must fire on those reads
 * only, so every other read gets this long to finish first (a fraction of a second normally).
 */
export const ONE_HANG_TIMEOUT_S = 20;

/** The --timeout for a run against a replay server with these fault specs. */
export function timeoutFor(faults: readonly string[] | undefined): number {
  return (faults ?? []).some((f) => /=hang\b/.test(f)) ? ONE_HANG_TIMEOUT_S : AMPLE_TIMEOUT_S;
}
