// Shared vocabulary of the validator: what checks produce and renderers consume.
import type { McpClient } from './cli/args.js';

export type Severity = 'error' | 'warning' | 'info';
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface ResourceRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** A suggested next step as data (built only by report/next-step.ts). */
export interface NextStep {
  /** One read-only command, as argv; absent when no safe command could be built. */
  argv?: string[];
  /** The reference.md section of the reason: `reference.md#anchor`. */
  docs: string;
  /** What to check, for the user: the report's own words and validated names only. */
  note?: string;
}

/** Since when an object fails, and what changed: for the user to look at the right commits. */
export interface Since {
  /** When the failure began: the failing condition's lastTransitionTime (ISO 8601). */
  at?: string;
  /** Seconds from `at` to the cluster's clock. */
  forSeconds?: number;
  /** The last revision that applied cleanly, as the controller wrote it. */
  lastGood?: string;
  /** The revision that fails, as the controller wrote it (absent when it is the same as lastGood). */
  failing?: string;
  /** `git log --oneline OLD..NEW -- PATH`, for the user's clone of the source repository (not a cluster command). */
  changes?: { argv: string[]; repository?: string };
}

/**
 * A workload a Flux object applied that is not ready, and why: the most specific reason found (a pod's
 * waiting or termination reason before the workload's own), from the cluster's own words.
 */
export interface WorkloadIssue {
  /** Deployment, StatefulSet, DaemonSet, Job, Service or PersistentVolumeClaim. */
  resource: ResourceRef;
  /** CrashLoopBackOff, ImagePullBackOff, OOMKilled, Unschedulable, ProgressDeadlineExceeded, BackoffLimitExceeded, LoadBalancerPending, ClaimPending, ReplicasUnavailable… */
  reason: string;
  /** Replicas, the pod and container concerned, the last termination: one line, object text as data. */
  message: string;
  /** True for a failure that will not pass by waiting (a crash loop, a failed Job); false for not ready yet. */
  failing: boolean;
}

export interface Finding {
  severity: Severity;
  resource: ResourceRef;
  /** The Kubernetes reason (condition reason, waiting reason) or a validator reason in PascalCase. */
  reason: string;
  /** One line; object text is data and is escaped by the renderers. */
  message: string;
  next: NextStep;
  /** `next` rendered: the shell-quoted command, or the note when there is none (kept for compatibility). */
  hint: string;
  /** Set when this finding is a consequence of another object's failure (e.g. DependencyNotReady). */
  rootCause?: ResourceRef;
  /**
   * Objects this failure holds back that report nothing themselves (e.g. Kustomizations still Ready on the
   * last artifact of a source that cannot fetch): counted as this object's consequences.
   */
  affects?: ResourceRef[];
  /** For a failing Flux object: since when, and between which revisions (see Since). */
  since?: Since;
}

/** What a check returns: findings plus short facts worth showing even when healthy. */
export interface CheckOutcome {
  findings: Finding[];
  facts?: string[];
  /** When set, the check did not apply (e.g. local tools in snapshot mode); the text says why. */
  skipped?: string;
}

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  findings: Finding[];
  facts: string[];
}

export interface KindCount {
  kind: string;
  running: number;
  failing: number;
  suspended: number;
}

export interface RootCauseEntry {
  resource: ResourceRef;
  severity: Severity;
  reason: string;
  message: string;
  next: NextStep;
  hint: string;
  /** Number of objects whose findings are consequences of this cause (not counting the cause itself). */
  consequenceCount: number;
  /** At most a few consequences, worst first; the JSON checks[] hold them all. */
  examples: ResourceRef[];
  /** Id of the check that reported the cause; absent when no check reported the cause object itself. */
  check?: string;
  /** The cause's own since-when, when its finding has one. */
  since?: Since;
  /** Workloads it applied (or its health check waits for) that are not ready, worst first; at most MAX_WORKLOADS. */
  workloads?: WorkloadIssue[];
  /** How many more not-ready workloads there are beyond `workloads`. */
  workloadsNotShown?: number;
}

export interface ClusterSummary {
  context: string;
  server: string;
  version?: string;
  mode: 'live' | 'snapshot';
  operatorNamespace: string;
  rttMs?: number;
}

export type Verdict = 'healthy' | 'degraded' | 'failed';

export interface Report {
  tool: { name: string; version: string };
  generatedAt: string;
  verdict: Verdict;
  cluster: ClusterSummary;
  summary: {
    errors: number;
    warnings: number;
    infos: number;
    kinds: KindCount[];
  };
  rootCauses: RootCauseEntry[];
  checks: CheckResult[];
  /** Set when the seed's conditions for moving to the Flux MCP server hold. */
  recommendMcp: boolean;
  /** Which of those conditions hold, in the report's own words (no object text). */
  mcpReasons?: string[];
  /** The agent client the run happened under (from its environment), named in the MCP next step. */
  mcpClient?: McpClient;
}
