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
