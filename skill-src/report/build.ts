// Turns check results into the report: verdict, counts, root causes first. Pure.
import type { ClusterState } from '../cluster/state.js';
import type { CheckResult, Report } from '../model.js';
import { TOOL_NAME, VERSION } from '../version.js';

export function buildReport(state: ClusterState, checks: CheckResult[]): Report {
  const all = checks.flatMap((c) => c.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  return {
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt: state.now,
    verdict: errors > 0 ? 'failed' : warnings > 0 ? 'degraded' : 'healthy',
    cluster: {
      context: state.connection.context,
      server: state.connection.server,
      version: state.connection.version,
      mode: state.mode,
      operatorNamespace: state.operatorNamespace,
      rttMs: state.connection.rttMs,
    },
    summary: { errors, warnings, infos: all.length - errors - warnings, kinds: [] },
    rootCauses: [],
    checks,
    recommendMcp: false,
  };
}
