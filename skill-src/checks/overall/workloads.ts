// The workloads behind Flux objects. A Flux object whose status is Ready while what it applied fails (no wait,
// no health check) is a warning here; the workloads of failing objects are shown under their root causes by
// the report (report/build.ts), from the same index. Lists that cannot be read are info: they explain, they
// do not decide.
import type { ClusterState } from '../../cluster/state.js';
import { FOLLOW_NAMESPACES } from '../../cluster/inputs.js';
import type { Finding } from '../../model.js';
import type { Check } from '../check.js';
import { INPUT_REASON_LIST } from '../flux/inputs.js';
import { connectionSkip, inputFailure } from '../platform/common.js';
import { fluxGraph } from '../../graph/graph.js';
import { shortName } from '../flux/status.js';
import { describe, kubectl, parts, step, type NextFields } from '../../report/next-step.js';
import { plural } from '../../text/plural.js';
import { LOG_REASONS } from '../platform/pods.js';
import { MAX_WORKLOADS, WORKLOAD_NEEDS, workloadIndex, type OwnedIssue } from '../../workloads/index.js';

export const WORKLOADS_FAILING = 'WorkloadsFailing';

/** The command that shows why the workload fails: the previous container's logs, the pod, or the workload. */
function workloadStep(issue: OwnedIssue): NextFields {
  const ns = issue.resource.namespace;
  if (issue.pod && ns !== undefined) {
    const verb = LOG_REASONS.has(issue.reason) ? ['logs', parts.name(issue.pod), '--previous'] : ['describe', 'pod', parts.name(issue.pod)];
    return step(WORKLOADS_FAILING, kubectl(parts.namespace(ns), ...verb));
  }
  return step(WORKLOADS_FAILING, describe(issue.resource));
}

export const workloadsCheck: Check = {
  id: 'workloads',
  title: 'Workloads',
  needs: [...WORKLOAD_NEEDS, 'kustomizations', 'helmReleases', 'resourceSets', 'fluxInstances'],
  reasons: [WORKLOADS_FAILING, ...INPUT_REASON_LIST],
  run(state: ClusterState) {
    const skipped = connectionSkip(state);
    if (skipped) return { findings: [], skipped };
    const findings: Finding[] = [];
    for (const id of WORKLOAD_NEEDS) {
      const f = inputFailure(state, id, { forbidden: 'info', impact: 'why the workloads Flux applied are not ready' });
      if (f) findings.push({ ...f, severity: 'info' });
    }
    const index = workloadIndex(state);
    const graph = fluxGraph(state);
    let readyOwners = 0;
    for (const owner of index.owners()) {
      const failing = index.ownedBy(owner).filter((i) => i.failing);
      const first = failing[0];
      if (!first || graph.get(owner)?.health.state !== 'ready') continue;
      readyOwners += 1;
      const named = failing.slice(0, MAX_WORKLOADS).map((i) => `${i.resource.kind} ${shortName(i.resource)} ${i.reason}`);
      const more = failing.length > MAX_WORKLOADS ? ` and ${failing.length - MAX_WORKLOADS} more` : '';
      findings.push({
        severity: 'warning',
        resource: owner,
        reason: WORKLOADS_FAILING,
        message: `Ready, but ${plural(failing.length, 'workload')} it applied ${failing.length === 1 ? 'fails' : 'fail'}: ${named.join(', ')}${more}; it neither waits for them nor health-checks them`,
        ...workloadStep(first),
      });
    }
    // A narrowed read saw one namespace: say so, rather than "every workload is ready".
    const where = index.narrowedTo.length > 0 ? ` in ${index.narrowedTo.join(', ')} (the only namespace that could be listed)` : '';
    const facts = [
      index.count === 0 ? `every workload Flux applied${where} is ready` : `${plural(index.count, 'workload')} Flux applied${where} not ready`,
      ...(readyOwners > 0 ? [`${plural(readyOwners, 'Ready Flux object')} with failing workloads`] : []),
      ...(index.unread.length > 0 ? [`not read: ${index.unread.map((u) => `${u.kind} (${u.why})`).join(', ')}`] : []),
      ...(index.podsNotListedIn > 0 ? [`pods not read in ${plural(index.podsNotListedIn, 'more namespace')} with not-ready workloads (at most ${FOLLOW_NAMESPACES} are read)`] : []),
    ];
    return { findings, facts };
  },
};
