// Runs every check over the collected state. A check that throws becomes one error finding, so a bug
// in one check never hides the others.
import type { Check } from '../checks/check.js';
import type { ClusterState } from '../cluster/state.js';
import type { CheckResult, CheckStatus, Finding } from '../model.js';
import { step } from './next-step.js';

export function statusOf(findings: readonly Finding[], skipped: boolean): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return skipped ? 'skip' : 'pass';
}

export function runChecks(state: ClusterState, checks: readonly Check[]): CheckResult[] {
  return checks.map((check) => {
    let findings: Finding[];
    let facts: string[] = [];
    let skipped: string | undefined;
    try {
      const out = check.run(state);
      findings = out.findings;
      facts = out.facts ?? [];
      skipped = out.skipped;
    } catch (err) {
      findings = [
        {
          severity: 'error',
          resource: { kind: 'Check', name: check.id },
          reason: 'CheckCrashed',
          message: `the ${check.id} check failed on unexpected data: ${err instanceof Error ? err.message : String(err)}`,
          ...step('CheckCrashed', undefined, 'please report this with the JSON output of the run'),
        },
      ];
    }
    if (skipped !== undefined) facts = [skipped, ...facts];
    return { id: check.id, title: check.title, status: statusOf(findings, skipped !== undefined), findings, facts };
  });
}
