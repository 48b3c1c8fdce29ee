// Builds findings, check results and reports for tests of the report builder and the renderers.
import type { CheckResult, Finding, NextStep, Report, ResourceRef, Severity } from '../../skill-src/model.js';
import { docsFor, renderHint } from '../../skill-src/report/next-step.js';
import { buildReport } from '../../skill-src/report/build.js';
import { statusOf } from '../../skill-src/report/run-checks.js';
import { state } from './state.js';

export function res(kind: string, name: string, namespace?: string): ResourceRef {
  return namespace === undefined ? { kind, name } : { kind, namespace, name };
}

export function finding(
  severity: Severity,
  resource: ResourceRef,
  reason: string,
  opts: { message?: string; hint?: string; rootCause?: ResourceRef } = {},
): Finding {
  // A given hint starting with `kubectl ` stands for a command (its words as argv, however odd), any other
  // for a note; by default a plain describe command.
  const docs = docsFor(reason);
  const next: NextStep =
    opts.hint === undefined
      ? { argv: ['kubectl', 'describe', resource.kind.toLowerCase(), resource.name], docs }
      : opts.hint.startsWith('kubectl ')
        ? { argv: opts.hint.split(' '), docs }
        : { docs, note: opts.hint };
  const f: Finding = {
    severity,
    resource,
    reason,
    message: opts.message ?? `${reason} on ${resource.name}`,
    hint: renderHint(next),
    next,
  };
  if (opts.rootCause) f.rootCause = opts.rootCause;
  return f;
}

export function check(id: string, findings: Finding[], facts: string[] = []): CheckResult {
  return { id, title: id.charAt(0).toUpperCase() + id.slice(1), status: statusOf(findings, false), findings, facts };
}

/** A report over the default test state (no inputs, so no kind counts) and the given checks. */
export function report(checks: CheckResult[]): Report {
  return buildReport(state(), checks);
}
