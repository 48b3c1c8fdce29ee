// Turns check results into the report: verdict, counts, root causes first. Pure.
import type { ClusterState } from '../cluster/state.js';
import type { CheckResult, NextStep, Report, RootCauseEntry, Verdict } from '../model.js';
import { withConnection, type ConnectionFlags } from './next-step.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { countKinds } from '../checks/flux/counts.js';
import { mcpReasons } from './mcp.js';
import { groupRootCauses } from './root-causes.js';
import { platformPredicate } from './platform.js';
import { workloadIndex, workloadsBehind } from '../workloads/index.js';

/** Each root cause with the workloads behind it that are not ready: the why under the what. */
function withWorkloads(state: ClusterState, causes: RootCauseEntry[]): RootCauseEntry[] {
  const index = workloadIndex(state);
  if (index.count === 0) return causes;
  return causes.map((c) => {
    const { shown, notShown } = workloadsBehind(index, c.resource, c.message);
    if (shown.length === 0) return c;
    const out: RootCauseEntry = { ...c, workloads: shown };
    if (notShown > 0) out.workloadsNotShown = notShown;
    return out;
  });
}

export function verdictOf(errors: number, warnings: number): Verdict {
  return errors > 0 ? 'failed' : warnings > 0 ? 'degraded' : 'healthy';
}

/** Every suggested kubectl command carries the run's --context / --kubeconfig (the cluster the report is about). */
function withFlags<T extends { next: NextStep; hint: string }>(item: T, flags: ConnectionFlags): T {
  return { ...item, ...withConnection(item, flags) };
}

export function buildReport(state: ClusterState, unflagged: CheckResult[], flags: ConnectionFlags = {}): Report {
  const checks = unflagged.map((c) => ({ ...c, findings: c.findings.map((f) => withFlags(f, flags)) }));
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const c of checks) {
    for (const f of c.findings) {
      if (f.severity === 'error') errors += 1;
      else if (f.severity === 'warning') warnings += 1;
      else infos += 1;
    }
  }
  const mcp = mcpReasons(state, checks);
  const cluster: Report['cluster'] = {
    context: state.connection.context,
    server: state.connection.server,
    mode: state.mode,
    operatorNamespace: state.operatorNamespace,
  };
  if (state.connection.version !== undefined) cluster.version = state.connection.version;
  if (state.connection.rttMs !== undefined) cluster.rttMs = state.connection.rttMs;
  return {
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt: state.now,
    verdict: verdictOf(errors, warnings),
    cluster,
    summary: { errors, warnings, infos, kinds: countKinds(state) },
    rootCauses: withWorkloads(state, groupRootCauses(unflagged, platformPredicate(state))).map((c) => withFlags(c, flags)),
    checks,
    recommendMcp: mcp.length > 0,
    mcpReasons: mcp,
  };
}
