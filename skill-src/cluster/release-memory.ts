// Response bodies are large strings that V8 keeps until its next full collection, which it schedules when the
// heap has about doubled: on a large cluster, half the peak is dead bodies. validate.sh starts Node with
// --expose-gc so that a run can collect at two moments it knows are worthwhile: after every
// COLLECT_LIMITS.releaseEveryBytes of bodies read, and between reading a cluster and checking it. Without
// --expose-gc (tests, the dev harness) the call does nothing.
export function releaseResponseMemory(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
