// Bounds on what a hostile or broken API server (or snapshot file) can make the validator hold: each is far
// above a real cluster's needs (the 100k-object benchmark fleet fits), and crossing one is a finding, not a crash.

export interface CollectLimits {
  /** Bytes of one response body; the transport stops reading past it. */
  responseBytes: number;
  /** Bytes of all response bodies of one cluster's run together. */
  totalBytes: number;
  /** Pages (requests following `continue`) of one list. */
  pagesPerList: number;
  /** Objects listed from one cluster, all lists together. */
  objects: number;
  /** Body bytes read between two full garbage collections (release-memory.ts): dead bodies are bounded too. */
  releaseEveryBytes: number;
}

const MiB = 1024 * 1024;

export const COLLECT_LIMITS: Readonly<CollectLimits> = {
  responseBytes: 16 * MiB,
  // Real objects carry managedFields: a 100k-object cluster sends about 260 MB of lists (the benchmark's fleet).
  totalBytes: 512 * MiB,
  pagesPerList: 400,
  objects: 150_000,
  // Measured on the benchmark's fleets (GNU time, 4 runs each): at 20k objects 32 MiB gives a 145-148 MB peak
  // against 146-156 MB for 64 MiB, at the same wall time; 16 MiB gains nothing more. At 100k both give 383 MB.
  releaseEveryBytes: 32 * MiB,
};

export interface DocumentLimits {
  /** Bytes of a snapshot or side file. */
  fileBytes: number;
  /** Nesting of mappings and sequences, aliases followed. */
  depth: number;
  /** Values in the document once aliases are expanded: a few hundred bytes of aliases cannot become millions of values. */
  values: number;
}

export const SNAPSHOT_LIMITS: Readonly<DocumentLimits> = {
  fileBytes: 128 * MiB,
  depth: 64,
  values: 10_000_000,
};

/** Depth a recording keeps: deeper values are cut, so every recording loads back as a snapshot. */
export const RECORD_DEPTH = 48;

export function mib(bytes: number): string {
  return `${Math.round(bytes / MiB)} MiB`;
}
