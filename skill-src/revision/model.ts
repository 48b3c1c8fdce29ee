// The answer to "did my change land?", as data: what each source holds and where each object stands with
// REV. Renderers (render/revision.ts) and the JSON schema (report/revision.schema.json) read these types.
import type { ResourceRef, RootCauseEntry } from '../model.js';

/** What REV is, and when the user gave none, which source it came from and why. */
export interface RevisionTarget {
  text: string;
  kind: 'commit' | 'tag' | 'digest';
  /** Set when REV was not given: the source whose revision was taken. */
  chosen?: { source: ResourceRef; context?: string; revision: string; why: string };
}

export interface SourceRevision {
  resource: ResourceRef;
  /** Whether the source's artifact is REV (for a HelmChart: packaged from REV). */
  fetched: boolean;
  /** status.artifact.revision, as the controller wrote it. */
  revision?: string;
  /** Set when the source is not Ready (fetch failing, stale, suspended): the reason, verbatim. */
  problem?: { reason: string; message: string };
}

export type ObjectState = 'applied' | 'progressing' | 'failed' | 'blocked';

export interface RevisionObject {
  resource: ResourceRef;
  state: ObjectState;
  /** 'source': reads REV's artifact; 'dependsOn': waits, directly or not, for an object that does. */
  via: 'source' | 'dependsOn';
  /** The source it reads (via source) or the affected object it depends on (via dependsOn). */
  from: ResourceRef;
  /** The revision it has to apply (the source's artifact), when known. */
  expected?: string;
  /** The last revision it applied (Kustomization lastAppliedRevision, HelmRelease history[0] chart version). */
  applied?: string;
  /** The revision of its last attempt. */
  attempted?: string;
  /** One line: the report's own words, then the controller's message (data, escaped by renderers). */
  detail: string;
  /** blocked: the object it waits for (the end of the chain, as the report's root causes name it). */
  blockedBy?: ResourceRef;
  /** failed or blocked: the report's root cause entry for it (its next command; workloads when the report has them). */
  rootCause?: RootCauseEntry;
}

/** landed: every affected object applied REV; failed: one failed or is blocked by a failure; progressing: not yet; not-fetched: no source holds REV; unreachable: the cluster could not be read. */
export type RevisionVerdict = 'landed' | 'failed' | 'progressing' | 'not-fetched' | 'unreachable';

export interface RevisionCounts {
  applied: number;
  progressing: number;
  failed: number;
  blocked: number;
  notAffected: number;
}

export interface RevisionResult {
  context: string;
  server: string;
  mode: 'live' | 'snapshot';
  /** The cluster's clock at the read. */
  generatedAt: string;
  verdict: RevisionVerdict;
  /** unreachable: why (one line, the collector's words). */
  error?: string;
  /** Every source of a kind that can hold REV; fetched ones first. */
  sources: SourceRevision[];
  /** Kustomizations, HelmReleases and ResourceSets REV reaches, worst first. */
  objects: RevisionObject[];
  /** Kustomizations, HelmReleases and ResourceSets REV does not reach. */
  notAffected: ResourceRef[];
  counts: RevisionCounts;
}

/** How the run ended: the overall verdict over every cluster, and how --wait ended when it was given. */
export type RunVerdict = 'landed' | 'failed' | 'progressing' | 'not-fetched' | 'unreachable';

/** One `validate.sh revision` run: REV, each cluster's answer, and the wait. */
export interface RevisionRun {
  target: RevisionTarget;
  results: RevisionResult[];
  verdict: RunVerdict;
  /** Set with --wait. */
  wait?: { end: 'landed' | 'failed' | 'timed-out'; reads: number; timeoutSeconds: number };
}

/** failed beats unreachable beats not-fetched beats progressing beats landed. */
export function runVerdict(results: readonly RevisionResult[]): RunVerdict {
  const order: RunVerdict[] = ['failed', 'unreachable', 'not-fetched', 'progressing'];
  for (const v of order) if (results.some((r) => r.verdict === v)) return v;
  return 'landed';
}
