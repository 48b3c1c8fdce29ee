// The seam the build uses to compile live-access.ts only when a live run needs it: in the bundle this
// import resolves to a string of code compiled on first use (build/bundle.ts); from sources it is a plain import.
export type LiveAccess = typeof import('./live-access.js');

export function loadLiveAccess(): Promise<LiveAccess> {
  return import('./live-access.js');
}
